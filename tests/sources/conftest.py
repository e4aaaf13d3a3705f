"""Shared helpers for the `sources` tests: hand-written fixture texts and documents built from them."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from sources.formats import detect_format
from sources.items import stable_id
from sources.models import Document, Item

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


@pytest.fixture
def fixture_text() -> Callable[[str], str]:
    """The text of a hand-written fixture file under tests/fixtures/sources/."""

    def load(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")

    return load


@pytest.fixture
def make_document() -> Callable[..., Document]:
    """A `Document` for `text` as the corpus reader would build it (format detected from content)."""

    def build(text: str, source_path: str = "notes/doc.txt", fmt: str | None = None) -> Document:
        return Document(
            doc_id=stable_id("doc", source_path),
            source_path=source_path,
            title=source_path,
            source_type="text",
            format=fmt or detect_format(text),
            encoding="utf-8",
            content_sha256=hashlib.sha256(text.encode()).hexdigest(),
            n_chars=len(text),
            text=text,
        )

    return build


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def title_words(title: str) -> list[str]:
    """The words of an item title (a headline's trailing '…' is not a word)."""
    return _WORD.findall(title)


@pytest.fixture
def check_spans() -> Callable[[Document, list[Item]], None]:
    """Assert the offset identity: each item's span is non-empty text of the document that holds
    the item's title words (or, for untitled items, its body)."""

    def check(document: Document, items: list[Item]) -> None:
        assert items, "expected items"
        for item in items:
            span = document.text[item.start_char : item.end_char]
            assert span.strip(), f"empty span for {item.kind} {item.title!r}"
            words = title_words(item.title) or title_words(item.body)
            missing = [word for word in words if word not in span]
            assert not missing, f"{item.kind} {item.title!r}: {missing} not in span {span!r}"

    return check
