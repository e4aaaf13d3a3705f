"""A real in-process Dagster run of every asset into a temporary warehouse and output folder."""

from __future__ import annotations

import dagster as dg

from pipelines import assets
from pipelines.definitions import defs
from warehouse.store import connect_readonly

ALL_ASSETS = dg.load_assets_from_modules([assets])


def _materialize(resources, raise_on_error=True):
    return dg.materialize(ALL_ASSETS, resources=resources, raise_on_error=raise_on_error)


def test_run_builds_warehouse_and_map(fixture_resources):
    result = _materialize(fixture_resources)
    assert result.success
    warehouse = fixture_resources["warehouse"].path
    with connect_readonly(warehouse) as con:
        documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        pairs = con.execute(
            """SELECT i.title, r.title FROM related_items x
               JOIN items i ON i.item_id = x.item_id JOIN items r ON r.item_id = x.related_item_id
               WHERE x.rank = 1"""
        ).fetchall()
        edges_without_nodes = con.execute(
            """SELECT count(*) FROM graph_edges e
               WHERE e.source NOT IN (SELECT node_id FROM graph_nodes)
                  OR e.target NOT IN (SELECT node_id FROM graph_nodes)"""
        ).fetchone()[0]
    assert documents == 3
    assert ("Troubleshooting Kubernetes", "Kubernetes Scheduling") in pairs
    assert edges_without_nodes == 0
    page = fixture_resources["output"].path / assets.CONCEPT_MAP_FILE
    assert "Kubernetes Scheduling" in page.read_text(encoding="utf-8")

    table_events = {
        event.asset_key.to_user_string(): event.materialization.metadata
        for event in result.get_asset_materialization_events()
    }
    assert table_events["warehouse/mentions"]["dagster/row_count"].value > 5
    schema = table_events["warehouse/items"]["dagster/column_schema"].schema
    assert "attributes" in [column.name for column in schema.columns]


def test_failed_run_keeps_previous_warehouse_and_map(fixture_resources, tmp_path):
    assert _materialize(fixture_resources).success
    warehouse = fixture_resources["warehouse"].path
    page = fixture_resources["output"].path / assets.CONCEPT_MAP_FILE
    before = (warehouse.read_bytes(), page.read_bytes())

    broken = tmp_path / "broken-ontology"
    broken.mkdir()
    (broken / "entities.yaml").write_text(
        "version: 1\nentities:\n  - {id: kafka, name: Kafka, type: databse}\n", encoding="utf-8"
    )
    resources = dict(fixture_resources, ontology_files=type(fixture_resources["ontology_files"])(ontology_dir=str(broken)))
    result = _materialize(resources, raise_on_error=False)
    assert not result.success
    failure = next(event for event in result.all_events if event.event_type_value == "STEP_FAILURE")
    assert "entities.yaml: entry #1 (id 'kafka'), field 'type'" in str(failure.event_specific_data.error)
    assert (warehouse.read_bytes(), page.read_bytes()) == before


def test_shipped_definitions_point_at_the_shipped_corpus(monkeypatch):
    resources = defs.resources
    assert resources["corpus"].path.name == "corpus"
    assert resources["warehouse"].path.name == "knowledge.duckdb"
