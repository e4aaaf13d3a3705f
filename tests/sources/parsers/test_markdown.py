from __future__ import annotations

import pytest

from sources.parsers import markdown
from sources.parsers.drafting import MAX_ITEM_CHARS
from sources.text_lines import split_lines


@pytest.fixture
def drafts(fixture_text):
    return markdown.parse(fixture_text("notes.md"))


def test_one_section_per_heading_and_an_opening_section(drafts):
    assert [(d.title, d.attributes.get("level")) for d in drafts] == [
        ("Opening words before any heading.", 0),  # text before the first heading: level 0
        ("Storage Engines", 1),
        ("B-Trees", 2),  # closing hashes are not part of the title
    ]
    assert {d.kind for d in drafts} == {"section"}
    assert drafts[0].body == "Opening words before any heading."


def test_headings_inside_code_fences_are_not_headings(drafts):
    storage = drafts[1]
    assert "# not a heading, a shell comment" in storage.body
    assert "make build" in storage.body
    assert all("shell comment" not in d.title for d in drafts)


def test_section_spans_run_from_heading_to_last_line(fixture_text, drafts):
    text = fixture_text("notes.md")
    storage = text[drafts[1].start_char : drafts[1].end_char]
    assert storage.startswith("# Storage Engines")
    assert storage.endswith("```")
    assert text[drafts[2].start_char : drafts[2].end_char] == "## B-Trees ##\n\nPages are updated in place."


def test_a_heading_with_no_text_of_its_own_is_not_an_item_but_lives_on_in_paths():
    drafts = markdown.parse("# Empty\n\n# Full\nText.\n\n# Parent\n\n## Child\n\nWords.\n")
    assert [(d.title, d.heading_path, d.body) for d in drafts] == [
        ("Full", "Full", "Text."),
        ("Child", "Parent › Child", "Words."),
    ]


def test_front_matter_is_never_an_item_and_never_in_a_span():
    text = "---\ntitle: Caching 101\ncreatedAt: 2024-01-01\ntags: [cache]\n---\n\nIntro on Redis.\n\n## TTLs\n\nExpire keys.\n"
    drafts = markdown.parse(text)
    assert [d.title for d in drafts] == ["Intro on Redis.", "TTLs"]
    assert all(d.start_char > text.index("\n---\n") for d in drafts)
    assert not any("createdAt" in d.body or "title:" in d.body for d in drafts)


def test_titles_are_plain_text_without_markup():
    text = "## **Cache** with [Redis](https://redis.io) ![badge](b.svg) `TTL`\n\nBody.\n\nSetext *title*\n-----\n\nMore.\n"
    assert [d.title for d in markdown.parse(text)] == ["Cache with Redis TTL", "Setext title"]


def test_a_row_of_badges_before_the_first_heading_is_not_an_item():
    text = (
        '<p align="center"><img src="logo.png"></p>\n\n[![Build](https://ci/badge.svg)](https://ci)\n\n'
        "# Project\n\nA queue in front of the database.\n"
    )
    assert [(d.title, d.body) for d in markdown.parse(text)] == [("Project", "A queue in front of the database.")]


def test_lists_tables_and_code_stay_inside_their_section():
    text = "## Options\n\n- Redis\n- Memcached\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n## Next\n\nEnd.\n"
    drafts = markdown.parse(text)
    assert [d.title for d in drafts] == ["Options", "Next"]
    assert text[drafts[0].start_char : drafts[0].end_char].endswith("```")


def test_link_lists_and_tables_of_contents_get_their_own_kind():
    text = (
        "# Guide\n\n## Contents\n\n- [Caching](#caching)\n- [Queues](#queues)\n- [Sharding](#sharding)\n\n"
        "## Caching\n\nCaches keep [hot keys](https://example.com/hot) close to readers.\n\n"
        "## Further reading\n\n- [Kafka docs](https://kafka.apache.org) - the docs\n- [Redis](https://redis.io)\n"
        "- [Raft](https://raft.github.io)\n"
    )
    assert [(d.title, d.kind) for d in markdown.parse(text)] == [
        ("Contents", "table_of_contents"),
        ("Caching", "section"),
        ("Further reading", "link_list"),
    ]


def test_a_giant_link_list_is_cut_between_its_items():
    links = "".join(f"- [Resource number {n}](https://example.com/{n}) - a short note on it\n" for n in range(600))
    drafts = markdown.parse("## Awesome links\n\n" + links)
    assert len(drafts) > 1 and {d.kind for d in drafts} == {"link_list"}
    assert all(d.end_char - d.start_char <= MAX_ITEM_CHARS for d in drafts)
    assert all(d.body.startswith("- [Resource number") for d in drafts)
    assert drafts[0].title == f"Awesome links (1/{len(drafts)})"


def test_a_document_without_headings_is_read_as_plain_text():
    text = "- **Cache**: hot keys\n- **Queue**: bursts\n- **CDN**: static files\n"
    (only,) = markdown.parse(text)
    assert only.title == "Cache: hot keys Queue: bursts CDN: static files"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("# Main\n\ntext\n\n## Sub\n", "Main"),
        ("## First\n\n# Real *title*\n", "Real title"),
        ("### Only small\n\n#### Smaller\n", "Only small"),
        ("no headings here\n", None),
    ],
)
def test_title_of_is_the_first_top_level_heading(text, title):
    assert markdown.title_of(text) == title


def test_tilde_fences_hide_headings_too():
    text = "# Real\n~~~\n## fake\n~~~\nafter\n"
    assert [d.title for d in markdown.parse(text)] == ["Real"]


@pytest.mark.parametrize(
    ("text", "is_markdown"),
    [("## Title\n", True), ("#Title\n", False), ("####### seven\n", False), ("```\n# x\n```\n", False),
     ("Title\n=====\n\ntext\n", True), ("- item\n---\n", False)],
)
def test_matches(text, is_markdown):
    assert markdown.matches(split_lines(text)) is is_markdown


def test_a_section_of_code_alone_is_kept():
    text = "## Config\n\n```\nmaxconn 4096\n```\n\n## Next\n\nEnd.\n"
    assert [d.title for d in markdown.parse(text)] == ["Config", "Next"]


def test_a_contents_heading_is_not_the_document_title():
    assert markdown.title_of("## Contents\n\n- [A](#a)\n\n## Load balancing\n\ntext\n") == "Load balancing"
