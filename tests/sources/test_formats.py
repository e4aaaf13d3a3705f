from __future__ import annotations

import pytest

from sources.corpus import read_corpus
from sources.formats import BY_FORMAT, PARSERS, detect_format
from sources.parsers import markdown, plain

FIXTURE_FORMATS = [
    ("episode_pairs.txt", "episode_pairs"),
    ("episode_feed.txt", "episode_feed"),
    ("post_feed.txt", "post_feed"),
    ("article_teasers.txt", "article_teasers"),
    ("knowledge_base.txt", "knowledge_base"),
    ("notes.md", "markdown"),
    ("plain.txt", "plain"),
]


@pytest.mark.parametrize(("fixture", "fmt"), FIXTURE_FORMATS)
def test_each_fixture_is_recognised_from_its_content(fixture_text, fixture, fmt):
    assert detect_format(fixture_text(fixture)) == fmt


@pytest.mark.parametrize(("fixture", "fmt"), FIXTURE_FORMATS)
@pytest.mark.parametrize("saved_as", ["notes.md", "page.txt", "export.markdown"])
def test_the_file_name_does_not_decide_the_format(tmp_path, fixture_text, fixture, fmt, saved_as):
    (tmp_path / saved_as).write_text(fixture_text(fixture), encoding="utf-8")
    (document,), _ = read_corpus(tmp_path)
    assert document.format == fmt


def test_only_one_parser_per_format_and_markdown_then_plain_come_last():
    assert len(BY_FORMAT) == len(PARSERS)
    assert PARSERS[-2:] == (markdown, plain)


def test_specific_formats_are_tried_before_markdown(fixture_text):
    # a markdown heading as the show's name does not stop an episode list from being one
    pairs = fixture_text("episode_pairs.txt").replace("Queue Talk Podcast", "# Queue Talk Podcast")
    assert detect_format(pairs) == "episode_pairs"
    # a feed with a markdown heading on top is still a feed
    assert detect_format("# Our feed\n" + fixture_text("episode_feed.txt")) == "episode_feed"


def test_an_extra_heading_line_breaks_the_title_description_rhythm(fixture_text):
    shifted = "# Queue Talk\n" + fixture_text("episode_pairs.txt")
    assert detect_format(shifted) == "markdown"


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("# Notes\n\nSome text.\n", "markdown"),
        ("Intro line\n\n### Deep heading\nbody\n", "markdown"),
        ("```\n# inside a fence\n```\n", "plain"),
        ("#hashtag is not a heading\n", "plain"),
        ("Just a sentence.\n", "plain"),
        ("🎯\n", "plain"),
        ("", "plain"),
    ],
)
def test_markdown_needs_a_real_heading_otherwise_plain(text, fmt):
    assert detect_format(text) == fmt


def test_alternating_lines_with_many_blank_lines_are_not_an_episode_list(fixture_text):
    spaced = fixture_text("episode_pairs.txt").replace("\n", "\n\n")
    assert detect_format(spaced) == "plain"


def test_one_teaser_line_is_not_enough_for_article_teasers():
    text = "4 min read Bloom filters explained Read article\n"
    assert detect_format(text) == "plain"
    assert detect_format(text + "5 min read Tries explained Read article\n") == "article_teasers"


def test_knowledge_base_needs_three_section_headings():
    two = "System Architectures\nsome text\nAI / ML\nmore text\n"
    assert detect_format(two) == "plain"
    assert detect_format(two + "Troubleshooting\nlast text\n") == "knowledge_base"


# New documents in the shipped shapes, written for these tests: shorter, or a little different.
SHORT_EPISODE_LIST = """Edge Cases FM
Short talks on odd failures.
Clock Skew
Why two servers never agree on the time, and how leases survive it anyway.
Split Brain
Two leaders at once: fencing tokens and quorums keep the data safe.
"""
EPISODE_LIST_WITH_BLANK_LINES = """Latency Hour

A weekly podcast about the tail of the distribution.

Hedged Requests
Send the request twice and take the first answer: when it helps and what it costs.

Queueing Theory for Engineers
Little's law explained with coffee shops, and why utilisation above 80% hurts.

Timeouts
Picking timeouts from percentiles rather than guesses, with retries that back off.
"""
ONE_EPISODE_FEED = """Episodes

  • Backpressure
    Jun 3 2025

    How a slow consumer tells a fast producer to wait.

    Show More Show Less
    14 mins
"""
TWO_TEASERS = """Storage Primer
5 min read Introduction Write-ahead logs make crashes survivable […] Read article
8 min read Overview LSM trees turn random writes into sequential ones Read article
"""
NOTES_WITH_PSEUDO_HEADINGS = """Migration notes

Moving the billing database took three weekends. The first one went to copying data and verifying row counts.

Cutover
The second weekend we switched writes with a short freeze and a feature flag, then watched replication.
"""


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        (SHORT_EPISODE_LIST, "episode_pairs"),
        (EPISODE_LIST_WITH_BLANK_LINES, "episode_pairs"),
        (ONE_EPISODE_FEED, "episode_feed"),
        (TWO_TEASERS, "article_teasers"),
        (NOTES_WITH_PSEUDO_HEADINGS, "plain"),
    ],
)
def test_new_documents_in_the_shipped_shapes_are_recognised(text, fmt):
    assert detect_format(text) == fmt


def test_a_short_episode_list_keeps_its_episodes():
    items = BY_FORMAT["episode_pairs"].parse(SHORT_EPISODE_LIST)
    assert [(item.kind, item.title) for item in items] == [
        ("overview", "Edge Cases FM"), ("entry", "Clock Skew"), ("entry", "Split Brain"),
    ]
    spaced = BY_FORMAT["episode_pairs"].parse(EPISODE_LIST_WITH_BLANK_LINES)
    assert [item.title for item in spaced] == ["Latency Hour", "Hedged Requests", "Queueing Theory for Engineers", "Timeouts"]
    assert {item.kind for item in spaced[1:]} == {"episode"}
