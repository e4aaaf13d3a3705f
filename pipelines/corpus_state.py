"""What the corpus and the ontology hold now, against what the published warehouse was built from:
the corpus asset's observations and the refresh sensor's decisions come from here (no Dagster in it).

A corpus snapshot lists every document file (the files the build reads) with the sha256 of its
bytes, the hash `documents.content_sha256` stores. Files are read only when they are regular files
whose real path is inside the corpus folder and not too large, as the build reads them; anything
else is fingerprinted by its link or file status, never opened. Hashes are kept per process, keyed
by the file's status, so a sensor tick re-reads only files that changed."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from sources.corpus import MAX_DOCUMENT_BYTES, find_document_paths
from warehouse.store import BuildState

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_HASHES: dict[tuple, str] = {}  # (path, size, mtime_ns, ctime_ns, inode) -> sha256


@dataclass(frozen=True)
class CorpusSnapshot:
    corpus_dir: Path
    files: dict[str, str]  # path relative to the corpus folder (as documents.source_path) -> sha256 or a status token
    modified: dict[str, float] = field(repr=False)  # path -> modification time
    n_bytes: int

    @property
    def data_version(self) -> str:
        """Changes exactly when a document file is added, removed or changed."""
        digest = hashlib.sha256()
        for path, content in sorted(self.files.items()):
            digest.update(f"{path}\0{content}\n".encode("utf-8", "backslashreplace"))
        return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Staleness:
    """How the published warehouse differs from the corpus and the versions of now."""

    added: list[str]
    changed: list[str]
    removed: list[str]
    versions_changed: list[str]  # components (parser, extractor, ontology) whose version differs
    no_warehouse: bool = False

    @property
    def current(self) -> bool:
        return not (self.no_warehouse or self.added or self.changed or self.removed or self.versions_changed)

    def summary(self) -> str:
        if self.no_warehouse:
            return "no warehouse yet"
        parts = [f"{len(paths)} document(s) {what}" for what, paths in
                 (("added", self.added), ("changed", self.changed), ("removed", self.removed)) if paths]
        parts += [f"{component} version changed" for component in self.versions_changed]
        return ", ".join(parts) or "the warehouse is current"


def _storable(relative: str) -> str:
    """The path as documents.source_path stores it (as sources.corpus does: bytes of a file name
    that is not UTF-8 shown as `\\xNN`)."""
    return os.fsencode(relative).decode("utf-8", "backslashreplace")


def _content(path: Path, root: Path) -> tuple[str, int]:
    """(sha256 of the bytes, size) of a readable document file, else (a status token, 0)."""
    try:
        info = os.lstat(path)
        resolved = path.resolve(strict=True)
        if not resolved.is_relative_to(root):
            return f"outside:{os.readlink(path) if stat.S_ISLNK(info.st_mode) else resolved}", 0
        target = os.stat(resolved)
    except (OSError, RuntimeError) as error:  # broken link, loop, permission
        return f"unreadable:{type(error).__name__}:{getattr(error, 'errno', '')}", 0
    token = f"{stat.S_IFMT(target.st_mode)}:{target.st_size}:{target.st_mtime_ns}"
    if not stat.S_ISREG(target.st_mode) or target.st_size > MAX_DOCUMENT_BYTES:
        return f"not-read:{token}", 0
    key = (str(resolved), target.st_size, target.st_mtime_ns, target.st_ctime_ns, target.st_ino)
    if key not in _HASHES:
        try:
            descriptor = os.open(resolved, _OPEN_FLAGS)
            with open(descriptor, "rb", closefd=True) as file:
                if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                    return f"not-read:{token}", 0
                _HASHES[key] = hashlib.file_digest(file, "sha256").hexdigest()
        except OSError as error:
            return f"unreadable:{type(error).__name__}:{error.errno}", 0
    return _HASHES[key], target.st_size


def snapshot_corpus(corpus_dir: Path) -> CorpusSnapshot:
    root = corpus_dir.resolve()
    files, modified, n_bytes = {}, {}, 0
    for path in find_document_paths(corpus_dir):
        relative = _storable(path.relative_to(corpus_dir).as_posix())
        files[relative], size = _content(path, root)
        n_bytes += size
        try:
            modified[relative] = os.lstat(path).st_mtime
        except OSError:
            modified[relative] = 0.0
    return CorpusSnapshot(corpus_dir=corpus_dir, files=files, modified=modified, n_bytes=n_bytes)


def ontology_version(ontology_dir: Path) -> str:
    """The version `graph.ontology.load_ontology` gives the ontology (a hash of its files), without
    parsing them; tests/pipelines/test_sensors.py holds the two equal."""
    digest = hashlib.sha256()
    for path in sorted(ontology_dir.glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = f"unreadable:{path.stat().st_mtime_ns if path.exists() else 0}"
        digest.update(path.name.encode() + b"\0" + text.encode() + b"\0")
    return digest.hexdigest()[:16]


def staleness(snapshot: CorpusSnapshot, built: BuildState | None, versions: dict[str, str]) -> Staleness:
    """What a refresh would change. A document is compared by its content hash; a file the build
    skipped (it has no hash in the warehouse) counts as changed when it was modified after the
    warehouse was published."""
    if built is None:
        return Staleness(sorted(snapshot.files), [], [], [], no_warehouse=True)
    added, changed = [], []
    for path, content in snapshot.files.items():
        if path in built.documents:
            if built.documents[path] != content:
                changed.append(path)
        elif path in built.issue_paths:
            if snapshot.modified[path] > built.published_at:
                changed.append(path)
        else:
            added.append(path)
    removed = [path for path in built.documents if path not in snapshot.files]
    removed += [  # a skipped file that is gone; issues about folders and links stay while they exist
        path for path in built.skipped_paths
        if path not in snapshot.files and path not in built.documents
        and not os.path.lexists(snapshot.corpus_dir / path)
    ]
    versions_changed = [component for component, version in sorted(versions.items()) if built.versions.get(component) != version]
    return Staleness(sorted(added), sorted(changed), sorted(removed), versions_changed)
