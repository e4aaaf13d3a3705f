"""Smoke test of the UI: `dagster dev` on 127.0.0.1 serves the code location; its GraphQL endpoint
lists the assets and the checks; it stops cleanly on SIGINT."""

from __future__ import annotations

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


def _graphql(port: int) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": QUERY}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture()
def dagster_dev(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "KG_WAREHOUSE": str(tmp_path / "kg.duckdb"),
           "KG_OUTPUT_DIR": str(tmp_path / "out")}
    dagster = Path(sys.executable).with_name("dagster")
    process = subprocess.Popen(
        [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, with default signal handling
    )
    yield process, port
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_dagster_dev_lists_assets_and_checks_and_stops_cleanly(dagster_dev):
    process, port = dagster_dev
    deadline, answer = time.monotonic() + 120, None
    while time.monotonic() < deadline:
        try:
            answer = _graphql(port)
            if answer.get("data", {}).get("assetNodes"):
                break
        except OSError:
            pass
        assert process.poll() is None, "dagster dev exited early"
        time.sleep(1)
    assert answer and answer["data"]["assetNodes"], f"no assets from GraphQL: {answer}"
    nodes = {"/".join(n["assetKey"]["path"]): n for n in answer["data"]["assetNodes"]}
    assert {"corpus_documents", "entity_mentions", "concept_graph", "warehouse/mentions", "concept_map"} <= set(nodes)
    checks = {c["name"] for n in nodes.values() for c in n["assetChecksOrError"].get("checks", [])}
    assert {"mention_offsets_match", "no_orphan_edges", "unresolved_candidates"} <= checks

    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=30)
    assert process.returncode is not None
