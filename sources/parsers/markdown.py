"""Markdown (and HTML turned into markdown-style text): one item per heading section; text before
the first heading is the document's opening section. Headings inside code fences do not count."""

from __future__ import annotations

import re

from sources.models import ItemDraft
from sources.parsers.drafting import draft, headline
from sources.text_lines import Line, split_lines

FORMAT = "markdown"

_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<title>.+?)\s*#*$")
_FENCE = re.compile(r"^(```|~~~)")


def _headings(lines: list[Line]) -> list[int]:
    found, fenced = [], False
    for index, line in enumerate(lines):
        if _FENCE.match(line.text):
            fenced = not fenced
        elif not fenced and _HEADING.match(line.text):
            found.append(index)
    return found


def matches(lines: list[Line]) -> bool:
    return bool(_headings(lines))


def parse(text: str) -> list[ItemDraft]:
    lines = split_lines(text)
    bounds = _headings(lines)
    drafts: list[ItemDraft] = []
    starts = ([0] if not bounds or bounds[0] > 0 else []) + bounds
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        block = [line for line in lines[start:end] if line.text]
        if not block:
            continue
        heading = _HEADING.match(block[0].text) if start in bounds else None
        body_lines = block[1:] if heading else block
        body = "\n".join(line.text for line in body_lines if not line.is_decoration)
        if heading:
            title = heading["title"]
            level = len(heading["marks"])
        else:
            title, level = headline(body, 60), 0
        if body or heading:
            drafts.append(draft("section", title, block, body=body, level=level))
    return drafts
