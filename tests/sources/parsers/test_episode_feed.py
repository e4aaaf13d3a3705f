from __future__ import annotations

import pytest

from sources.parsers import episode_feed
from sources.text_lines import split_lines


@pytest.fixture
def drafts(fixture_text):
    return episode_feed.parse(fixture_text("episode_feed.txt"))


def test_overview_and_episodes(drafts):
    assert [(d.kind, d.title) for d in drafts] == [
        ("overview", "Episodes"),
        ("episode", "Sharding Explained"),
        ("episode", "Leader Election"),
    ]


def test_dates_are_iso_and_durations_in_minutes(drafts):
    assert [(d.attributes["date"], d.attributes["duration_minutes"]) for d in drafts[1:]] == [
        ("2025-04-02", 11),
        ("2025-03-15", 120),  # "2 hrs" and a long month name with a comma
    ]


def test_body_is_the_description_without_player_controls(drafts):
    first = drafts[1]
    assert first.body == (
        "We split one big table into many small ones and route each key to its shard.\n"
        "Rebalancing without downtime is the hard part, and we walk through it."
    )
    for draft in drafts:
        assert "Show More" not in draft.body
        assert "Show Less" not in draft.body
        assert "mins" not in draft.body and "hrs" not in draft.body


def test_an_episode_spans_from_its_title_to_its_duration(fixture_text, drafts):
    text = fixture_text("episode_feed.txt")
    span = text[drafts[1].start_char : drafts[1].end_char]
    assert span.startswith("• Sharding Explained")
    assert span.endswith("11 mins")


@pytest.mark.parametrize(
    ("date_line", "iso"),
    [("Mar 23 2026", "2026-03-23"), ("January 5, 2026", "2026-01-05"), ("Sept 9 2024", "2024-09-09")],
)
def test_date_formats(date_line, iso):
    text = f"• First\n{date_line}\nAbout one.\n3 mins\n• Second\n{date_line}\nAbout two.\n"
    drafts = episode_feed.parse(text)
    assert [d.attributes.get("date") for d in drafts] == [iso, iso]
    assert drafts[0].attributes["duration_minutes"] == 3
    assert "duration_minutes" not in drafts[1].attributes  # no duration line, no attribute


def test_matches_needs_two_dated_bullets():
    one = "• Only episode\nMar 1 2025\nText.\n"
    assert not episode_feed.matches(split_lines(one))
    assert episode_feed.matches(split_lines(one + "• Another\nFeb 2 2025\nText.\n"))
    assert not episode_feed.matches(split_lines("• A\nFoo 1 2025\n• B\nBar 2 2025\n"))
