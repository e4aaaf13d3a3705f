"""A user's own documents, read as a reader would cut them: the hand-written corpus in
tests/fixtures/real_docs (a guide with front matter and repeated sub-headings, a README with badges,
a table of contents and a link list, a heading-less page of bullets, a short episode list, HTML pages
with navigation and footers)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sources.corpus import read_corpus
from sources.items import items_of

REAL_DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "real_docs"
MARKUP = re.compile(r"\*\*|__|`|!\[|\]\(|<[a-z/]|^#|^[-*+] ")


@pytest.fixture(scope="module")
def corpus():
    documents, issues = read_corpus(REAL_DOCS)
    assert issues == []
    return {document.source_path: (document, items_of(document)) for document in documents}


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("caching-guide.md", "Caching in Practice: A Field Guide"),  # front matter first
        ("awesome-scaling.md", "Awesome Scaling"),  # the first heading, not the logo or the badges
        ("cheat-sheet.md", "Cache: keep hot data in Redis or Memcached, close to the readers."),
        ("short-podcast.txt", "Failure Modes"),
    ],
)
def test_every_document_gets_a_clean_title(corpus, path, title):
    assert corpus[path][0].title == title


def test_no_title_anywhere_carries_markup(corpus):
    for document, items in corpus.values():
        assert not MARKUP.search(document.title), document.title
        for item in items:
            assert not MARKUP.search(item.title), (document.source_path, item.title)


def test_front_matter_becomes_attributes_and_never_an_item(corpus):
    document, items = corpus["caching-guide.md"]
    assert document.attributes == {
        "title": "Caching in Practice: A Field Guide",
        "description": "How teams put Redis and CDNs in front of slow databases, and what goes wrong.",
        "date": "2025-09-14",
        "tags": ["caching", "redis", "performance"],
        "categories": ["Guides"],
    }
    front_matter_end = document.text.index("\n---\n") + 5
    assert all(item.start_char >= front_matter_end for item in items)
    assert not any("createdAt" in item.body or "draft:" in item.body for item in items)


def test_repeated_sub_headings_carry_their_parent_in_the_heading_path(corpus):
    _, items = corpus["caching-guide.md"]
    paths = [item.heading_path for item in items]
    assert paths == [
        "Caching in Practice",
        "Cache-aside",
        "Cache-aside › Advantages",
        "Cache-aside › Disadvantages",
        "Write-through",
        "Write-through › Advantages",
        "Write-through › Disadvantages",
        "Eviction policies",
        "Cache stampede",
    ]
    advantages = [item for item in items if item.title == "Advantages"]
    assert "Only data that is read ends up in the cache." in advantages[0].body  # lists stay in their section


def test_a_readme_loses_its_badges_and_marks_its_lists_of_links(corpus):
    _, items = corpus["awesome-scaling.md"]
    assert items[0].title == "Awesome Scaling"
    assert not any("img" in item.body or "Build Status" in item.body for item in items)
    kinds = {item.heading_path: item.kind for item in items}
    assert kinds["Table of Contents"] == "table_of_contents"
    assert kinds["Further reading"] == "link_list"
    assert kinds["Load balancing › Disadvantages"] == "section"


def test_a_page_of_bullets_is_one_item(corpus):
    _, items = corpus["cheat-sheet.md"]
    assert len(items) == 1 and items[0].body.count("\n") == 4


def test_a_short_episode_list_keeps_its_episodes(corpus):
    document, items = corpus["short-podcast.txt"]
    assert document.format == "episode_pairs"
    assert [(item.kind, item.title) for item in items] == [
        ("overview", "Failure Modes"),
        ("episode", "The Redis Failover That Wasn't"),
        ("episode", "Kafka Consumer Lag"),
    ]


def test_no_empty_or_image_only_items(corpus):
    for document, items in corpus.values():
        for item in items:
            assert re.search(r"[^\W_]", item.body), (document.source_path, item.heading_path)
