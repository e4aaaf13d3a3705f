"""A run killed (SIGKILL) at each known point of the warehouse write leaves the previous warehouse
readable, consistent and unchanged (or, once the new file is renamed into place, the whole new one) and
the previous map in place; the next run completes normally. The build stops at a point named by
KG_TEST_PAUSE_AT (warehouse/store.py), so where the kill lands does not depend on the machine's speed.
Two runs on the same input give identical tables (an ordered hash of every table)."""

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
from warehouse.store import PAUSE_ENV, PAUSE_POINTS, TABLE_ORDER, connect_readonly, pause_marker

PROJECT = Path(__file__).resolve().parents[2]
REACH_POINT_SECONDS = 300  # a run of the fixture corpus reaches the write in well under a minute


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
    env.pop(PAUSE_ENV, None)  # only kill_at's runs pause
    return env, tmp_path


def start_run(env, log: Path) -> subprocess.Popen:
    dagster = Path(sys.executable).with_name("dagster")
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(dagster), "asset", "materialize", "-m", "pipelines.definitions", "--select", "*"],
            cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )


def complete_run(env) -> None:
    log = Path(env["KG_OUTPUT_DIR"]).parent / "complete_run.log"
    process = start_run(env, log)
    assert process.wait(timeout=300) == 0, log.read_text(encoding="utf-8", errors="replace")[-3000:]


def kill_at(env, point: str) -> None:
    """Run a build that pauses at `point` of the warehouse write, and SIGKILL its whole process group there."""
    warehouse = Path(env["KG_WAREHOUSE"])
    marker, log = pause_marker(warehouse, point), warehouse.with_name(f"run-{point}.log")
    process = start_run({**env, PAUSE_ENV: point}, log)
    try:
        deadline = time.monotonic() + REACH_POINT_SECONDS
        while not marker.exists():
            assert process.poll() is None, (
                f"the build ended ({process.returncode}) before it reached {point!r}:\n"
                + log.read_text(encoding="utf-8", errors="replace")[-3000:])
            assert time.monotonic() < deadline, f"the build did not reach {point!r} in {REACH_POINT_SECONDS} s"
            time.sleep(0.1)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        marker.unlink(missing_ok=True)


def test_two_runs_on_the_same_input_give_identical_tables(workspace):
    env, tmp_path = workspace
    complete_run(env)
    first = table_hashes(tmp_path / "kg.duckdb")
    (tmp_path / "kg.duckdb").unlink()  # a full rebuild, not a reuse of the first
    complete_run(env)
    assert table_hashes(tmp_path / "kg.duckdb") == first


def test_sigkill_at_each_point_of_the_write_leaves_the_previous_warehouse_and_map(workspace):
    env, tmp_path = workspace
    warehouse, page = tmp_path / "kg.duckdb", tmp_path / "out" / "concept_map.html"
    complete_run(env)
    previous, documents_before = table_hashes(warehouse), 3
    corpus = Path(env["KG_CORPUS_DIR"])
    for round_number, point in enumerate(PAUSE_POINTS):
        # change the corpus so that a completed write would differ from the previous one
        (corpus / f"extra-{round_number}.md").write_text(f"# Extra {round_number}\n\nKafka and Redis.\n", encoding="utf-8")
        kill_at(env, point)

        with connect_readonly(warehouse) as con:
            assert all(outcome.passed for outcome in run_checks(con) if outcome.check.blocking), point
            (documents,) = con.execute("SELECT count(*) FROM documents").fetchone()
        hashes = table_hashes(warehouse)
        if point == "replaced":  # killed just after the rename: the whole new build, every table from it
            assert documents == 3 + round_number + 1 and hashes["documents"] != previous["documents"], point
        else:  # killed before the rename: the previous build, the same tables row for row
            assert hashes == previous, f"killed at {point!r}, the warehouse changed"
            assert documents == documents_before
        # the map is written atomically, by its own step: whichever build it comes from, it is whole
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), point
        previous, documents_before = hashes, documents

    complete_run(env)
    with connect_readonly(warehouse) as con:
        (documents,) = con.execute("SELECT count(*) FROM documents").fetchone()
    assert documents == 3 + len(PAUSE_POINTS)
    assert f"Extra {len(PAUSE_POINTS) - 1}" in page.read_text(encoding="utf-8")
    assert not list(tmp_path.glob("*.building*")) and not list((tmp_path / "out").glob(".*.tmp"))
