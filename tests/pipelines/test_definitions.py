"""The code location loads, and every asset reads like the Dagster docs' examples: named after its
data, grouped, described, with kinds and owners, in one lineage from the corpus to the map, each
depending on exactly what it reads; every building step claims the one-refresh-at-a-time pool."""

from __future__ import annotations

import dagster as dg

from pipelines.definitions import defs
from pipelines.assets.common import BUILD_POOL
from warehouse.store import WAREHOUSE_TABLES

EXPECTED = {
    "corpus_files", "ontology", "corpus_documents", "document_items", "entity_mentions", "entity_candidate_terms",
    "related_item_links", "entity_co_occurrences", "concept_graph", "graph_analytics", "graph_exports", "concept_map", *(f"warehouse/{table}" for table in WAREHOUSE_TABLES),
}


def _specs() -> dict[str, dg.AssetSpec]:
    graph = defs.resolve_asset_graph()
    return {key.to_user_string(): graph.get(key) for key in graph.get_all_asset_keys()}


def test_every_asset_is_defined():
    assert set(_specs()) == EXPECTED


def test_assets_have_group_description_kinds_and_owners():
    for name, node in _specs().items():
        assert node.group_name in {"sources", "graph", "warehouse", "viz"}, name
        assert node.description, name
        assert node.kinds, name
        assert node.owners == ["team:knowledge-graph"], name


def test_lineage_runs_from_corpus_files_to_the_map():
    graph = defs.resolve_asset_graph()
    upstream = graph.get(dg.AssetKey("concept_map")).parent_keys
    seen, frontier = set(), set(upstream)
    while frontier:
        key = frontier.pop()
        seen.add(key.to_user_string())
        frontier |= set(graph.get(key).parent_keys)
    assert {"corpus_files", "ontology", "warehouse/graph_nodes", "concept_graph"} <= seen


def test_runs_use_the_in_process_executor():
    assert defs.resolve_job_def("__ASSET_JOB").executor_def.name == "in_process"


def _parents(name: str) -> set[str]:
    return {key.to_user_string() for key in defs.resolve_asset_graph().get(dg.AssetKey.from_user_string(name)).parent_keys}


def test_the_outputs_depend_on_what_they_read():
    analytics = {"warehouse/graph_nodes", "warehouse/communities"}  # each node's analytics, read from the warehouse
    assert _parents("graph_exports") == {"concept_graph", *analytics}
    assert _parents("concept_map") == {
        "ontology", "corpus_documents", "document_items", "entity_mentions", "related_item_links", "concept_graph", *analytics,
    }


def test_each_table_depends_on_the_assets_its_rows_come_from():
    assert _parents("warehouse/mentions") == {"entity_mentions"}
    assert _parents("warehouse/graph_nodes") == {"concept_graph", "graph_analytics"}
    assert _parents("warehouse/build_changes") == {"corpus_documents", "ontology", "entity_mentions", "related_item_links"}
    assert _parents("corpus_documents") == {"corpus_files"}


def test_the_corpus_is_observed_and_every_building_step_claims_the_build_pool():
    graph = defs.resolve_asset_graph()
    corpus = graph.get(dg.AssetKey("corpus_files"))
    assert corpus.is_observable and not corpus.is_materializable
    job = defs.resolve_job_def("refresh_knowledge_graph")
    pools = {node.name: node.definition.pool for node in job.graph.nodes}
    assert pools.pop("corpus_files") is None and pools.pop("warehouse_checks") is None  # they only read
    assert set(pools.values()) == {BUILD_POOL}, pools
    assert "warehouse_tables" in pools and "concept_map" in pools
