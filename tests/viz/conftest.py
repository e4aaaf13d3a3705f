"""Fixtures for the concept-map tests: hand-built graphs in the graph stage's shape, a seeded synthetic
graph factory, and `open_map`, which renders a graph and opens it in the shared headless Chromium."""

from __future__ import annotations

import random
from collections.abc import Callable

import networkx as nx
import pytest

HOSTILE_LABEL = "</script><script>alert(1)</script> \"Evil\" 'node'"
HOSTILE_SUMMARY = (
    "<img src=x onerror=alert(2)>\n"
    "<a href=\"javascript:alert(3)\">click</a> <b>bold</b>\n"
    "</script><script>alert(4)</script> & \"quotes\" 'single'"
)
HOSTILE_ID = "item:hostile"

ITEM_KINDS = ["episode", "article", "architecture", "troubleshooting", "blog_post", "design_question"]
ENTITY_KINDS = ["company", "technology", "concept", "aws_service"]


def _small_graph() -> nx.Graph:
    graph = nx.Graph()
    entities = {
        "entity:netflix": ("Netflix", "company", "Streaming company."),
        "entity:redis": ("Redis", "technology", "In-memory data store.\nUsed as a cache."),
        "entity:kafka": ("Apache Kafka", "technology", "Distributed log."),
        "entity:sharding": ("Sharding", "concept", "Splitting data across nodes."),
        "entity:aws-sqs": ("Amazon SQS", "aws_service", "Managed message queue."),
    }
    for node, (label, kind, summary) in entities.items():
        graph.add_node(node, label=label, node_type="entity", kind=kind, summary=summary)
    items = {
        "item:ep-1": ("Scaling Netflix caches", "episode", "How Netflix uses Redis."),
        "item:art-1": ("Kafka at scale", "article", "Partitioning Kafka topics."),
        "item:arch-1": ("Queue-based load levelling", "architecture", "SQS between tiers."),
        "item:odd-1": ("A kind nobody planned", "mystery_kind", "Unknown kind gets a fallback colour."),
    }
    for node, (label, kind, summary) in items.items():
        graph.add_node(node, label=label, node_type="item", kind=kind, summary=summary)
    for item, entity, weight in [
        ("item:ep-1", "entity:netflix", 2.0),
        ("item:ep-1", "entity:redis", 3.0),
        ("item:art-1", "entity:kafka", 4.0),
        ("item:art-1", "entity:sharding", 1.0),
        ("item:arch-1", "entity:aws-sqs", 2.0),
        ("item:arch-1", "entity:kafka", 1.0),
        ("item:odd-1", "entity:sharding", 1.0),
    ]:
        graph.add_edge(item, entity, relation="mentions", weight=weight)
    graph.add_edge("item:art-1", "item:arch-1", relation="related_to", weight=0.8)
    graph.add_edge("item:ep-1", "item:art-1", relation="related_to", weight=0.3)
    return graph


@pytest.fixture
def small_graph() -> nx.Graph:
    """Nine nodes: every entity type, three known item kinds and one unknown kind; both relations."""
    return _small_graph()


@pytest.fixture
def hostile_text() -> dict[str, str]:
    """Id, label and summary of the hostile node in `hostile_graph`."""
    return {"id": HOSTILE_ID, "label": HOSTILE_LABEL, "summary": HOSTILE_SUMMARY}


@pytest.fixture
def hostile_graph() -> nx.Graph:
    """The small graph plus one item whose label and summary try to inject script and HTML."""
    graph = _small_graph()
    graph.add_node(HOSTILE_ID, label=HOSTILE_LABEL, node_type="item", kind="article", summary=HOSTILE_SUMMARY)
    graph.add_edge(HOSTILE_ID, "entity:redis", relation="mentions", weight=1.0)
    return graph


def build_synthetic_graph(n_items: int, n_entities: int, seed: int = 7) -> nx.Graph:
    """Seeded graph in the graph stage's shape: each item mentions 1-5 entities (popular entities
    more often), and about one item in three is related_to another item."""
    rng = random.Random(seed)
    graph = nx.Graph()
    entity_ids = [f"entity:e{index}" for index in range(n_entities)]
    for index, node in enumerate(entity_ids):
        graph.add_node(
            node,
            label=f"Entity {index}",
            node_type="entity",
            kind=ENTITY_KINDS[index % len(ENTITY_KINDS)],
            summary=f"Synthetic entity {index}.",
        )
    popularity = [1.0 / (rank + 1) ** 0.8 for rank in range(n_entities)]
    for index in range(n_items):
        node = f"item:i{index}"
        graph.add_node(
            node,
            label=f"Item {index} about things",
            node_type="item",
            kind=ITEM_KINDS[index % len(ITEM_KINDS)],
            summary=f"Synthetic item {index}.\nSecond line.",
        )
        for entity in set(rng.choices(entity_ids, weights=popularity, k=rng.randint(1, 5))):
            graph.add_edge(node, entity, relation="mentions", weight=float(rng.randint(1, 5)))
        if index > 0 and rng.random() < 0.33:
            other = f"item:i{rng.randrange(index)}"
            graph.add_edge(node, other, relation="related_to", weight=round(rng.uniform(0.2, 1.0), 3))
    return graph


@pytest.fixture
def synthetic_graph() -> Callable[..., nx.Graph]:
    """Factory: synthetic_graph(n_items, n_entities, seed=7) -> nx.Graph."""
    return build_synthetic_graph


@pytest.fixture
def open_map(open_html, tmp_path) -> Callable[..., object]:
    """Factory: open_map(graph, heading="Test map", timeout_ms=60000) writes the map under tmp_path
    and opens it (see `open_html` in tests/conftest.py)."""
    from viz.concept_map import write_concept_map

    written = []

    def _open(graph: nx.Graph, heading: str = "Test map", timeout_ms: int = 60_000):
        path = write_concept_map(graph, tmp_path / f"map-{len(written)}.html", heading)
        written.append(path)
        return open_html(path, timeout_ms=timeout_ms)

    return _open
