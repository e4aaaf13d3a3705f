"""Concept graph -> analytics: PageRank and betweenness per node, seeded Louvain communities with a
label from their top entities, the strongest gaps between communities, and entity coverage by
item kind and document. Computed on the undirected projection of the graph's knowledge edges
(documents and page sections are structure, not knowledge, and stay out)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
from pydantic import BaseModel, ConfigDict

from graph.models import Mention
from sources.models import Item

SEED = 42
BETWEENNESS_SAMPLE = 1000  # above this many nodes, betweenness is estimated from a seeded sample
LABEL_ENTITIES = 3
MAX_GAPS = 20


class NodeMetrics(BaseModel):
    model_config = ConfigDict(frozen=True)

    pagerank: float
    betweenness: float
    community: int


class Community(BaseModel):
    model_config = ConfigDict(frozen=True)

    community: int
    label: str
    size: int
    n_items: int
    n_entities: int
    top_entities: list[str]


class CommunityGap(BaseModel):
    """Two communities joined by far fewer edges than their sizes lead one to expect."""

    model_config = ConfigDict(frozen=True)

    community_a: int
    community_b: int
    observed_weight: float
    expected_weight: float
    gap: float


class Analytics(BaseModel):
    nodes: dict[str, NodeMetrics]
    communities: list[Community]
    gaps: list[CommunityGap]


def knowledge_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Undirected, simple, weighted: items and entities, every relation but `part_of`."""
    simple = nx.Graph()
    simple.add_nodes_from(n for n, d in graph.nodes(data=True) if d["node_type"] in ("item", "entity"))
    for source, target, data in graph.edges(data=True):
        if data["relation"] == "part_of" or source not in simple or target not in simple:
            continue
        weight = simple.get_edge_data(source, target, {}).get("weight", 0.0) + max(float(data["weight"]), 1e-6)
        simple.add_edge(source, target, weight=weight)
    return simple


def _ordered_communities(simple: nx.Graph) -> list[list[str]]:
    found = nx.community.louvain_communities(simple, weight="weight", seed=SEED) if simple.number_of_edges() else []
    covered = set().union(*found) if found else set()
    found += [{node} for node in simple if node not in covered]
    return [sorted(c) for c in sorted(found, key=lambda c: (-len(c), min(c)))]


def analyse(graph: nx.MultiDiGraph) -> Analytics:
    simple = knowledge_graph(graph)
    if simple.number_of_nodes() == 0:
        return Analytics(nodes={}, communities=[], gaps=[])
    pagerank = nx.pagerank(simple, weight="weight") if simple.number_of_edges() else {n: 1 / len(simple) for n in simple}
    k = BETWEENNESS_SAMPLE if simple.number_of_nodes() > BETWEENNESS_SAMPLE else None
    betweenness = nx.betweenness_centrality(simple, k=k, seed=SEED, normalized=True)
    ordered = _ordered_communities(simple)
    membership = {node: index for index, members in enumerate(ordered) for node in members}

    communities = []
    for index, members in enumerate(ordered):
        entities = sorted((n for n in members if graph.nodes[n]["node_type"] == "entity"), key=lambda n: (-pagerank[n], n))
        top = entities[:LABEL_ENTITIES]
        label = " · ".join(graph.nodes[n]["label"] for n in top) or graph.nodes[members[0]]["label"]
        communities.append(Community(community=index, label=label, size=len(members), n_items=len(members) - len(entities),
                                     n_entities=len(entities), top_entities=top))
    nodes = {
        node: NodeMetrics(pagerank=round(pagerank[node], 8), betweenness=round(betweenness[node], 8), community=membership[node])
        for node in simple
    }
    return Analytics(nodes=nodes, communities=communities, gaps=community_gaps(simple, membership))


def community_gaps(simple: nx.Graph, membership: dict[str, int], largest: int = 12) -> list[CommunityGap]:
    """Among the largest communities, the pairs whose edge weight between them falls furthest
    below the modularity null model's expectation (volume_a * volume_b / 2m)."""
    volume: dict[int, float] = defaultdict(float)
    for node, degree in simple.degree(weight="weight"):
        volume[membership[node]] += degree
    total = sum(volume.values())
    if not total:
        return []
    between: dict[tuple[int, int], float] = defaultdict(float)
    for source, target, data in simple.edges(data=True):
        a, b = sorted((membership[source], membership[target]))
        if a != b:
            between[(a, b)] += data["weight"]
    sizes = defaultdict(int)
    for community in membership.values():
        sizes[community] += 1
    top = sorted(sizes, key=lambda c: (-sizes[c], c))[:largest]
    gaps = []
    for i, a in enumerate(sorted(top)):
        for b in sorted(top)[i + 1 :]:
            expected = volume[a] * volume[b] / total
            observed = between.get((a, b), 0.0)
            if expected > observed:
                gaps.append(CommunityGap(community_a=a, community_b=b, observed_weight=round(observed, 6),
                                         expected_weight=round(expected, 6), gap=round(expected - observed, 6)))
    return sorted(gaps, key=lambda g: (-g.gap, g.community_a, g.community_b))[:MAX_GAPS]


class Coverage(BaseModel):
    model_config = ConfigDict(frozen=True)

    entity_id: str
    doc_id: str
    item_kind: str
    n_items: int
    n_mentions: int


def entity_coverage(items: Iterable[Item], mentions: Iterable[Mention]) -> list[Coverage]:
    """Entity x document x item kind: how many items of that kind name the entity."""
    kind_of = {item.item_id: item.kind for item in items}
    item_sets: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for mention in mentions:
        key = (mention.entity_id, mention.doc_id, kind_of[mention.item_id])
        item_sets[key].add(mention.item_id)
        counts[key] += 1
    return [
        Coverage(entity_id=e, doc_id=d, item_kind=k, n_items=len(item_sets[(e, d, k)]), n_mentions=counts[(e, d, k)])
        for (e, d, k) in sorted(item_sets)
    ]


def annotated(graph: nx.MultiDiGraph, analytics: Analytics) -> nx.MultiDiGraph:
    """A copy of the graph whose item and entity nodes carry pagerank, betweenness, community and
    community_label (what the map and the exports show)."""
    labels = {c.community: c.label for c in analytics.communities}
    copy = graph.copy()
    for node, metrics in analytics.nodes.items():
        copy.nodes[node].update(metrics.model_dump(), community_label=labels[metrics.community])
    return copy


def knowledge_subgraph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Items and entities and the edges between them (documents and page sections left out)."""
    keep = [n for n, d in graph.nodes(data=True) if d["node_type"] in ("item", "entity")]
    return graph.subgraph(keep).copy()
