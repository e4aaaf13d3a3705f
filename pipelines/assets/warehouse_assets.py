"""Assets of the storing stage: one asset per DuckDB table, written together and atomically. Each
table's description, columns, types, keys and column descriptions come from warehouse/schema.sql
(its COMMENT ON statements), so the catalog shows them before the first run."""

import dagster as dg
import networkx as nx

from graph.analytics import Analytics, entity_coverage
from graph.ontology import Ontology
from pipelines.assets.common import BUILD_POOL, OWNERS, CorpusRead, current_versions
from pipelines.metadata import markdown_table, table_schema
from pipelines.resources import WarehouseResource
from warehouse.rows import KnowledgeBuild, warehouse_rows
from warehouse.store import WAREHOUSE_TABLES, TableDescription, describe_tables

# Each table's lineage: the in-memory assets its rows come from (build_changes: what it compares
# with the previous warehouse).
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
    "build_changes": ["corpus_documents", "ontology", "entity_mentions", "related_item_links"],
}
TABLES = describe_tables()  # from schema.sql, at load time


def _description(table: TableDescription) -> str:
    key = f"Key: {', '.join(table.key)}." if table.key else "No key."
    return (
        f"{table.description} {key} A table of the DuckDB warehouse (KG_WAREHOUSE), written with every other "
        "table into a new file that replaces the old one only when the blocking checks pass."
    )


WAREHOUSE_SPECS = [
    dg.AssetSpec(
        ["warehouse", table],
        description=_description(TABLES[table]),
        group_name="warehouse",
        kinds={"duckdb"},
        owners=OWNERS,
        deps=TABLE_SOURCES[table],
        metadata={
            "dagster/column_schema": table_schema(TABLES[table]),
            "dagster/table_name": f"knowledge.main.{table}",
        },
    )
    for table in WAREHOUSE_TABLES
]


def _changes_metadata(con) -> dict[str, dg.MetadataValue | int]:
    """What this refresh changed, from build_changes: counts, and the documents and entities."""
    counts = dict(((subject, change), n) for subject, change, n in con.execute(
        "SELECT subject, change, sum(n)::INTEGER FROM build_changes GROUP BY ALL").fetchall())
    named = con.execute(
        """SELECT subject, change, label FROM build_changes WHERE subject <> 'related_link'
           ORDER BY subject, change, label LIMIT 100"""
    ).fetchall()
    return {
        **{f"documents_{change}": counts.get(("document", change), 0) for change in ("added", "changed", "removed")},
        **{f"entities_{change}": counts.get(("entity", change), 0) for change in ("added", "removed")},
        **{f"related_links_{change}": counts.get(("related_link", change), 0) for change in ("added", "changed", "removed")},
        "changes": markdown_table(named, ["subject", "change", "path or name"]),
    }


@dg.multi_asset(specs=WAREHOUSE_SPECS, name="warehouse_tables", pool=BUILD_POOL)
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
    """Writes every warehouse table (and the views) into a new DuckDB file, records what changed
    against the previous one (build_changes), and renames it into place, so the tables always come
    from one run and a failed run leaves the previous warehouse."""
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
        written = describe_tables(con)
        changes = _changes_metadata(con)
    for table in WAREHOUSE_TABLES:
        yield dg.MaterializeResult(
            asset_key=["warehouse", table],
            metadata={
                "dagster/row_count": counts[table],
                "dagster/column_schema": table_schema(written[table]),
                "dagster/table_name": f"knowledge.main.{table}",
                "database": dg.MetadataValue.path(str(warehouse.path)),
                **(changes if table == "build_changes" else {}),
            },
        )
