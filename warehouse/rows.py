"""Domain models -> warehouse rows (one list of dicts per table, in a stable order). Pure: the
same models always give the same rows, so re-runs write identical tables."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph.candidates import EntityCandidate
from graph.models import Mention, RelatedItem
from graph.ontology import OntologyEntity
from sources.models import Document, DocumentIssue, Item

Rows = dict[str, list[dict[str, Any]]]


def warehouse_rows(
    documents: Iterable[Document],
    issues: Iterable[DocumentIssue],
    items: Iterable[Item],
    entities: Iterable[OntologyEntity],
    mentions: Iterable[Mention],
    candidates: Iterable[EntityCandidate],
    related: Iterable[RelatedItem],
    graph: nx.Graph,
) -> Rows:
    edges = []
    for source, target, data in graph.edges(data=True):
        if graph.nodes[source]["node_type"] == "entity" or (
            graph.nodes[target]["node_type"] == "item" and target < source
        ):
            source, target = target, source  # item -> entity; item pairs in id order
        edges.append({"source": source, "target": target, "relation": data["relation"], "weight": data["weight"]})
    return {
        "documents": [document.model_dump() for document in sorted(documents, key=lambda d: d.doc_id)],
        "items": [
            {**item.model_dump(), "attributes": json.dumps(item.attributes, sort_keys=True, ensure_ascii=False)}
            for item in sorted(items, key=lambda i: i.item_id)
        ],
        "entities": [
            {
                "entity_id": entity.id,
                "name": entity.name,
                "entity_type": entity.type,
                "aliases": list(entity.aliases),
                "description": entity.description,
                "categories": list(entity.categories),
            }
            for entity in sorted(entities, key=lambda e: e.id)
        ],
        "mentions": [mention.model_dump() for mention in sorted(mentions, key=lambda m: m.mention_id)],
        "entity_candidates": [candidate.model_dump() for candidate in sorted(candidates, key=lambda c: c.rank)],
        "graph_nodes": [
            {
                "node_id": node,
                "label": data["label"],
                "node_type": data["node_type"],
                "kind": data["kind"],
                "doc_id": data.get("doc_id"),
                "degree": graph.degree(node),
            }
            for node, data in sorted(graph.nodes(data=True))
        ],
        "graph_edges": sorted(edges, key=lambda e: (e["source"], e["target"], e["relation"])),
        "related_items": [
            link.model_dump() for link in sorted(related, key=lambda r: (r.item_id, r.rank))
        ],
        "document_issues": [
            issue.model_dump() for issue in sorted(issues, key=lambda i: (i.source_path, i.action, i.reason))
        ],
    }
