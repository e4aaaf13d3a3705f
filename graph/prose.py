"""Which parts of a text are not prose for a reader: URLs, e-mail addresses, markdown link
targets, file paths and file names, fenced code blocks. Extraction does not mine them."""

from __future__ import annotations

import re

_NON_PROSE = [
    re.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL),  # fenced code
    re.compile(r"\b(?:https?|ftp|file|s3|gs)://[^\s<>\"'`)\]]+", re.IGNORECASE),  # URLs
    re.compile(r"\bwww\.[^\s<>\"'`)\]]+", re.IGNORECASE),
    re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),  # e-mail addresses
    re.compile(r"(?<=\]\()[^)\s]+(?=\))"),  # markdown link targets
    re.compile(r"(?<![\w/])(?:~|\.{1,2})?(?:/[\w.@-]+){2,}/?"),  # unix paths (two or more segments)
    re.compile(r"\b[A-Za-z]:\\[^\s]+"),  # windows paths
    re.compile(  # file names, with their relative folders (not "Kafka/Flink": no extension)
        r"\b(?:[\w.-]+/)*[\w-]+(?:\.[\w-]+)*\.(?:py|js|mjs|ts|tsx|jsx|go|java|rb|rs|c|cc|cpp|h|hpp|cs|sql|sh|bash|ps1|yml|yaml|"
        r"json|toml|ini|cfg|conf|md|txt|html|css|tf|tfvars|proto|xml|csv|lock|gradle|kt|swift|php|scala|ipynb|log)\b"
    ),
]


def non_prose_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character ranges of `text` that are not prose, possibly overlapping."""
    return [match.span() for pattern in _NON_PROSE for match in pattern.finditer(text)]


def inside_non_prose(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when [start, end) lies inside a non-prose range and is not that whole range: "Node.js"
    alone is a name, "docker-compose" inside "docker-compose.yml" is part of a file name."""
    return any(lo <= start and end <= hi and (lo, hi) != (start, end) for lo, hi in spans)
