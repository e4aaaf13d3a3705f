"""The assets of the knowledge graph, one lineage from the corpus files to the HTML map:
corpus_files -> corpus_documents -> document_items -> entity_mentions (+ entity_candidate_terms) ->
related_item_links -> concept_graph -> warehouse/<table> -> concept_map. Each asset calls the domain packages; nothing
here parses, matches or draws by itself."""

from collections import Counter

import dagster as dg
import networkx as nx
from pydantic import BaseModel

from graph.analytics import Analytics, analyse, annotated, entity_coverage, knowledge_subgraph
from graph.candidates import EntityCandidate
from graph.concept_graph import build_concept_graph
from graph.cooccurrence import CoOccurrence, co_occurrences
from graph.extraction import extract
from graph.map_details import with_map_details
from graph.models import Mention, RelatedItem
from graph.nlp import build_nlp
from graph.ontology import Ontology
from graph.ontology_links import hop_links
from graph.related import related_items
from pipelines.metadata import column_schema, markdown_table
from pipelines.resources import CorpusResource, OntologyResource, OutputResource, WarehouseResource
from sources.corpus import read_corpus
from sources.items import items_of
from sources.models import Document, DocumentIssue, Item
from viz.concept_map import write_concept_map
from viz.exports import write_exports
from warehouse.rows import KnowledgeBuild, warehouse_rows
from warehouse.store import TABLE_ORDER

OWNERS = ["team:knowledge-graph"]
CONCEPT_MAP_FILE = "concept_map.html"


class CorpusRead(BaseModel):
    """The documents read from the corpus folder and the files that were skipped or repaired."""

    documents: list[Document]
    issues: list[DocumentIssue]


corpus_files = dg.AssetSpec(
    "corpus_files",
    description="The document files (.txt, .md, .html) in the corpus folder (KG_CORPUS_DIR).",
    group_name="sources",
    kinds={"file"},
    owners=OWNERS,
)


@dg.asset(group_name="graph", kinds={"python", "yaml"}, owners=OWNERS)
def ontology(ontology_files: OntologyResource) -> dg.MaterializeResult:
    """The curated ontology of companies, technologies, concepts and AWS services, validated.
    A malformed entry stops the run here, before anything is written."""
    loaded = ontology_files.load()
    by_type = Counter(entity.type for entity in loaded.entities)
    return dg.MaterializeResult(
        value=loaded,
        metadata={
            "entities": len(loaded.entities),
            "ontology_version": loaded.version,
            "ontology_dir": dg.MetadataValue.path(str(ontology_files.path)),
            "by_type": markdown_table(sorted(by_type.items()), ["entity type", "entities"]),
        },
    )


@dg.asset(deps=[corpus_files], group_name="sources", kinds={"python"}, owners=OWNERS)
def corpus_documents(corpus: CorpusResource) -> dg.MaterializeResult:
    """Every document of the corpus folder, decoded, with its detected format; files that could
    not be read are listed with their reason instead of failing the run."""
    documents, issues = read_corpus(corpus.path)
    return dg.MaterializeResult(
        value=CorpusRead(documents=documents, issues=issues),
        metadata={
            "corpus_dir": dg.MetadataValue.path(str(corpus.path)),
            "documents": len(documents),
            "document_issues": len(issues),
            "preview": markdown_table(
                [(d.source_path, d.format, d.encoding, d.n_chars) for d in documents],
                ["source_path", "format", "encoding", "n_chars"],
            ),
            "issues": markdown_table([(i.source_path, i.action, i.reason) for i in issues], ["path", "action", "reason"]),
        },
    )


@dg.asset(group_name="sources", kinds={"python"}, owners=OWNERS)
def document_items(corpus_documents: CorpusRead) -> dg.MaterializeResult:
    """The items of every document (episodes, architecture cards, guides, posts, ...), each once."""
    items = [item for document in corpus_documents.documents for item in items_of(document)]
    kinds = Counter(item.kind for item in items)
    return dg.MaterializeResult(
        value=items,
        metadata={
            "dagster/row_count": len(items),
            "by_kind": markdown_table(kinds.most_common(), ["kind", "items"]),
        },
    )


@dg.multi_asset(
    outs={
        "entity_mentions": dg.AssetOut(
            description="Every mention of an ontology entity in an item, found by spaCy rule components.",
            group_name="graph",
            kinds={"spacy"},
            owners=OWNERS,
        ),
        "entity_candidate_terms": dg.AssetOut(
            description="Terms that look like named things but are not in the ontology, ranked for a curator.",
            group_name="graph",
            kinds={"spacy"},
            owners=OWNERS,
        ),
    },
    name="entity_extraction",
)
def entity_extraction(
    ontology: Ontology, corpus_documents: CorpusRead, document_items: list[Item], ontology_files: OntologyResource
):
    """One spaCy pass over every item: ontology mentions and candidate terms."""
    extraction = extract(build_nlp(ontology_files.path), corpus_documents.documents, document_items)
    mentions = extraction.mentions
    names = {entity.id: entity.name for entity in ontology.entities}
    top = Counter(mention.entity_id for mention in mentions).most_common(15)
    yield dg.Output(
        mentions,
        output_name="entity_mentions",
        metadata={
            "dagster/row_count": len(mentions),
            "distinct_entities": len({mention.entity_id for mention in mentions}),
            "top_entities": markdown_table([(names[e], e, n) for e, n in top], ["entity", "entity_id", "mentions"]),
        },
    )
    yield dg.Output(
        extraction.candidates,
        output_name="entity_candidate_terms",
        metadata={
            "dagster/row_count": len(extraction.candidates),
            "top_candidates": markdown_table(
                [(c.rank, c.term, c.kind, c.n_docs, c.n_mentions) for c in extraction.candidates[:20]],
                ["rank", "term", "kind", "documents", "mentions"],
            ),
        },
    )


@dg.asset(group_name="graph", kinds={"python"}, owners=OWNERS)
def related_item_links(ontology: Ontology, document_items: list[Item], entity_mentions: list[Mention]) -> dg.MaterializeResult:
    """For each item, its top related items in other documents: rarity-weighted shared entities plus
    one hop through ontology relations, with the entities and paths that explain each link."""
    links = related_items(document_items, entity_mentions, hop_links(ontology))
    titles = {item.item_id: item.title for item in document_items}
    best = sorted((link for link in links if link.rank == 1), key=lambda link: -link.score)[:10]
    return dg.MaterializeResult(
        value=links,
        metadata={
            "dagster/row_count": len(links),
            "strongest_links": markdown_table(
                [(titles[l.item_id], titles[l.related_item_id], round(l.score, 3), ", ".join(l.shared_entities[:4]))
                 for l in best],
                ["item", "related item", "score", "shared entities"],
            ),
        },
    )


@dg.asset(group_name="graph", kinds={"python"}, owners=OWNERS)
def entity_co_occurrences(entity_mentions: list[Mention]) -> dg.MaterializeResult:
    """Entity pairs named in the same items (at least two), weighted by NPMI, with the sentences."""
    pairs = co_occurrences(entity_mentions)
    top = sorted(pairs, key=lambda p: (-p.npmi, -p.n_items))[:10]
    return dg.MaterializeResult(
        value=pairs,
        metadata={
            "dagster/row_count": len(pairs),
            "strongest_pairs": markdown_table([(p.entity_a, p.entity_b, p.npmi, p.n_items) for p in top],
                                              ["entity", "entity", "npmi", "items"]),
        },
    )


@dg.asset(group_name="graph", kinds={"networkx"}, owners=OWNERS)
def concept_graph(
    ontology: Ontology,
    corpus_documents: CorpusRead,
    document_items: list[Item],
    entity_mentions: list[Mention],
    entity_co_occurrences: list[CoOccurrence],
    related_item_links: list[RelatedItem],
) -> dg.MaterializeResult:
    """The concept graph: documents, page sections, items and entities, with typed relations
    (mentions, part_of, co_occurs_with, ontology relations, related_to) and their evidence."""
    graph = build_concept_graph(
        corpus_documents.documents, document_items, ontology, entity_mentions, entity_co_occurrences, related_item_links
    )
    relations = Counter(data["relation"] for _, _, data in graph.edges(data=True))
    node_types = Counter(data["node_type"] for _, data in graph.nodes(data=True))
    return dg.MaterializeResult(
        value=graph,
        metadata={
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "nodes_by_type": markdown_table(sorted(node_types.items()), ["node type", "nodes"]),
            "edges_by_relation": markdown_table(sorted(relations.items()), ["relation", "edges"]),
        },
    )


@dg.asset(group_name="graph", kinds={"networkx"}, owners=OWNERS)
def graph_analytics(concept_graph: nx.MultiDiGraph) -> dg.MaterializeResult:
    """PageRank, betweenness and seeded Louvain communities (labelled by their top entities), and
    the strongest gaps between communities."""
    analytics = analyse(concept_graph)
    return dg.MaterializeResult(
        value=analytics,
        metadata={
            "communities": len(analytics.communities),
            "largest_communities": markdown_table(
                [(c.community, c.label, c.size) for c in analytics.communities[:10]], ["community", "label", "nodes"]
            ),
            "bridge_concepts": markdown_table(
                [(concept_graph.nodes[n]["label"], round(m.betweenness, 4))
                 for n, m in sorted(analytics.nodes.items(), key=lambda kv: -kv[1].betweenness)[:10]],
                ["node", "betweenness"],
            ),
        },
    )


# Each table's lineage: the in-memory asset its rows come from.
TABLE_SOURCES = {
    "documents": ["corpus_documents"],
    "document_issues": ["corpus_documents"],
    "items": ["document_items"],
    "entities": ["ontology"],
    "entity_relations": ["ontology"],
    "mentions": ["entity_mentions"],
    "entity_candidates": ["entity_candidate_terms"],
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
    document_items: list[Item],
    entity_mentions: list[Mention],
    entity_candidate_terms: list[EntityCandidate],
    related_item_links: list[RelatedItem],
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
        candidates=entity_candidate_terms,
        related=related_item_links,
        graph=concept_graph,
        analytics=graph_analytics,
        coverage=entity_coverage(document_items, entity_mentions),
    )
    counts = warehouse.replace_tables(warehouse_rows(build))
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


@dg.asset(deps=[["warehouse", "graph_nodes"]], group_name="viz", kinds={"networkx", "json"}, owners=OWNERS)
def graph_exports(concept_graph: nx.MultiDiGraph, graph_analytics: Analytics, output: OutputResource) -> dg.MaterializeResult:
    """The whole graph as GraphML (Gephi) and node-link JSON (networkx, d3), with the analytics."""
    paths = write_exports(annotated(concept_graph, graph_analytics), output.path)
    return dg.MaterializeResult(metadata={name: dg.MetadataValue.path(str(path)) for name, path in paths.items()})


@dg.asset(deps=[["warehouse", "graph_nodes"], ["warehouse", "graph_edges"]], group_name="viz", kinds={"pyvis", "html"}, owners=OWNERS)
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
        knowledge_subgraph(annotated(concept_graph, graph_analytics)),
        corpus_documents.documents, document_items, ontology, entity_mentions, related_item_links,
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
