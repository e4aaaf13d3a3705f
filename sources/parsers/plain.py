"""Any other text (and markdown without headings): cut where a reader would cut it.

- A short text (up to `SHORT_TEXT_CHARS` of visible text) is one item: a page of bullets is one
  note, never one item per bullet.
- A longer text is cut at its titled paragraphs: a paragraph whose first line is a short line
  without end punctuation ("3.2 Slow checkout", then the text) starts a section, as does a lone
  title line followed by text. Untitled paragraphs stay with the section before them; bullets are
  never titles. A section longer than `MAX_ITEM_CHARS` is cut into parts of whole paragraphs.
- A title line becomes the item's title; an untitled item is titled by its first words."""

from __future__ import annotations

import re

from sources.markdown_blocks import inline_plain
from sources.models import ItemDraft
from sources.parsers.drafting import MAX_ITEM_CHARS, headline, pack_spans, span_draft
from sources.text_lines import Line, paragraphs, split_lines

FORMAT = "plain"
SHORT_TEXT_CHARS = 2_000
TITLE_MAX_CHARS = 100

_SENTENCE_END = re.compile(r"[.?!:;,…]$")
_LIST_MARK = re.compile(r"^(?:[-*+•·–]|\d+[.)])\s|^\|")
_NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)*\.?\s+\S")
_LETTER = re.compile(r"[^\W\d_]")


def matches(lines: list[Line]) -> bool:
    return any(line.text for line in lines)


def _is_title(line: Line) -> bool:
    """A short line that reads as a heading: no end punctuation, not a list item (a numbered
    heading such as "3.1 Pods in CrashLoopBackOff" is a heading, "1) item" is not)."""
    text = line.text
    if len(text) > TITLE_MAX_CHARS or _SENTENCE_END.search(text) or not _LETTER.search(text):
        return False
    return not _LIST_MARK.match(text) or bool(_NUMBERED_HEADING.match(text))


def _title_text(line: Line) -> str:
    return inline_plain(line.text) or line.text


def _first_words(lines: list[Line]) -> str:
    """A headline from the first lines, without list marks and markdown."""
    return headline(" ".join(inline_plain(_LIST_MARK.sub("", line.text, count=1)) for line in lines[:3]), 60)


def _sections(groups: list[list[Line]]) -> list[tuple[Line | None, list[list[Line]]]]:
    """(title line, paragraphs) in reading order; the first section may have no title."""
    sections: list[tuple[Line | None, list[list[Line]]]] = []
    for index, group in enumerate(groups):
        following = groups[index + 1] if index + 1 < len(groups) else None
        lone_title = len(group) == 1 and _is_title(group[0])
        if lone_title and (following is None or _is_title(following[0])):
            continue  # a heading with no text of its own ("3. Common incidents" over "3.1 ..."): its children carry on
        if _is_title(group[0]):
            rest = group[1:]
            sections.append((group[0], [rest] if rest else []))
        elif sections:
            sections[-1][1].append(group)
        else:
            sections.append((None, [group]))
    return sections


def parse(text: str) -> list[ItemDraft]:
    groups = [visible for group in paragraphs(split_lines(text)) if (visible := [l for l in group if not l.is_decoration])]
    if not groups:
        return []
    size = sum(len(line.text) + 1 for group in groups for line in group)
    if size <= SHORT_TEXT_CHARS:
        sections = [(groups[0][0] if _is_title(groups[0][0]) and size > len(groups[0][0].text) + 1 else None, [])]
        body = [line for group in groups for line in group if line is not sections[0][0]]
        sections = [(sections[0][0], [body] if body else [])]
    else:
        sections = _sections(groups)
    drafts: list[ItemDraft] = []
    for title_line, content in sections:
        if not content:
            continue  # a title line with nothing under it before the next title
        start = title_line.start if title_line else content[0][0].start
        spans = [(group[0].start, group[-1].end) for group in content]
        spans[0] = (start, spans[0][1])  # the title line travels with the first part
        parts = pack_spans(text, spans, MAX_ITEM_CHARS)
        title = _title_text(title_line) if title_line else _first_words(content[0]) or headline(content[0][0].text, 60)
        for number, (part_start, part_end) in enumerate(parts, start=1):
            part_title = title if len(parts) == 1 else f"{title} ({number}/{len(parts)})"
            body_start = content[0][0].start if number == 1 else part_start
            drafts.append(span_draft("section", part_title, text, part_start, part_end, body_start=body_start,
                                     heading_path=part_title, part=number if len(parts) > 1 else None))
    return drafts
