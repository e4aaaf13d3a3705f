"""The corpus sensor requests a run when a document is added, changed or removed, and only then;
the daily schedule is off by default."""

from __future__ import annotations

import os

import dagster as dg

from pipelines.definitions import defs
from pipelines.resources import CorpusResource
from pipelines.sensors import corpus_folder_sensor


def _tick(corpus, cursor=None):
    context = dg.build_sensor_context(cursor=cursor, resources={"corpus": CorpusResource(corpus_dir=str(corpus))})
    return corpus_folder_sensor(context), context.cursor


def test_sensor_requests_runs_on_add_change_and_remove_only(tmp_path):
    (tmp_path / "a.txt").write_text("Kafka\n", encoding="utf-8")
    first, cursor = _tick(tmp_path)
    assert isinstance(first, dg.RunRequest)
    quiet, same = _tick(tmp_path, cursor)
    assert isinstance(quiet, dg.SkipReason) and same == cursor

    (tmp_path / "b.md").write_text("# Redis\n", encoding="utf-8")
    added, cursor = _tick(tmp_path, cursor)
    assert added.tags["corpus_added"] == "1"

    os.utime(tmp_path / "a.txt", (1, 1))
    changed, cursor = _tick(tmp_path, cursor)
    assert changed.tags["corpus_changed"] == "1"

    (tmp_path / "b.md").unlink()
    removed, cursor = _tick(tmp_path, cursor)
    assert removed.tags["corpus_removed"] == "1"
    assert len({added.run_key, changed.run_key, removed.run_key}) == 3

    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    ignored, _ = _tick(tmp_path, cursor)
    assert isinstance(ignored, dg.SkipReason)


def test_sensor_runs_by_default_and_the_schedule_does_not():
    assert defs.resolve_sensor_def("corpus_folder_sensor").default_status == dg.DefaultSensorStatus.RUNNING
    assert defs.resolve_schedule_def("daily_refresh").default_status == dg.DefaultScheduleStatus.STOPPED
