"""The warehouse rules as Dagster asset checks: a real run evaluates every one; each one runs alone
(no asset materialized) against the published warehouse and fails when that warehouse is corrupted
on purpose; a failed blocking check keeps the map from being drawn."""

from __future__ import annotations

import shutil

import dagster as dg
import duckdb
import pytest

from pipelines import assets
from pipelines.checks import RULES, warehouse_checks
from pipelines.resources import WarehouseResource
from tests.pipelines.conftest import FIXTURES, run_resources
from tests.warehouse.test_checks import CORRUPTIONS
from warehouse.store import WAREHOUSE_TABLES

ALL_ASSETS = dg.load_assets_from_modules([assets])
KEYS = {key.name: key for key in RULES}


@pytest.fixture(scope="module")
def built(tmp_path_factory, fixture_ontology_dir):
    """A warehouse and the run's stored values, from a real run over the fixture corpus."""
    resources = run_resources(tmp_path_factory.mktemp("built"), FIXTURES / "corpus", fixture_ontology_dir)
    result = dg.materialize([*ALL_ASSETS, warehouse_checks], resources=resources)
    assert result.success
    return resources, result


def run_alone(resources, *names: str, raise_on_error: bool = True) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [*ALL_ASSETS, warehouse_checks], resources=resources, raise_on_error=raise_on_error,
        selection=dg.AssetSelection.checks(*(KEYS[name] for name in names)),
    )


def test_a_run_evaluates_every_check_and_they_pass(built):
    _, result = built
    evaluations = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert evaluations == {key.name: True for key in RULES}
    assert {key.asset_key.path[1] for key in RULES} == set(WAREHOUSE_TABLES)


def test_every_check_runs_alone_against_the_published_warehouse(built):
    resources, _ = built
    for name in KEYS:
        result = run_alone(resources, name)
        assert [(e.check_name, e.passed) for e in result.get_asset_check_evaluations()] == [(name, True)]
        assert result.get_asset_materialization_events() == []


def _corrupted(good, path, corruption: str) -> WarehouseResource:
    """A copy of the published warehouse with its rows in tables without constraints, corrupted."""
    with duckdb.connect(str(path)) as con:
        con.execute(f"ATTACH '{good}' AS good (READ_ONLY)")
        for table in WAREHOUSE_TABLES:
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM good.{table}")
        con.execute("DETACH good")
        con.execute(corruption)
    return WarehouseResource(database=str(path))


FIRST_CORRUPTION = {rule: corruption for corruption, rule, _ in reversed(CORRUPTIONS)}


@pytest.mark.parametrize("name", sorted(FIRST_CORRUPTION))
def test_a_check_run_alone_fails_on_a_corrupted_warehouse(built, tmp_path, name):
    resources, _ = built
    corrupted = _corrupted(resources["warehouse"].path, tmp_path / "corrupted.duckdb", FIRST_CORRUPTION[name])
    result = run_alone(dict(resources, warehouse=corrupted), name, raise_on_error=False)
    assert result.success is not RULES[KEYS[name]].blocking  # a failed blocking check fails its step
    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.check_name == name and not evaluation.passed
    assert evaluation.metadata["problems"].value >= 1
    expected = dg.AssetCheckSeverity.WARN if RULES[KEYS[name]].severity == "warn" else dg.AssetCheckSeverity.ERROR
    assert evaluation.severity == expected


def test_a_check_without_a_warehouse_fails_and_says_why(tmp_path, fixture_ontology_dir):
    resources = run_resources(tmp_path, FIXTURES / "corpus", fixture_ontology_dir)
    result = run_alone(resources, "mention_offsets_match", raise_on_error=False)
    (evaluation,) = result.get_asset_check_evaluations()
    assert not evaluation.passed and "No warehouse at" in evaluation.description


def test_a_failed_blocking_check_keeps_the_map_from_being_drawn(built, tmp_path):
    resources, _ = built
    copy = tmp_path / "published.duckdb"
    shutil.copy(resources["warehouse"].path, copy)
    with duckdb.connect(str(copy)) as con:  # what the map reads of the analytics, corrupted
        con.execute("UPDATE communities SET size = size + 1")
    output = type(resources["output"])(output_dir=str(tmp_path / "out"))
    selection = dg.AssetSelection.assets("concept_map") | dg.AssetSelection.checks(KEYS["community_sizes_match_nodes"])
    result = dg.materialize(
        [*ALL_ASSETS, warehouse_checks], selection=selection, raise_on_error=False,
        resources=dict(resources, warehouse=WarehouseResource(database=str(copy)), output=output),
    )
    (evaluation,) = result.get_asset_check_evaluations()
    assert not evaluation.passed
    assert result.get_asset_materialization_events() == []
    assert not (tmp_path / "out" / assets.CONCEPT_MAP_FILE).exists()
