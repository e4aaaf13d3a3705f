"""Fixtures for the concept-map tests: hand-built graphs in the shape the graph stage hands to
`write_concept_map` (a MultiDiGraph of items and entities with analytics and panel details, see
graph/map_details.py), a seeded synthetic graph factory, and `open_map`, which renders a graph and
opens it in the shared headless Chromium."""

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
HOSTILE_ENTITY_ID = "entity:\"><svg onload=alert(11)>"
HOSTILE_ENTITY_LABEL = "<img src=x onerror=alert(12)> \"quoted\" entity"
HOSTILE_ALIAS = "</script><script>alert(13)</script>"
HOSTILE_SENTENCE = "They said <script>alert(14)</script> and <a href='javascript:alert(15)'>this</a> & \"that\"."
HOSTILE_DOC_TITLE = "<iframe src=javascript:alert(16)></iframe> doc"
HOSTILE_ATTRIBUTES = {
    "<b>key</b>": "<img src=x onerror=alert(17)>",
    "link": "javascript:alert(18)",
    "nested": {"x": "<script>alert(19)</script>"},
}
HOSTILE_RELATED_TITLE = "<img src=y onerror=alert(20)> related"
HOSTILE_PATH = "<script>alert(21)</script> is_a 'x'"

ITEM_KINDS = ["episode", "article", "architecture", "troubleshooting", "blog_post", "design_question"]
ENTITY_KINDS = ["company", "technology", "concept", "aws_service"]

ENTITIES = {
    # id: (label, type, description, aliases, community)
    "entity:netflix": ("Netflix", "company", "Streaming company.", ["Netflix Inc."], 1),
    "entity:redis": ("Redis", "technology", "In-memory data store.\nUsed as a cache.", ["Redis OSS", "REmote DIctionary Server"], 1),
    "entity:kafka": ("Apache Kafka", "technology", "Distributed log.", ["Kafka"], 0),
    "entity:sharding": ("Sharding", "concept", "Splitting data across nodes.", ["partitioning"], 2),
    "entity:aws-sqs": ("Amazon SQS", "aws_service", "Managed message queue.", ["SQS", "Simple Queue Service"], 0),
    "entity:caching": ("caching", "concept", "Keeping copies of data close to readers.", [], 1),
}
ITEMS = {
    # id: (title, kind, excerpt, community)
    "item:ep-1": ("Scaling Netflix caches", "episode", "How Netflix uses Redis.", 1),
    "item:art-1": ("Kafka at scale", "article", "Partitioning Kafka topics.", 0),
    "item:arch-1": ("Queue-based load levelling", "architecture", "SQS between tiers.", 0),
    "item:odd-1": ("A kind nobody planned", "mystery_kind", "Unknown kind gets a fallback colour.", 2),
}
MENTIONS = [
    ("item:ep-1", "entity:netflix", 2.0),
    ("item:ep-1", "entity:redis", 3.0),
    ("item:art-1", "entity:kafka", 4.0),
    ("item:art-1", "entity:sharding", 1.0),
    ("item:arch-1", "entity:aws-sqs", 2.0),
    ("item:arch-1", "entity:kafka", 1.0),
    ("item:odd-1", "entity:sharding", 1.0),
]
EVIDENCE = {
    "entity:redis": [("item:ep-1", "Netflix keeps hot rows in Redis clusters.")],
    "entity:kafka": [
        ("item:art-1", "Kafka topics are split into partitions."),
        ("item:arch-1", "Kafka or SQS sits between the tiers."),
    ],
    "entity:netflix": [("item:ep-1", "Netflix runs many caches.")],
    "entity:sharding": [("item:art-1", "Sharding spreads the topics."), ("item:odd-1", "Sharding again.")],
    "entity:aws-sqs": [("item:arch-1", "SQS buffers the writes.")],
}
COMMUNITY_LABELS = {0: "Apache Kafka · Amazon SQS", 1: "Redis · Netflix · caching", 2: "Sharding"}


def _add_analytics(graph: nx.MultiDiGraph) -> None:
    simple = nx.Graph(graph.to_undirected())
    ranks = nx.pagerank(simple) if simple.number_of_edges() else {node: 1.0 for node in simple}
    between = nx.betweenness_centrality(simple) if simple.number_of_nodes() < 600 else {node: 0.0 for node in simple}
    for node, data in graph.nodes(data=True):
        data["pagerank"] = round(ranks[node], 8)
        data["betweenness"] = round(between[node], 8)


def _small_graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for node, (label, kind, description, aliases, community) in ENTITIES.items():
        graph.add_node(
            node, label=label, node_type="entity", kind=kind, summary=f"{kind}\n{description}",
            community=community, community_label=COMMUNITY_LABELS[community], aliases=aliases,
            description=description, categories=[], mentioned=True, doc_id=None, evidence=[],
        )
    for node, (title, kind, excerpt, community) in ITEMS.items():
        graph.add_node(
            node, label=title, node_type="item", kind=kind, summary=f"{kind} · {title}\n{excerpt}",
            community=community, community_label=COMMUNITY_LABELS[community], doc_id=f"doc-{node}",
            doc_title=f"Document of {title}", source_path=f"{node.split(':')[1]}.txt",
            attributes={"date": "2026-03-23", "duration_minutes": 9}, excerpt=excerpt, related=[],
        )
    for item, entity, weight in MENTIONS:
        graph.add_edge(item, entity, relation="mentions", weight=weight, evidence=[f"mention-{item}-{entity}"])
    graph.add_edge("item:art-1", "item:arch-1", relation="related_to", weight=0.8, evidence=["entity:kafka"])
    graph.add_edge("item:ep-1", "item:art-1", relation="related_to", weight=0.3, evidence=["entity:sharding"])
    graph.add_edge("entity:redis", "entity:caching", relation="is_a", weight=1.0, evidence=["ontology: redis is_a caching"])
    graph.add_edge("entity:aws-sqs", "entity:kafka", relation="alternative_to", weight=1.0, evidence=["ontology"])
    graph.nodes["item:art-1"]["related"] = [
        {"node_id": "item:arch-1", "title": "Queue-based load levelling", "kind": "architecture", "score": 0.8,
         "shared": ["entity:kafka"], "paths": ["aws-sqs alternative_to kafka"]},
        {"node_id": "item:ep-1", "title": "Scaling Netflix caches", "kind": "episode", "score": 0.3,
         "shared": [], "paths": ["redis is_a caching"]},
    ]
    graph.nodes["item:arch-1"]["related"] = [
        {"node_id": "item:art-1", "title": "Kafka at scale", "kind": "article", "score": 0.8,
         "shared": ["entity:kafka"], "paths": []},
    ]
    for entity, entries in EVIDENCE.items():
        graph.nodes[entity]["evidence"] = [
            {"item_id": item, "item_title": ITEMS[item][0], "item_kind": ITEMS[item][1], "sentence": sentence}
            for item, sentence in entries
        ]
    _add_analytics(graph)
    return graph


@pytest.fixture
def small_graph() -> nx.MultiDiGraph:
    """Ten nodes: every entity type, three known item kinds and one unknown kind; mentions,
    related_to, is_a and alternative_to edges; aliases, evidence and related items filled in."""
    return _small_graph()


@pytest.fixture
def hostile_text() -> dict[str, object]:
    """The hostile strings of `hostile_graph`."""
    return {
        "id": HOSTILE_ID, "label": HOSTILE_LABEL, "summary": HOSTILE_SUMMARY,
        "entity_id": HOSTILE_ENTITY_ID, "entity_label": HOSTILE_ENTITY_LABEL, "alias": HOSTILE_ALIAS,
        "sentence": HOSTILE_SENTENCE, "doc_title": HOSTILE_DOC_TITLE, "attributes": HOSTILE_ATTRIBUTES,
        "related_title": HOSTILE_RELATED_TITLE, "path": HOSTILE_PATH,
    }


def _hostile_graph() -> nx.MultiDiGraph:
    graph = _small_graph()
    graph.add_node(
        HOSTILE_ID, label=HOSTILE_LABEL, node_type="item", kind="article", summary=HOSTILE_SUMMARY,
        community=0, community_label=HOSTILE_LABEL, doc_id="doc-hostile", doc_title=HOSTILE_DOC_TITLE,
        source_path="\"><script>alert(22)</script>.txt", attributes=HOSTILE_ATTRIBUTES, excerpt=HOSTILE_SUMMARY,
        related=[{"node_id": "item:art-1", "title": HOSTILE_RELATED_TITLE, "kind": "article", "score": 0.5,
                  "shared": [HOSTILE_ENTITY_ID, "javascript:alert(23)"], "paths": [HOSTILE_PATH]}],
    )
    graph.add_node(
        HOSTILE_ENTITY_ID, label=HOSTILE_ENTITY_LABEL, node_type="entity", kind="technology",
        summary=HOSTILE_SUMMARY, community=0, community_label="'quoted' <b>community</b>",
        aliases=[HOSTILE_ALIAS, "javascript:alert(24)"], description=HOSTILE_SUMMARY,
        categories=["<i>category</i>"], mentioned=True, doc_id=None,
        evidence=[{"item_id": HOSTILE_ID, "item_title": HOSTILE_LABEL, "item_kind": "article", "sentence": HOSTILE_SENTENCE}],
    )
    graph.add_edge(HOSTILE_ID, "entity:redis", relation="mentions", weight=1.0, evidence=[])
    graph.add_edge(HOSTILE_ID, HOSTILE_ENTITY_ID, relation="mentions", weight=2.0, evidence=[])
    graph.add_edge(HOSTILE_ENTITY_ID, "entity:caching", relation="is_a", weight=1.0,
                   evidence=["<script>alert(25)</script>"])
    _add_analytics(graph)
    return graph


@pytest.fixture
def hostile_graph() -> nx.MultiDiGraph:
    """The small graph plus an item and an entity (with a hostile id) whose every text field -
    label, title, aliases, attributes, excerpt, sentences, related items - tries to inject script."""
    return _hostile_graph()


def build_synthetic_graph(n_items: int, n_entities: int, seed: int = 7) -> nx.MultiDiGraph:
    """Seeded graph in the graph stage's shape: each item mentions 1-5 entities (popular entities
    more often), about one item in three is related_to another item, PageRank and communities set."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    entity_ids = [f"entity:e{index}" for index in range(n_entities)]
    for index, node in enumerate(entity_ids):
        graph.add_node(
            node,
            label=f"Entity {index}",
            node_type="entity",
            kind=ENTITY_KINDS[index % len(ENTITY_KINDS)],
            summary=f"Synthetic entity {index}.",
            aliases=[f"alias-of-entity-{index}"],
            description=f"Synthetic entity {index}.",
            categories=[],
            mentioned=True,
            evidence=[],
            community=index % 9,
            community_label=f"Community {index % 9}",
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
            doc_title=f"Document {index % 20}",
            source_path=f"{index % 20:03d}.txt",
            attributes={},
            excerpt=f"Synthetic item {index}.",
            related=[],
            community=index % 9,
            community_label=f"Community {index % 9}",
        )
        for entity in sorted(set(rng.choices(entity_ids, weights=popularity, k=rng.randint(1, 5)))):
            graph.add_edge(node, entity, relation="mentions", weight=float(rng.randint(1, 5)), evidence=[])
            graph.nodes[entity]["evidence"].append(
                {"item_id": node, "item_title": f"Item {index} about things", "item_kind": ITEM_KINDS[index % len(ITEM_KINDS)],
                 "sentence": f"Item {index} names entity {entity}."}
            )
        if index > 0 and rng.random() < 0.33:
            other = f"item:i{rng.randrange(index)}"
            graph.add_edge(node, other, relation="related_to", weight=round(rng.uniform(0.2, 1.0), 3), evidence=[])
    _add_analytics(graph)
    return graph


@pytest.fixture
def synthetic_graph() -> Callable[..., nx.MultiDiGraph]:
    """Factory: synthetic_graph(n_items, n_entities, seed=7) -> nx.MultiDiGraph."""
    return build_synthetic_graph


@pytest.fixture
def open_map(open_html, tmp_path) -> Callable[..., object]:
    """Factory: open_map(graph, heading="Test map", timeout_ms=60000, fragment="", **render_options)
    writes the map under tmp_path and opens it (see `open_html` in tests/conftest.py)."""
    from viz.concept_map import write_concept_map

    written = []

    def _open(graph: nx.Graph, heading: str = "Test map", timeout_ms: int = 60_000, fragment: str = "", **render_options):
        path = write_concept_map(graph, tmp_path / f"map-{len(written)}.html", heading, **render_options)
        written.append(path)
        return open_html(path, timeout_ms=timeout_ms, fragment=fragment)

    return _open
