"""Assets of the output stage: the interactive concept map and the graph exports."""

import dagster as dg
import networkx as nx

from graph.analytics import knowledge_subgraph
from graph.map_details import with_map_details
from graph.models import Mention, RelatedItem
from graph.ontology import Ontology
from pipelines.assets.common import BUILD_POOL, OWNERS, CorpusRead, row_inputs
from pipelines.resources import OutputResource, WarehouseResource
from sources.models import Item
from viz.concept_map import write_concept_map
from viz.exports import write_exports

CONCEPT_MAP_FILE = "concept_map.html"

# The outputs read each node's analytics (PageRank, betweenness, community and its label) from these
# published tables, so their blocking checks stop them when the tables are wrong.
ANALYTICS_TABLES = [dg.AssetKey(["warehouse", "graph_nodes"]), dg.AssetKey(["warehouse", "communities"])]


@dg.asset(deps=ANALYTICS_TABLES, group_name="viz", kinds={"networkx", "json"}, owners=OWNERS, pool=BUILD_POOL)
def graph_exports(concept_graph: nx.MultiDiGraph, warehouse: WarehouseResource, output: OutputResource) -> dg.MaterializeResult:
    """The whole graph as GraphML (Gephi) and node-link JSON (networkx, d3), with each node's
    analytics from the warehouse."""
    paths = write_exports(concept_graph, output.path, warehouse.node_annotations())
    return dg.MaterializeResult(metadata={name: dg.MetadataValue.path(str(path)) for name, path in paths.items()})


@dg.asset(
    deps=ANALYTICS_TABLES, group_name="viz", kinds={"pyvis", "html"}, owners=OWNERS, pool=BUILD_POOL,
    ins=row_inputs("document_items", "entity_mentions", "related_item_links"),
)
def concept_map(
    ontology: Ontology,
    corpus_documents: CorpusRead,
    document_items: list[Item],
    entity_mentions: list[Mention],
    related_item_links: list[RelatedItem],
    concept_graph: nx.MultiDiGraph,
    warehouse: WarehouseResource,
    output: OutputResource,
) -> dg.MaterializeResult:
    """The interactive concept map of items and entities: one self-contained HTML file that works
    offline, with each node's details and evidence one click away and its analytics from the warehouse."""
    shown = with_map_details(
        knowledge_subgraph(concept_graph),
        corpus_documents.documents, document_items, ontology, entity_mentions, related_item_links,
        annotations=warehouse.node_annotations(),
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
