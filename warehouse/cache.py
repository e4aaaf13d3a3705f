"""The previous warehouse as a cache for incremental refreshes. A document is reused when its path
and content hash are unchanged and it was processed by the same parser (items) or the same
parser, extractor and ontology (mentions and candidate terms); everything else is processed
again. The warehouse is its own cache: no second store to keep in step, and a document removed
from the corpus simply is not carried over."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from pydantic import BaseModel

from graph.candidates import DocumentCandidate
from graph.models import Mention
from sources.models import Document, Item
from warehouse.store import connect_readonly, lock_holder


class PreviousBuild(BaseModel):
    path: Path
    versions: dict[str, str]
    hashes: dict[str, str]  # doc_id -> content_sha256

    def unchanged(self, documents: list[Document]) -> list[str]:
        """Ids of `documents` whose content is what the previous build processed."""
        return [d.doc_id for d in documents if self.hashes.get(d.doc_id) == d.content_sha256]

    def reusable(self, documents: list[Document], versions: dict[str, str], components: tuple[str, ...]) -> list[str]:
        """Unchanged documents, when the given components' versions are unchanged too."""
        if any(self.versions.get(component) != versions[component] for component in components):
            return []
        return self.unchanged(documents)


def open_previous(path: Path) -> PreviousBuild | None:
    """The previous build's versions and document hashes, or None (no warehouse, an older schema
    without versions, or a warehouse someone holds read-write)."""
    if not path.exists() or lock_holder(path) is not None:
        return None
    try:
        with connect_readonly(path) as con:
            versions = dict(con.execute("SELECT component, version FROM build_versions").fetchall())
            hashes = dict(con.execute("SELECT doc_id, content_sha256 FROM documents").fetchall())
    except duckdb.CatalogException:
        return None
    return PreviousBuild(path=path, versions=versions, hashes=hashes)


def _rows(path: Path, sql: str, doc_ids: list[str]) -> list[dict]:
    if not doc_ids:
        return []
    with connect_readonly(path) as con:
        table = con.sql(sql, params=[doc_ids]).to_arrow_table()
    return table.to_pylist()


def load_items(previous: PreviousBuild, doc_ids: list[str]) -> list[Item]:
    rows = _rows(previous.path, "SELECT * EXCLUDE (attributes), attributes::VARCHAR AS attributes FROM items "
                                "WHERE list_contains(?, doc_id) ORDER BY doc_id, position", doc_ids)
    return [Item(**{**row, "attributes": json.loads(row["attributes"])}) for row in rows]


def load_mentions(previous: PreviousBuild, doc_ids: list[str]) -> list[Mention]:
    rows = _rows(previous.path, "SELECT * FROM mentions WHERE list_contains(?, doc_id) ORDER BY doc_id, start_char, mention_id",
                 doc_ids)
    return [Mention(**row) for row in rows]


def load_document_candidates(previous: PreviousBuild, doc_ids: list[str]) -> list[DocumentCandidate]:
    rows = _rows(previous.path, "SELECT * FROM document_candidates WHERE list_contains(?, doc_id) ORDER BY doc_id, term",
                 doc_ids)
    return [DocumentCandidate(**row) for row in rows]
