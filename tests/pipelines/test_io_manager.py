"""The project's IO manager: values reach downstream steps of the same run without unpickling,
are still on disk for a later run that materializes one asset alone, and a file rewritten by
another run is read again."""

from __future__ import annotations

import dagster as dg
from upath import UPath

from pipelines import assets
from pipelines.io_manager import RunCachedPickleIOManager

ALL_ASSETS = dg.load_assets_from_modules([assets])


def test_a_value_is_reused_within_a_run_and_read_again_once_rewritten(tmp_path):
    path = UPath(tmp_path / "asset")
    manager = RunCachedPickleIOManager(str(tmp_path))
    value = {"rows": [1, 2, 3]}
    manager.dump_to_path(None, value, path)
    assert manager.load_from_path(None, path) is value, "same run: no unpickling"

    other_run = RunCachedPickleIOManager(str(tmp_path))
    assert other_run.load_from_path(None, path) == value, "a later run reads the file"
    other_run.dump_to_path(None, {"rows": [4]}, path)
    assert manager.load_from_path(None, path) == {"rows": [4]}, "rewritten: read again"


def test_one_asset_materializes_alone_from_the_stored_values(fixture_resources):
    assert dg.materialize(ALL_ASSETS, resources=fixture_resources).success
    page = fixture_resources["output"].path / assets.CONCEPT_MAP_FILE
    page.unlink()
    again = dg.materialize(ALL_ASSETS, resources=fixture_resources, selection=["concept_map"])
    assert again.success
    assert "Kubernetes Scheduling" in page.read_text(encoding="utf-8")
