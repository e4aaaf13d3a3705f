from __future__ import annotations

import pytest

from sources.items import items_of, stable_id

TEASERS = (
    "Reading list\n"
    "6 min read Introduction Consistent hashing moves only K/N keys when a node joins Read article\n"
    "5 min read Bloom filters answer membership with false positives Read article\n"
    "6 min read Introduction Consistent hashing moves only K/N keys when a node joins Read article\n"
    "7 min read Gossip protocols spread state epidemically Read article\n"
)

FIXTURES = [
    "episode_pairs.txt",
    "episode_feed.txt",
    "post_feed.txt",
    "article_teasers.txt",
    "knowledge_base.txt",
    "notes.md",
    "plain.txt",
]


def test_a_repeated_teaser_appears_once(make_document):
    items = items_of(make_document(TEASERS))
    articles = [item for item in items if item.kind == "article"]
    assert len(articles) == 3
    assert sum("Consistent hashing" in item.body for item in articles) == 1


def test_the_first_occurrence_of_a_repeated_item_is_kept(make_document):
    document = make_document(TEASERS)
    (hashing,) = [item for item in items_of(document) if "Consistent hashing" in item.body]
    assert hashing.title == "Reading list"  # the featured title of the first occurrence
    assert hashing.start_char == 0


def test_duplicates_are_found_ignoring_case_and_spacing(make_document):
    text = "# Design a cache\n\nOne line.\n\n" + "# design  a   CACHE\n\nOne line.\n"
    items = items_of(make_document(text, fmt="markdown"))
    # the same section twice, its title in other case and spacing: kept once
    assert [(item.title, item.body) for item in items] == [("Design a cache", "One line.")]


def test_positions_count_from_zero_in_reading_order(make_document, fixture_text):
    items = items_of(make_document(fixture_text("knowledge_base.txt")))
    assert [item.position for item in items] == list(range(len(items)))
    starts = [item.start_char for item in items]
    assert starts == sorted(starts)


@pytest.mark.parametrize("fixture", FIXTURES)
def test_spans_hold_the_item_text(make_document, fixture_text, check_spans, fixture):
    document = make_document(fixture_text(fixture))
    check_spans(document, items_of(document))


@pytest.mark.parametrize("fixture", FIXTURES)
def test_item_ids_are_stable_across_runs(make_document, fixture_text, fixture):
    text = fixture_text(fixture)
    first = [item.item_id for item in items_of(make_document(text))]
    second = [item.item_id for item in items_of(make_document(text))]
    assert first == second
    assert len(set(first)) == len(first)


def test_item_ids_change_with_the_document_path(make_document, fixture_text):
    text = fixture_text("episode_pairs.txt")
    here = {item.item_id for item in items_of(make_document(text, "a/pairs.txt"))}
    there = {item.item_id for item in items_of(make_document(text, "b/pairs.txt"))}
    assert here and there and not here & there


def test_item_ids_survive_items_moving_within_the_document(make_document):
    before = "# Alpha\nFirst paragraph text.\n\n# Beta\nSecond paragraph text.\n"
    after = "# Beta\nSecond paragraph text.\n\n# Alpha\nFirst paragraph text.\n"
    ids_before = {item.title: item.item_id for item in items_of(make_document(before))}
    ids_after = {item.title: item.item_id for item in items_of(make_document(after))}
    assert ids_before == ids_after


def test_items_carry_their_document_id(make_document, fixture_text):
    document = make_document(fixture_text("post_feed.txt"), "blog/index.txt")
    assert {item.doc_id for item in items_of(document)} == {stable_id("doc", "blog/index.txt")}


def test_stable_id_separates_its_parts():
    assert stable_id("item", "ab", "c") != stable_id("item", "a", "bc")
    assert stable_id("doc", "x").startswith("doc-")
    assert len(stable_id("doc", "x")) == len("doc-") + 16


def test_sections_with_different_titles_but_the_same_body_are_both_kept(make_document):
    text = "# Plan\n\n## Pros\n\nNone yet.\n\n## Cons\n\nNone yet.\n"
    titles = [item.title for item in items_of(make_document(text))]
    assert titles == ["Pros", "Cons"]  # "Plan" has no text of its own: it is the document's title


def test_repeated_sub_headings_are_told_apart_by_their_heading_path(make_document):
    text = (
        "# Guide\n\n## Caching\n\n### Examples\n\nNone yet.\n\n"
        "## Queues\n\n### Examples\n\nNone yet.\n"
    )
    items = items_of(make_document(text))
    assert [(item.title, item.heading_path) for item in items] == [
        ("Examples", "Caching › Examples"),
        ("Examples", "Queues › Examples"),
    ]
    assert len({item.item_id for item in items}) == 2
