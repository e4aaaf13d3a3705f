"""A corpus full of files a reader must survive (see tests/fixtures/bad_corpus_builder.py): each is
processed, repaired or skipped as decided in `sources.corpus`, with its path and reason recorded;
the good documents build exactly as they do alone; nothing outside the corpus folder is read; big
and adversarial inputs take seconds, not hours."""

from __future__ import annotations

import builtins
import io
import os
import threading
import time
from pathlib import Path

import pytest

from sources.corpus import find_document_paths, read_corpus, read_document
from sources.formats import detect_format
from sources.html_text import html_to_text
from sources.items import items_of
from sources.parsers.drafting import MAX_ITEM_CHARS
from sources.models import Document, DocumentIssue, Item
from tests.fixtures.bad_corpus_builder import (
    MARKER,
    BadCorpus,
    big_markdown,
    build_bad_corpus,
    copy_good_documents,
    single_line,
)

# Generous: the whole bad corpus (20 MB + 5 MB documents included) reads and splits into items in
# about 35 s here (the 20 MB markdown file holds 225,000 tiny sections, each a block of the CommonMark
# parser); before the fixes one 100 kB line took minutes. A quadratic path blows far past it.
TIME_BUDGET_SECONDS = 120


class Read:
    def __init__(self, bad: BadCorpus, documents: list[Document], issues: list[DocumentIssue],
                 items: dict[str, list[Item]], seconds: float) -> None:
        self.bad, self.documents, self.issues, self.items, self.seconds = bad, documents, issues, items, seconds
        self.by_path = {document.source_path: document for document in documents}
        self.issues_of: dict[str, list[DocumentIssue]] = {}
        for issue in issues:
            self.issues_of.setdefault(issue.source_path, []).append(issue)


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Read:
    """The bad corpus with its big files, read once for the module (and timed)."""
    bad = build_bad_corpus(tmp_path_factory.mktemp("bad"))
    started = time.perf_counter()
    documents, issues = read_corpus(bad.corpus)
    items = {document.doc_id: items_of(document) for document in documents}
    return Read(bad, documents, issues, items, time.perf_counter() - started)


@pytest.fixture
def small(tmp_path) -> BadCorpus:
    """The bad corpus without the 20 MB and 5 MB documents, fresh for each test."""
    return build_bad_corpus(tmp_path, big=False)


def test_every_file_is_processed_repaired_or_skipped_as_decided(full):
    wrong = []
    for path, expected in sorted(full.bad.expected.items()):
        issues = full.issues_of.get(path, [])
        if expected.action == "skipped":
            ok = path not in full.by_path and len(issues) == 1 and issues[0].action == "skipped"
            ok = ok and expected.reason in issues[0].reason
        elif expected.action == "repaired":
            ok = path in full.by_path and [i.action for i in issues] == ["repaired"]
            ok = ok and expected.reason in issues[0].reason
        else:
            ok = path in full.by_path and issues == []
        if ok and expected.encoding:
            ok = full.by_path[path].encoding == expected.encoding
        if not ok:
            wrong.append((path, expected, full.by_path.get(path), issues))
    assert wrong == []


def test_nothing_else_is_read_or_reported(full):
    """Every document and every issue is one the corpus was built to produce: hidden files give
    neither, and no path gets two issues."""
    assert sorted(full.by_path) == full.bad.processed()
    reported = sorted(full.issues_of)
    assert reported == sorted(p for p, e in full.bad.expected.items() if e.action != "processed")
    assert all(len(issues) == 1 for issues in full.issues_of.values())
    assert not set(full.bad.ignored) & (set(full.by_path) | set(full.issues_of))


def test_reasons_are_words_without_machine_paths(full):
    for issue in full.issues:
        assert issue.reason and issue.reason[0].islower(), issue
        assert str(full.bad.root) not in issue.reason and "/tmp" not in issue.reason, issue
        assert issue.source_path == issue.source_path.encode("utf-8").decode("utf-8")  # storable


def test_the_good_documents_build_exactly_as_they_do_alone(full, tmp_path):
    """Same documents (ids, text, titles, formats, hashes) and same items (ids, spans, text) as in a
    clean folder holding only them, byte for byte at the same paths."""
    alone = [path for path in full.bad.processed() if not path.startswith("big/")]
    assert set(full.bad.good) <= set(alone)
    copy_good_documents(full.bad, tmp_path, alone)
    documents, issues = read_corpus(tmp_path)
    assert [i for i in issues if i.action == "skipped"] == []
    assert documents == [full.by_path[path] for path in alone]
    for document in documents:
        assert items_of(document) == full.items[document.doc_id]


def test_nothing_outside_the_corpus_folder_is_opened_or_listed(small, monkeypatch):
    corpus = small.corpus.resolve()
    opened: list[str] = []
    real = {"os.open": os.open, "io.open": io.open, "open": builtins.open, "scandir": os.scandir}

    def record(name):
        def wrapper(path, *args, **kwargs):
            if not isinstance(path, int):
                opened.append(os.fsdecode(path))
            return real[name](path, *args, **kwargs)
        return wrapper

    monkeypatch.setattr(os, "open", record("os.open"))
    monkeypatch.setattr(io, "open", record("io.open"))
    monkeypatch.setattr(builtins, "open", record("open"))
    monkeypatch.setattr(os, "scandir", record("scandir"))
    documents, issues = read_corpus(small.corpus)
    monkeypatch.undo()

    assert opened, "the recorder saw nothing: is the reader still using os.open/open/scandir?"
    outside = [path for path in opened if not Path(os.path.realpath(path)).is_relative_to(corpus)]
    assert outside == []
    never_opened = {"pipe.txt", "socket.md", "big/too-large.txt", "link-outside.txt", "loop-a.txt"}
    assert not {os.path.relpath(path, small.corpus) for path in opened} & never_opened
    everything = [d.text + d.title for d in documents] + [i.reason for i in issues]
    assert not [text for text in everything if MARKER in text]


def test_links_to_folders_are_never_followed(small):
    found = [path.relative_to(small.corpus).as_posix() for path in find_document_paths(small.corpus)]
    assert not [path for path in found if path.startswith(("outside-folder/", "sub/up/"))]
    assert len(found) == len(set(found))
    assert "folder.txt/inside.md" in found  # a real folder named like a document is walked


def test_a_fifo_named_like_a_document_is_skipped_without_blocking(small):
    result = {}
    reader = threading.Thread(target=lambda: result.update(read=read_corpus(small.corpus)), daemon=True)
    reader.start()
    reader.join(timeout=30)
    assert not reader.is_alive(), "read_corpus blocked (on the FIFO?)"
    _, issues = result["read"]
    assert ("pipe.txt", "skipped", "not a regular file (a named pipe)") in [
        (i.source_path, i.action, i.reason) for i in issues
    ]


def test_a_file_that_cannot_be_opened_is_skipped_as_unreadable(small, monkeypatch):
    """Root reads a chmod-000 file anyway, so the permission error is forced here."""
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if os.fsdecode(path).endswith("good/plain.txt"):
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    documents, issues = read_corpus(small.corpus)
    assert "good/plain.txt" not in [d.source_path for d in documents]
    assert [(i.action, i.reason) for i in issues if i.source_path == "good/plain.txt"] == [
        ("skipped", "unreadable: permission denied")
    ]


def test_chmod_000_is_skipped_unless_this_process_can_read_it_anyway(full):
    document = full.by_path.get("unreadable.txt")
    if full.bad.chmod_stops_reads:
        assert document is None
    else:  # root: the permission bits do not stop it, and it is ordinary text
        assert document is not None and document.text.startswith("Unreadable notes")


def test_a_folder_that_cannot_be_listed_is_reported_and_the_rest_still_builds(small, monkeypatch):
    real_scandir = os.scandir

    def refuse(path):
        if os.fsdecode(path).endswith("names with spaces"):
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    documents, issues = read_corpus(small.corpus)
    assert ("names with spaces", "unreadable folder: permission denied") in [(i.source_path, i.reason) for i in issues]
    assert "good/notes.md" in [d.source_path for d in documents]


def test_read_document_on_a_folder_or_pipe_says_what_it_is(small):
    assert read_document(small.corpus / "folder.txt", small.corpus)[1][0].reason == "a folder, not a file"
    assert read_document(small.corpus / "pipe.txt", small.corpus)[1][0].reason == "not a regular file (a named pipe)"


def test_scripts_styles_and_event_handlers_never_reach_the_text(full):
    document = full.by_path["scripted.html"]
    assert document.title == "Visible title"  # the first top-level heading comes before <title>
    assert document.text == "# Visible title\n\nVisible paragraph with a link.\n\nLast visible line.\n"
    assert "marker" not in document.text and "<" not in document.text


def test_malformed_and_deeply_nested_html_still_give_their_text(full):
    malformed = full.by_path["malformed.html"].text
    for words in ("# Broken markup", "Paragraph one", "Paragraph two", "inside a broken tag", "cell two", "text after"):
        assert words in malformed
    assert "hidden" not in malformed  # inside a comment that never closes
    nested = full.by_path["nested.html"]
    assert nested.text == "Deep text at the bottom.\n" and nested.title == "Deep page"


def test_code_fences_and_long_urls_in_markdown(full):
    document = full.by_path["fences.md"]
    titles = [item.title for item in full.items[document.doc_id]]
    # the opening section holds an 11 kB URL: it is cut into parts, none longer than an item may be
    assert titles[-1] == "After the fences" and all(t.startswith("Fences and links (") for t in titles[:-1])
    assert "# not a heading inside a fence" in "".join(item.body for item in full.items[document.doc_id])
    assert all(item.end_char - item.start_char <= MAX_ITEM_CHARS for item in full.items[document.doc_id])


def test_big_documents_are_processed_within_the_time_budget(full):
    assert full.seconds < TIME_BUDGET_SECONDS
    big = full.by_path["big/twenty-megabytes.md"]
    assert big.text == big_markdown() and big.format == "markdown"
    assert len(full.items[big.doc_id]) == big.text.count("## Section ")
    line = full.by_path["big/single-line.md"]
    parts = full.items[line.doc_id]
    assert line.text == single_line()
    assert parts[0].start_char == 0 and parts[-1].end_char == len(line.text.rstrip())
    assert all(item.end_char - item.start_char <= MAX_ITEM_CHARS for item in parts)


def test_every_item_span_lies_inside_its_document(full):
    for document in full.documents:
        items = full.items[document.doc_id]
        assert items, document.source_path
        assert [item.position for item in items] == list(range(len(items)))
        for item in items:
            assert 0 <= item.start_char < item.end_char <= len(document.text)
            assert document.text[item.start_char : item.end_char].strip()


# Lines that made a parser quadratic (hours for 5 MB) before the fixes, and a few more shapes.
SIZE = 5_000_000
ADVERSARIAL_LINES = {
    "heading, long run of spaces": "# a" + " " * SIZE + "x",
    "heading, long run of closing hashes": "# a" + "#" * SIZE + "x",
    "teaser, long run of spaces": "1 min read a" + " " * SIZE + "x",
    "teaser, words": "10 min read " + "word " * (SIZE // 5),
    "bullet": "• " + "a" * SIZE,
    "glued table cells": "aB9%" * (SIZE // 4),
    "key: value": "Key:" + " x" * (SIZE // 2),
    "digits": "1" * SIZE,
}
ADVERSARIAL_HTML = {
    "unclosed start tags": "<a" * (SIZE // 2),
    "unclosed comments": "<!--" * (SIZE // 4),
    "unclosed end tags": "</" * (SIZE // 2),
    "unclosed instructions": "<?" * (SIZE // 2),
    "marked sections": "<![" * (SIZE // 3),  # made html.parser raise an AssertionError
    "unclosed quotes": '<a b="x>' * (SIZE // 8) + "<p c='y>",
    "nested divs": "<div>" * (SIZE // 10) + "x" + "</div>" * (SIZE // 10),
    "stray <": "a < b " * (SIZE // 6),
}


@pytest.mark.parametrize("name", ADVERSARIAL_LINES)
def test_a_5_mb_line_parses_in_seconds(name, make_document):
    text = ADVERSARIAL_LINES[name]
    started = time.perf_counter()
    items = items_of(make_document(text, fmt=detect_format(text)))
    assert time.perf_counter() - started < 10
    # cut into parts of at most MAX_ITEM_CHARS that cover the line in order
    assert items and items[-1].end_char <= len(text)
    assert all(item.end_char - item.start_char <= MAX_ITEM_CHARS for item in items)
    assert all(a.end_char <= b.start_char for a, b in zip(items, items[1:]))


@pytest.mark.parametrize("name", ADVERSARIAL_HTML)
def test_5_mb_of_broken_html_converts_in_seconds(name):
    started = time.perf_counter()
    text, _ = html_to_text(ADVERSARIAL_HTML[name])
    assert time.perf_counter() - started < 10
    assert text.endswith("\n")
