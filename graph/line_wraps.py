"""Soft line wraps: a name broken over two lines ("token\\n    bucket") is one name. Before matching,
a line break inside a running sentence becomes a single space; `WrapMap` maps offsets in the
unwrapped text back to the original text, so mentions still index `Document.text`."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from graph.prose import non_prose_spans

# A break is soft when the line does not end a sentence or a title (the next line starts lowercase)
# or when the line ends with a word that cannot end a phrase ("ElastiCache for\\nRedis").
_SOFT_BREAK = re.compile(
    r"(?<=[^\s.!?:;])(?P<plain>[ \t]*\n[ \t]*)(?=[a-z(])"
    r"|\b(?:for|and|or|the|a|an|of|to|in|on|with|by|from|via|as|at)(?P<open>[ \t]*\n[ \t]*)(?=\S)"
)


@dataclass(frozen=True)
class WrapMap:
    """Pieces of the unwrapped text: (unwrapped start, original start), in order."""

    starts: tuple[int, ...]
    originals: tuple[int, ...]

    def original(self, offset: int) -> int:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.originals[index] + offset - self.starts[index]


def unwrap(text: str) -> tuple[str, WrapMap | None]:
    """`text` with soft line breaks (and the indentation around them) turned into one space;
    breaks inside code blocks and other non-prose stay."""
    if "\n" not in text:
        return text, None
    parts, starts, originals = [], [0], [0]
    position = length = 0
    kept = non_prose_spans(text)  # code blocks keep their lines
    for match in _SOFT_BREAK.finditer(text):
        brk_start, brk_end = match.span("plain") if match.group("plain") is not None else match.span("open")
        if any(lo <= brk_start < hi for lo, hi in kept):
            continue
        parts.append(text[position:brk_start])
        length += brk_start - position
        parts.append(" ")
        length += 1
        position = brk_end
        starts.append(length)
        originals.append(position)
    if position == 0:
        return text, None
    parts.append(text[position:])
    return "".join(parts), WrapMap(tuple(starts), tuple(originals))
