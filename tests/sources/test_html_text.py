from __future__ import annotations

import pytest

from sources.html_text import html_to_text, looks_like_html


def test_headings_become_markdown_headings(fixture_text):
    text, _ = html_to_text(fixture_text("page.html"))
    lines = text.splitlines()
    assert "# Raft" in lines
    assert "## Log Replication" in lines
    assert "Raft elects a leader with randomized timeouts." in lines


@pytest.mark.parametrize("level", range(1, 7))
def test_every_heading_level_maps_to_as_many_hashes(level):
    text, _ = html_to_text(f"<body><h{level}>Topic</h{level}><p>Body</p></body>")
    assert text.splitlines()[0] == "#" * level + " Topic"


def test_script_and_style_never_reach_the_text(fixture_text):
    text, _ = html_to_text(fixture_text("page.html"))
    for hidden in ("do-not-index", "hidden-script-text", "font-family", "window.tracker", "<", ">"):
        assert hidden not in text


def test_title_is_returned_and_not_part_of_the_text(fixture_text):
    text, title = html_to_text(fixture_text("page.html"))
    assert title == "Consensus Notes"
    assert "Consensus Notes" not in text


def test_missing_title_is_empty():
    assert html_to_text("<body><p>Only a paragraph</p></body>") == ("Only a paragraph\n", "")


def test_entities_are_decoded_and_whitespace_collapsed():
    text, title = html_to_text("<title> A  &amp;\n B </title><p>Caf&eacute;   &lt;fast&gt;\n   cache</p>")
    assert title == "A & B"
    assert text == "Café <fast> cache\n"


def test_paragraphs_are_separated_by_one_blank_line():
    text, _ = html_to_text("<p>One</p>\n\n\n<p>Two</p><div><div><p>Three</p></div></div>")
    assert text == "One\n\nTwo\n\nThree\n"


def test_list_items_become_dash_lines():
    text, _ = html_to_text("<ul><li>alpha</li><li>beta</li></ul>")
    assert [line for line in text.splitlines() if line] == ["- alpha", "- beta"]


def test_inline_markup_keeps_the_spaces_between_words():
    text, _ = html_to_text("<h1>Big <em>Title</em></h1><p>Hello <b>world</b> again, see <a href='x'>the docs</a>.</p>")
    assert text.splitlines()[0] == "# Big Title"
    assert "Hello world again, see the docs." in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        ("  \n<html lang='en'><p>x</p></html>", True),
        ("<div>\n<body>\n<p>x</p>", True),
        ("Plain notes that mention <body> but never close a tag", False),
        ("# Markdown heading\n\nText with a <br> tag", False),
    ],
)
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected
