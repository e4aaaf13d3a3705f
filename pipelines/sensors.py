"""Refreshing: the job that rebuilds everything, a sensor that observes the corpus and requests that
job when the published warehouse no longer matches the corpus or the ontology (running by default
under `dagster dev`), and an optional daily schedule (off by default).

The sensor decides from what is there, not from what it did before: the corpus as observed now and
the warehouse's own build state (each document's content hash and the versions it was built with).
So a current warehouse is left alone (also on the first start), a refresh that failed is requested
again (up to MAX_ATTEMPTS times for the same corpus and ontology), and an edited ontology file
counts like an edited document. Its cursor only remembers the last data version it recorded, so
that an unchanged corpus is not observed again every 30 s."""

from __future__ import annotations

import hashlib

import dagster as dg

from pipelines.assets.common import current_versions
from pipelines.assets.source_assets import CORPUS_FILES, corpus_observation_metadata
from pipelines.corpus_state import ontology_version, snapshot_corpus, staleness
from pipelines.resources import CorpusResource, OntologyResource, WarehouseResource
from warehouse.store import WarehouseLockedError

refresh_job = dg.define_asset_job(
    "refresh_knowledge_graph",
    # the corpus observation first (its data version is what the build reads), then every asset
    selection=dg.AssetSelection.assets(CORPUS_FILES.key) | dg.AssetSelection.all(),
    description="Observe the corpus, then rebuild everything from it: unchanged documents are reused from the warehouse.",
)

MAX_ATTEMPTS = 3
TARGET_TAG = "knowledge_graph/target"  # the corpus data version and the versions a refresh builds
ACTIVE_STATUSES = [
    dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING,
]
# The tags an observation's data version is recorded under: what ObserveResult(data_version=...) sets.
DATA_VERSION_TAGS = {"dagster/data_version": "{}", "dagster/data_version_is_user_provided": "true"}


@dg.sensor(job=refresh_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def corpus_folder_sensor(
    context: dg.SensorEvaluationContext,
    corpus: CorpusResource,
    ontology_files: OntologyResource,
    warehouse: WarehouseResource,
):
    """Observes the corpus folder and requests a refresh when the published warehouse does not
    match it (a document added, changed or removed) or the ontology, parser or extractor changed;
    a failed refresh is requested again, up to three times for the same corpus and ontology."""
    if not corpus.path.is_dir():
        return dg.SkipReason(f"corpus folder {corpus.path} does not exist")
    snapshot = snapshot_corpus(corpus.path)
    observations = []
    if context.cursor != snapshot.data_version:
        observations.append(dg.AssetObservation(
            asset_key=CORPUS_FILES.key,
            metadata=corpus_observation_metadata(snapshot),
            tags={tag: value.format(snapshot.data_version) for tag, value in DATA_VERSION_TAGS.items()},
        ))

    def result(skip: str | None = None, request: dg.RunRequest | None = None) -> dg.SensorResult:
        return dg.SensorResult(run_requests=[request] if request else None, skip_reason=skip,
                               asset_events=observations, cursor=snapshot.data_version)

    versions = current_versions() | {"ontology": ontology_version(ontology_files.path)}
    try:
        stale = staleness(snapshot, warehouse.build_state(), versions)
    except WarehouseLockedError as error:
        return result(skip=f"{error}; the warehouse is looked at again in 30 s")
    target = hashlib.sha256(f"{snapshot.data_version} {sorted(versions.items())}".encode()).hexdigest()[:16]

    active = context.instance.get_runs(dg.RunsFilter(statuses=ACTIVE_STATUSES), limit=1)
    if active:
        return result(skip=f"run {active[0].run_id} is queued or in progress; the corpus is looked at again after it")
    attempts = context.instance.get_runs(dg.RunsFilter(job_name=refresh_job.name, tags={TARGET_TAG: target}))
    failures = [run for run in attempts if run.status == dg.DagsterRunStatus.FAILURE]
    if stale.current and (not attempts or attempts[0].status != dg.DagsterRunStatus.FAILURE):
        return result(skip=f"the warehouse is current: {len(snapshot.files)} document files, ontology {versions['ontology']}")
    if len(failures) >= MAX_ATTEMPTS:
        return result(skip=(
            f"the refresh for this corpus and ontology failed {len(failures)} times (latest: run "
            f"{failures[0].run_id}); fix the cause, then change a file or launch the job by hand"
        ))
    why = stale.summary() if not stale.current else f"retrying the failed run {attempts[0].run_id}"
    context.log.info(f"requesting a refresh: {why}")
    return result(request=dg.RunRequest(
        run_key=f"{target}-{len(failures)}",
        tags={
            TARGET_TAG: target,
            "corpus_added": str(len(stale.added)),
            "corpus_changed": str(len(stale.changed)),
            "corpus_removed": str(len(stale.removed)),
            "versions_changed": ",".join(stale.versions_changed) or "none",
            "attempt": str(len(failures) + 1),
        },
    ))


daily_refresh_schedule = dg.ScheduleDefinition(
    name="daily_refresh",
    job=refresh_job,
    cron_schedule="0 6 * * *",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Optional daily rebuild at 06:00 (off by default; the corpus sensor covers file changes).",
)
