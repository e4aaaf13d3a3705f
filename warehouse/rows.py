"""Domain models -> warehouse rows (one list of dicts per table, in a stable order). Pure: the
same models always give the same rows, so re-runs write identical tables."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import networkx as nx
from pydantic import BaseModel, ConfigDict

from graph.analytics import Analytics, Coverage
from graph.candidates import DocumentCandidate, rank_candidates
from graph.models import Mention, RelatedItem
from graph.ontology import Ontology
from graph.ontology_links import relation_triples
from sources.models import Document, DocumentIssue, Item

Rows = dict[str, list[dict[str, Any]]]


class KnowledgeBuild(BaseModel):
    """Everything one build produced, as the warehouse stores it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    documents: list[Document]
    issues: list[DocumentIssue]
    items: list[Item]
    ontology: Ontology
    mentions: list[Mention]
    document_candidates: list[DocumentCandidate]
    related: list[RelatedItem]
    graph: nx.MultiDiGraph
    analytics: Analytics
    coverage: list[Coverage]
    versions: dict[str, str]  # component -> version: what the documents were processed with


def _json(attributes: dict[str, Any]) -> str:
    return json.dumps(attributes, sort_keys=True, ensure_ascii=False)


def _dump(models: Iterable[BaseModel], key) -> list[dict[str, Any]]:
    return [model.model_dump() for model in sorted(models, key=key)]


def _node_rows(build: KnowledgeBuild) -> list[dict[str, Any]]:
    graph, metrics = build.graph, build.analytics.nodes
    rows = []
    for node, data in sorted(graph.nodes(data=True)):
        measured = metrics.get(node)
        rows.append({
            "node_id": node,
            "label": data["label"],
            "node_type": data["node_type"],
            "kind": data["kind"],
            "doc_id": data.get("doc_id") if data["node_type"] != "entity" else None,
            "degree": graph.degree(node),
            "pagerank": measured.pagerank if measured else None,
            "betweenness": measured.betweenness if measured else None,
            "community": measured.community if measured else None,
        })
    return rows


def warehouse_rows(build: KnowledgeBuild) -> Rows:
    ontology = build.ontology
    return {
        "build_versions": [{"component": c, "version": v} for c, v in sorted(build.versions.items())],
        "documents": [
            {**document.model_dump(), "attributes": _json(document.attributes)}
            for document in sorted(build.documents, key=lambda d: d.doc_id)
        ],
        "items": [
            {**item.model_dump(), "attributes": _json(item.attributes)}
            for item in sorted(build.items, key=lambda i: i.item_id)
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
            for entity in sorted(ontology.entities, key=lambda e: e.id)
        ],
        "entity_relations": [
            {"source": source, "relation": relation, "target": target}
            for source, relation, target in sorted(set(relation_triples(ontology)))
        ],
        "mentions": _dump(build.mentions, key=lambda m: m.mention_id),
        "entity_candidates": _dump(rank_candidates(build.document_candidates), key=lambda c: c.rank),
        "document_candidates": _dump(build.document_candidates, key=lambda c: (c.doc_id, c.term)),
        "graph_nodes": _node_rows(build),
        "graph_edges": sorted(
            (
                {"source": s, "target": t, "relation": d["relation"], "weight": float(d["weight"]),
                 "evidence": [str(e) for e in d.get("evidence", [])]}
                for s, t, d in build.graph.edges(data=True)
            ),
            key=lambda e: (e["source"], e["target"], e["relation"]),
        ),
        "related_items": _dump(build.related, key=lambda r: (r.item_id, r.rank)),
        "communities": _dump(build.analytics.communities, key=lambda c: c.community),
        "community_gaps": _dump(build.analytics.gaps, key=lambda g: (g.community_a, g.community_b)),
        "entity_coverage": _dump(build.coverage, key=lambda c: (c.entity_id, c.doc_id, c.item_kind)),
        "document_issues": _dump(build.issues, key=lambda i: (i.source_path, i.action, i.reason)),
    }
