"""Rows -> the DuckDB file. A build writes a complete new database next to the old one and renames
it into place, so readers never see half a table, a failed build leaves the previous warehouse as
it was, and the write lock is only ever held on the new file."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pyarrow as pa

from warehouse.rows import Rows

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
VIEWS_SQL = Path(__file__).with_name("views.sql")
TABLE_ORDER = (  # referenced tables before the tables that reference them
    "documents",
    "document_issues",
    "items",
    "entities",
    "entity_relations",
    "mentions",
    "entity_candidates",
    "graph_nodes",
    "graph_edges",
    "related_items",
    "communities",
    "community_gaps",
    "entity_coverage",
)


def _building_path(path: Path) -> Path:
    return path.with_name(path.name + ".building")


def write_warehouse(path: Path, rows: Rows) -> dict[str, int]:
    """Write every table into a fresh database and atomically replace `path`; returns row counts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    building = _building_path(path)
    for leftover in (building, building.with_name(building.name + ".wal")):
        leftover.unlink(missing_ok=True)
    counts = {}
    try:
        with duckdb.connect(str(building)) as con:
            con.execute("BEGIN TRANSACTION")
            con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
            for table in TABLE_ORDER:
                records = rows[table]
                if records:
                    staged = pa.Table.from_pylist(records)  # noqa: F841  (read by name below)
                    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM staged")
                counts[table] = len(records)
            con.execute(VIEWS_SQL.read_text(encoding="utf-8"))
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        os.replace(building, path)
    except BaseException:
        building.unlink(missing_ok=True)
        raise
    return counts


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: many may be open while a build writes its new file."""
    return duckdb.connect(str(path), read_only=True)
