"""Related items: only across documents, rarity-weighted cosine, one ontology hop with its path,
title mentions counting more, every kind of item linked but a page's opening, a table of contents
and a list of links (neither sources nor counterparts), a specific section preferred to a long
document, top-k."""

from __future__ import annotations

from graph.models import Mention
from graph.related import NOT_LINKED, related_items
from sources.models import Item


def _item(item_id: str, doc_id: str, kind: str = "episode", title: str = "x") -> Item:
    extra = {"heading_path": title} if "heading_path" in Item.model_fields else {}
    return Item(item_id=item_id, doc_id=doc_id, kind=kind, title=title, body="", position=0, start_char=0, end_char=100,
                **extra)


def _mentions(pairs: list[tuple[str, str, str]]) -> list[Mention]:
    return [
        Mention(mention_id=f"m{i}", entity_id=entity, item_id=item, doc_id=doc, start_char=50, end_char=55,
                surface=entity, sentence=entity, matched_alias=entity, match_rule="any_case")
        for i, (item, doc, entity) in enumerate(pairs)
    ]


ITEMS = [
    _item("a1", "A"), _item("a2", "A"),
    _item("b1", "B"), _item("b2", "B"), _item("b3", "B"),
    _item("c1", "C"), _item("c2", "C", kind="overview"),
]
MENTIONS = _mentions([
    ("a1", "A", "kafka"), ("a1", "A", "caching"),
    ("a2", "A", "kafka"),
    ("b1", "B", "caching"), ("b1", "B", "x1"), ("b1", "B", "x2"),
    ("b2", "B", "kafka"),
    ("b3", "B", "caching"), ("b3", "B", "x3"),
    ("c1", "C", "redis"), ("c1", "C", "x4"),
    ("c2", "C", "kafka"),
])
LINKS = {"redis": [("caching", "redis is_a caching")], "caching": [("redis", "redis is_a caching")]}


def _links(**kwargs):
    return related_items(ITEMS, MENTIONS, **kwargs)


def test_links_never_stay_inside_one_document():
    doc = {item.item_id: item.doc_id for item in ITEMS}
    links = _links()
    assert links and all(doc[link.item_id] != doc[link.related_item_id] for link in links)


def test_rare_shared_entity_ranks_above_a_common_one():
    first = next(link for link in _links() if link.item_id == "a1" and link.rank == 1)
    assert first.related_item_id == "b2" and first.shared_entities == ["kafka"]


def test_one_hop_through_the_ontology_links_items_with_the_path():
    without = {l.related_item_id for l in _links() if l.item_id == "c1"}
    assert "b1" not in without
    hop = next(l for l in _links(ontology_links=LINKS) if l.item_id == "c1" and l.related_item_id == "b1")
    assert hop.shared_entities == [] and hop.paths == ["redis is_a caching"]


def test_structural_items_are_not_offered_as_counterparts():
    assert not [l for l in _links() if l.related_item_id == "c2"]


def test_sections_link_both_ways_and_openings_tables_of_contents_and_link_lists_not_at_all():
    items = [
        _item("a1", "A"),
        _item("s1", "S", kind="section"),
        _item("o1", "O", kind="overview"),
        _item("t1", "T", kind="table_of_contents"),
        _item("l1", "L", kind="link_list"),
    ]
    mentions = _mentions([(item.item_id, item.doc_id, entity) for item in items for entity in ("kafka", "zookeeper")]
                         + [("z1", "Z", "redis"), ("z2", "Z", "redis")])
    links = related_items(items + [_item("z1", "Z"), _item("z2", "Z")], mentions)
    assert {(l.item_id, l.related_item_id) for l in links} == {("a1", "s1"), ("s1", "a1")}
    assert NOT_LINKED == {"overview", "table_of_contents", "link_list"}


def test_a_specific_section_ranks_above_a_long_document_naming_the_same_entities():
    """A question about eviction policies: the section on eviction beats the whole guide that names
    eviction among twenty other things (cosine divides by the length of the entity vector)."""
    items = [
        _item("q", "Q", kind="design_question"),
        _item("section", "S", kind="section"),
        _item("guide", "G", kind="paragraph"),
    ] + [_item(f"f{n}", f"F{n}") for n in range(4)]
    rows = [("q", "Q", "cache-eviction"), ("q", "Q", "caching"),
            ("section", "S", "cache-eviction"), ("section", "S", "caching"), ("section", "S", "lru")]
    rows += [("guide", "G", entity) for entity in ["cache-eviction", "caching", *(f"topic{n}" for n in range(20))]]
    rows += [(f"f{n}", f"F{n}", "caching") for n in range(4)]  # caching is common, eviction rare
    ranked = [l.related_item_id for l in related_items(items, _mentions(rows)) if l.item_id == "q"]
    assert ranked[:2] == ["section", "guide"]


def test_top_k_bounds_the_links_per_item_and_ranks_are_dense():
    links = _links(top_k=1)
    assert len(links) == len({l.item_id for l in links})
    assert all(l.rank == 1 for l in links)
