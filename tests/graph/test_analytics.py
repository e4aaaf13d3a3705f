"""Analytics on a small two-cluster graph: deterministic communities with labels, bridge nodes with
high betweenness, a gap between the clusters, and coverage counts."""

from __future__ import annotations

import networkx as nx

from graph.analytics import analyse, entity_coverage
from graph.models import Mention
from sources.models import Item


def _two_clusters() -> nx.MultiDiGraph:
    """Streaming items name kafka, flink, pulsar; caching items name redis, memcached, caching; one
    item of each also names `bridge`."""
    graph = nx.MultiDiGraph()
    for name in ("kafka", "flink", "pulsar", "redis", "memcached", "caching", "bridge"):
        graph.add_node(name, label=name.title(), node_type="entity", kind="technology")
    graph.add_node("doc", label="doc", node_type="document", kind="plain")
    clusters = {"s": ["kafka", "flink", "pulsar"], "c": ["redis", "memcached", "caching"]}
    for prefix, entities in clusters.items():
        for n in range(4):
            item = f"{prefix}{n}"
            graph.add_node(item, label=item, node_type="item", kind="episode")
            graph.add_edge(item, "doc", key="part_of", relation="part_of", weight=1.0)
            for entity in entities + (["bridge"] if n == 0 else []):
                graph.add_edge(item, entity, key="mentions", relation="mentions", weight=1.0)
    return graph


def test_communities_are_deterministic_labelled_and_separate_the_clusters():
    first, second = analyse(_two_clusters()), analyse(_two_clusters())
    assert first == second
    community = {node: m.community for node, m in first.nodes.items()}
    assert community["kafka"] == community["flink"] != community["redis"] == community["memcached"]
    assert "doc" not in first.nodes  # structure stays out of the analytics
    assert all(c.label for c in first.communities)


def test_the_bridge_entity_has_the_highest_betweenness_of_the_entities():
    nodes = analyse(_two_clusters()).nodes
    entities = ("kafka", "flink", "pulsar", "redis", "memcached", "caching", "bridge")
    assert max(entities, key=lambda n: nodes[n].betweenness) == "bridge"
    assert abs(sum(m.pagerank for m in nodes.values()) - 1.0) < 1e-6


def test_gaps_name_weakly_joined_communities():
    gaps = analyse(_two_clusters()).gaps
    assert gaps and gaps[0].observed_weight < gaps[0].expected_weight


def test_coverage_counts_items_per_entity_document_and_kind():
    items = [Item(item_id=i, doc_id="d", kind=k, title=i, body="", position=0, start_char=0, end_char=0)
             for i, k in (("e1", "episode"), ("e2", "episode"), ("t1", "troubleshooting"))]
    mentions = [Mention(mention_id=f"m{n}", entity_id="kafka", item_id=i, doc_id="d", start_char=0, end_char=1,
                        surface="k", sentence="k", matched_alias="k", match_rule="any_case")
                for n, i in enumerate(["e1", "e1", "e2", "t1"])]
    rows = {(c.item_kind, c.n_items, c.n_mentions) for c in entity_coverage(items, mentions)}
    assert rows == {("episode", 2, 3), ("troubleshooting", 1, 1)}


def test_sampled_betweenness_above_the_exact_limit_finds_the_exact_top_nodes():
    import random

    import igraph

    from graph.analytics import EXACT_BETWEENNESS_NODES, _betweenness

    random.seed(3)  # python-igraph draws from Python's random
    graph = igraph.Graph.Barabasi(EXACT_BETWEENNESS_NODES + 1000, 2)
    n = graph.vcount()
    exact = [value / ((n - 1) * (n - 2) / 2) for value in graph.betweenness(directed=False)]
    sampled = _betweenness(graph)
    top = lambda values, k: set(sorted(range(n), key=lambda v: -values[v])[:k])  # noqa: E731
    assert len(top(exact, 10) & top(sampled, 10)) >= 8
    assert len(top(exact, 50) & top(sampled, 50)) >= 40
    assert abs(sum(sampled) / sum(exact) - 1) < 0.1, "scaled to the whole graph"
