"""Refreshing: a sensor that requests a run when a corpus file is added, changed or removed
(running by default under `dagster dev`), and an optional daily schedule (off by default)."""

from __future__ import annotations

import hashlib
import json

import dagster as dg

from pipelines.resources import CorpusResource
from sources.corpus import find_document_paths

refresh_job = dg.define_asset_job(
    "refresh_knowledge_graph",
    selection=dg.AssetSelection.all(),
    description="Rebuild everything from the corpus: unchanged documents are reused from the warehouse.",
)


def corpus_fingerprint(corpus: CorpusResource) -> dict[str, list[float]]:
    """path -> [mtime, size] of every document file: cheap to take, changes when a file does."""
    fingerprint = {}
    for path in find_document_paths(corpus.path):
        try:
            stat = path.stat()
        except OSError:
            continue
        fingerprint[path.relative_to(corpus.path).as_posix()] = [stat.st_mtime, stat.st_size]
    return fingerprint


@dg.sensor(job=refresh_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def corpus_folder_sensor(context: dg.SensorEvaluationContext, corpus: CorpusResource):
    """Requests a refresh when a document file of the corpus folder is added, changed or removed."""
    if not corpus.path.is_dir():
        return dg.SkipReason(f"corpus folder {corpus.path} does not exist")
    fingerprint = corpus_fingerprint(corpus)
    state = json.dumps(fingerprint, sort_keys=True)
    if state == context.cursor:
        return dg.SkipReason("no document was added, changed or removed")
    previous = json.loads(context.cursor) if context.cursor else {}
    added = sorted(set(fingerprint) - set(previous))
    removed = sorted(set(previous) - set(fingerprint))
    changed = sorted(p for p in set(fingerprint) & set(previous) if fingerprint[p] != previous[p])
    context.update_cursor(state)
    return dg.RunRequest(
        run_key=hashlib.sha256(state.encode()).hexdigest()[:16],
        tags={"corpus_added": str(len(added)), "corpus_changed": str(len(changed)), "corpus_removed": str(len(removed))},
    )


daily_refresh_schedule = dg.ScheduleDefinition(
    name="daily_refresh",
    job=refresh_job,
    cron_schedule="0 6 * * *",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Optional daily rebuild at 06:00 (off by default; the corpus sensor covers file changes).",
)
