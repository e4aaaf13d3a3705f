"""The UI for real: `dagster dev` on 127.0.0.1 serves the code location; its GraphQL endpoint lists
the assets and the checks; "Materialize all" (the same launchRun call the UI makes) runs every asset
and check in a run of its own and builds the warehouse and the map; on SIGINT (Ctrl-C) it and every process
it started exit within seconds, with no traceback in its log."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
QUERY = "{ assetNodes { assetKey { path } groupName kinds assetChecksOrError { ... on AssetChecks { checks { name } } } } }"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


LAUNCH = """mutation($params: ExecutionParams!) { launchRun(executionParams: $params) {
  __typename ... on LaunchRunSuccess { run { runId } } ... on PythonError { message } ... on InvalidSubsetError { message } } }"""
RUN = """query($id: ID!) { runOrError(runId: $id) { ... on Run { status
  eventConnection(afterCursor: null, limit: 10000) { events { __typename
    ... on AssetCheckEvaluationEvent { evaluation { checkName success } } } } } } }"""


def _graphql(port: int, query: str = QUERY, variables: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _wait_for_assets(process, port: int) -> dict:
    deadline, answer = time.monotonic() + 120, None
    while time.monotonic() < deadline:
        try:
            answer = _graphql(port)
            if answer.get("data", {}).get("assetNodes"):
                return answer
        except OSError:
            pass
        assert process.poll() is None, "dagster dev exited early"
        time.sleep(1)
    raise AssertionError(f"no assets from GraphQL: {answer}")


@pytest.fixture()
def dagster_dev(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "KG_WAREHOUSE": str(tmp_path / "kg.duckdb"),
           "KG_OUTPUT_DIR": str(tmp_path / "out")}
    dagster = Path(sys.executable).with_name("dagster")
    with (tmp_path / "dagster_dev.log").open("wb") as log:
        process = subprocess.Popen(
            [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
            cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, with default signal handling
        )
    yield process, port, tmp_path
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    with contextlib.suppress(ProcessLookupError):  # the webserver and daemon it started
        os.killpg(process.pid, signal.SIGKILL)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_cleanly(process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    """SIGINT (Ctrl-C) to its process group: dagster dev, its webserver and its daemon all exit within
    `seconds`, dagster dev with status 0 or the signal's, and the log shows no traceback."""
    os.killpg(process.pid, signal.SIGINT)
    deadline = time.monotonic() + seconds
    code = process.wait(timeout=seconds)
    while _group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    text = log.read_text(encoding="utf-8", errors="replace")
    assert code in (0, -signal.SIGINT, 128 + signal.SIGINT), f"dagster dev exited with {code}:\n{text[-3000:]}"
    assert not _group_alive(process.pid), f"processes of dagster dev still running {seconds:g} s after Ctrl-C"
    assert "Traceback" not in text, text[-5000:]


def test_dagster_dev_lists_assets_and_checks_and_stops_cleanly(dagster_dev):
    process, port, tmp_path = dagster_dev
    answer = _wait_for_assets(process, port)
    nodes = {"/".join(n["assetKey"]["path"]): n for n in answer["data"]["assetNodes"]}
    assert {"corpus_documents", "entity_mentions", "concept_graph", "warehouse/mentions", "concept_map"} <= set(nodes)
    checks = {c["name"] for n in nodes.values() for c in n["assetChecksOrError"].get("checks", [])}
    assert {"mention_offsets_match", "no_orphan_edges", "unresolved_candidates"} <= checks

    stop_cleanly(process, tmp_path / "dagster_dev.log")


def test_materialize_all_from_the_ui_builds_the_warehouse_and_the_map(dagster_dev):
    process, port, tmp_path = dagster_dev
    answer = _wait_for_assets(process, port)
    keys = [n["assetKey"] for n in answer["data"]["assetNodes"] if n["assetKey"]["path"] != ["corpus_files"]]
    params = {
        "selector": {"repositoryLocationName": "pipelines.definitions", "repositoryName": "__repository__",
                     "jobName": "__ASSET_JOB", "assetSelection": keys},
        "runConfigData": {},
    }
    launched = _graphql(port, LAUNCH, {"params": params})["data"]["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]
    deadline, run = time.monotonic() + 240, None
    while time.monotonic() < deadline:
        run = _graphql(port, RUN, {"id": run_id})["data"]["runOrError"]
        if run["status"] in ("SUCCESS", "FAILURE", "CANCELED"):
            break
        time.sleep(2)
    assert run and run["status"] == "SUCCESS", run and run["status"]
    checks = {e["evaluation"]["checkName"]: e["evaluation"]["success"]
              for e in run["eventConnection"]["events"] if e["__typename"] == "AssetCheckEvaluationEvent"}
    assert checks.get("mention_offsets_match") is True and checks.get("no_orphan_edges") is True, checks

    import duckdb

    with duckdb.connect(str(tmp_path / "kg.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    assert "Apache Kafka" in (tmp_path / "out" / "concept_map.html").read_text(encoding="utf-8")
    stop_cleanly(process, tmp_path / "dagster_dev.log")
