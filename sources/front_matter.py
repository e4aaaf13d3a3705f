"""Front matter: the YAML (`---`) or TOML (`+++`) block that opens many markdown files. It is read
into document attributes (`title`, `description`, `tags`, `categories`, `date`) and is never part
of an item: parsers see the text with the block masked by spaces (same length, so every offset
still points into `Document.text`), and extraction therefore never mines its keys and values.

A block that does not parse is still masked (its keys are not prose either); the caller records it
as a repaired document, and the rest of the document is read as usual."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

# The opening fence must be the file's first line; the closing one the same marker on a line of its
# own ("..." also ends a YAML document). A fence further than this into the file is not front matter.
_OPENING = re.compile(r"\A(?:\ufeff)?(?P<fence>---|\+\+\+)[ \t]*\r?\n")
_MAX_FRONT_MATTER_CHARS = 100_000
_KEPT = ("title", "description", "tags", "categories", "date")
_SPACE = re.compile(r"\s+")
_NOT_NEWLINE = re.compile(r"[^\r\n]")


@dataclass(frozen=True)
class FrontMatter:
    """Where the block is (`end` is the offset just after its closing fence line), what it says
    (only the attributes we keep, as plain JSON values) and why it could not be read, if so."""

    end: int
    attributes: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None


def _closing(text: str, fence: str, start: int) -> tuple[int, int] | None:
    """(start of the closing fence line, offset just after it), or None when the block never closes."""
    ends = (fence,) if fence == "+++" else ("---", "...")
    position = start
    limit = min(len(text), _MAX_FRONT_MATTER_CHARS)
    while position <= limit:
        newline = text.find("\n", position)
        line_end = len(text) if newline < 0 else newline
        if text[position:line_end].rstrip() in ends:
            return position, len(text) if newline < 0 else newline + 1
        if newline < 0:
            return None
        position = newline + 1
    return None


def _plain(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return _SPACE.sub(" ", str(value)).strip()


def _listed(value: Any) -> list[str]:
    """Tags and categories as a list of strings ("a, b" and [a, b] alike)."""
    if isinstance(value, str):
        parts = value.split(",") if "," in value else value.split()
    elif isinstance(value, (list, tuple, set)):
        parts = list(value)
    else:
        parts = [value]
    return [text for part in parts if part is not None and (text := _plain(part))]


def _kept(data: dict[Any, Any]) -> dict[str, Any]:
    lowered = {str(key).strip().lower(): value for key, value in data.items()}
    kept: dict[str, Any] = {}
    for key in _KEPT:
        value = lowered.get(key)
        if value is None or value == "" or value == []:
            continue
        if key in {"tags", "categories"}:
            if listed := _listed(value):
                kept[key] = listed
        elif not isinstance(value, (dict, list)) and (text := _plain(value)):
            kept[key] = text
    return kept


def read_front_matter(text: str) -> FrontMatter | None:
    """The document's front matter, or None when it has none."""
    opening = _OPENING.match(text)
    if not opening:
        return None
    fence = opening["fence"]
    closing = _closing(text, fence, opening.end())
    if closing is None:
        return None  # an opening rule with no close is a horizontal rule, not front matter
    source, end = text[opening.end() : closing[0]], closing[1]
    language = "TOML" if fence == "+++" else "YAML"
    try:
        data = tomllib.loads(source) if fence == "+++" else yaml.load(source, Loader=_SafeLoader)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return FrontMatter(end=end, problem=f"front matter is not valid {language} ({first}): not read")
    if data is None:
        return FrontMatter(end=end)
    if not isinstance(data, dict):
        if fence == "---" and not source.strip().count(":"):
            return None  # "---" lines around ordinary text: thematic breaks, not a block of keys
        return FrontMatter(end=end, problem=f"front matter is not a {language} mapping: not read")
    return FrontMatter(end=end, attributes=_kept(data))


class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """yaml's safe loader (libyaml when present): no object construction from tags."""


def masked(text: str, front_matter: FrontMatter | None) -> str:
    """`text` with the front-matter block turned into spaces (line breaks kept, length kept)."""
    if front_matter is None:
        return text
    return _NOT_NEWLINE.sub(" ", text[: front_matter.end]) + text[front_matter.end :]


def body_text(text: str) -> str:
    """What parsers and format detection read: the text with any front matter masked."""
    return masked(text, read_front_matter(text))
