"""Helpers every parser uses to turn `Line`s into `ItemDraft`s with exact spans."""

from __future__ import annotations

import re
from typing import Any

from sources.models import ItemDraft
from sources.text_lines import Line, join_text

BULLET = re.compile(r"^[•·*\-–]\s+(?P<title>\S.*)$")

_WORDS = re.compile(r"\S+")


def draft(kind: str, title: str, lines: list[Line], body: str | None = None, **attributes: Any) -> ItemDraft:
    """An item spanning `lines` (first start to last end); the body defaults to their text."""
    spanned = [line for line in lines if line.text]
    return ItemDraft(
        kind=kind,
        title=title.strip(),
        body=join_text(spanned) if body is None else body,
        start_char=min(line.start for line in spanned),
        end_char=max(line.end for line in spanned),
        attributes={key: value for key, value in attributes.items() if value not in (None, "", [], {})},
    )


def headline(text: str, max_chars: int = 70) -> str:
    """A short title from running text: its first words, cut at a word boundary."""
    words, size = [], 0
    for match in _WORDS.finditer(text):
        word = match.group()
        if size + len(word) > max_chars and words:
            return " ".join(words) + " …"
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
