"""Which parser reads a document: formats are recognised by their content, never by file name.
The specific formats are tried first; `markdown` and then `plain` take whatever is left, so every
document yields items."""

from __future__ import annotations

from types import ModuleType

from sources.parsers import (
    article_teasers,
    episode_feed,
    episode_pairs,
    knowledge_base,
    markdown,
    plain,
    post_feed,
)
from sources.text_lines import split_lines

PARSERS: tuple[ModuleType, ...] = (
    knowledge_base,
    article_teasers,
    episode_feed,
    post_feed,
    episode_pairs,
    markdown,
    plain,
)
BY_FORMAT: dict[str, ModuleType] = {parser.FORMAT: parser for parser in PARSERS}


def detect_format(text: str) -> str:
    lines = split_lines(text)
    return next((parser.FORMAT for parser in PARSERS if parser.matches(lines)), plain.FORMAT)
