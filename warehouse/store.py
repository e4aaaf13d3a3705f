"""Rows -> the DuckDB file. A build writes a complete new database next to the old one, checks it,
and renames it into place, so readers never see half a table, a failed or rejected build leaves
the previous warehouse as it was, and the build never holds a write lock on the published file.

DuckDB allows one read-write process or many readers. Before publishing, the build makes sure no
other process holds the published file read-write (a user's open session): it waits up to
`lock_timeout` seconds and then fails, naming the process that holds the lock."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

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
DEFAULT_LOCK_TIMEOUT = 30.0
_HOLDER = re.compile(r"Conflicting lock is held in (?P<holder>.+?)(?:\.\s|$)", re.S)


class WarehouseLockedError(RuntimeError):
    """Another process holds the warehouse read-write; nothing was changed."""


@dataclass(frozen=True)
class WriteResult:
    counts: dict[str, int]
    checks: list[CheckOutcome]


def _building_path(path: Path) -> Path:
    return path.with_name(path.name + ".building")


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
    wait_until_unlocked(path, lock_timeout)  # fail fast, before the work
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
            outcomes = run_checks(con, checks)
            failures = [o for o in outcomes if not o.passed and o.check.blocking]
            if failures:
                raise WarehouseCheckError(failures)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        wait_until_unlocked(path, lock_timeout)
        os.replace(building, path)
    except BaseException:
        building.unlink(missing_ok=True)
        raise
    return WriteResult(counts=counts, checks=outcomes)


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: many may be open while a build writes its new file."""
    return duckdb.connect(str(path), read_only=True)
