from __future__ import annotations

import pytest

from sources.parsers import post_feed
from sources.text_lines import split_lines


@pytest.fixture
def drafts(fixture_text):
    return post_feed.parse(fixture_text("post_feed.txt"))


def test_overview_and_posts(drafts):
    assert [(d.kind, d.title) for d in drafts] == [
        ("overview", "Latest posts"),
        ("blog_post", "Designing an Outbox"),
        ("blog_post", "Idempotency Keys in Practice"),
    ]


def test_title_is_not_repeated_in_the_body_and_read_more_is_dropped(drafts):
    outbox = drafts[1]
    assert outbox.body == (
        "The outbox pattern writes events to the same database as the business change, then relays them…"
    )
    for draft in drafts[1:]:
        assert draft.title not in draft.body
        assert "Read more" not in draft.body


def test_truncated_flag_follows_the_ellipsis(drafts):
    assert drafts[1].attributes["truncated"] is True
    assert drafts[2].attributes["truncated"] is False


def test_the_post_span_covers_bullet_to_read_more(fixture_text, drafts):
    text = fixture_text("post_feed.txt")
    span = text[drafts[2].start_char : drafts[2].end_char]
    assert span.startswith("• Idempotency Keys in Practice")
    assert span.endswith("Read more")


def test_matches_needs_bullets_and_read_more_links():
    assert not post_feed.matches(split_lines("• One\nText\n• Two\nText\n"))
    assert post_feed.matches(split_lines("• One\nText\nRead more\n• Two\nText\nContinue reading →\n"))
