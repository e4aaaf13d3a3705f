from __future__ import annotations

import pytest

from sources.parsers.drafting import draft, headline
from sources.text_lines import split_lines


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short words", 60, "short words"),
        ("one two three four", 9, "one two …"),
        ("supercalifragilistic word", 5, "supercalifragilistic …"),  # never empty
        ("", 10, ""),
    ],
)
def test_headline_cuts_at_a_word_boundary(text, limit, expected):
    assert headline(text, limit) == expected


def test_draft_spans_its_lines_and_drops_empty_attributes():
    text = "Title\n\n🎯\n  Body line\n"
    lines = split_lines(text)
    item = draft("card", "  Title ", lines, tags=[], note="", count=0, flag=False, name="x")
    assert item.title == "Title"
    assert text[item.start_char : item.end_char] == "Title\n\n🎯\n  Body line"
    assert item.body == "Title\nBody line"  # the icon line is not body text
    assert item.attributes == {"count": 0, "flag": False, "name": "x"}
