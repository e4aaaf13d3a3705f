"""A run killed at any point (SIGKILL, between and inside stages) leaves the previous warehouse
readable and consistent and a complete map in place; the next run completes normally. Two runs on
the same input give identical tables (an ordered hash of every table)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.pipelines.conftest import FIXTURES
from warehouse.checks import run_checks
from warehouse.store import TABLE_ORDER, connect_readonly

PROJECT = Path(__file__).resolve().parents[2]
KILL_AFTER_SECONDS = (0.5, 2.0, 3.5, 4.5, 5.5, 7.0)  # from start-up through extraction to the writes


def table_hashes(path: Path) -> dict[str, str]:
    with connect_readonly(path) as con:
        return {
            table: hashlib.sha256(repr(con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()).encode()).hexdigest()
            for table in TABLE_ORDER
        }


@pytest.fixture()
def workspace(tmp_path, fixture_ontology_dir):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", corpus)
    env = {
        **os.environ, "DAGSTER_HOME": str(home), "KG_CORPUS_DIR": str(corpus), "KG_ONTOLOGY_DIR": str(fixture_ontology_dir),
        "KG_WAREHOUSE": str(tmp_path / "kg.duckdb"), "KG_OUTPUT_DIR": str(tmp_path / "out"),
    }
    return env, tmp_path


def start_run(env) -> subprocess.Popen:
    dagster = Path(sys.executable).with_name("dagster")
    return subprocess.Popen(
        [str(dagster), "asset", "materialize", "-m", "pipelines.definitions", "--select", "*"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def complete_run(env) -> None:
    process = start_run(env)
    assert process.wait(timeout=300) == 0


def test_two_runs_on_the_same_input_give_identical_tables(workspace):
    env, tmp_path = workspace
    complete_run(env)
    first = table_hashes(tmp_path / "kg.duckdb")
    (tmp_path / "kg.duckdb").unlink()  # a full rebuild, not a reuse of the first
    complete_run(env)
    assert table_hashes(tmp_path / "kg.duckdb") == first


def test_sigkill_at_any_point_leaves_a_consistent_warehouse_and_map(workspace):
    env, tmp_path = workspace
    warehouse, page = tmp_path / "kg.duckdb", tmp_path / "out" / "concept_map.html"
    complete_run(env)
    good = table_hashes(warehouse)
    corpus = Path(env["KG_CORPUS_DIR"])
    for round_number, delay in enumerate(KILL_AFTER_SECONDS):
        # change the corpus so that a completed write would differ from the previous one
        (corpus / f"extra-{round_number}.md").write_text(f"# Extra {round_number}\n\nKafka and Redis.\n", encoding="utf-8")
        process = start_run(env)
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

        with connect_readonly(warehouse) as con:
            assert all(outcome.passed for outcome in run_checks(con) if outcome.check.blocking)
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")
        hashes = table_hashes(warehouse)
        assert hashes == good or hashes["documents"] != good["documents"]  # the old build, or a whole new one

    complete_run(env)
    with connect_readonly(warehouse) as con:
        (documents,) = con.execute("SELECT count(*) FROM documents").fetchone()
    assert documents == 3 + len(KILL_AFTER_SECONDS)
    assert not list(tmp_path.glob("*.building*")) and not list((tmp_path / "out").glob(".*.tmp"))
