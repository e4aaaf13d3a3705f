"""Documents, items, entities, mentions, co-occurrences, ontology relations and related items ->
the concept graph (a networkx MultiDiGraph, one edge per pair and relation).

Nodes: `document`s, `group`s (the sections of a page: "Troubleshooting", "Core Topics"), `item`s and
`entity`s. Edges, each with `relation`, `weight` and `evidence` (a list of strings):
- item `mentions` entity: weight sums the mentions, a title mention counting `TITLE_WEIGHT`;
  evidence: the mention ids;
- item `part_of` group or document, group `part_of` document: evidence: the parser's format;
- entity `co_occurs_with` entity (a < b): weight NPMI; evidence: the sentences naming both;
- entity -> entity ontology relations (`is_a`, `provided_by`, `manages`, `compatible_with`,
  `alternative_to`, ...): evidence: the ontology entry;
- item `related_to` item (a < b): weight the related-items score; evidence: shared entities and
  relation paths.
Node and edge attributes are what the warehouse, the exports and the HTML map read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from graph.cooccurrence import CoOccurrence
from graph.models import Mention, RelatedItem
from graph.ontology import Ontology, OntologyEntity
from graph.ontology_links import relation_triples
from graph.related import TITLE_WEIGHT, in_title
from sources.items import stable_id
from sources.models import Document, Item

RELATED_EDGES_PER_ITEM = 3  # the graph keeps each item's strongest links; the table keeps all ranks
EXCERPT_CHARS = 280
GROUP_ATTRIBUTES = ("section", "list", "table", "glossary")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def group_of(item: Item) -> str | None:
    """The page section an item belongs to, if its parser recorded one."""
    for attribute in GROUP_ATTRIBUTES:
        value = item.attributes.get(attribute)
        if isinstance(value, str) and value and value != "preamble":
            return value
    return None


def _add_structure(graph: nx.MultiDiGraph, documents: list[Document], items: list[Item]) -> None:
    for document in documents:
        graph.add_node(document.doc_id, label=document.title, node_type="document", kind=document.format,
                       doc_id=document.doc_id, summary=f"document · {document.source_path}")
    formats = {document.doc_id: document.format for document in documents}
    titles = {document.doc_id: document.title for document in documents}
    for item in items:
        graph.add_node(item.item_id, label=item.heading_path or item.title or item.kind, node_type="item", kind=item.kind,
                       doc_id=item.doc_id, summary=f"{item.kind} · {titles[item.doc_id]}\n{excerpt(item.body)}".strip())
        evidence = [f"parser {formats[item.doc_id]}"]
        group = group_of(item)
        if group is None:
            graph.add_edge(item.item_id, item.doc_id, key="part_of", relation="part_of", weight=1.0, evidence=evidence)
            continue
        group_id = stable_id("group", item.doc_id, group)
        if group_id not in graph:
            graph.add_node(group_id, label=group, node_type="group", kind="section", doc_id=item.doc_id,
                           summary=f"section · {titles[item.doc_id]}")
            graph.add_edge(group_id, item.doc_id, key="part_of", relation="part_of", weight=1.0, evidence=evidence)
        graph.add_edge(item.item_id, group_id, key="part_of", relation="part_of", weight=1.0, evidence=evidence)


def _add_entity(graph: nx.MultiDiGraph, entities: dict[str, OntologyEntity], entity_id: str, mentioned: bool) -> None:
    if entity_id in graph:
        return
    entity = entities[entity_id]
    aliases = ", ".join(entity.aliases)
    graph.add_node(
        entity_id, label=entity.name, node_type="entity", kind=entity.type, doc_id=None, mentioned=mentioned,
        summary="\n".join(p for p in (entity.type, entity.description, f"Also: {aliases}" if aliases else "") if p),
    )


def build_concept_graph(
    documents: Iterable[Document],
    items: Iterable[Item],
    ontology: Ontology,
    mentions: Iterable[Mention],
    co_occurring: Iterable[CoOccurrence],
    related: Iterable[RelatedItem],
) -> nx.MultiDiGraph:
    documents, items, mentions = list(documents), list(items), list(mentions)
    graph = nx.MultiDiGraph()
    _add_structure(graph, documents, items)
    by_id = {item.item_id: item for item in items}
    entities = ontology.by_id()

    mention_ids: dict[tuple[str, str], list[str]] = defaultdict(list)
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for mention in sorted(mentions, key=lambda m: (m.item_id, m.start_char)):
        key = (mention.item_id, mention.entity_id)
        mention_ids[key].append(mention.mention_id)
        weights[key] += TITLE_WEIGHT if in_title(mention, by_id[mention.item_id]) else 1.0
    for entity_id in sorted({entity for _, entity in mention_ids}):
        _add_entity(graph, entities, entity_id, mentioned=True)
    for (item_id, entity_id), ids in sorted(mention_ids.items()):
        graph.add_edge(item_id, entity_id, key="mentions", relation="mentions", weight=weights[(item_id, entity_id)], evidence=ids)

    for pair in co_occurring:
        graph.add_edge(pair.entity_a, pair.entity_b, key="co_occurs_with", relation="co_occurs_with", weight=pair.npmi,
                       evidence=pair.sentences or pair.items, support=pair.n_items)

    mentioned = {entity for _, entity in mention_ids}
    for source, relation, target in relation_triples(ontology):
        # Both ends named in the corpus, or a category the named entity belongs to.
        if (source in mentioned and target in mentioned) or (relation == "is_a" and source in mentioned):
            _add_entity(graph, entities, target, mentioned=target in mentioned)
            graph.add_edge(source, target, key=relation, relation=relation, weight=1.0,
                           evidence=[f"ontology: {source} {relation} {target}"])

    for link in related:
        a, b = sorted((link.item_id, link.related_item_id))
        if link.rank <= RELATED_EDGES_PER_ITEM and not graph.has_edge(a, b, key="related_to"):
            graph.add_edge(a, b, key="related_to", relation="related_to", weight=link.score,
                           evidence=[*link.shared_entities, *link.paths])
    return graph
