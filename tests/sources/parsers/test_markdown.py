from __future__ import annotations

import pytest

from sources.parsers import markdown
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


def test_a_heading_with_no_body_is_still_a_section():
    drafts = markdown.parse("# Empty\n\n# Full\nText.\n")
    assert [(d.title, d.body) for d in drafts] == [("Empty", ""), ("Full", "Text.")]


def test_tilde_fences_hide_headings_too():
    text = "# Real\n~~~\n## fake\n~~~\nafter\n"
    assert [d.title for d in markdown.parse(text)] == ["Real"]


@pytest.mark.parametrize(
    ("text", "is_markdown"),
    [("## Title\n", True), ("#Title\n", False), ("####### seven\n", False), ("```\n# x\n```\n", False)],
)
def test_matches(text, is_markdown):
    assert markdown.matches(split_lines(text)) is is_markdown
