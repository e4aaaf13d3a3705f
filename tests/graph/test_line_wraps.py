"""Soft line wraps are unwrapped for matching, and offsets map back to the original text."""

from __future__ import annotations

import pytest

from graph.line_wraps import unwrap


@pytest.mark.parametrize(
    ("text", "unwrapped"),
    [
        ("limit with a token\n    bucket per user", "limit with a token bucket per user"),
        ("ElastiCache for\n  Redis keeps sessions.", "ElastiCache for Redis keeps sessions."),
        # a line that ends a sentence or a title stays a line
        ("Caching\nRedis keeps sessions.", "Caching\nRedis keeps sessions."),
        ("It is fast.\nthen it is not", "It is fast.\nthen it is not"),
    ],
)
def test_soft_breaks_become_one_space(text, unwrapped):
    assert unwrap(text)[0] == unwrapped


def test_offsets_map_back_to_the_original_text():
    text = "a token\n    bucket and a circuit\n breaker here"
    unwrapped, wraps = unwrap(text)
    for word in ("bucket", "circuit", "breaker", "here"):
        start = unwrapped.index(word)
        original = wraps.original(start)
        assert text[original : original + len(word)] == word


def test_text_without_soft_breaks_is_returned_as_is():
    assert unwrap("One line only") == ("One line only", None)
    assert unwrap("Title\nBody line.")[1] is None
