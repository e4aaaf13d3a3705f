"""Markdown (and HTML, which `sources.html_text` turns into markdown-style text): one item per heading
section, read with a CommonMark parser (`sources.markdown_blocks`).

- A section runs from its heading to the next heading of any level; its lists, tables and code stay
  inside it. Its `heading_path` names the headings above it (`Load Balancing › Advantages`), so
  the thirty "Advantages" of a long README stay apart. A document's single top heading (its title)
  is left out of the paths.
- A heading with no text of its own (followed at once by a sub-heading, or by a badge or an image
  only) is not an item: its name lives on in its children's paths. Text before the first heading is
  an item only when it has words (a row of badges is not).
- A section that is mostly links (a link list, a table of contents) gets the kind `link_list` or
  `table_of_contents`; related items and co-occurrence leave those out.
- No item is longer than `MAX_ITEM_CHARS`: a longer section is cut between blocks (a long list
  between its items) into parts titled "Title (2/3)".
- A document without headings is read as plain text (`sources.parsers.plain`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sources.front_matter import body_text
from sources.markdown_blocks import Block, inline_plain, line_starts, top_level_blocks
from sources.models import ItemDraft
from sources.parsers import plain
from sources.parsers.drafting import MAX_ITEM_CHARS, headline, pack_spans, span_draft
from sources.text_lines import Line, split_lines

FORMAT = "markdown"
PATH_SEPARATOR = " › "

_MARKS = re.compile(r"(?P<marks>#{1,6})\s+")
_FENCE = re.compile(r"^(```|~~~)")
_SETEXT = re.compile(r"^(=+|-+)$")
_CONTENTS_TITLE = re.compile(r"^(table of )?contents$|^toc$|^index$|^on this page$", re.IGNORECASE)
LINK_LIST_MIN_LINKS = 3
TITLE_MAX_CHARS = 150


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


def matches(lines: list[Line]) -> bool:
    """A heading outside code fences: an ATX line ("## Title") or a setext underline ("Title" over
    "====="). Cheap and line-based; `parse` reads the text with the real parser."""
    return next(_heading_lines_of(lines), None) is not None


def _kind(blocks: list[Block], title: str) -> str:
    """`section`, or `link_list` / `table_of_contents` for content that is mostly links: at least
    three links, and either most list items are links with little text outside the lists, or most
    of the text is link text."""
    links = sum(block.stats.links for block in blocks)
    if links < LINK_LIST_MIN_LINKS:
        return "section"
    text_chars = sum(len(block.stats.text) for block in blocks)
    outside_lists = sum(len(block.stats.text) for block in blocks if block.kind not in {"list", "rule"})
    link_chars = sum(block.stats.link_chars for block in blocks)
    items = sum(block.n_items for block in blocks)
    link_items = sum(block.n_link_items for block in blocks)
    listed = items >= LINK_LIST_MIN_LINKS and link_items >= 0.6 * items and outside_lists <= 0.3 * text_chars
    if not (listed or link_chars >= 0.6 * text_chars):
        return "section"
    anchors = sum(block.stats.anchors for block in blocks)
    if anchors >= 0.6 * links or _CONTENTS_TITLE.match(title.strip()):
        return "table_of_contents"
    return "link_list"


def _units(blocks: list[Block], starts: list[int]) -> list[tuple[int, int]]:
    """Character spans that a long section may be cut between: each block, a list's items."""
    spans = []
    for block in blocks:
        ranges = block.list_items if block.list_items and len(block.list_items) > 1 else [(block.first, block.last)]
        spans += [(starts[first], starts[min(last, len(starts) - 1)]) for first, last in ranges]
    return spans


def _has_words(blocks: list[Block]) -> bool:
    return any(block.stats.has_words for block in blocks if block.kind != "rule")


def _sections(blocks: list[Block]) -> list[tuple[Block | None, list[Block]]]:
    """(heading, the blocks up to the next heading) in reading order; the opening has no heading."""
    sections: list[tuple[Block | None, list[Block]]] = [(None, [])]
    for block in blocks:
        if block.kind == "heading":
            sections.append((block, []))
        else:
            sections[-1][1].append(block)
    return sections


def _heading_title(text: str, starts: list[int], block: Block) -> str:
    source = text[starts[block.first] : starts[min(block.last, len(starts) - 1)]]
    if source.lstrip().startswith("#"):
        found = heading(source.strip())
        source = found[1] if found else source
    else:  # setext: the text above the underline
        source = source.rstrip().rsplit("\n", 1)[0]
    return headline(inline_plain(source.strip()), TITLE_MAX_CHARS)


def _heading_lines_of(lines: list[Line]) -> Iterator[tuple[int, str]]:
    """(level, source) of each heading line outside code fences, ATX or setext: a line scan, so
    detection and the title cost nothing next to the parse."""
    fenced = False
    previous = None
    for line in lines:
        if _FENCE.match(line.text):
            fenced, previous = not fenced, None
            continue
        if fenced:
            continue
        found = heading(line.text) if line.indent < 4 else None
        if found:
            yield found
        elif (previous and line.indent < 4 and _SETEXT.match(line.text)
              and not previous.startswith(("-", "*", "+", ">", "|"))):
            yield (1 if line.text[0] == "=" else 2), previous
        previous = line.text or None


def title_of(text: str) -> str | None:
    """The document's title from its headings: the first level-1 heading, else the first heading of
    the top level used; None without headings (or with empty ones)."""
    headings = [
        (level, source) for level, source in _heading_lines_of(split_lines(body_text(text)))
        if not _CONTENTS_TITLE.match(inline_plain(source.strip()))  # a README's "Contents" names no document
    ]
    if not headings:
        return None
    top = min(level for level, _ in headings)
    source = next(source for level, source in headings if level == top)
    return headline(inline_plain(source.strip()), TITLE_MAX_CHARS) or None


def parse(text: str) -> list[ItemDraft]:
    readable = body_text(text)
    blocks = top_level_blocks(readable)
    headings = [block for block in blocks if block.kind == "heading"]
    if not headings:
        return plain.parse(readable)
    starts = line_starts(readable)
    top = min(block.level for block in headings)
    title_heading = headings[0] if sum(1 for b in headings if b.level == top) == 1 and top == 1 else None
    drafts: list[ItemDraft] = []
    path: list[tuple[int, str, Block]] = []
    for head, content in _sections(blocks):
        title = ""
        if head is not None:
            title = _heading_title(readable, starts, head)
            while path and path[-1][0] >= head.level:
                path.pop()
            path.append((head.level, title, head))
        if not _has_words(content):
            continue
        title = title or headline(" ".join(block.stats.text for block in content), 60)
        names = [name for _, name, block in path[:-1] if block is not title_heading] if head is not None else []
        level = head.level if head is not None else 0
        kind = _kind(content, title)
        span_start = starts[head.first] if head is not None else starts[content[0].first]
        span_end = starts[min(content[-1].last, len(starts) - 1)]
        heading_path = PATH_SEPARATOR.join([*names, title])
        body_start = starts[content[0].first]
        units = _units(content, starts)
        units[0] = (span_start, units[0][1])  # the heading travels with the first part
        parts = pack_spans(readable, units, MAX_ITEM_CHARS)
        if len(parts) <= 1:
            drafts.append(span_draft(kind, title, readable, span_start, span_end, body_start=body_start,
                                     heading_path=heading_path, level=level))
            continue
        for number, (start, end) in enumerate(parts, start=1):
            part_title = f"{title} ({number}/{len(parts)})"
            drafts.append(span_draft(kind, part_title, readable, start, end,
                                     body_start=max(start, body_start), heading_path=f"{heading_path} ({number}/{len(parts)})",
                                     level=level, part=number))
    if not drafts:  # headings and nothing else: the document is its headings
        title = _heading_title(readable, starts, headings[0]) or headline(readable, 60)
        parts = pack_spans(readable, [(0, len(readable))], MAX_ITEM_CHARS)
        return [span_draft("section", title if len(parts) == 1 else f"{title} ({n}/{len(parts)})", readable, start, end,
                           level=headings[0].level) for n, (start, end) in enumerate(parts, start=1)]
    return drafts
