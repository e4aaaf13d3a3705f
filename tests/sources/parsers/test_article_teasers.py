from __future__ import annotations

import pytest

from sources.parsers import article_teasers
from sources.text_lines import split_lines


@pytest.fixture
def drafts(fixture_text):
    return article_teasers.parse(fixture_text("article_teasers.txt"))


def of_kind(drafts, kind):
    return [d for d in drafts if d.kind == kind]


def test_kinds_in_reading_order(drafts):
    assert [d.kind for d in drafts] == [
        "article",
        "section",  # "Core Topics:"
        "core_topic",
        "core_topic",
        "section",  # "Common Design Questions:"
        "design_question",
        "design_question",
        "note",
        "paragraph",
        "article",
        "article",
        "article",
    ]


def test_featured_article_takes_its_title_from_the_line_above(fixture_text, drafts):
    featured = drafts[0]
    assert featured.title == "Caching Deep Dive"
    assert featured.attributes == {"read_time_minutes": 7}
    # the opening heading word and the "Read article" link are not part of the teaser
    assert featured.body == "Caches trade freshness for speed and every layer adds a new way to be stale […]"
    text = fixture_text("article_teasers.txt")
    assert text[featured.start_char : featured.end_char].startswith("Caching Deep Dive\n7 min read")


def test_plain_teasers_get_a_headline_title_and_read_time(drafts):
    bloom, consensus = of_kind(drafts, "article")[-2:]
    assert bloom.title == "Bloom filters answer set membership with a small chance of …"
    assert bloom.body == "Bloom filters answer set membership with a small chance of false positives"
    assert bloom.attributes["read_time_minutes"] == 4
    assert consensus.body == "Consensus protocols keep replicas in agreement despite crashes"  # "Overview" and "Read more" cut
    assert consensus.attributes["read_time_minutes"] == 9


def test_core_topics_are_topic_and_details(drafts):
    assert [(d.title, d.body, d.attributes["list"]) for d in of_kind(drafts, "core_topic")] == [
        ("Caching", "Write-through, write-back, eviction policies", "Core Topics"),
        ("Queues", "At-least-once delivery, dead-letter queues", "Core Topics"),
    ]


def test_design_questions_are_titles_without_body(drafts):
    assert [(d.title, d.body) for d in of_kind(drafts, "design_question")] == [
        ("Design a news feed", ""),
        ("Design a chat service", ""),
    ]


def test_key_value_prose_is_a_note(drafts):
    (note,) = of_kind(drafts, "note")
    assert (note.title, note.body) == ("Audience", "Backend engineers preparing for system design rounds.")


def test_other_prose_is_a_paragraph(drafts):
    (paragraph,) = of_kind(drafts, "paragraph")
    assert paragraph.body.startswith("Prepare for the interview")
    assert paragraph.title.endswith("…") and len(paragraph.title) <= 62


def test_an_unknown_list_heading_yields_list_entries():
    drafts = article_teasers.parse("Further Reading:\nThe Raft paper\nDesigning Data-Intensive Applications\n")
    assert [(d.kind, d.title, d.attributes.get("list")) for d in drafts] == [
        ("section", "Further Reading", None),
        ("list_entry", "The Raft paper", "Further Reading"),
        ("list_entry", "Designing Data-Intensive Applications", "Further Reading"),
    ]


def test_matches_needs_two_teasers():
    lines = ["4 min read One Read article"]
    assert not article_teasers.matches(split_lines("\n".join(lines)))
    assert article_teasers.matches(split_lines("\n".join([*lines, "5 min read Two Read more"])))


def test_a_short_note_above_a_teaser_stays_a_note():
    text = (
        "Level: Senior engineers.\n"
        "4 min read Bloom filters answer membership Read article\n"
        "5 min read Tries store strings by prefix Read article\n"
        "6 min read Skip lists are probabilistic Read article\n"
    )
    drafts = article_teasers.parse(text)
    assert [(d.kind, d.title) for d in drafts][0] == ("note", "Level")
