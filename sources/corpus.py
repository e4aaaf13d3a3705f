"""Corpus folder -> decoded `Document`s. Finds every `.txt`, `.md` and `.html` file below the folder
(subfolders too), decodes it and recognises its format. Files that cannot be read are reported as
`DocumentIssue`s with their path and reason; the rest of the corpus still builds."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sources.decoding import UTF_ENCODINGS, UndecodableError, decode_bytes
from sources.formats import detect_format
from sources.html_text import html_to_text, looks_like_html
from sources.items import stable_id
from sources.models import Document, DocumentIssue

SHIPPED_CORPUS = Path(__file__).parent / "corpus"
DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})


def find_document_paths(corpus_dir: Path) -> list[Path]:
    """Document files below `corpus_dir` in a stable order; hidden files and folders are skipped."""
    found = []
    for path in corpus_dir.rglob("*"):
        relative = path.relative_to(corpus_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix.lower() in DOCUMENT_SUFFIXES and not path.is_dir():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(corpus_dir).as_posix())


def _title(text: str, fallback: str) -> str:
    for line in text.splitlines():
        stripped = line.strip().lstrip("#").strip()
        if stripped:
            return stripped[:200]
    return fallback


def read_document(path: Path, corpus_dir: Path) -> tuple[Document | None, list[DocumentIssue]]:
    """Read and decode one file. Never raises for bad content: returns the issues met instead
    (a skipped file has no document; a repaired one has both)."""
    source_path = path.relative_to(corpus_dir).as_posix()

    def skipped(reason: str) -> tuple[None, list[DocumentIssue]]:
        return None, [DocumentIssue(source_path=source_path, action="skipped", reason=reason)]

    try:
        resolved = path.resolve(strict=True)
        if not resolved.is_relative_to(corpus_dir.resolve()):
            return skipped("links outside the corpus folder")
        data = resolved.read_bytes()
    except (OSError, RuntimeError) as exc:
        return skipped(f"unreadable: {getattr(exc, 'strerror', None) or exc}")
    try:
        text, encoding = decode_bytes(data)
    except UndecodableError as exc:
        return skipped(str(exc))
    issues = []
    if encoding not in UTF_ENCODINGS:
        issues.append(
            DocumentIssue(
                source_path=source_path,
                action="repaired",
                reason=f"not valid UTF-8: decoded as {encoding}",
            )
        )
    html_title = ""
    source_type = "markdown" if path.suffix.lower() in {".md", ".markdown"} else "text"
    if path.suffix.lower() in {".html", ".htm"} or looks_like_html(text):
        text, html_title = html_to_text(text)
        source_type = "html"
    if not text.strip():
        return skipped("no text (empty or whitespace only)")
    document = Document(
        doc_id=stable_id("doc", source_path),
        source_path=source_path,
        title=html_title or _title(text, path.stem),
        source_type=source_type,
        format=detect_format(text),
        encoding=encoding,
        content_sha256=hashlib.sha256(data).hexdigest(),
        n_chars=len(text),
        text=text,
    )
    return document, issues


def read_corpus(corpus_dir: Path) -> tuple[list[Document], list[DocumentIssue]]:
    """Every document of the corpus folder, and the issues met reading it."""
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder {corpus_dir} does not exist (set KG_CORPUS_DIR)")
    documents, issues = [], []
    for path in find_document_paths(corpus_dir):
        document, found = read_document(path, corpus_dir)
        issues += found
        if document is not None:
            documents.append(document)
    return documents, issues
