"""The corpus as an observed source and the refresh sensor, with real Dagster runs in a real instance:
an observation's data version follows the files' contents; the sensor leaves a current warehouse
alone (also on a first start with no run history), requests a refresh after a document is added,
changed or removed or an ontology file is edited, requests a failed refresh again (a few times),
and waits while a run is queued or in progress. The daily schedule is off by default."""

from __future__ import annotations

import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import pytest

from graph.ontology import ONTOLOGY_DIR, load_ontology
from pipelines import assets
from pipelines.checks import warehouse_checks
from pipelines.corpus_state import ontology_version, snapshot_corpus
from pipelines.definitions import defs
from pipelines.resources import WarehouseResource
from pipelines.sensors import MAX_ATTEMPTS, TARGET_TAG, corpus_folder_sensor, refresh_job
from tests.pipelines.conftest import FIXTURES, run_resources

ALL_ASSETS = dg.load_assets_from_modules([assets])


@pytest.fixture()
def project(tmp_path, fixture_ontology_dir):
    """A corpus and an ontology folder of our own, resources pointing at them, and a real instance."""
    corpus, ontology = tmp_path / "corpus", tmp_path / "ontology"
    shutil.copytree(FIXTURES / "corpus", corpus)
    shutil.copytree(fixture_ontology_dir, ontology)
    resources = run_resources(tmp_path, corpus, ontology)
    resources["warehouse"] = WarehouseResource(database=str(tmp_path / "knowledge.duckdb"), lock_timeout=0.5)
    with dg.instance_for_test() as instance:
        yield corpus, ontology, resources, instance


class Sensor:
    """Ticks the sensor as the daemon does, keeping its cursor between ticks."""

    def __init__(self, resources, instance):
        self.resources, self.instance, self.cursor = resources, instance, None

    def tick(self) -> dg.SensorResult:
        context = dg.build_sensor_context(instance=self.instance, cursor=self.cursor, resources=self.resources)
        result = corpus_folder_sensor(context)
        self.cursor = result.cursor
        return result


def refresh(resources, instance, tags=None) -> dg.ExecuteInProcessResult:
    """The refresh job, run in process with the tags of the sensor's request."""
    job = dg.Definitions(
        assets=ALL_ASSETS, asset_checks=[warehouse_checks], jobs=[refresh_job], resources=resources,
        executor=dg.in_process_executor,
    ).resolve_job_def(refresh_job.name)
    return job.execute_in_process(instance=instance, tags=tags or {}, raise_on_error=False)


@contextmanager
def held_read_write(path: Path):
    """Another process with the warehouse open read-write, as a user's DuckDB session would."""
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys, time; c = duckdb.connect({str(path)!r}); print('open', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()


def skipped(result: dg.SensorResult) -> str:
    assert not result.run_requests, result.run_requests
    return result.skip_reason.skip_message


def requested(result: dg.SensorResult) -> dg.RunRequest:
    (request,) = result.run_requests
    return request


def test_an_observation_s_data_version_follows_the_contents(project):
    corpus, _, resources, instance = project
    first = snapshot_corpus(corpus)
    podcast = corpus / "podcast.txt"
    podcast.touch()  # a new modification time, the same content
    assert snapshot_corpus(corpus).data_version == first.data_version
    (corpus / "notes.png").write_bytes(b"\x89PNG")  # not a document
    assert snapshot_corpus(corpus).data_version == first.data_version
    podcast.write_text(podcast.read_text(encoding="utf-8").replace("a", "A", 1), encoding="utf-8")
    changed = snapshot_corpus(corpus)
    assert changed.data_version != first.data_version
    assert len(changed.files) == len(first.files) == 3 and changed.n_bytes == first.n_bytes

    # the observable asset records it, with the number of documents and bytes
    observe = dg.Definitions(
        assets=ALL_ASSETS, jobs=[dg.define_asset_job("observe_corpus", selection=[assets.corpus_files])],
        resources=resources,
    ).resolve_job_def("observe_corpus")
    assert observe.execute_in_process(instance=instance).success
    record = instance.fetch_observations(dg.AssetKey("corpus_files"), limit=1).records[0]
    observation = record.asset_observation
    assert observation.tags["dagster/data_version"] == changed.data_version
    assert observation.metadata["documents"].value == 3 and observation.metadata["bytes"].value == changed.n_bytes


def test_no_run_when_the_warehouse_is_current_even_on_a_first_start(project):
    corpus, _, resources, instance = project
    first = Sensor(resources, instance).tick()
    request = requested(first)  # no warehouse yet
    assert request.tags["corpus_added"] == "3"
    assert first.asset_events[0].tags["dagster/data_version"] == snapshot_corpus(corpus).data_version
    assert refresh(resources, instance, request.tags).success

    sensor = Sensor(resources, instance)
    assert "the warehouse is current" in skipped(sensor.tick())
    again = sensor.tick()
    assert "the warehouse is current" in skipped(again) and again.asset_events == []  # observed once
    with dg.instance_for_test() as fresh:  # `dagster dev` started with no run history
        assert "the warehouse is current" in skipped(Sensor(resources, fresh).tick())


def test_a_refresh_after_a_document_is_added_changed_or_removed(project):
    corpus, _, resources, instance = project
    assert refresh(resources, instance).success
    sensor = Sensor(resources, instance)
    assert "current" in skipped(sensor.tick())

    (corpus / "notes.md").write_text("# Queues\n\nKafka moves messages.\n", encoding="utf-8")
    added = requested(sensor.tick())
    assert (added.tags["corpus_added"], added.tags["corpus_changed"], added.tags["corpus_removed"]) == ("1", "0", "0")
    assert refresh(resources, instance, added.tags).success
    assert "current" in skipped(sensor.tick())

    podcast = corpus / "podcast.txt"
    podcast.write_text(podcast.read_text(encoding="utf-8") + "\nRedis keeps hot keys.\n", encoding="utf-8")
    assert requested(sensor.tick()).tags["corpus_changed"] == "1"
    podcast.unlink()
    removed = requested(sensor.tick())
    assert removed.tags["corpus_removed"] == "1"
    assert len({added.run_key, removed.run_key}) == 2


def test_a_skipped_file_that_gets_text_requests_a_refresh(project):
    corpus, _, resources, instance = project
    (corpus / "empty.txt").write_bytes(b"")
    assert refresh(resources, instance).success
    sensor = Sensor(resources, instance)
    assert "current" in skipped(sensor.tick())
    (corpus / "empty.txt").write_text("Kafka and Redis.\n", encoding="utf-8")
    assert requested(sensor.tick()).tags["corpus_changed"] == "1"


def test_an_edited_ontology_file_requests_a_refresh(project):
    _, ontology, resources, instance = project
    assert refresh(resources, instance).success
    sensor = Sensor(resources, instance)
    assert "current" in skipped(sensor.tick())
    with (ontology / "entities.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  - {id: rabbitmq, name: RabbitMQ, type: technology}\n")
    request = requested(sensor.tick())
    assert request.tags["versions_changed"] == "ontology"
    assert refresh(resources, instance, request.tags).success
    assert "current" in skipped(sensor.tick())


def test_a_failed_refresh_is_requested_again_a_few_times(project):
    corpus, _, resources, instance = project
    assert refresh(resources, instance).success
    sensor = Sensor(resources, instance)
    (corpus / "notes.md").write_text("# Queues\n\nKafka moves messages.\n", encoding="utf-8")
    keys = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        request = requested(sensor.tick())
        assert request.tags["attempt"] == str(attempt)
        keys.append(request.run_key)
        # a session holding the warehouse read-write makes the build fail (after lock_timeout)
        with held_read_write(resources["warehouse"].path):
            assert not refresh(resources, instance, request.tags).success
    assert len(set(keys)) == MAX_ATTEMPTS  # a new run key each time: the daemon launches each
    assert f"failed {MAX_ATTEMPTS} times" in skipped(sensor.tick())

    (corpus / "notes.md").write_text("# Queues\n\nKafka and RabbitMQ move messages.\n", encoding="utf-8")
    request = requested(sensor.tick())  # a new corpus: tried afresh
    assert request.tags["attempt"] == "1"
    assert refresh(resources, instance, request.tags).success
    assert "current" in skipped(sensor.tick())


def test_a_failure_after_the_warehouse_was_written_is_retried(project):
    corpus, _, resources, instance = project
    assert refresh(resources, instance).success
    sensor = Sensor(resources, instance)
    (corpus / "notes.md").write_text("# Queues\n\nKafka moves messages.\n", encoding="utf-8")
    request = requested(sensor.tick())
    blocked = Path(resources["output"].output_dir)
    shutil.rmtree(blocked)
    blocked.write_text("not a folder", encoding="utf-8")  # the map cannot be written; the warehouse can
    assert not refresh(resources, instance, request.tags).success
    retry = requested(sensor.tick())  # the warehouse is current, but the run that made it failed
    assert retry.tags[TARGET_TAG] == request.tags[TARGET_TAG] and retry.tags["attempt"] == "2"
    blocked.unlink()
    assert refresh(resources, instance, retry.tags).success
    assert "current" in skipped(sensor.tick())


def test_no_request_while_a_run_is_queued_or_in_progress(project):
    corpus, _, resources, instance = project
    job = dg.Definitions(assets=ALL_ASSETS, jobs=[refresh_job], resources=resources).resolve_job_def(refresh_job.name)
    run = instance.create_run_for_job(job, status=dg.DagsterRunStatus.STARTED)
    assert "queued or in progress" in skipped(Sensor(resources, instance).tick())
    instance.report_run_canceled(run)
    assert requested(Sensor(resources, instance).tick())


def test_a_warehouse_held_read_write_is_looked_at_again_later(project):
    _, _, resources, instance = project
    assert refresh(resources, instance).success
    with held_read_write(resources["warehouse"].path):
        assert "locked" in skipped(Sensor(resources, instance).tick())


@pytest.mark.parametrize("folder", [ONTOLOGY_DIR, FIXTURES / "ontology"])
def test_the_ontology_version_is_the_loader_s(folder):
    assert ontology_version(folder) == load_ontology(folder).version


def test_sensor_runs_by_default_and_the_schedule_does_not():
    assert defs.resolve_sensor_def("corpus_folder_sensor").default_status == dg.DefaultSensorStatus.RUNNING
    assert defs.resolve_schedule_def("daily_refresh").default_status == dg.DefaultScheduleStatus.STOPPED
