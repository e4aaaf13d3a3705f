"""Rows -> the DuckDB file. A build writes a complete new database next to the old one, records
what changed against the old one (`build_changes`), checks it, and renames it into place, so
readers never see half a table, a failed or rejected build leaves the previous warehouse as it was,
and the build never holds a write lock on the published file. Also what others read back from the
file: each table's description (`describe_tables`), the analytics of each node, and the build state
a refresh is decided on.

DuckDB allows one read-write process or many readers. Before publishing, the build makes sure no
other process holds the published file read-write (a user's open session): it waits up to
`lock_timeout` seconds and then fails, naming the process that holds the lock.

The file is written in DuckDB's v1.4.0 storage format (`STORAGE_VERSION`), not 2.0's default: the DuckDB
CLI `make sql` runs (`duckdb-cli` 1.5 on PyPI) and other tools on DuckDB 1.4/1.5 refuse 2.0's format."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from warehouse.checks import CHECKS, CheckOutcome, WarehouseCheck, WarehouseCheckError, run_checks
from warehouse.rows import Rows

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
VIEWS_SQL = Path(__file__).with_name("views.sql")
TABLE_ORDER = (  # referenced tables before the tables that reference them
    "build_versions",
    "documents",
    "document_issues",
    "items",
    "entities",
    "entity_relations",
    "mentions",
    "entity_candidates",
    "document_candidates",
    "graph_nodes",
    "graph_edges",
    "related_items",
    "communities",
    "community_gaps",
    "entity_coverage",
)
# What a build records about itself (against the warehouse it replaces), derived in SQL rather than
# written from rows: not part of "the same input gives the same tables" that TABLE_ORDER's tables keep.
BUILD_LOG_TABLES = ("build_changes",)
WAREHOUSE_TABLES = TABLE_ORDER + BUILD_LOG_TABLES
DEFAULT_LOCK_TIMEOUT = 30.0
# Storage format of the files we write: readable by DuckDB 1.4 and later (the CLI of `make sql` is 1.5).
STORAGE_VERSION = "v1.4.0"
# Crash-safety tests set KG_TEST_PAUSE_AT to one of these points; the build then stops there (see _pause_at).
PAUSE_POINTS = ("start", "schema", "tables", "checked", "replaced")
PAUSE_ENV = "KG_TEST_PAUSE_AT"
PAUSE_SECONDS = 600.0
_HOLDER = re.compile(r"Conflicting lock is held in (?P<holder>.+?)(?:\.\s|$)", re.S)


class WarehouseLockedError(RuntimeError):
    """Another process holds the warehouse read-write; nothing was changed."""


@dataclass(frozen=True)
class WriteResult:
    counts: dict[str, int]
    checks: list[CheckOutcome]


def _building_path(path: Path) -> Path:
    return path.with_name(path.name + ".building")


def pause_marker(path: Path, point: str) -> Path:
    """The file a build paused at `point` creates next to the warehouse `path`."""
    return path.with_name(f"{path.name}.paused-at-{point}")


def _pause_at(point: str, path: Path) -> None:
    """Test hook, off unless KG_TEST_PAUSE_AT names `point`: write the marker `pause_marker(path, point)`
    and wait there (up to PAUSE_SECONDS, then fail), so a test can kill the build at a known point of
    the write instead of after a delay that depends on the machine's speed."""
    if os.environ.get(PAUSE_ENV) != point:
        return
    pause_marker(path, point).write_text(f"{os.getpid()}\n", encoding="utf-8")
    time.sleep(PAUSE_SECONDS)
    raise RuntimeError(f"{PAUSE_ENV}={point}: paused {PAUSE_SECONDS:g} s and nobody stopped the build")


def lock_holder(path: Path) -> str | None:
    """The process holding `path` read-write, or None when a reader can open it."""
    if not path.exists():
        return None
    try:
        duckdb.connect(str(path), read_only=True).close()
        return None
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        match = _HOLDER.search(str(exc))
        return match["holder"].strip() if match else "another process"


def wait_until_unlocked(path: Path, timeout: float = DEFAULT_LOCK_TIMEOUT, poll: float = 0.25) -> None:
    deadline = time.monotonic() + timeout
    while (holder := lock_holder(path)) is not None:
        if time.monotonic() >= deadline:
            raise WarehouseLockedError(
                f"{path} is locked by {holder}, which has it open read-write; waited {timeout:g} s. "
                "Close that session (or reopen it read-only: `duckdb -readonly`, "
                "`duckdb.connect(path, read_only=True)`) and run again. Nothing was changed."
            )
        time.sleep(poll)


def write_warehouse(
    path: Path,
    rows: Rows,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    checks: tuple[WarehouseCheck, ...] = CHECKS,
) -> WriteResult:
    """Write every table into a fresh database, run the checks on it, and atomically replace
    `path` unless a blocking check failed (then `WarehouseCheckError`, old file kept)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _pause_at("start", path)
    wait_until_unlocked(path, lock_timeout)  # fail fast, before the work
    building = _building_path(path)
    for leftover in (building, building.with_name(building.name + ".wal")):
        leftover.unlink(missing_ok=True)
    counts = {}
    try:
        with duckdb.connect(str(building), config={"storage_compatibility_version": STORAGE_VERSION}) as con:
            _attach_previous(con, path)
            con.execute("BEGIN TRANSACTION")
            con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
            _pause_at("schema", path)
            for table in TABLE_ORDER:
                records = rows[table]
                if records:
                    con.register("staged", pa.Table.from_pylist(records))
                    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM staged")
                    con.unregister("staged")
                counts[table] = len(records)
            con.execute(CHANGES_SQL)
            (counts["build_changes"],) = con.execute("SELECT count(*) FROM build_changes").fetchone()
            con.execute(VIEWS_SQL.read_text(encoding="utf-8"))
            _pause_at("tables", path)
            outcomes = run_checks(con, checks)
            failures = [o for o in outcomes if not o.passed and o.check.blocking]
            if failures:
                raise WarehouseCheckError(failures)
            con.execute("COMMIT")
            con.execute("DETACH previous")
            con.execute("CHECKPOINT")
        _pause_at("checked", path)
        wait_until_unlocked(path, lock_timeout)
        os.replace(building, path)
    except BaseException:
        building.unlink(missing_ok=True)
        raise
    _pause_at("replaced", path)
    return WriteResult(counts=counts, checks=outcomes)


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: many may be open while a build writes its new file."""
    return duckdb.connect(str(path), read_only=True)


# What changed, as rows of build_changes: the new tables against `previous` (the published warehouse,
# attached read-only, or empty tables when there is none). Documents are known by path (doc_id),
# entities by being named in mentions, related links by (item, related item).
CHANGES_SQL = """
INSERT INTO build_changes
WITH docs AS (
    SELECT 'document' AS subject,
           CASE WHEN o.doc_id IS NULL THEN 'added' WHEN d.doc_id IS NULL THEN 'removed' ELSE 'changed' END AS change,
           coalesce(d.doc_id, o.doc_id) AS subject_id, coalesce(d.source_path, o.source_path) AS label, 1 AS n
    FROM documents d FULL JOIN previous.documents o ON o.doc_id = d.doc_id
    WHERE d.doc_id IS NULL OR o.doc_id IS NULL OR d.content_sha256 <> o.content_sha256),
now_named AS (SELECT DISTINCT entity_id FROM mentions),
before_named AS (SELECT DISTINCT entity_id FROM previous.mentions),
ents AS (
    SELECT 'entity', 'added', n.entity_id, coalesce(e.name, n.entity_id), 1
    FROM now_named n LEFT JOIN entities e USING (entity_id)
    WHERE n.entity_id NOT IN (SELECT entity_id FROM before_named)
    UNION ALL
    SELECT 'entity', 'removed', b.entity_id, coalesce(e.name, b.entity_id), 1
    FROM before_named b LEFT JOIN previous.entities e USING (entity_id)
    WHERE b.entity_id NOT IN (SELECT entity_id FROM now_named)),
links AS (
    SELECT CASE WHEN o.item_id IS NULL THEN 'added' WHEN r.item_id IS NULL THEN 'removed' ELSE 'changed' END AS change
    FROM related_items r FULL JOIN previous.related_items o
      ON o.item_id = r.item_id AND o.related_item_id = r.related_item_id
    WHERE r.item_id IS NULL OR o.item_id IS NULL OR r.rank <> o.rank OR r.score <> o.score)
SELECT * FROM docs
UNION ALL SELECT * FROM ents
UNION ALL SELECT 'related_link', change, NULL, 'related_items', count(*) FROM links GROUP BY change
ORDER BY 1, 2, 4
"""
# The columns of the previous warehouse CHANGES_SQL reads.
_COMPARED = {
    "documents": "doc_id VARCHAR, source_path VARCHAR, content_sha256 VARCHAR",
    "entities": "entity_id VARCHAR, name VARCHAR",
    "mentions": "entity_id VARCHAR",
    "related_items": "item_id VARCHAR, related_item_id VARCHAR, rank INTEGER, score DOUBLE",
}


def _attach_previous(con: duckdb.DuckDBPyConnection, published: Path) -> None:
    """Attach the published warehouse read-only as `previous` (before the build's transaction: one
    transaction writes one database). No file, or one of an older schema, is attached as empty
    tables: everything is then `added`."""
    try:
        if not published.exists():
            raise FileNotFoundError(published)
        con.execute(f"ATTACH '{_quoted(published)}' AS previous (READ_ONLY)")
        for table, columns in _COMPARED.items():
            names = ", ".join(column.split()[0] for column in columns.split(", "))
            con.execute(f"SELECT {names} FROM previous.{table} LIMIT 0")
    except (OSError, duckdb.Error):
        attached = {name for (name,) in con.execute("SELECT database_name FROM duckdb_databases()").fetchall()}
        if "previous" in attached:
            con.execute("DETACH previous")
        con.execute("ATTACH ':memory:' AS previous")
        for table, columns in _COMPARED.items():
            con.execute(f"CREATE TABLE previous.{table} ({columns})")


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


@dataclass(frozen=True)
class ColumnDescription:
    name: str
    type: str
    description: str | None
    nullable: bool
    unique: bool
    key: bool  # part of the table's primary key
    references: str | None  # "table(column)" of a foreign key


@dataclass(frozen=True)
class TableDescription:
    name: str
    description: str | None
    columns: tuple[ColumnDescription, ...]
    key: tuple[str, ...]  # the primary key's columns, () when the table has none


def describe_tables(con: duckdb.DuckDBPyConnection | None = None) -> dict[str, TableDescription]:
    """Each table's description, columns (type, description, constraints) and key, in WAREHOUSE_TABLES order,
    from `con`, or from schema.sql itself (an in-memory database) when no connection is given:
    the one definition both the Dagster catalog and the README are held to."""
    if con is None:
        with duckdb.connect(":memory:") as memory:
            memory.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
            return describe_tables(memory)
    tables = dict(con.execute("SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main'").fetchall())
    constraints: dict[str, list[tuple[str, list[str], str | None, list[str]]]] = {}
    for table, kind, columns, referenced, referenced_columns in con.execute(
        """SELECT table_name, constraint_type, constraint_column_names, referenced_table, referenced_column_names
           FROM duckdb_constraints() WHERE schema_name = 'main'"""
    ).fetchall():
        constraints.setdefault(table, []).append((kind, columns, referenced, referenced_columns))
    described = {}
    for table in (t for t in WAREHOUSE_TABLES if t in tables):
        found = constraints.get(table, [])
        key = next((tuple(cols) for kind, cols, _, _ in found if kind == "PRIMARY KEY"), ())
        unique = {cols[0] for kind, cols, _, _ in found if kind == "UNIQUE" and len(cols) == 1}
        if len(key) == 1:
            unique.add(key[0])
        references = {
            cols[0]: f"{referenced}({ref_cols[0]})"
            for kind, cols, referenced, ref_cols in found if kind == "FOREIGN KEY" and len(cols) == 1
        }
        columns = tuple(
            ColumnDescription(name, data_type, comment, nullable, name in unique, name in key, references.get(name))
            for name, data_type, comment, nullable in con.execute(
                """SELECT column_name, data_type, comment, is_nullable FROM duckdb_columns()
                   WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index""",
                [table],
            ).fetchall()
        )
        described[table] = TableDescription(table, tables[table], columns, key)
    return described


def read_node_annotations(path: Path) -> dict[str, dict[str, Any]]:
    """Node id -> pagerank, betweenness, community and community_label of every item and entity
    node of the published warehouse (what the map and the exports show of the analytics)."""
    with connect_readonly(path) as con:
        rows = con.execute(
            """SELECT n.node_id, n.pagerank, n.betweenness, n.community, c.label
               FROM graph_nodes n JOIN communities c USING (community)
               WHERE n.pagerank IS NOT NULL ORDER BY n.node_id"""
        ).fetchall()
    return {
        node: {"pagerank": pagerank, "betweenness": betweenness, "community": community, "community_label": label}
        for node, pagerank, betweenness, community, label in rows
    }


@dataclass(frozen=True)
class BuildState:
    """What the published warehouse was built from: a refresh is due when the corpus or the
    versions differ from it."""

    documents: dict[str, str]  # source_path -> content_sha256 of every document read
    issue_paths: frozenset[str]  # paths listed in document_issues
    skipped_paths: frozenset[str]  # paths of files that were skipped (no document)
    versions: dict[str, str]  # build_versions
    published_at: float  # the file's modification time: when the build was renamed into place


def read_build_state(path: Path) -> BuildState | None:
    """The published warehouse's build state, or None when there is no warehouse (or one of an
    older schema). Raises WarehouseLockedError when a session holds it read-write."""
    if not path.exists():
        return None
    holder = lock_holder(path)
    if holder is not None:
        raise WarehouseLockedError(f"{path} is locked by {holder}, which has it open read-write")
    try:
        with connect_readonly(path) as con:
            documents = dict(con.execute("SELECT source_path, content_sha256 FROM documents").fetchall())
            issues = con.execute("SELECT source_path, bool_or(action = 'skipped') FROM document_issues GROUP BY ALL").fetchall()
            versions = dict(con.execute("SELECT component, version FROM build_versions").fetchall())
    except duckdb.CatalogException:
        return None
    return BuildState(
        documents=documents,
        issue_paths=frozenset(p for p, _ in issues),
        skipped_paths=frozenset(p for p, skipped in issues if skipped),
        versions=versions,
        published_at=path.stat().st_mtime,
    )
