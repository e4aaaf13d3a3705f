"""The concept graph: item and entity nodes with the attributes the warehouse and map read."""

from __future__ import annotations

from graph.concept_graph import build_concept_graph
from graph.models import Mention, RelatedItem
from graph.ontology import OntologyEntity
from sources.models import Document, Item


def _doc(doc_id: str) -> Document:
    return Document(doc_id=doc_id, source_path=f"{doc_id}.txt", title=f"Title {doc_id}", source_type="text",
                    format="plain", encoding="utf-8", content_sha256="0", n_chars=0, text="")


def _item(item_id: str, doc_id: str) -> Item:
    return Item(item_id=item_id, doc_id=doc_id, kind="episode", title=f"About {item_id}", body="Body text",
                position=0, start_char=0, end_char=0)


def _mention(i: int, item: str, doc: str, entity: str) -> Mention:
    return Mention(mention_id=f"m{i}", entity_id=entity, item_id=item, doc_id=doc, start_char=0, end_char=0,
                   surface=entity, sentence=entity, matched_alias=entity, match_rule="any_case")


def test_graph_links_items_to_mentioned_entities_and_related_items():
    entities = [
        OntologyEntity(id="kafka", name="Apache Kafka", type="technology", aliases=["Kafka"], description="A log."),
        OntologyEntity(id="unused", name="Unused", type="concept"),
    ]
    mentions = [_mention(0, "i1", "A", "kafka"), _mention(1, "i1", "A", "kafka"), _mention(2, "i2", "B", "kafka")]
    related = [RelatedItem(item_id="i1", related_item_id="i2", rank=1, score=1.5, shared_entities=["kafka"])]
    graph = build_concept_graph([_doc("A"), _doc("B")], [_item("i1", "A"), _item("i2", "B")], entities, mentions, related)

    assert set(graph.nodes) == {"i1", "i2", "kafka"}  # entities nobody mentions stay out
    assert graph.nodes["kafka"]["node_type"] == "entity"
    assert graph.nodes["kafka"]["kind"] == "technology"
    assert "Also: Kafka" in graph.nodes["kafka"]["summary"]
    assert graph.nodes["i1"]["label"] == "About i1"
    assert graph.nodes["i1"]["summary"].startswith("episode · Title A")
    assert graph.edges["i1", "kafka"] == {"relation": "mentions", "weight": 2.0}
    assert graph.edges["i1", "i2"]["relation"] == "related_to"
