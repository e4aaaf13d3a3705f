"""The Dagster instance `make` sets up: telemetry off and one refresh at a time (the build pool has
one slot, held for a whole run), from pipelines/dagster.yaml; and `make run`, the refresh job from
the command line, prints no warning. (That a second run really waits in the queue is shown through
the UI in test_ui_operations.py.)"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import dagster as dg
import yaml

from pipelines.assets.common import BUILD_POOL
from tests.pipelines.conftest import FIXTURES

PROJECT = Path(__file__).resolve().parents[2]


def _make(*args: str) -> str:
    return subprocess.run(["make", "-s", *args], cwd=PROJECT, capture_output=True, text=True, check=True).stdout


def test_make_sets_up_an_instance_that_runs_one_refresh_at_a_time(tmp_path):
    home = tmp_path / "home"
    _make(f"DAGSTER_HOME={home}", f"{home}/dagster.yaml")
    settings = yaml.safe_load((home / "dagster.yaml").read_text(encoding="utf-8"))
    assert settings["telemetry"] == {"enabled": False}
    with dg.DagsterInstance.from_config(str(home)) as instance:
        pools = instance.get_concurrency_config().pool_config
        assert (pools.pool_granularity.value, pools.default_pool_limit) == ("run", 1)
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        assert instance.event_log_storage.get_concurrency_info(BUILD_POOL).slot_count == 1


def test_make_run_builds_without_a_warning(tmp_path, fixture_ontology_dir):
    home = tmp_path / "home"
    _make(f"DAGSTER_HOME={home}", f"{home}/dagster.yaml")
    (command,) = [line for line in _make("-n", "run", f"DAGSTER_HOME={home}").splitlines() if " job execute " in line]
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", corpus)
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}, "DAGSTER_HOME": str(home),
        "KG_CORPUS_DIR": str(corpus), "KG_ONTOLOGY_DIR": str(fixture_ontology_dir),
        "KG_WAREHOUSE": str(tmp_path / "kg.duckdb"), "KG_OUTPUT_DIR": str(tmp_path / "out"),
    }
    done = subprocess.run(command, shell=True, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    output = done.stdout + done.stderr
    assert "Warning" not in output, [line for line in output.splitlines() if "Warning" in line][:5]
    assert "RUN_SUCCESS" in output and (tmp_path / "out" / "concept_map.html").exists()
    with dg.DagsterInstance.from_config(str(home)) as instance:  # the corpus was observed first
        assert instance.fetch_observations(dg.AssetKey("corpus_files"), limit=1).records
