"""Helpers every parser uses to turn `Line`s into `ItemDraft`s with exact spans."""

from __future__ import annotations

import re
from typing import Any

from sources.models import ItemDraft
from sources.text_lines import Line, join_text

BULLET = re.compile(r"^[•·*\-–]\s+(?P<title>\S.*)$")

_WORDS = re.compile(r"\S+")
_LINE = re.compile(r"[^\r\n]+")

# No item is longer than this: a longer section or text is cut into parts between blocks, paragraphs
# or lines. A giant item (a 50 kB link list, a whole book chapter) would link to everything.
MAX_ITEM_CHARS = 8_000
_LONGEST_WORD = 200


def _attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in attributes.items() if value not in (None, "", [], {})}


def draft(kind: str, title: str, lines: list[Line], body: str | None = None, heading_path: str = "",
          **attributes: Any) -> ItemDraft:
    """An item spanning `lines` (first start to last end); the body defaults to their text."""
    spanned = [line for line in lines if line.text]
    return ItemDraft(
        kind=kind,
        title=title.strip(),
        body=join_text(spanned) if body is None else body,
        start_char=min(line.start for line in spanned),
        end_char=max(line.end for line in spanned),
        heading_path=heading_path,
        attributes=_attributes(attributes),
    )


def span_text(text: str, start: int, end: int) -> str:
    """The lines of `text[start:end]` a reader sees: stripped, no blank or icon-only lines."""
    lines = (match.group().strip() for match in _LINE.finditer(text, start, end))
    return "\n".join(line for line in lines if line and not Line(line, 0, 0, 0).is_decoration)


def span_draft(kind: str, title: str, text: str, start: int, end: int, body_start: int | None = None,
               heading_path: str = "", **attributes: Any) -> ItemDraft:
    """An item spanning `text[start:end]` (trimmed of white space); its body is the text from
    `body_start` (default: `start`) to `end`."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return ItemDraft(
        kind=kind,
        title=title.strip(),
        body=span_text(text, max(start, body_start if body_start is not None else start), end),
        start_char=start,
        end_char=end,
        heading_path=heading_path,
        attributes=_attributes(attributes),
    )


def _cut(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """A span longer than `limit` cut at line breaks, and a line longer than `limit` at white space
    (or anywhere, for a run without spaces)."""
    pieces: list[tuple[int, int]] = []
    position = start
    while end - position > limit:
        half = position + limit // 2  # a cut in the first half would leave a sliver
        cut = text.rfind("\n", half, position + limit)
        if cut < 0:
            cut = max(text.rfind(" ", half, position + limit), text.rfind("\t", half, position + limit))
        if cut < 0:
            cut = position + limit
        pieces.append((position, cut))
        position = cut
    pieces.append((position, end))
    return pieces


def pack_spans(text: str, spans: list[tuple[int, int]], limit: int = MAX_ITEM_CHARS) -> list[tuple[int, int]]:
    """Consecutive `spans` packed into parts of at most `limit` characters, in order; a span longer
    than `limit` is cut first. One part when everything fits."""
    units = [piece for start, end in spans for piece in (_cut(text, start, end, limit) if end - start > limit else [(start, end)])]
    parts: list[tuple[int, int]] = []
    for start, end in units:
        if parts and end - parts[-1][0] <= limit:
            parts[-1] = (parts[-1][0], end)
        else:
            parts.append((start, end))
    return parts


def headline(text: str, max_chars: int = 70) -> str:
    """A short title from running text: its first words, cut at a word boundary (a first "word" of
    hundreds of characters, a minified or glued run, is cut)."""
    words, size = [], 0
    for match in _WORDS.finditer(text):
        word = match.group()
        if size + len(word) > max_chars and words:
            return " ".join(words) + " …"
        if len(word) > _LONGEST_WORD:
            return word[:max_chars] + " …"
        words.append(word)
        size += len(word) + 1
    return " ".join(words)


def bulleted_blocks(content: list[Line], starts: list[int]) -> tuple[list[ItemDraft], list[tuple[str, list[Line]]]]:
    """Split feed-like content at the bullet lines `starts`: the lines before the first bullet become
    an `overview` draft; each bullet starts a block (its title, its lines) up to the next bullet."""
    overview = []
    if starts and starts[0] > 0:
        head = content[: starts[0]]
        overview.append(draft("overview", head[0].text, head, body=" ".join(line.text for line in head[1:])))
    blocks = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(content)
        block = content[start:end]
        blocks.append((BULLET.match(block[0].text)["title"], block))
    return overview, blocks
