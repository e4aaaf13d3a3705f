"""Entity co-occurrence: NPMI that does not favour frequent entities, with a minimum support."""

from __future__ import annotations

from graph.cooccurrence import co_occurrences
from graph.models import Mention


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
