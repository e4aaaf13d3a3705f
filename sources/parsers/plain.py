"""Any other text: one item per paragraph, so a document of unknown format still yields items.
A short first line without end punctuation is taken as the paragraph's title."""

from __future__ import annotations

import re

from sources.models import ItemDraft
from sources.parsers.drafting import draft, headline
from sources.text_lines import Line, paragraphs, split_lines

FORMAT = "plain"

_SENTENCE_END = re.compile(r"[.?!:;,…]$")


def matches(lines: list[Line]) -> bool:
    return any(line.text for line in lines)


def parse(text: str) -> list[ItemDraft]:
    drafts: list[ItemDraft] = []
    for group in paragraphs(split_lines(text)):
        visible = [line for line in group if not line.is_decoration]
        if not visible:
            continue
        first = visible[0]
        if len(visible) > 1 and len(first.text) <= 80 and not _SENTENCE_END.search(first.text):
            title, body = first.text, "\n".join(line.text for line in visible[1:])
        else:
            title, body = headline(" ".join(line.text for line in visible), 60), "\n".join(
                line.text for line in visible
            )
        drafts.append(draft("paragraph", title, visible, body=body))
    return drafts
