"""Assets of the extraction and linking stage: the ontology, mentions and candidate terms, related
items, co-occurrence, the concept graph and its analytics."""

from collections import Counter

import dagster as dg
import networkx as nx

from graph.analytics import analyse
from graph.candidates import rank_candidates
from graph.concept_graph import build_concept_graph
from graph.cooccurrence import CoOccurrence, co_occurrences
from graph.extraction import extract
from graph.models import Mention, RelatedItem
from graph.nlp import build_nlp
from graph.ontology import Ontology
from graph.ontology_links import hop_links
from graph.related import related_items
from pipelines.assets.common import BUILD_POOL, OWNERS, CorpusRead, current_versions, row_inputs
from pipelines.metadata import markdown_table
from pipelines.resources import OntologyResource, WarehouseResource
from sources.models import Item
from warehouse.cache import load_document_candidates, load_mentions


@dg.asset(group_name="graph", kinds={"python", "yaml"}, owners=OWNERS, pool=BUILD_POOL)
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
    ins=row_inputs("document_items"),
    pool=BUILD_POOL,
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
    ranked = rank_candidates(candidates, limit=None)  # every term: the row count is not the table's cap
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


@dg.asset(
    group_name="graph", kinds={"python"}, owners=OWNERS, pool=BUILD_POOL, ins=row_inputs("document_items", "entity_mentions")
)
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


@dg.asset(
    group_name="graph", kinds={"python"}, owners=OWNERS, pool=BUILD_POOL, ins=row_inputs("document_items", "entity_mentions")
)
def entity_co_occurrences(document_items: list[Item], entity_mentions: list[Mention]) -> dg.MaterializeResult:
    """Entity pairs named in the same items (at least two), weighted by NPMI, with the sentences;
    tables of contents and lists of links left out."""
    pairs = co_occurrences(entity_mentions, items=document_items)
    top = sorted(pairs, key=lambda p: (-p.npmi, -p.n_items))[:10]
    return dg.MaterializeResult(
        value=pairs,
        metadata={
            "dagster/row_count": len(pairs),
            "strongest_pairs": markdown_table([(p.entity_a, p.entity_b, p.npmi, p.n_items) for p in top],
                                              ["entity", "entity", "npmi", "items"]),
        },
    )


@dg.asset(
    group_name="graph", kinds={"networkx"}, owners=OWNERS,
    ins=row_inputs("document_items", "entity_mentions", "entity_co_occurrences", "related_item_links"),
    pool=BUILD_POOL,
)
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


@dg.asset(group_name="graph", kinds={"networkx"}, owners=OWNERS, pool=BUILD_POOL)
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
