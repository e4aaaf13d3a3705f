"""Corpus folder -> decoded `Document`s. Finds every `.txt`, `.md`, `.markdown`, `.html` and `.htm`
file below the folder (subfolders too), decodes it and recognises its format. A file that cannot be
read is not an error: it becomes a `DocumentIssue` (its path relative to the corpus folder, the
action and the reason in words) and the rest of the corpus still builds, each good document exactly
as it would alone. `read_corpus` raises only when the corpus folder itself is missing (or cannot
be listed).

What happens to each kind of file (the reason texts are the ones recorded):
- text, markdown and HTML in UTF-8, UTF-8 with a byte-order mark, or UTF-16/UTF-32 with a
  byte-order mark: read, no issue (`Document.encoding` says which);
- not valid UTF-8 (Latin-1, cp1252, a stray byte): decoded as cp1252 (latin-1 when cp1252 cannot)
  and kept, `repaired` "not valid UTF-8: decoded as cp1252";
- HTML (by suffix or by content): turned into text, scripts, styles and attributes (inline event
  handlers too) dropped; that is how HTML is read, not a repair, so no issue. Broken or deeply
  nested markup is read by a linear, non-recursive tokenizer (see `sources.html_text`);
- `skipped` "empty file (0 bytes)", "no text (whitespace only)", "no text (markup only)";
- `skipped` "binary content (NUL bytes) and no byte-order mark", or "not valid utf-16 although it
  starts with a utf-16 byte-order mark (...)";
- `skipped` "too large: N bytes (the limit is 50,000,000 bytes)": above `MAX_DOCUMENT_BYTES`,
  checked before the file is opened. Below it any size is read (parsers are linear: a 20 MB
  document or a 5 MB single line takes seconds);
- `skipped` "links outside the corpus folder": a symlink whose target resolves outside the
  folder. Decided from the link's resolved path before anything is opened, so no byte outside the
  corpus folder is ever read;
- `skipped` "symlink loop"; "unreadable: broken link (its target does not exist)";
  "unreadable: permission denied" (or the system's words for another read error);
- `skipped` "not a regular file (a named pipe)" (or a socket, a device): checked with `stat`
  before opening, and the file is opened non-blocking, so a FIFO never blocks the run;
- `skipped` "file name is not valid UTF-8": the path could not be stored; the recorded path shows
  the bad bytes as `\\xNN`;
- `skipped` "duplicate of <path> (same text)": the same text under two names (a copy, or a
  symlink to another document of the corpus). The first by sorted path is kept, later ones are
  skipped: two copies would give every item a twin that outranks all genuinely related items, and
  double every count. (Keeping the first by path is deterministic, but adding a copy whose name
  sorts earlier moves the document to the copy's path and id.)

Folders: hidden files and folders (".name") are ignored. Links to folders are never followed, so
the walk cannot leave the corpus folder or loop; each is recorded as `skipped` "link to a folder,
not followed (...)". A real folder named like a document ("notes.txt/") is a folder: it is walked,
not read. A subfolder that cannot be listed is `skipped` "unreadable folder: ..."."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from pathlib import Path, PurePosixPath

from sources.decoding import UTF_ENCODINGS, UndecodableError, decode_bytes
from sources.formats import detect_format
from sources.front_matter import FrontMatter, body_text, masked, read_front_matter
from sources.html_text import html_to_text, looks_like_html
from sources.items import stable_id
from sources.markdown_blocks import inline_plain
from sources.models import Document, DocumentIssue
from sources.parsers import markdown

SHIPPED_CORPUS = Path(__file__).parent / "corpus"
DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
# Larger files are skipped unread: a corpus of scraped pages and notes has nothing this big, and one
# such file would hold the whole run in memory for nothing a reader could use.
MAX_DOCUMENT_BYTES = 50_000_000
_TITLE_CHARS = 200
_LINE_MARKS = re.compile(r"^(?:#{1,6}\s+|>\s*|[-*+•·–]\s+|\d{1,3}[.)]\s+)+")  # heading, quote and list marks
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _relative(path: Path, corpus_dir: Path) -> str:
    return path.relative_to(corpus_dir).as_posix()


def _storable(relative: str) -> str:
    """The path as valid text: bytes of a file name that is not UTF-8 shown as `\\xNN`."""
    return os.fsencode(relative).decode("utf-8", "backslashreplace")


def _skip(source_path: str, reason: str) -> DocumentIssue:
    return DocumentIssue(source_path=_storable(source_path), action="skipped", reason=reason)


def _is_document_name(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in DOCUMENT_SUFFIXES


def _folder_link_issue(link: Path, corpus_dir: Path, root: Path) -> DocumentIssue:
    target = link.resolve()
    if not target.is_relative_to(root):
        where = "it links outside the corpus folder"
    elif link.parent.resolve().is_relative_to(target):
        where = "it links to a folder that holds it: a loop"
    else:
        where = "its files are read where they are"
    return _skip(_relative(link, corpus_dir), f"link to a folder, not followed ({where})")


def _walk(corpus_dir: Path) -> tuple[list[Path], list[DocumentIssue]]:
    """Document files below `corpus_dir` (sorted by relative path) and the folders not walked.
    Iterative, and links to folders are not followed: no recursion limit, no loop, no escape."""
    root = corpus_dir.resolve()
    found: list[Path] = []
    issues: list[DocumentIssue] = []
    pending = [corpus_dir]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError as error:
            if folder == corpus_dir:
                raise
            issues.append(_skip(_relative(folder, corpus_dir), f"unreadable folder: {_why(error)}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_link = entry.is_symlink()
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_link = is_folder = False
            if is_link and os.path.isdir(path):  # isdir is False for broken links and loops
                issues.append(_folder_link_issue(path, corpus_dir, root))
            elif is_folder:
                pending.append(path)
            elif _is_document_name(entry.name):
                found.append(path)
    found.sort(key=lambda p: _relative(p, corpus_dir))
    return found, issues


def find_document_paths(corpus_dir: Path) -> list[Path]:
    """Document files below `corpus_dir` in a stable order; hidden files and folders are skipped and
    links to folders are not followed. Anything not a folder counts (a FIFO named `x.txt` too):
    `read_document` decides what can be read."""
    return _walk(corpus_dir)[0]


def _first_line(text: str) -> str | None:
    """The first line with words, as plain text (markdown marks, link targets and images removed)."""
    for line in text.splitlines():
        stripped = _LINE_MARKS.sub("", line.strip())
        if stripped and (plain := inline_plain(stripped)) and any(char.isalnum() for char in plain):
            return plain
    return None


def document_title(text: str, document_format: str, front_matter: FrontMatter | None, html_title: str, fallback: str) -> str:
    """Front-matter title, else the first top-level heading, else the HTML `<title>`, else the first
    line with words, else `fallback` (the file name); always plain text."""
    front = front_matter.attributes.get("title") if front_matter else None
    heading = markdown.title_of(text) if document_format == markdown.FORMAT else None
    html = inline_plain(html_title) if html_title else None
    for title in (front and inline_plain(front), heading, html, _first_line(body_text(text))):
        if title:
            return title[:_TITLE_CHARS]
    return fallback


def _why(error: OSError) -> str:
    """The error in words, without the absolute path `str(error)` would show."""
    if isinstance(error, PermissionError):
        return "permission denied"
    return error.strerror.lower() if error.strerror else type(error).__name__


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode cannot be read as a document, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    kind = (
        "a named pipe" if stat.S_ISFIFO(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a file"
    )
    return f"not a regular file ({kind})"


def _too_large(size: int) -> str:
    return f"too large: {size:,} bytes (the limit is {MAX_DOCUMENT_BYTES:,} bytes)"


def _read_inside(path: Path, corpus_dir: Path) -> bytes | str:
    """The bytes of `path`, or the reason they cannot be read. Nothing is opened unless its real
    path is inside the corpus folder and it is a regular file of allowed size."""
    try:
        resolved = path.resolve(strict=True)
    except RuntimeError:  # how Python 3.11 reports a symlink loop
        return "symlink loop"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symlink loop"
        if error.errno == errno.ENOENT and path.is_symlink():
            return "unreadable: broken link (its target does not exist)"
        return f"unreadable: {_why(error)}"
    if not resolved.is_relative_to(corpus_dir.resolve()):
        return "links outside the corpus folder"
    try:
        info = os.stat(resolved)
        reason = _not_regular(info.st_mode)
        if reason is None and info.st_size > MAX_DOCUMENT_BYTES:
            reason = _too_large(info.st_size)
        if reason:
            return reason
        descriptor = os.open(resolved, _OPEN_FLAGS)
        with open(descriptor, "rb", closefd=True) as file:
            reason = _not_regular(os.fstat(descriptor).st_mode)  # swapped since the check?
            if reason:
                return reason
            data = file.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        return f"unreadable: {_why(error)}"
    return _too_large(len(data)) if len(data) > MAX_DOCUMENT_BYTES else data


def read_document(path: Path, corpus_dir: Path) -> tuple[Document | None, list[DocumentIssue]]:
    """Read and decode one file. Never raises for bad content: returns the issues met instead
    (a skipped file has no document; a repaired one has both)."""
    relative = _relative(path, corpus_dir)
    if _storable(relative) != relative:
        return None, [_skip(relative, "file name is not valid UTF-8")]
    data = _read_inside(path, corpus_dir)
    if isinstance(data, str):
        return None, [_skip(relative, data)]
    return document_from_bytes(data, relative)


def document_from_bytes(data: bytes, source_path: str) -> tuple[Document | None, list[DocumentIssue]]:
    """The document a file's bytes make (what `read_document` does once the bytes are read): decode,
    turn HTML into text, detect the format. `source_path` is the path relative to the corpus
    folder; its suffix says whether the file is markdown or HTML. Never raises for bad content."""

    def skipped(reason: str) -> tuple[None, list[DocumentIssue]]:
        return None, [_skip(source_path, reason)]

    if not data:
        return skipped("empty file (0 bytes)")
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
    if not text.strip():
        return skipped("no text (whitespace only)")
    name = PurePosixPath(source_path)
    suffix = name.suffix.lower()
    html_title = ""
    source_type = "markdown" if suffix in {".md", ".markdown"} else "text"
    if suffix in {".html", ".htm"} or looks_like_html(text):
        text, html_title = html_to_text(text)
        source_type = "html"
        if not text.strip():
            return skipped("no text (markup only)")
    front_matter = read_front_matter(text)
    if front_matter is not None and front_matter.problem:
        issues.append(DocumentIssue(source_path=source_path, action="repaired", reason=front_matter.problem))
    readable = masked(text, front_matter)
    if not readable.strip():
        return None, [*issues, _skip(source_path, "no text (front matter only)")]
    format = detect_format(readable)
    document = Document(
        doc_id=stable_id("doc", source_path),
        source_path=source_path,
        title=document_title(text, format, front_matter, html_title, name.stem),
        source_type=source_type,
        format=format,
        encoding=encoding,
        content_sha256=hashlib.sha256(data).hexdigest(),
        n_chars=len(text),
        text=text,
        attributes=front_matter.attributes if front_matter else {},
    )
    return document, issues


def read_corpus(corpus_dir: Path) -> tuple[list[Document], list[DocumentIssue]]:
    """Every document of the corpus folder, and the issues met reading it (sorted by path)."""
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder {corpus_dir} does not exist (set KG_CORPUS_DIR)")
    paths, issues = _walk(corpus_dir)
    documents: list[Document] = []
    first_with_text: dict[str, str] = {}
    for path in paths:
        document, found = read_document(path, corpus_dir)
        if document is not None:
            key = hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).hexdigest()
            first = first_with_text.setdefault(key, document.source_path)
            if first != document.source_path:
                issues.append(_skip(document.source_path, f"duplicate of {first} (same text)"))
                continue
            documents.append(document)
        issues += found
    issues.sort(key=lambda issue: issue.source_path)
    return documents, issues
