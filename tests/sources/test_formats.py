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


def test_two_teaser_lines_are_not_enough_for_article_teasers():
    text = "4 min read Bloom filters explained Read article\n5 min read Tries explained Read article\n"
    assert detect_format(text) == "plain"
    assert detect_format(text + "6 min read Skip lists explained Read more\n") == "article_teasers"


def test_knowledge_base_needs_three_section_headings():
    two = "System Architectures\nsome text\nAI / ML\nmore text\n"
    assert detect_format(two) == "plain"
    assert detect_format(two + "Troubleshooting\nlast text\n") == "knowledge_base"
