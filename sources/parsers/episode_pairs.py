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
    return len(line.text) >= 60 and bool(_SENTENCE_END.search(line.text))


def matches(lines: list[Line]) -> bool:
    content = [line for line in lines if line.text and not line.is_decoration]
    blank = sum(1 for line in lines if line.is_blank)
    if len(content) < 6 or blank > len(content) // 4:
        return False
    pairs = list(zip(content[0::2], content[1::2]))
    good = sum(1 for title, description in pairs if _is_title(title) and _is_description(description))
    return good >= 0.8 * len(pairs)


def parse(text: str) -> list[ItemDraft]:
    content = content_lines(text)
    if not content:
        return []
    show, tagline = content[0], content[1] if len(content) > 1 else None
    kind = "episode" if _EPISODIC.search(show.text) else "entry"
    drafts = [draft("overview", show.text, [show, tagline] if tagline else [show], body=tagline.text if tagline else "")]
    for title, description in zip(content[2::2], content[3::2]):
        drafts.append(draft(kind, title.text, [title, description], body=description.text))
    if len(content) > 2 and len(content) % 2:  # a trailing title without description still counts
        last = content[-1]
        drafts.append(draft(kind, last.text, [last], body=""))
    return drafts



