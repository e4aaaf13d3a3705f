"""Incremental refresh: an unchanged document is reused, a changed one alone is parsed and
extracted again, a removed one disappears from every table, the graph and the map, an ontology
change re-extracts everything, and the result always equals a full rebuild."""

from __future__ import annotations

import shutil

import dagster as dg
import pytest

from pipelines import assets
from tests.pipelines.conftest import FIXTURES, run_resources
from warehouse.store import TABLE_ORDER, connect_readonly

ALL_ASSETS = dg.load_assets_from_modules([assets])


def _materialize(resources) -> dict[str, dict]:
    result = dg.materialize(ALL_ASSETS, resources=resources)
    assert result.success
    return {
        event.asset_key.to_user_string(): {k: v.value for k, v in event.materialization.metadata.items()}
        for event in result.get_asset_materialization_events()
    }


def _snapshot(resources) -> dict[str, list]:
    with connect_readonly(resources["warehouse"].path) as con:
        return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in TABLE_ORDER}


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", folder)
    (folder / "notes.md").write_text("# Queues\n\nKafka and RabbitMQ move messages.\n", encoding="utf-8")
    return folder


@pytest.fixture()
def resources(tmp_path, corpus, fixture_ontology_dir):
    return run_resources(tmp_path / "incremental", corpus, fixture_ontology_dir)


def _full_rebuild(tmp_path, corpus, ontology_dir):
    fresh = run_resources(tmp_path / "fresh", corpus, ontology_dir)
    _materialize(fresh)
    return _snapshot(fresh)


def test_second_run_reuses_every_document(resources):
    first = _materialize(resources)
    assert first["entity_mentions"]["documents_extracted"] == 4
    second = _materialize(resources)
    assert second["entity_mentions"]["documents_extracted"] == 0
    assert second["entity_mentions"]["documents_reused"] == 4
    assert second["document_items"]["documents_reused"] == 4
    assert second["corpus_documents"]["documents_unchanged"] == 4


def test_changed_document_alone_is_processed_again(tmp_path, corpus, resources, fixture_ontology_dir):
    _materialize(resources)
    notes = corpus / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n# Caching\n\nRedis keeps hot keys.\n", encoding="utf-8")
    metadata = _materialize(resources)
    assert metadata["corpus_documents"]["documents_changed"] == 1
    assert metadata["document_items"]["documents_parsed"] == 1
    assert metadata["entity_mentions"]["documents_extracted"] == 1
    assert metadata["entity_mentions"]["documents_reused"] == 3
    assert _snapshot(resources) == _full_rebuild(tmp_path, corpus, fixture_ontology_dir)


def test_removed_document_is_gone_from_tables_graph_and_map(tmp_path, corpus, resources, fixture_ontology_dir):
    _materialize(resources)
    (corpus / "notes.md").unlink()
    metadata = _materialize(resources)
    assert metadata["corpus_documents"]["documents_removed"] == 1
    with connect_readonly(resources["warehouse"].path) as con:
        assert con.execute("SELECT count(*) FROM documents WHERE source_path = 'notes.md'").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM items WHERE title = 'Queues'").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM graph_nodes WHERE label = 'Queues'").fetchone() == (0,)
    page = (resources["output"].path / assets.CONCEPT_MAP_FILE).read_text(encoding="utf-8")
    assert "Queues" not in page
    assert _snapshot(resources) == _full_rebuild(tmp_path, corpus, fixture_ontology_dir)


def test_ontology_change_re_extracts_everything_but_reuses_items(tmp_path, resources, fixture_ontology_dir):
    _materialize(resources)
    changed = tmp_path / "ontology"
    shutil.copytree(fixture_ontology_dir, changed)
    with (changed / "entities.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  - {id: rabbitmq, name: RabbitMQ, type: technology}\n")
    resources = dict(resources, ontology_files=type(resources["ontology_files"])(ontology_dir=str(changed)))
    metadata = _materialize(resources)
    assert metadata["entity_mentions"]["documents_extracted"] == 4
    assert metadata["document_items"]["documents_reused"] == 4
    with connect_readonly(resources["warehouse"].path) as con:
        assert con.execute("SELECT count(*) FROM mentions WHERE entity_id = 'rabbitmq'").fetchone() == (1,)
