"""Assets of the storing stage: one asset per DuckDB table, written together and atomically."""

import dagster as dg
import networkx as nx

from graph.analytics import Analytics, entity_coverage
from graph.ontology import Ontology
from pipelines.assets.common import OWNERS, CorpusRead, current_versions
from pipelines.metadata import column_schema
from pipelines.resources import WarehouseResource
from warehouse.rows import KnowledgeBuild, warehouse_rows
from warehouse.store import TABLE_ORDER

# Each table's lineage: the in-memory asset its rows come from.
TABLE_SOURCES = {
    "documents": ["corpus_documents"],
    "document_issues": ["corpus_documents"],
    "items": ["document_items"],
    "entities": ["ontology"],
    "entity_relations": ["ontology"],
    "mentions": ["entity_mentions"],
    "entity_candidates": ["entity_candidate_terms"],
    "document_candidates": ["entity_candidate_terms"],
    "build_versions": ["ontology"],
    "graph_nodes": ["concept_graph", "graph_analytics"],
    "graph_edges": ["concept_graph"],
    "related_items": ["related_item_links"],
    "communities": ["graph_analytics"],
    "community_gaps": ["graph_analytics"],
    "entity_coverage": ["document_items", "entity_mentions"],
}
WAREHOUSE_SPECS = [
    dg.AssetSpec(
        ["warehouse", table],
        description=f"DuckDB table `{table}` of the warehouse (columns: README, The warehouse).",
        group_name="warehouse",
        kinds={"duckdb"},
        owners=OWNERS,
        deps=TABLE_SOURCES[table],
    )
    for table in TABLE_ORDER
]


@dg.multi_asset(specs=WAREHOUSE_SPECS, name="warehouse_tables")
def warehouse_tables(
    ontology: Ontology,
    corpus_documents: CorpusRead,
    # Lists of rows, left unannotated so Dagster does not type-check every element (see row_inputs;
    # `ins` cannot be used here: the specs already declare these assets as the tables' deps).
    document_items,  # list[Item]
    entity_mentions,  # list[Mention]
    entity_candidate_terms,  # list[DocumentCandidate]
    related_item_links,  # list[RelatedItem]
    concept_graph: nx.MultiDiGraph,
    graph_analytics: Analytics,
    warehouse: WarehouseResource,
):
    """Writes every warehouse table (and the views) into a new DuckDB file and renames it into
    place, so the tables always come from one run and a failed run leaves the previous warehouse."""
    build = KnowledgeBuild(
        documents=corpus_documents.documents,
        issues=corpus_documents.issues,
        items=document_items,
        ontology=ontology,
        mentions=entity_mentions,
        document_candidates=entity_candidate_terms,
        related=related_item_links,
        graph=concept_graph,
        analytics=graph_analytics,
        coverage=entity_coverage(document_items, entity_mentions),
        versions=current_versions(ontology),
    )
    counts = warehouse.replace_tables(warehouse_rows(build)).counts
    with warehouse.read_only() as con:
        for table in TABLE_ORDER:
            columns = con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
            yield dg.MaterializeResult(
                asset_key=["warehouse", table],
                metadata={
                    "dagster/row_count": counts[table],
                    "dagster/column_schema": column_schema(columns),
                    "dagster/table_name": f"knowledge.main.{table}",
                    "database": dg.MetadataValue.path(str(warehouse.path)),
                },
            )
