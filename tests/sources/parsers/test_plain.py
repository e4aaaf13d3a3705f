from __future__ import annotations

from sources.parsers import plain
from sources.text_lines import split_lines


def test_paragraphs_with_short_title_lines(fixture_text):
    drafts = plain.parse(fixture_text("plain.txt"))
    assert [(d.kind, d.title, d.body) for d in drafts] == [
        (
            "paragraph",
            "Write-ahead logging",
            "Every change is appended to the log before the data page is touched.\nRecovery replays the log.",
        ),
        (
            "paragraph",
            "A single sentence paragraph that simply ends with a full …",  # a headline, cut at 60
            "A single sentence paragraph that simply ends with a full stop.",
        ),
        # a first line ending in a comma is not a title: the paragraph gets a headline
        (
            "paragraph",
            "Checkpoints: when the log is trimmed, the database flushes …",
            "Checkpoints: when the log is trimmed,\nthe database flushes dirty pages first.",
        ),
    ]


def test_paragraph_span_covers_all_its_lines(fixture_text):
    text = fixture_text("plain.txt")
    first = plain.parse(text)[0]
    assert text[first.start_char : first.end_char] == (
        "Write-ahead logging\nEvery change is appended to the log before the data page is touched.\n"
        "Recovery replays the log."
    )


def test_icon_only_paragraphs_yield_nothing_and_icons_leave_the_body():
    drafts = plain.parse("🎯\n\n☁️\nCloud notes\nServerless is still servers.\n")
    assert [(d.title, d.body) for d in drafts] == [("Cloud notes", "Serverless is still servers.")]


def test_matches_any_text_but_not_blank():
    assert plain.matches(split_lines("x"))
    assert not plain.matches(split_lines("\n  \n"))
