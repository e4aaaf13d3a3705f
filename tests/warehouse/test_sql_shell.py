"""The SQL shell users type into: the DuckDB CLI the project installs (`duckdb-cli`, a 1.x release)
opens the warehouse the build writes, read-only, and answers queries on every table, view and macro;
`make sql` runs it on the file KG_WAREHOUSE names."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from warehouse.store import STORAGE_VERSION, TABLE_ORDER, write_warehouse

PROJECT = Path(__file__).resolve().parents[2]
DUCKDB_CLI = Path(sys.executable).with_name("duckdb")
VIEWS = ("entity_neighbours", "item_related_items", "top_entities_by_kind", "podcast_only_topics")


@pytest.fixture()
def warehouse(tmp_path, fixture_rows) -> Path:
    path = tmp_path / "kg.duckdb"
    write_warehouse(path, fixture_rows)
    return path


def _cli(path: Path, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(DUCKDB_CLI), "-readonly", "-csv", "-noheader", str(path)], input=sql,
                          capture_output=True, text=True, timeout=60)


def test_the_installed_cli_is_a_duckdb_1_release():
    """The point of writing an older storage format: the shell on the registry is not DuckDB 2."""
    version = subprocess.run([str(DUCKDB_CLI), "--version"], capture_output=True, text=True, timeout=60).stdout
    assert version.startswith("v1."), version


def test_the_cli_reads_every_table_view_and_macro_of_a_built_warehouse(warehouse, fixture_rows):
    queries = [f"SELECT '{name}', count(*) FROM {name};" for name in (*TABLE_ORDER, *VIEWS)]
    queries.append("SELECT 'shortest_path', hops FROM shortest_path('redis', 'caching');")
    answer = _cli(warehouse, "\n".join(queries) + "\n")
    assert answer.returncode == 0 and not answer.stderr, answer.stderr
    # (the 1.x CLI may print a coloured deprecation warning before a result: only NAME,COUNT lines count)
    lines = re.sub(r"\x1b\[[0-9;]*m", "", answer.stdout).splitlines()
    counts = {m[1]: int(m[2]) for line in lines if (m := re.fullmatch(r"(\w+),(\d+)", line))}
    assert {table: counts[table] for table in TABLE_ORDER} == {table: len(fixture_rows[table]) for table in TABLE_ORDER}
    assert counts["documents"] > 0 and set(VIEWS) <= set(counts) and counts["shortest_path"] == 1


def test_the_file_records_the_storage_version_it_was_written_for(warehouse):
    answer = _cli(warehouse, "SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = 'kg';")
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.splitlines()[-1].startswith(STORAGE_VERSION)


def test_the_cli_session_is_read_only(warehouse):
    answer = _cli(warehouse, "DELETE FROM documents;")
    assert answer.returncode != 0 and "read-only" in answer.stderr.lower()


def test_make_sql_answers_a_query_on_the_warehouse_kg_warehouse_names(warehouse, tmp_path):
    # -o: use the venv the test runs in as it is, never reinstall from here; a DAGSTER_HOME of the test's own
    make = ["make", "--no-print-directory", "-o", ".venv/bin/.installed", "sql", f"DAGSTER_HOME={tmp_path / 'home'}"]
    answer = subprocess.run([*make, f"KG_WAREHOUSE={warehouse}"], cwd=PROJECT,
                            input="SELECT 'documents:' || count(*) FROM documents;\n", capture_output=True, text=True, timeout=120)
    assert answer.returncode == 0, answer.stderr
    assert "documents:" in answer.stdout

    missing = subprocess.run([*make, f"KG_WAREHOUSE={tmp_path / 'none.duckdb'}"], cwd=PROJECT, input="",
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode != 0 and "make run" in missing.stderr
