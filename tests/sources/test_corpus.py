from __future__ import annotations

import hashlib
import os

import pytest

from sources.corpus import find_document_paths, read_corpus, read_document

GOOD = "Write-ahead logging\nEvery change is appended to the log first.\n"


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def relative(paths, root):
    return [path.relative_to(root).as_posix() for path in paths]


def test_find_document_paths_finds_text_markdown_html_in_subfolders_sorted(tmp_path):
    for name in ["b.txt", "a/z.md", "a/b/page.html", "A.TXT", "c.markdown", "old/page.htm", "0.txt"]:
        write(tmp_path / name, GOOD)
    for name in ["image.png", "data.csv", "notes.txt.bak", "README", "script.py"]:
        write(tmp_path / name, GOOD)
    found = relative(find_document_paths(tmp_path), tmp_path)
    assert found == ["0.txt", "A.TXT", "a/b/page.html", "a/z.md", "b.txt", "c.markdown", "old/page.htm"]


def test_find_document_paths_skips_hidden_files_and_folders(tmp_path):
    write(tmp_path / "kept.txt", GOOD)
    write(tmp_path / ".hidden.txt", GOOD)
    write(tmp_path / ".git" / "notes.md", GOOD)
    write(tmp_path / "sub" / ".cache" / "page.html", GOOD)
    assert relative(find_document_paths(tmp_path), tmp_path) == ["kept.txt"]


def test_find_document_paths_ignores_folders_named_like_documents(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    write(tmp_path / "folder.txt" / "inside.md", GOOD)
    assert relative(find_document_paths(tmp_path), tmp_path) == ["folder.txt/inside.md"]


def test_find_document_paths_order_is_stable(tmp_path):
    for name in ["m.txt", "a/x.txt", "z.md", "a.txt"]:
        write(tmp_path / name, GOOD)
    assert find_document_paths(tmp_path) == find_document_paths(tmp_path)


def test_read_corpus_reports_bad_files_as_skipped_and_still_loads_the_good_ones(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "good.txt", GOOD)
    write(corpus / "sub" / "good.md", "# Title\n\nBody text.\n")
    write(corpus / "empty.txt", b"")
    write(corpus / "sub" / "blank.md", " \n\t\r\n  \n")
    write(corpus / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    outside = write(tmp_path / "secret.txt", "outside the corpus\n")
    os.symlink(outside, corpus / "link.txt")

    documents, issues = read_corpus(corpus)

    assert sorted(d.source_path for d in documents) == ["good.txt", "sub/good.md"]
    by_path = {issue.source_path: issue for issue in issues}
    assert sorted(by_path) == ["binary.txt", "empty.txt", "link.txt", "sub/blank.md"]
    assert all(issue.action == "skipped" for issue in issues)
    assert "binary" in by_path["binary.txt"].reason
    assert "empty" in by_path["empty.txt"].reason
    assert "whitespace" in by_path["sub/blank.md"].reason
    assert "outside the corpus" in by_path["link.txt"].reason
    assert all(document.text != "outside the corpus\n" for document in documents)


def test_broken_symlink_is_skipped_as_unreadable(tmp_path):
    write(tmp_path / "good.txt", GOOD)
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    documents, issues = read_corpus(tmp_path)
    assert [d.source_path for d in documents] == ["good.txt"]
    assert [(i.source_path, i.action) for i in issues] == [("dangling.txt", "skipped")]
    assert "unreadable" in issues[0].reason


def test_symlink_inside_the_corpus_is_read(tmp_path):
    target = write(tmp_path / "kept" / "real.data", GOOD)  # not a document name: read only through the link
    os.symlink(target, tmp_path / "alias.txt")
    documents, issues = read_corpus(tmp_path)
    assert issues == []
    assert [(d.source_path, d.text) for d in documents] == [("alias.txt", GOOD)]


def test_symlink_to_another_document_is_a_duplicate_of_the_first_by_path(tmp_path):
    target = write(tmp_path / "real.txt", GOOD)
    os.symlink(target, tmp_path / "alias.txt")
    documents, issues = read_corpus(tmp_path)
    assert [d.source_path for d in documents] == ["alias.txt"]
    assert [(i.source_path, i.action, i.reason) for i in issues] == [
        ("real.txt", "skipped", "duplicate of alias.txt (same text)")
    ]


def test_cp1252_file_loads_and_is_reported_as_repaired(tmp_path):
    data = "Caching – a “fast” path\nCosts 5€ per month.\n".encode("cp1252")
    write(tmp_path / "legacy.txt", data)
    documents, issues = read_corpus(tmp_path)
    (document,) = documents
    assert document.text == "Caching – a “fast” path\nCosts 5€ per month.\n"
    assert document.encoding == "cp1252"
    assert [(i.source_path, i.action) for i in issues] == [("legacy.txt", "repaired")]
    assert "cp1252" in issues[0].reason


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"\xef\xbb\xbf" + GOOD.encode(), "utf-8-sig"),
        (GOOD.encode("utf-16"), "utf-16"),
        (GOOD.encode(), "utf-8"),
    ],
)
def test_unicode_files_load_without_issues(tmp_path, data, encoding):
    write(tmp_path / "doc.txt", data)
    (document,), issues = read_corpus(tmp_path)
    assert issues == []
    assert document.encoding == encoding
    assert document.text == GOOD
    assert document.title == "Write-ahead logging"


def test_document_fields(tmp_path):
    data = "# Storage Engines\n\nLSM trees buffer writes.\n".encode()
    write(tmp_path / "notes" / "engines.md", data)
    (document,), _ = read_corpus(tmp_path)
    assert document.source_path == "notes/engines.md"
    assert document.source_type == "markdown"
    assert document.format == "markdown"
    assert document.title == "Storage Engines"
    assert document.content_sha256 == hashlib.sha256(data).hexdigest()
    assert document.n_chars == len(document.text)


def test_doc_id_is_stable_across_reads_and_differs_between_paths(tmp_path):
    write(tmp_path / "a.txt", GOOD)
    write(tmp_path / "sub" / "a.txt", GOOD)
    first, _ = read_corpus(tmp_path)
    second, _ = read_corpus(tmp_path)
    assert [d.doc_id for d in first] == [d.doc_id for d in second]
    one, _ = read_document(tmp_path / "a.txt", tmp_path)
    other, _ = read_document(tmp_path / "sub" / "a.txt", tmp_path)
    assert one.doc_id != other.doc_id  # same content, different path


def test_same_text_under_two_names_keeps_the_first_by_path(tmp_path):
    write(tmp_path / "b.txt", GOOD)
    write(tmp_path / "a" / "copy.txt", GOOD)
    write(tmp_path / "c.txt", GOOD.encode("utf-16"))  # other bytes, same text
    documents, issues = read_corpus(tmp_path)
    assert [d.source_path for d in documents] == ["a/copy.txt"]
    assert [(i.source_path, i.reason) for i in issues] == [
        ("b.txt", "duplicate of a/copy.txt (same text)"),
        ("c.txt", "duplicate of a/copy.txt (same text)"),
    ]


def test_doc_id_does_not_depend_on_where_the_corpus_folder_lives(tmp_path):
    write(tmp_path / "one" / "doc.txt", GOOD)
    write(tmp_path / "two" / "doc.txt", "Other words entirely.\n")
    (one,), _ = read_corpus(tmp_path / "one")
    (two,), _ = read_corpus(tmp_path / "two")
    assert one.doc_id == two.doc_id


def test_source_path_is_relative_to_the_corpus_folder(tmp_path):
    corpus = tmp_path / "deep" / "corpus"
    write(corpus / "x" / "y" / "z.txt", GOOD)
    (document,), _ = read_corpus(corpus)
    assert document.source_path == "x/y/z.txt"
    assert str(tmp_path) not in document.source_path


def test_html_file_is_turned_into_text_with_its_title(tmp_path, fixture_text):
    write(tmp_path / "page.html", fixture_text("page.html"))
    (document,), issues = read_corpus(tmp_path)
    assert issues == []
    assert document.source_type == "html"
    assert document.title == "Raft"  # its first top-level heading; the <title> is the fallback
    assert document.format == "markdown"
    assert "<p>" not in document.text and "# Raft" in document.text


def test_html_saved_as_txt_is_still_read_as_html(tmp_path, fixture_text):
    write(tmp_path / "saved_page.txt", fixture_text("page.html"))
    (document,), _ = read_corpus(tmp_path)
    assert document.source_type == "html"
    assert "window.tracker" not in document.text


def test_html_with_only_markup_is_skipped(tmp_path):
    write(tmp_path / "shell.html", "<html><head><title>Empty</title><script>x()</script></head><body></body></html>")
    documents, issues = read_corpus(tmp_path)
    assert documents == []
    assert [(i.source_path, i.action) for i in issues] == [("shell.html", "skipped")]


def test_title_falls_back_to_the_first_text_line(tmp_path):
    write(tmp_path / "doc.txt", "\n\n   First words here\nmore\n")
    (document,), _ = read_corpus(tmp_path)
    assert document.title == "First words here"


def test_missing_corpus_folder_raises_naming_the_folder(tmp_path):
    missing = tmp_path / "no_such_corpus"
    with pytest.raises(FileNotFoundError, match="no_such_corpus"):
        read_corpus(missing)


def test_a_file_passed_as_corpus_folder_raises(tmp_path):
    path = write(tmp_path / "doc.txt", GOOD)
    with pytest.raises(FileNotFoundError, match="doc.txt"):
        read_corpus(path)


def test_read_document_never_raises_for_bad_content(tmp_path):
    path = write(tmp_path / "bad.txt", b"\x00\x01\x02")
    document, issues = read_document(path, tmp_path)
    assert document is None
    assert issues[0].source_path == "bad.txt"
