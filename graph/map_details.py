"""What a reader sees when clicking a node of the map, attached to the graph's nodes: for items
their document, attributes, an excerpt and their related items with the reasons; for entities
their aliases, description and the sentences that mention them (the evidence), each pointing to
its item node. Pure: builds a copy of the graph."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import networkx as nx

from graph.concept_graph import excerpt
from graph.models import Mention, RelatedItem
from graph.ontology import Ontology
from sources.models import Document, Item

EVIDENCE_PER_ENTITY = 30
EXCERPT_CHARS = 600


def with_map_details(
    graph: nx.MultiDiGraph,
    documents: Iterable[Document],
    items: Iterable[Item],
    ontology: Ontology,
    mentions: Iterable[Mention],
    related: Iterable[RelatedItem],
    annotations: Mapping[str, Mapping] | None = None,
) -> nx.MultiDiGraph:
    """`annotations`: more attributes per node id (the analytics), merged into the copy too."""
    detailed = graph.copy()
    for node, extra in (annotations or {}).items():
        if node in detailed:
            detailed.nodes[node].update(extra)
    titles = {document.doc_id: document.title for document in documents}
    paths = {document.doc_id: document.source_path for document in documents}
    by_item = {item.item_id: item for item in items}
    related_of: dict[str, list[dict]] = defaultdict(list)
    for link in sorted(related, key=lambda link: (link.item_id, link.rank)):
        other = by_item[link.related_item_id]
        related_of[link.item_id].append({
            "node_id": other.item_id, "title": other.heading_path, "kind": other.kind, "score": link.score,
            "shared": link.shared_entities, "paths": link.paths,
        })
    for item_id, item in by_item.items():
        if item_id in detailed:
            detailed.nodes[item_id].update(
                doc_title=titles[item.doc_id], source_path=paths[item.doc_id], attributes=item.attributes,
                excerpt=excerpt(item.body, EXCERPT_CHARS), related=related_of.get(item_id, []),
            )
    evidence: dict[str, list[dict]] = defaultdict(list)
    for mention in sorted(mentions, key=lambda m: (m.entity_id, m.doc_id, m.start_char)):
        if len(evidence[mention.entity_id]) < EVIDENCE_PER_ENTITY:
            item = by_item[mention.item_id]
            evidence[mention.entity_id].append({
                "item_id": item.item_id, "item_title": item.heading_path, "item_kind": item.kind, "sentence": mention.sentence,
            })
    for entity in ontology.entities:
        if entity.id in detailed:
            detailed.nodes[entity.id].update(
                aliases=list(entity.aliases), description=entity.description, categories=list(entity.categories),
                evidence=evidence.get(entity.id, []),
            )
    return detailed
