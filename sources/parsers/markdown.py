"""Markdown (and HTML turned into markdown-style text): one item per heading section; text before
the first heading is the document's opening section. Headings inside code fences do not count."""

from __future__ import annotations

import re

from sources.models import ItemDraft
from sources.parsers.drafting import draft, headline
from sources.text_lines import Line, split_lines

FORMAT = "markdown"

_MARKS = re.compile(r"(?P<marks>#{1,6})\s+")
_FENCE = re.compile(r"^(```|~~~)")


def heading(text: str) -> tuple[int, str] | None:
    r"""(level, title) of an ATX heading line ("## Title ##"), or None. Same result as the regex
    `^(#{1,6})\s+(.+?)\s*#*$` on a stripped line, in linear time: that regex backtracks
    quadratically on a long run of spaces or closing hashes (a 100 kB line took minutes)."""
    marks = _MARKS.match(text)
    if not marks:
        return None
    rest = text[marks.end() :]
    if not rest:
        return None
    # the closing sequence is the longest suffix of spaces then hashes; the title keeps >= 1 char
    end = len(rest.rstrip("#").rstrip())
    return len(marks["marks"]), rest[: max(end, 1)]


def _headings(lines: list[Line]) -> list[int]:
    found, fenced = [], False
    for index, line in enumerate(lines):
        if _FENCE.match(line.text):
            fenced = not fenced
        elif not fenced and heading(line.text):
            found.append(index)
    return found


def matches(lines: list[Line]) -> bool:
    return bool(_headings(lines))


def parse(text: str) -> list[ItemDraft]:
    lines = split_lines(text)
    bounds = _headings(lines)
    bound_set = set(bounds)
    drafts: list[ItemDraft] = []
    starts = ([0] if not bounds or bounds[0] > 0 else []) + bounds
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        block = [line for line in lines[start:end] if line.text]
        if not block:
            continue
        found = heading(block[0].text) if start in bound_set else None
        body_lines = block[1:] if found else block
        body = "\n".join(line.text for line in body_lines if not line.is_decoration)
        if found:
            level, title = found
        else:
            title, level = headline(body, 60), 0
        if body or found:
            drafts.append(draft("section", title, block, body=body, level=level))
    return drafts
