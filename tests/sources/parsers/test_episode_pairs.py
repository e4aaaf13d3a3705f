from __future__ import annotations

from sources.parsers import episode_pairs
from sources.text_lines import split_lines


def test_overview_then_one_episode_per_title_description_pair(fixture_text):
    drafts = episode_pairs.parse(fixture_text("episode_pairs.txt"))
    assert [(d.kind, d.title) for d in drafts] == [
        ("overview", "Queue Talk Podcast"),
        ("episode", "Kafka Partitions"),
        ("episode", "Backpressure Basics"),
        ("episode", "Exactly Once Delivery"),
    ]
    assert drafts[0].body.startswith("Two engineers chat about queues")
    assert drafts[2].body == (
        "What happens when consumers cannot keep up? Priya and Tom cover buffering, dropping and slowing producers."
    )


def test_an_episode_spans_its_title_and_description(fixture_text):
    text = fixture_text("episode_pairs.txt")
    episode = episode_pairs.parse(text)[1]
    span = text[episode.start_char : episode.end_char]
    assert span.startswith("Kafka Partitions\n")
    assert span.endswith("ordering is per partition.")


def test_a_list_that_is_not_a_show_holds_entries():
    text = (
        "Distributed Systems Reading List\n"
        "Classic papers every backend engineer should read at least once in their career.\n"
        "The Google File System\n"
        "A distributed file system for large data-intensive applications on commodity hardware.\n"
    )
    assert [d.kind for d in episode_pairs.parse(text)] == ["overview", "entry"]


def test_a_trailing_title_without_description_is_kept():
    text = (
        "Tiny Podcast\nShort episodes about systems, recorded weekly by two friends who love it.\n"
        "Caching\nWhy caches are hard and what invalidation really means for your service.\n"
        "Coming Soon\n"
    )
    last = episode_pairs.parse(text)[-1]
    assert (last.kind, last.title, last.body) == ("episode", "Coming Soon", "")


def test_matches_needs_six_lines_of_title_description_pairs(fixture_text):
    assert episode_pairs.matches(split_lines(fixture_text("episode_pairs.txt")))
    assert not episode_pairs.matches(split_lines("Show\nA description that is long enough to count here.\n"))
    prose = "\n".join(["This is a sentence that ends properly and is long enough to be prose."] * 8)
    assert not episode_pairs.matches(split_lines(prose))
