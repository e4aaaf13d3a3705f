"""Podcast episode lists scraped as alternating lines: a short title, then a one-paragraph
description. The first pair is the show itself (name and tagline)."""

from __future__ import annotations

import re

from sources.models import ItemDraft
from sources.parsers.drafting import draft
from sources.text_lines import Line, content_lines

FORMAT = "episode_pairs"

_SENTENCE_END = re.compile(r"[.?!…]$")
_EPISODIC = re.compile(r"podcast|episode|show|season", re.IGNORECASE)


def _is_title(line: Line) -> bool:
    return len(line.text) <= 80 and not _SENTENCE_END.search(line.text)


def _is_description(line: Line) -> bool:
    return len(line.text) >= DESCRIPTION_MIN_CHARS and bool(_SENTENCE_END.search(line.text))


# A description is a sentence or more; the show's tagline (the first pair) may be any short line.
DESCRIPTION_MIN_CHARS = 40
MIN_EPISODES = 2


def matches(lines: list[Line]) -> bool:
    """Show name and tagline, then at least two title/description pairs, four in five of them
    well-formed, each description longer than its title; blank lines at most one per pair (a blank
    line between episodes, or an extra one, is fine; a paragraph layout is not this format)."""
    content = [line for line in lines if line.text and not line.is_decoration]
    blank = sum(1 for line in lines if line.is_blank)
    pairs = list(zip(content[2::2], content[3::2]))
    if len(pairs) < MIN_EPISODES or blank > len(pairs) + 1 or not _is_title(content[0]):
        return False
    good = sum(
        1 for title, description in pairs
        if _is_title(title) and _is_description(description) and len(description.text) > len(title.text)
    )
    return good >= 0.8 * len(pairs)


def parse(text: str) -> list[ItemDraft]:
    content = content_lines(text)
    if not content:
        return []
    show, tagline = content[0], content[1] if len(content) > 1 else None
    kind = "episode" if _EPISODIC.search(show.text) or (tagline and _EPISODIC.search(tagline.text)) else "entry"
    drafts = [draft("overview", show.text, [show, tagline] if tagline else [show], body=tagline.text if tagline else "")]
    for title, description in zip(content[2::2], content[3::2]):
        drafts.append(draft(kind, title.text, [title, description], body=description.text))
    if len(content) > 2 and len(content) % 2:  # a trailing title without description still counts
        last = content[-1]
        drafts.append(draft(kind, last.text, [last], body=""))
    return drafts



