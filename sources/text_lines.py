"""Line-level view of a document's text with character offsets, shared by every parser.

Parsers work on `Line`s so that every item they build keeps exact offsets into `Document.text`."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ALNUM = re.compile(r"[^\W_]", re.UNICODE)
DIAGRAM_CHARS = re.compile(r"[─│┌┐└┘├┤┬┴┼►◄▲▼→←]")


@dataclass(frozen=True)
class Line:
    """One line of a document, stripped; `start`/`end` are offsets of the stripped text."""

    text: str
    start: int
    end: int
    number: int
    indent: int = 0

    @property
    def is_blank(self) -> bool:
        return not self.text

    @property
    def is_decoration(self) -> bool:
        """Icon or emoji lines of scraped pages: nothing a reader would call text (box-drawing
        lines of diagrams are kept)."""
        return bool(self.text) and not _ALNUM.search(self.text) and not DIAGRAM_CHARS.search(self.text)


def split_lines(text: str) -> list[Line]:
    """Every line of `text` (blank ones too), stripped, with offsets into `text`."""
    lines: list[Line] = []
    offset = 0
    for number, raw in enumerate(text.splitlines(keepends=True)):
        content = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        stripped = content.strip()
        lead = len(content) - len(content.lstrip())
        start = offset + lead
        lines.append(Line(stripped, start, start + len(stripped), number, lead))
        offset += len(raw)
    return lines


def content_lines(text: str) -> list[Line]:
    """The lines a reader sees as text: no blank lines, no icon-only lines."""
    return [line for line in split_lines(text) if line.text and not line.is_decoration]


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Groups of consecutive non-blank lines (blank lines separate paragraphs)."""
    groups: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.is_blank:
            if current:
                groups.append(current)
            current = []
        else:
            current.append(line)
    if current:
        groups.append(current)
    return groups


def join_text(lines: list[Line], separator: str = "\n") -> str:
    return separator.join(line.text for line in lines if line.text and not line.is_decoration)


# Scraped tables lose their cell borders: "Pod keeps crashingOOMKilled / ..." or "99.99%Availability".
# A boundary is a lowercase letter followed by an uppercase one, a digit or symbol followed by a
# capitalised word ("50Engineers"), or an uppercase run followed by one ("AUC-ROCArea").
_GLUE = re.compile(r"(?<=[a-zμ])(?=[A-Z])|(?<=[0-9%+)>\]])(?=[A-Z][a-z])|(?<=[A-Z])(?=[A-Z][a-z])")


def split_glued_head(text: str) -> tuple[str, str]:
    """Split a glued "HeadRest of the line" into ("Head", "Rest of the line") at its first cell
    boundary; ("text", "") when there is none."""
    match = _GLUE.search(text, 2)
    if not match:
        return text, ""
    return text[: match.start()].strip(), text[match.start() :].strip()


def split_list(text: str, separator: str = "·") -> list[str]:
    """"A · B · C" -> ["A", "B", "C"]."""
    return [part.strip() for part in text.split(separator) if part.strip()]
