"""Interview-prep landing pages: article teasers ("10 min read <opening words> Read article"), a
"Core Topics:" list of "Topic: details" lines, a "Common Design Questions:" list, and prose."""

from __future__ import annotations

import re

from sources.models import ItemDraft
from sources.parsers.drafting import draft, headline
from sources.text_lines import Line, content_lines

FORMAT = "article_teasers"

# A teaser line is "<minutes> min read <text>", the text optionally ending in "Read article" or
# "Read more". Matched in two steps, in linear time: the single regex
# `^(\d+) min read\s+(.*?)\s*(?:Read (?:article|more))?$` backtracks quadratically on a long
# line with a long run of spaces (100 kB took two minutes).
_TEASER_HEAD = re.compile(r"(?P<minutes>\d+) min read\s+", re.IGNORECASE)
_READ_ON = re.compile(r"Read (?:article|more)$", re.IGNORECASE)
_READ_ON_CHARS = len("Read article")
_LIST_HEADING = re.compile(r"^(?P<name>[^:]{3,60}):$")
_KEY_VALUE = re.compile(r"^(?P<key>[A-Z][^:]{1,40}):\s+(?P<value>\S.*)$")
_OPENING_HEADINGS = ("Introduction", "Overview", "Background")
_SENTENCE_END = re.compile(r"[.!?…]$")

_LIST_KINDS = {"core topics": "core_topic", "common design questions": "design_question"}


def teaser(text: str) -> tuple[int, str] | None:
    """(minutes, teaser text) of a teaser line, or None."""
    head = _TEASER_HEAD.match(text)
    if not head:
        return None
    rest = text[head.end() :]
    read_on = _READ_ON.search(rest, max(0, len(rest) - _READ_ON_CHARS))
    return int(head["minutes"]), (rest[: read_on.start()] if read_on else rest).rstrip()


def _is_title(line: Line) -> bool:
    return len(line.text) <= 100 and not _SENTENCE_END.search(line.text)


def matches(lines: list[Line]) -> bool:
    return sum(1 for line in lines if teaser(line.text)) >= MIN_TEASERS


MIN_TEASERS = 2  # "N min read" teaser lines: two are already this page's shape


def _teaser(line: Line, title_line: Line | None) -> ItemDraft:
    minutes, text = teaser(line.text)
    opening = next((h for h in _OPENING_HEADINGS if text.startswith(h + " ")), None)
    body = text[len(opening) + 1 :] if opening else text
    title = title_line.text if title_line else headline(body, 60)
    lines = [title_line, line] if title_line else [line]
    return draft("article", title, lines, body=body, read_time_minutes=minutes)


def parse(text: str) -> list[ItemDraft]:
    content = content_lines(text)
    drafts: list[ItemDraft] = []
    list_kind: str | None = None
    list_name = ""
    index = 0
    while index < len(content):
        line = content[index]
        following = content[index + 1] if index + 1 < len(content) else None
        heading = _LIST_HEADING.match(line.text)
        key_value = _KEY_VALUE.match(line.text)
        if teaser(line.text):
            list_kind = None
            drafts.append(_teaser(line, None))
        elif following and teaser(following.text) and _is_title(line):
            list_kind = None  # a featured article: its title on the line above its teaser
            drafts.append(_teaser(following, line))
            index += 1
        elif heading:
            list_name = heading["name"]
            list_kind = _LIST_KINDS.get(list_name.lower(), "list_entry")
            drafts.append(draft("section", list_name, [line], body=""))
        elif list_kind == "core_topic" and key_value:
            drafts.append(draft(list_kind, key_value["key"], [line], body=key_value["value"], list=list_name))
        elif list_kind and list_kind != "core_topic" and len(line.text) <= 120 and not key_value:
            drafts.append(draft(list_kind, line.text, [line], body="", list=list_name))
        elif key_value:
            list_kind = None
            drafts.append(draft("note", key_value["key"], [line], body=key_value["value"]))
        else:
            list_kind = None
            drafts.append(draft("paragraph", headline(line.text, 60), [line]))
        index += 1
    return drafts
