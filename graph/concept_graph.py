"""Items, entities, mentions and related items -> the concept graph (networkx): item nodes and
entity nodes, `mentions` edges item -> entity and `related_to` edges between items of different
documents. Node and edge attributes are what the warehouse and the HTML map read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx

from graph.models import Mention, RelatedItem
from graph.ontology import OntologyEntity
from sources.models import Document, Item

RELATED_EDGES_PER_ITEM = 3  # the map shows each item's strongest links; the table keeps all ranks
EXCERPT_CHARS = 280


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1].rstrip() + "…"


def build_concept_graph(
    documents: Iterable[Document],
    items: Iterable[Item],
    entities: Iterable[OntologyEntity],
    mentions: Iterable[Mention],
    related: Iterable[RelatedItem],
) -> nx.Graph:
    doc_titles = {document.doc_id: document.title for document in documents}
    mentions = list(mentions)
    graph = nx.Graph()
    for item in items:
        graph.add_node(
            item.item_id,
            label=item.title or item.kind,
            node_type="item",
            kind=item.kind,
            doc_id=item.doc_id,
            summary=f"{item.kind} · {doc_titles[item.doc_id]}\n{_excerpt(item.body)}".strip(),
        )
    mentioned = {mention.entity_id for mention in mentions}
    for entity in entities:
        if entity.id in mentioned:
            aliases = ", ".join(entity.aliases)
            graph.add_node(
                entity.id,
                label=entity.name,
                node_type="entity",
                kind=entity.type,
                doc_id=None,
                summary="\n".join(
                    part for part in (entity.type, entity.description, f"Also: {aliases}" if aliases else "") if part
                ),
            )
    for (item_id, entity_id), count in sorted(Counter((m.item_id, m.entity_id) for m in mentions).items()):
        graph.add_edge(item_id, entity_id, relation="mentions", weight=float(count))
    for link in related:
        if link.rank <= RELATED_EDGES_PER_ITEM and not graph.has_edge(link.item_id, link.related_item_id):
            graph.add_edge(link.item_id, link.related_item_id, relation="related_to", weight=link.score)
    return graph
