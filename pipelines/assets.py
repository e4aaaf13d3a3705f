"""The assets of the knowledge graph, one lineage from the corpus files to the HTML map:
corpus_files -> corpus_documents -> document_items -> entity_mentions (+ entity_candidate_terms) ->
related_item_links -> concept_graph -> warehouse/<table> -> concept_map. Each asset calls the domain packages; nothing
here parses, matches or draws by itself."""

from collections import Counter

import dagster as dg
import networkx as nx
from pydantic import BaseModel

from graph.analytics import Analytics, analyse, annotated, entity_coverage, knowledge_subgraph
from graph.candidates import DocumentCandidate, rank_candidates
from graph.concept_graph import build_concept_graph
from graph.cooccurrence import CoOccurrence, co_occurrences
from graph.extraction import EXTRACTOR_VERSION, extract
from graph.map_details import with_map_details
from graph.models import Mention, RelatedItem
from graph.nlp import build_nlp
from graph.ontology import Ontology
from graph.ontology_links import hop_links
from graph.related import related_items
from pipelines.metadata import column_schema, markdown_table
from pipelines.resources import CorpusResource, OntologyResource, OutputResource, WarehouseResource
from sources.corpus import read_corpus
from sources.items import PARSER_VERSION, items_of
from sources.models import Document, DocumentIssue, Item
from viz.concept_map import write_concept_map
from viz.exports import write_exports
from warehouse.cache import load_document_candidates, load_items, load_mentions
from warehouse.rows import KnowledgeBuild, warehouse_rows
from warehouse.store import TABLE_ORDER

OWNERS = ["team:knowledge-graph"]
CONCEPT_MAP_FILE = "concept_map.html"


class CorpusRead(BaseModel):
    """The documents read from the corpus folder and the files that were skipped or repaired."""

    documents: list[Document]
    issues: list[DocumentIssue]


def current_versions(ontology: Ontology | None = None) -> dict[str, str]:
    """What documents are processed with now; a change re-processes the stored documents."""
    versions = {"parser": PARSER_VERSION, "extractor": EXTRACTOR_VERSION}
    return versions if ontology is None else {**versions, "ontology": ontology.version}


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
def corpus_documents(corpus: CorpusResource, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every document of the corpus folder, decoded, with its detected format; files that could
    not be read are listed with their reason instead of failing the run."""
    documents, issues = read_corpus(corpus.path)
    previous = warehouse.previous()
    known = previous.hashes if previous else {}
    unchanged = set(previous.unchanged(documents)) if previous else set()
    current = {d.doc_id for d in documents}
    return dg.MaterializeResult(
        value=CorpusRead(documents=documents, issues=issues),
        metadata={
            "corpus_dir": dg.MetadataValue.path(str(corpus.path)),
            "documents": len(documents),
            "documents_unchanged": len(unchanged),
            "documents_new": len(current - set(known)),
            "documents_changed": len((current & set(known)) - unchanged),
            "documents_removed": len(set(known) - current),
            "document_issues": len(issues),
            "preview": markdown_table(
                [(d.source_path, d.format, d.encoding, d.n_chars) for d in documents[:50]],
                ["source_path", "format", "encoding", "n_chars"],
            ),
            "failed_documents": markdown_table(
                [(i.source_path, i.action, i.reason) for i in issues], ["path", "action", "reason"]
            ),
        },
    )


@dg.asset(group_name="sources", kinds={"python"}, owners=OWNERS)
def document_items(corpus_documents: CorpusRead, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """The items of every document (episodes, architecture cards, guides, posts, ...), each once.
    Documents the previous build parsed with the same parser are reused, not parsed again."""
    documents = corpus_documents.documents
    previous = warehouse.previous()
    reused = set(previous.reusable(documents, current_versions(), ("parser",))) if previous else set()
    items = load_items(previous, sorted(reused)) if reused else []
    items += [item for document in documents if document.doc_id not in reused for item in items_of(document)]
    kinds = Counter(item.kind for item in items)
    return dg.MaterializeResult(
        value=items,
        metadata={
            "dagster/row_count": len(items),
            "documents_parsed": len(documents) - len(reused),
            "documents_reused": len(reused),
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
            description="Terms that look like named things but are not in the ontology, per document.",
            group_name="graph",
            kinds={"spacy"},
            owners=OWNERS,
        ),
    },
    name="entity_extraction",
)
def entity_extraction(
    ontology: Ontology,
    corpus_documents: CorpusRead,
    document_items: list[Item],
    ontology_files: OntologyResource,
    warehouse: WarehouseResource,
):
    """One spaCy pass over the items of every new or changed document: ontology mentions and
    candidate terms. Documents the previous build extracted with the same parser, extractor and
    ontology versions are reused; an ontology change re-extracts everything."""
    documents = corpus_documents.documents
    previous = warehouse.previous()
    versions = current_versions(ontology)
    reused = set(previous.reusable(documents, versions, tuple(versions))) if previous else set()
    mentions = load_mentions(previous, sorted(reused)) if reused else []
    candidates = load_document_candidates(previous, sorted(reused)) if reused else []
    todo = [d for d in documents if d.doc_id not in reused]
    if todo:
        todo_ids = {d.doc_id for d in todo}
        fresh = extract(build_nlp(ontology_files.path), todo, [i for i in document_items if i.doc_id in todo_ids])
        mentions += fresh.mentions
        candidates += fresh.candidates
    names = {entity.id: entity.name for entity in ontology.entities}
    top = Counter(mention.entity_id for mention in mentions).most_common(15)
    yield dg.Output(
        mentions,
        output_name="entity_mentions",
        metadata={
            "dagster/row_count": len(mentions),
            "documents_extracted": len(todo),
            "documents_reused": len(reused),
            "distinct_entities": len({mention.entity_id for mention in mentions}),
            "top_entities": markdown_table([(names[e], e, n) for e, n in top], ["entity", "entity_id", "mentions"]),
        },
    )
    ranked = rank_candidates(candidates)
    fresh_terms = {c.term.lower() for c in candidates if c.doc_id in {d.doc_id for d in todo}}
    yield dg.Output(
        candidates,
        output_name="entity_candidate_terms",
        metadata={
            "dagster/row_count": len(ranked),
            "top_candidates": markdown_table(
                [(c.rank, c.term, c.kind, c.n_docs, c.n_mentions) for c in ranked[:20]],
                ["rank", "term", "kind", "documents", "mentions"],
            ),
            "newest_candidates": markdown_table(
                [(c.rank, c.term, c.kind, c.example) for c in ranked if c.term.lower() in fresh_terms][:20],
                ["rank", "term", "kind", "example"],
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
    document_items: list[Item],
    entity_mentions: list[Mention],
    entity_candidate_terms: list[DocumentCandidate],
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


# The outputs show what the warehouse holds: a blocking check on any table stops them.
WAREHOUSE_KEYS = [["warehouse", table] for table in TABLE_ORDER]


@dg.asset(deps=WAREHOUSE_KEYS, group_name="viz", kinds={"networkx", "json"}, owners=OWNERS)
def graph_exports(concept_graph: nx.MultiDiGraph, graph_analytics: Analytics, output: OutputResource) -> dg.MaterializeResult:
    """The whole graph as GraphML (Gephi) and node-link JSON (networkx, d3), with the analytics."""
    paths = write_exports(annotated(concept_graph, graph_analytics), output.path)
    return dg.MaterializeResult(metadata={name: dg.MetadataValue.path(str(path)) for name, path in paths.items()})


@dg.asset(deps=WAREHOUSE_KEYS, group_name="viz", kinds={"pyvis", "html"}, owners=OWNERS)
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
