"""Markdown read by a real CommonMark parser (markdown-it-py): the document's top-level blocks
(headings, paragraphs, lists, tables, code, HTML) with their line ranges, and inline markdown turned
into the plain text a reader sees. The markdown parser cuts items from these blocks; titles of every
format go through `inline_plain`, so no title keeps `**`, `[link](url)`, images or badges.

Line numbers are markdown-it's: lines end at "\\n", "\\r\\n" or "\\r" (`line_starts` uses the same
rule), so a block's lines map back to exact offsets in the document's text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

_LINE_BREAK = re.compile(r"\r\n?|\n")
_SPACE = re.compile(r"\s+")
_ALNUM = re.compile(r"[^\W_]")
_TAG = re.compile(r"<[^<>]*>")


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark with tables and strikethrough; raw HTML allowed (READMEs are full of it). Link
    targets are kept as written: nothing is rendered, and URL normalisation was a third of the time."""
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    parser.normalizeLink = parser.normalizeLinkText = _as_written  # type: ignore[method-assign]
    return parser


def _as_written(url: str) -> str:
    return url


@lru_cache(maxsize=1)
def block_parser() -> MarkdownIt:
    """The same parser without its inline pass: blocks only. Inline runs are parsed one by one, and
    only when they hold markup (`_INLINE_MARKUP`): plain prose needs no inline parse."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).disable("inline")


_INLINE_MARKUP = re.compile(r"[\[\]!<>`*_&\\~]")


def line_starts(text: str) -> list[int]:
    """Offset of each line's first character, as markdown-it numbers lines; one extra entry at the
    end (the text's length) so line `n` spans `starts[n]:starts[n + 1]`."""
    starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]
    if starts[-1] != len(text):
        starts.append(len(text))
    return starts


@dataclass
class InlineStats:
    """What a run of inline markdown holds: plain text, the part of it inside links, links and
    in-page anchors (`#section`), and images."""

    text: str = ""
    link_chars: int = 0
    links: int = 0
    anchors: int = 0
    images: int = 0
    leading_link: bool = False  # the run opens with a link ("[Kafka](url) - the docs")

    def add(self, other: InlineStats) -> None:
        self.text = f"{self.text} {other.text}".strip() if other.text else self.text
        self.link_chars += other.link_chars
        self.links += other.links
        self.anchors += other.anchors
        self.images += other.images

    @property
    def has_words(self) -> bool:
        return bool(_ALNUM.search(self.text))


def inline_stats(children: list[Token]) -> InlineStats:
    parts: list[str] = []
    stats = InlineStats()
    link_depth = 0
    for child in children:
        kind = child.type
        if kind == "link_open" and not parts and not stats.links:
            stats.leading_link = True
        if kind == "link_open":
            link_depth += 1
            stats.links += 1
            if str(child.attrGet("href") or "").startswith("#"):
                stats.anchors += 1
        elif kind == "link_close":
            link_depth = max(0, link_depth - 1)
        elif kind == "image":
            stats.images += 1
        elif kind in {"text", "code_inline"}:
            parts.append(child.content)
            if link_depth:
                stats.link_chars += len(child.content)
        elif kind in {"softbreak", "hardbreak"}:
            parts.append(" ")
    stats.text = _SPACE.sub(" ", "".join(parts)).strip()
    return stats


def inline_source_stats(source: str) -> InlineStats:
    """`inline_stats` of a run of inline markdown, parsed only when it holds markup."""
    if not _INLINE_MARKUP.search(source):
        return InlineStats(text=_SPACE.sub(" ", source).strip())
    tokens = markdown_parser().parseInline(source)
    if not tokens or not tokens[0].children:
        return InlineStats()
    return inline_stats(tokens[0].children)


def inline_plain(source: str) -> str:
    """Inline markdown -> plain text: emphasis, code marks and link targets removed, images and raw
    HTML tags dropped ("**Cache** [docs](x) ![badge](y)" -> "Cache docs")."""
    return inline_source_stats(source).text


@dataclass
class Block:
    """A top-level block: `kind` is heading, paragraph, list, table, code, html, rule or quote;
    `first`/`last` its line range (last exclusive); for lists, the line ranges of its top-level
    items, and how many of all its items are mostly a link."""

    kind: str
    first: int
    last: int
    stats: InlineStats
    level: int = 0  # headings
    list_items: list[tuple[int, int]] | None = None
    n_items: int = 0
    n_link_items: int = 0


_KINDS = {
    "heading_open": "heading", "paragraph_open": "paragraph", "bullet_list_open": "list",
    "ordered_list_open": "list", "table_open": "table", "fence": "code", "code_block": "code",
    "html_block": "html", "hr": "rule", "blockquote_open": "quote",
}


def _is_link_item(stats: InlineStats) -> bool:
    """A list item that is a link with a few words at most ("[Title](url)", "[Title](url) - a note")."""
    return stats.links > 0 and (stats.leading_link or stats.link_chars >= 0.5 * max(len(stats.text), 1))


def _block(tokens: list[Token]) -> Block:
    opening = tokens[0]
    first, last = opening.map if opening.map else (0, 0)
    block = Block(kind=_KINDS.get(opening.type, "other"), first=first, last=last, stats=InlineStats())
    if opening.type == "heading_open":
        block.level = int(opening.tag[1:])
    if opening.type == "html_block":
        text = _SPACE.sub(" ", _TAG.sub(" ", opening.content)).strip()
        block.stats = InlineStats(text=text)
        return block
    if opening.type in {"fence", "code_block"}:  # code is content: a section of code alone is kept
        block.stats = InlineStats(text=_SPACE.sub(" ", opening.content).strip())
        return block
    items: list[tuple[int, int]] = []
    item_stats: list[InlineStats] = []
    for index, token in enumerate(tokens):
        if token.type == "list_item_open":
            item_stats.append(InlineStats())
            if token.level == 1 and token.map:
                items.append((token.map[0], token.map[1]))
        elif token.type == "inline":
            stats = inline_source_stats(token.content)
            block.stats.add(stats)
            # an item's own line is its first inline; nested lists count as items of their own
            if item_stats and tokens[index - 1].type == "paragraph_open" and not item_stats[-1].text:
                item_stats[-1] = stats
    if block.kind == "list":
        block.list_items = items
        block.n_items = len(item_stats)
        block.n_link_items = sum(1 for stats in item_stats if _is_link_item(stats))
    return block


def top_level_blocks(text: str) -> list[Block]:
    """The blocks of a markdown text in reading order (nested blocks belong to their container)."""
    blocks: list[Block] = []
    current: list[Token] = []
    depth = 0
    for token in block_parser().parse(text):
        if depth == 0 and not current and token.map is None and token.nesting <= 0:
            continue
        current.append(token)
        depth += token.nesting
        if depth == 0:
            blocks.append(_block(current))
            current = []
    return blocks
