"""The code location loads, and every asset reads like the Dagster docs' examples: named after its
data, grouped, described, with kinds and owners, in one lineage from the corpus to the map."""

from __future__ import annotations

import dagster as dg

from pipelines.definitions import defs
from warehouse.store import TABLE_ORDER

EXPECTED = {
    "corpus_files", "ontology", "corpus_documents", "document_items", "entity_mentions", "entity_candidate_terms",
    "related_item_links", "entity_co_occurrences", "concept_graph", "graph_analytics", "graph_exports", "concept_map", *(f"warehouse/{table}" for table in TABLE_ORDER),
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
