"""The concept graph's relation rules, each with its weight and evidence, on hand-built models."""

from __future__ import annotations

import pytest

from graph.concept_graph import build_concept_graph
from graph.cooccurrence import CoOccurrence
from graph.models import Mention, RelatedItem
from graph.ontology import Ontology, OntologyEntity, Relation
from sources.models import Document, Item

TEXT = "Kafka at scale\nKafka stores events; Redis caches them.\n"


def _doc(doc_id: str) -> Document:
    return Document(doc_id=doc_id, source_path=f"{doc_id}.txt", title=f"Title {doc_id}", source_type="text",
                    format="episode_pairs", encoding="utf-8", content_sha256="0", n_chars=len(TEXT), text=TEXT)


def _item(item_id: str, doc_id: str, **attributes) -> Item:
    return Item(item_id=item_id, doc_id=doc_id, kind="episode", title="Kafka at scale", body="Kafka stores events",
                position=0, start_char=0, end_char=len(TEXT), attributes=attributes)


def _mention(i: int, item: str, doc: str, entity: str, start: int, surface: str) -> Mention:
    sentence = next(line for line in TEXT.splitlines(keepends=True) if TEXT.index(line) <= start < TEXT.index(line) + len(line))
    return Mention(mention_id=f"m{i}", entity_id=entity, item_id=item, doc_id=doc, start_char=start,
                   end_char=start + len(surface), surface=surface, sentence=sentence.strip(), matched_alias=surface,
                   match_rule="any_case")


ONTOLOGY = Ontology(
    entities=[
        OntologyEntity(id="kafka", name="Apache Kafka", type="technology", aliases=["Kafka"],
                       relations=[Relation(type="is_a", target="message-broker"),
                                  Relation(type="alternative_to", target="redis")]),
        OntologyEntity(id="redis", name="Redis", type="technology"),
        OntologyEntity(id="message-broker", name="message broker", type="concept"),
        OntologyEntity(id="unused", name="Unused", type="concept"),
    ],
    version="test",
)


@pytest.fixture()
def graph():
    mentions = [
        _mention(0, "i1", "A", "kafka", 0, "Kafka"),  # in the title
        _mention(1, "i1", "A", "kafka", 15, "Kafka"),
        _mention(2, "i1", "A", "redis", 36, "Redis"),
        _mention(3, "i2", "B", "kafka", 15, "Kafka"),
    ]
    pairs = [CoOccurrence(entity_a="kafka", entity_b="redis", n_items=2, n_sentences=1, npmi=0.4, items=["i1", "i2"],
                          sentences=["Kafka stores events; Redis caches them."])]
    related = [RelatedItem(item_id="i1", related_item_id="i2", rank=1, score=0.7, shared_entities=["kafka"],
                           paths=["kafka alternative_to redis"])]
    items = [_item("i1", "A", section="Troubleshooting"), _item("i2", "B")]
    return build_concept_graph([_doc("A"), _doc("B")], items, ONTOLOGY, mentions, pairs, related)


def _edge(graph, source, target, relation):
    return graph.get_edge_data(source, target, key=relation)


def test_nodes_are_documents_groups_items_and_named_entities(graph):
    types = {node: data["node_type"] for node, data in graph.nodes(data=True)}
    assert types["A"] == "document" and types["i1"] == "item" and types["kafka"] == "entity"
    assert [n for n, t in types.items() if t == "group"] and "unused" not in types
    assert graph.nodes["message-broker"]["mentioned"] is False  # a category, reached through is_a


def test_mentions_weigh_title_mentions_more_and_keep_mention_ids(graph):
    edge = _edge(graph, "i1", "kafka", "mentions")
    assert edge["weight"] == 3.0  # 2 for the title mention + 1
    assert edge["evidence"] == ["m0", "m1"]
    assert _edge(graph, "i2", "kafka", "mentions")["weight"] == 1.0


def test_items_are_part_of_their_page_section_or_document(graph):
    [group] = [n for n, d in graph.nodes(data=True) if d["node_type"] == "group"]
    assert graph.nodes[group]["label"] == "Troubleshooting"
    assert _edge(graph, "i1", group, "part_of")["evidence"] == ["parser episode_pairs"]
    assert _edge(graph, group, "A", "part_of") is not None
    assert _edge(graph, "i2", "B", "part_of") is not None


def test_co_occurrence_and_ontology_relations_carry_their_evidence(graph):
    co = _edge(graph, "kafka", "redis", "co_occurs_with")
    assert co["weight"] == 0.4 and co["evidence"] == ["Kafka stores events; Redis caches them."]
    assert _edge(graph, "kafka", "message-broker", "is_a")["evidence"] == ["ontology: kafka is_a message-broker"]
    assert _edge(graph, "kafka", "redis", "alternative_to") is not None


def test_related_items_link_with_their_reasons(graph):
    edge = _edge(graph, "i1", "i2", "related_to")
    assert edge["weight"] == 0.7
    assert edge["evidence"] == ["kafka", "kafka alternative_to redis"]
