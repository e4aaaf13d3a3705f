"""Operating the knowledge graph from the Dagster UI for real: the command `make ui` runs, with the
instance settings `make` installs (pipelines/dagster.yaml), on the fixture corpus, driven through the
webserver's GraphQL endpoint as the UI drives it. It starts without a single warning; the catalog
shows column descriptions before any run; two "Materialize all" clicks never run at once (the second
waits in the queue); every check can be executed on its own and runs alone against the published
warehouse; an edited corpus file shows up as a new observation that makes the assets stale, and the
corpus sensor refreshes them."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.pipelines.conftest import FIXTURES

PROJECT = Path(__file__).resolve().parents[2]
LOCATION = {"repositoryLocationName": "pipelines.definitions", "repositoryName": "__repository__"}
DONE = {"SUCCESS", "FAILURE", "CANCELED"}

ASSETS = """{ assetNodes { assetKey { path } staleStatus
  assetChecksOrError { ... on AssetChecks { checks { name canExecuteIndividually } } }
  metadataEntries { label ... on TableSchemaMetadataEntry { schema { columns { name description } } } } } }"""
LAUNCH = """mutation($params: ExecutionParams!) { launchRun(executionParams: $params) { __typename
  ... on LaunchRunSuccess { run { runId } } ... on PythonError { message } ... on InvalidSubsetError { message } } }"""
RUN = """query($id: ID!) { runOrError(runId: $id) { ... on Run { status stepKeysToExecute
  eventConnection(afterCursor: null, limit: 10000) { events { __typename
    ... on AssetCheckEvaluationEvent { evaluation { checkName success } }
    ... on MaterializationEvent { assetKey { path } metadataEntries { label ... on IntMetadataEntry { intValue } } } } } } } }"""
RUNS = "{ runsOrError { ... on Runs { results { runId status jobName tags { key value } } } } }"
OBSERVATIONS = """{ assetNodes(assetKeys: [{path: ["corpus_files"]}]) { dataVersion
  assetObservations(limit: 1) { metadataEntries { label ... on IntMetadataEntry { intValue } } } } }"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _make_ui_command(home: Path) -> str:
    """The command `make ui` runs (printed by make -n, not run by it)."""
    printed = subprocess.run(["make", "-s", "-n", "ui", f"DAGSTER_HOME={home}"], cwd=PROJECT, capture_output=True,
                             text=True, check=True).stdout
    (command,) = [line for line in printed.splitlines() if " dev -w workspace.yaml" in line]
    return command


class UI:
    def __init__(self, port: int):
        self.port = port

    def query(self, query: str, variables: dict | None = None) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/graphql", data=json.dumps({"query": query, "variables": variables or {}}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.loads(response.read())
        assert "errors" not in answer, answer["errors"]
        return answer["data"]

    def launch(self, job: str = "__ASSET_JOB", **selection) -> str:
        params = {"selector": {**LOCATION, "jobName": job, **selection}, "runConfigData": {}}
        launched = self.query(LAUNCH, {"params": params})["launchRun"]
        assert launched["__typename"] == "LaunchRunSuccess", launched
        return launched["run"]["runId"]

    def run(self, run_id: str) -> dict:
        return self.query(RUN, {"id": run_id})["runOrError"]

    def wait(self, run_id: str, timeout: float = 300) -> dict:
        deadline = time.monotonic() + timeout
        while (run := self.run(run_id))["status"] not in DONE:
            assert time.monotonic() < deadline, run["status"]
            time.sleep(1)
        return run


@pytest.fixture()
def ui(tmp_path):
    home = tmp_path / "dagster_home"
    # the instance settings exactly as make installs them (pipelines/dagster.yaml, the build pool's slot)
    subprocess.run(["make", "-s", f"DAGSTER_HOME={home}", f"{home}/dagster.yaml"], cwd=PROJECT, check=True)
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", corpus)
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}, "DAGSTER_HOME": str(home),
        "KG_CORPUS_DIR": str(corpus), "KG_ONTOLOGY_DIR": str(FIXTURES / "ontology"),
        "KG_WAREHOUSE": str(tmp_path / "kg.duckdb"), "KG_OUTPUT_DIR": str(tmp_path / "out"),
    }
    log = tmp_path / "dagster_dev.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            f"{_make_ui_command(home)} -h 127.0.0.1 -p {port}", shell=True, cwd=PROJECT, env=env,
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    client = UI(port)
    deadline = time.monotonic() + 120
    while True:
        assert process.poll() is None, log.read_text()
        try:
            if client.query(ASSETS)["assetNodes"]:
                break
        except OSError:
            pass
        assert time.monotonic() < deadline, "no assets from GraphQL"
        time.sleep(1)
    yield client, corpus, log
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _statuses(ui: UI, run_ids: list[str]) -> list[str]:
    return [ui.run(run_id)["status"] for run_id in run_ids]


def test_the_ui_as_a_data_team_uses_it(ui):
    client, corpus, log = ui
    nodes = {"/".join(n["assetKey"]["path"]): n for n in client.query(ASSETS)["assetNodes"]}

    # the catalog before any run: column descriptions; every check can run on its own
    schema = next(e["schema"] for e in nodes["warehouse/mentions"]["metadataEntries"] if e["label"] == "dagster/column_schema")
    assert {c["name"]: c["description"] for c in schema["columns"]}["surface"] == "the text as written"
    checks = [c for n in nodes.values() for c in (n["assetChecksOrError"].get("checks") or [])]
    assert len(checks) >= 16 and {c["canExecuteIndividually"] for c in checks} == {"CAN_EXECUTE"}

    # two clicks on "Materialize all" (and the corpus sensor's refresh, if it comes first): one at a time
    everything = [n["assetKey"] for n in nodes.values() if n["assetKey"]["path"] != ["corpus_files"]]
    clicks = [client.launch(assetSelection=everything) for _ in range(2)]
    seen_queued_behind_a_run = False
    while True:
        runs = client.query(RUNS)["runsOrError"]["results"]
        active = [r for r in runs if r["status"] in ("STARTING", "STARTED")]
        assert len(active) <= 1, active
        if active and any(r["status"] == "QUEUED" for r in runs):
            seen_queued_behind_a_run = True
        if all(r["status"] in DONE for r in runs) and {r["runId"] for r in runs} >= set(clicks):
            break
        time.sleep(0.5)
    assert seen_queued_behind_a_run
    assert _statuses(client, clicks) == ["SUCCESS", "SUCCESS"]
    run = client.run(clicks[0])
    changes = next(e for e in run["eventConnection"]["events"]
                   if e["__typename"] == "MaterializationEvent" and e["assetKey"]["path"] == ["warehouse", "build_changes"])
    assert {e["label"]: e.get("intValue") for e in changes["metadataEntries"]}["documents_added"] in (0, 3)

    # one check, executed on its own against the published warehouse
    check = client.wait(client.launch(
        assetSelection=[], assetCheckSelection=[{"assetKey": {"path": ["warehouse", "mentions"]}, "name": "mention_offsets_match"}],
    ))
    assert check["status"] == "SUCCESS" and check["stepKeysToExecute"] == ["warehouse_checks"]
    assert [e["evaluation"] for e in check["eventConnection"]["events"] if e["__typename"] == "AssetCheckEvaluationEvent"] == [
        {"checkName": "mention_offsets_match", "success": True}]

    # an edited document: observed by the sensor (a new data version, the assets stale), then refreshed by it
    before = client.query(OBSERVATIONS)["assetNodes"][0]["dataVersion"]
    podcast = corpus / "podcast.txt"
    podcast.write_text(podcast.read_text(encoding="utf-8") + "\nRedis keeps the hot keys.\n", encoding="utf-8")
    known = {r["runId"] for r in client.query(RUNS)["runsOrError"]["results"]}
    deadline = time.monotonic() + 150
    while not (refreshes := [r for r in client.query(RUNS)["runsOrError"]["results"]
                             if r["runId"] not in known and r["jobName"] == "refresh_knowledge_graph"]):
        assert time.monotonic() < deadline, "the sensor did not request a refresh"
        time.sleep(2)
    stale = {"/".join(n["assetKey"]["path"]): n["staleStatus"] for n in client.query(ASSETS)["assetNodes"]}
    if client.run(refreshes[0]["runId"])["status"] in ("QUEUED", "NOT_STARTED", "STARTING"):  # not built yet
        assert stale["corpus_documents"] == "STALE"
    observed = client.query(OBSERVATIONS)["assetNodes"][0]
    assert observed["dataVersion"] != before
    assert {t["key"]: t["value"] for t in refreshes[0]["tags"]}["corpus_changed"] == "1"
    assert client.wait(refreshes[0]["runId"])["status"] == "SUCCESS"
    stale = {"/".join(n["assetKey"]["path"]): n["staleStatus"] for n in client.query(ASSETS)["assetNodes"]}
    assert stale["corpus_documents"] == "FRESH"

    # and nothing on the server's log warned
    text = log.read_text()
    assert "Warning" not in text, [line for line in text.splitlines() if "Warning" in line][:5]
    assert shlex.split(_make_ui_command(log.parent))[0].startswith("PYTHONWARNINGS=")
