"""Related items on a user's own documents (tests/fixtures/real_docs, hand-written): heading
sections are offered as counterparts, sections on the same subject in different files find each
other, and tables of contents and link lists are never offered."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.extraction import extract_mentions
from graph.nlp import build_nlp
from graph.ontology import load_ontology
from graph.ontology_links import hop_links
from graph.related import related_items
from sources.corpus import read_corpus
from sources.items import items_of

REAL_DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "real_docs"


@pytest.fixture(scope="module")
def linked():
    documents, _ = read_corpus(REAL_DOCS)
    items = [item for document in documents for item in items_of(document)]
    mentions = extract_mentions(build_nlp(), documents, items)
    links = related_items(items, mentions, hop_links(load_ontology()))
    by_id = {item.item_id: item for item in items}
    top: dict[str, list[str]] = {}
    for link in sorted(links, key=lambda link: link.rank):
        top.setdefault(by_id[link.item_id].heading_path, []).append(by_id[link.related_item_id].heading_path)
    return by_id, links, top


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Cache stampede", "The Redis Failover That Wasn't"),  # a guide section and a podcast episode
        ("Kafka Consumer Lag", "Event-driven invalidation"),  # an episode and a section of an HTML page
        ("Load balancing", "Load Balancing Algorithms Compared"),  # a README section and an HTML page
        ("Cache-aside › Disadvantages", "Time-based expiry"),  # a sub-section and a section on TTLs
    ],
)
def test_sections_on_the_same_subject_are_linked_in_the_top_5(linked, item, expected):
    _, _, top = linked
    assert expected in top[item][:5], top[item][:5]


def test_tables_of_contents_and_link_lists_are_never_offered_nor_given_links(linked):
    by_id, links, _ = linked
    excluded = {"table_of_contents", "link_list", "overview"}
    assert {by_id[link.item_id].kind for link in links}.isdisjoint(excluded)
    assert {by_id[link.related_item_id].kind for link in links}.isdisjoint(excluded)
    assert any(by_id[link.related_item_id].kind == "section" for link in links)
