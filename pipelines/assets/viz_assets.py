"""Assets of the output stage: the interactive concept map and the graph exports."""

import dagster as dg
import networkx as nx

from graph.analytics import Analytics, knowledge_subgraph, node_annotations
from graph.map_details import with_map_details
from graph.models import Mention, RelatedItem
from graph.ontology import Ontology
from pipelines.assets.common import OWNERS, CorpusRead, row_inputs
from pipelines.resources import OutputResource
from sources.models import Item
from viz.concept_map import write_concept_map
from viz.exports import write_exports
from warehouse.store import TABLE_ORDER

CONCEPT_MAP_FILE = "concept_map.html"

# The outputs show what the warehouse holds: a blocking check on any table stops them.
WAREHOUSE_KEYS = [["warehouse", table] for table in TABLE_ORDER]


@dg.asset(deps=WAREHOUSE_KEYS, group_name="viz", kinds={"networkx", "json"}, owners=OWNERS)
def graph_exports(concept_graph: nx.MultiDiGraph, graph_analytics: Analytics, output: OutputResource) -> dg.MaterializeResult:
    """The whole graph as GraphML (Gephi) and node-link JSON (networkx, d3), with the analytics."""
    paths = write_exports(concept_graph, output.path, node_annotations(graph_analytics))
    return dg.MaterializeResult(metadata={name: dg.MetadataValue.path(str(path)) for name, path in paths.items()})


@dg.asset(
    deps=WAREHOUSE_KEYS, group_name="viz", kinds={"pyvis", "html"}, owners=OWNERS,
    ins=row_inputs("document_items", "entity_mentions", "related_item_links"),
)
def concept_map(
    ontology: Ontology,
    corpus_documents: CorpusRead,
    document_items: list[Item],
    entity_mentions: list[Mention],
    related_item_links: list[RelatedItem],
    concept_graph: nx.MultiDiGraph,
    graph_analytics: Analytics,
    output: OutputResource,
) -> dg.MaterializeResult:
    """The interactive concept map of items and entities: one self-contained HTML file that works
    offline, with each node's details and evidence one click away."""
    shown = with_map_details(
        knowledge_subgraph(concept_graph),
        corpus_documents.documents, document_items, ontology, entity_mentions, related_item_links,
        annotations=node_annotations(graph_analytics),
    )
    path = write_concept_map(shown, output.path / CONCEPT_MAP_FILE, heading="System-design knowledge graph")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "nodes": shown.number_of_nodes(),
            "edges": shown.number_of_edges(),
            "bytes": path.stat().st_size,
        }
    )
