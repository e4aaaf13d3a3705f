"""Entity co-occurrence: NPMI that does not favour frequent entities, with a minimum support; lists of
links and tables of contents left out."""

from __future__ import annotations

from graph.cooccurrence import NOT_COUNTED, co_occurrences
from graph.models import Mention
from sources.models import Item


def _mentions(rows):
    return [
        Mention(mention_id=f"m{i}", entity_id=entity, item_id=item, doc_id="d", start_char=0, end_char=1,
                surface=entity, sentence=sentence, matched_alias=entity, match_rule="any_case")
        for i, (item, entity, sentence) in enumerate(rows)
    ]


ROWS = [
    # kafka and zookeeper always together (2 items); caching is everywhere
    ("i1", "kafka", "Kafka needs ZooKeeper."), ("i1", "zookeeper", "Kafka needs ZooKeeper."), ("i1", "caching", "x"),
    ("i2", "kafka", "k"), ("i2", "zookeeper", "z"), ("i2", "caching", "x"),
    ("i3", "caching", "c"), ("i3", "redis", "r"),
    ("i4", "caching", "c"), ("i5", "caching", "c"), ("i6", "redis", "r"),
]


def test_pairs_that_always_meet_outrank_pairs_with_a_frequent_entity():
    pairs = {(p.entity_a, p.entity_b): p for p in co_occurrences(_mentions(ROWS))}
    assert pairs[("kafka", "zookeeper")].npmi > pairs.get(("caching", "kafka"), type("", (), {"npmi": 0})).npmi
    assert pairs[("kafka", "zookeeper")].n_items == 2
    assert pairs[("kafka", "zookeeper")].sentences == ["Kafka needs ZooKeeper."]


def test_minimum_support_drops_pairs_seen_once():
    pairs = {(p.entity_a, p.entity_b) for p in co_occurrences(_mentions(ROWS))}
    assert ("caching", "redis") not in pairs  # only i3 names both


def test_pairs_named_in_one_sentence_weigh_more_than_pairs_that_only_share_items():
    rows = [
        ("i1", "a", "A with B."), ("i1", "b", "A with B."), ("i1", "c", "C alone."), ("i1", "d", "D alone."),
        ("i2", "a", "A with B."), ("i2", "b", "A with B."), ("i2", "c", "C again."), ("i2", "d", "D again."),
        ("i3", "e", "e"), ("i4", "f", "f"),
    ]
    pairs = {(p.entity_a, p.entity_b): p for p in co_occurrences(_mentions(rows))}
    assert pairs[("a", "b")].npmi > pairs[("c", "d")].npmi
    assert pairs[("a", "b")].n_sentences == 2 and pairs[("c", "d")].n_sentences == 0  # one in each item
    assert pairs[("a", "b")].sentences == ["A with B."]


def _item(item_id: str, kind: str) -> Item:
    extra = {"heading_path": ""} if "heading_path" in Item.model_fields else {}
    return Item(item_id=item_id, doc_id="d", kind=kind, title="", body="", position=0, start_char=0, end_char=1,
                **extra)


def test_link_lists_and_tables_of_contents_are_left_out():
    rows = [(f"i{n}", entity, "s") for n in range(3) for entity in ("kafka", "zookeeper")]
    rows += [("i3", "caching", "c"), ("i4", "redis", "r")]
    everything = {(p.entity_a, p.entity_b) for p in co_occurrences(_mentions(rows))}
    assert ("kafka", "zookeeper") in everything
    items = [_item("i0", "link_list"), _item("i1", "table_of_contents"), _item("i2", "section"),
             _item("i3", "section"), _item("i4", "overview")]
    counted = {(p.entity_a, p.entity_b) for p in co_occurrences(_mentions(rows), items=items)}
    assert ("kafka", "zookeeper") not in counted, "one item of prose is below the minimum support"
    assert NOT_COUNTED == {"table_of_contents", "link_list"}
