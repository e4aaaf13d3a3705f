"""The warehouse rules as Dagster asset checks: a real run reports every one, and a deliberately
corrupted warehouse makes the right check fail."""

from __future__ import annotations

import dagster as dg
import duckdb

from pipelines import assets
from pipelines.checks import warehouse_quality_checks
from warehouse.checks import CHECKS

ALL_ASSETS = dg.load_assets_from_modules([assets])


def test_a_run_evaluates_every_check_and_they_pass(fixture_resources):
    result = dg.materialize([*ALL_ASSETS, warehouse_quality_checks], resources=fixture_resources)
    assert result.success
    evaluations = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert evaluations == {check.name: True for check in CHECKS}


def test_corrupted_warehouse_fails_the_right_check(fixture_resources):
    assert dg.materialize(ALL_ASSETS, resources=fixture_resources).success
    path = fixture_resources["warehouse"].path
    with duckdb.connect(str(path)) as con:  # no constraint forbids a wrong offset
        con.execute("UPDATE mentions SET start_char = start_char + 1 WHERE mention_id = (SELECT min(mention_id) FROM mentions)")
    results = {r.check_name: r for r in warehouse_quality_checks(warehouse=fixture_resources["warehouse"])}
    assert not results["mention_offsets_match"].passed
    assert results["mention_offsets_match"].metadata["problems"].value == 1
    assert all(r.passed for name, r in results.items() if name != "mention_offsets_match")
