"""The assets of the knowledge graph, one lineage from the corpus files to the HTML map:
corpus_files -> corpus_documents -> document_items -> entity_mentions (+ entity_candidate_terms) ->
related_item_links, entity_co_occurrences -> concept_graph -> graph_analytics -> warehouse/<table> ->
graph_exports, concept_map. corpus_files is observed (the folder users fill), the rest is built. One
module per stage; each asset calls the domain packages, nothing here parses, matches or draws by
itself."""

from pipelines.assets.common import OWNERS, CorpusRead, current_versions
from pipelines.assets.graph_assets import (
    concept_graph,
    entity_co_occurrences,
    entity_extraction,
    graph_analytics,
    ontology,
    related_item_links,
)
from pipelines.assets.source_assets import corpus_documents, corpus_files, document_items
from pipelines.assets.viz_assets import CONCEPT_MAP_FILE, concept_map, graph_exports
from pipelines.assets.warehouse_assets import TABLE_SOURCES, warehouse_tables

__all__ = [
    "CONCEPT_MAP_FILE", "OWNERS", "TABLE_SOURCES", "CorpusRead", "concept_graph", "concept_map", "corpus_documents",
    "corpus_files", "current_versions", "document_items", "entity_co_occurrences", "entity_extraction",
    "graph_analytics", "graph_exports", "ontology", "related_item_links", "warehouse_tables",
]
