"""Related items: only across documents, ranked by the rarity of the shared entities."""

from __future__ import annotations

from graph.models import Mention
from graph.related import related_items
from sources.models import Item


def _item(item_id: str, doc_id: str) -> Item:
    return Item(item_id=item_id, doc_id=doc_id, kind="episode", title=item_id, body="", position=0, start_char=0, end_char=0)


def _mentions(pairs: list[tuple[str, str, str]]) -> list[Mention]:
    return [
        Mention(
            mention_id=f"m{i}", entity_id=entity, item_id=item, doc_id=doc, start_char=0, end_char=0,
            surface=entity, sentence=entity, matched_alias=entity, match_rule="any_case",
        )
        for i, (item, doc, entity) in enumerate(pairs)
    ]


ITEMS = [
    _item("a1", "A"), _item("a2", "A"),
    _item("b1", "B"), _item("b2", "B"), _item("b3", "B"),
    _item("c1", "C"),
]
MENTIONS = _mentions([
    ("a1", "A", "kafka"), ("a1", "A", "caching"),
    ("a2", "A", "kafka"),
    ("b1", "B", "caching"),
    ("b2", "B", "kafka"),
    ("b3", "B", "caching"),
    ("c1", "C", "caching"),
])


def test_links_never_stay_inside_one_document():
    links = related_items(ITEMS, MENTIONS)
    doc = {item.item_id: item.doc_id for item in ITEMS}
    assert links
    assert all(doc[link.item_id] != doc[link.related_item_id] for link in links)


def test_rare_shared_entity_ranks_above_a_common_one():
    links = [link for link in related_items(ITEMS, MENTIONS) if link.item_id == "a1"]
    assert [link.related_item_id for link in links][0] == "b2"  # shares the rarer "kafka"
    assert links[0].shared_entities == ["kafka"]
    assert [link.rank for link in links] == list(range(1, len(links) + 1))
    assert links[0].score > links[1].score


def test_top_k_bounds_the_links_per_item():
    links = related_items(ITEMS, MENTIONS, top_k=2)
    per_item = {}
    for link in links:
        per_item[link.item_id] = per_item.get(link.item_id, 0) + 1
    assert max(per_item.values()) == 2


def test_items_without_shared_entities_have_no_links():
    lonely = [*ITEMS, _item("d1", "D")]
    mentions = MENTIONS + _mentions([("d1", "D", "erlang")])
    assert not [link for link in related_items(lonely, mentions) if "d1" in (link.item_id, link.related_item_id)]
