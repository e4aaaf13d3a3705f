from __future__ import annotations

from sources.parsers import plain
from sources.parsers.drafting import MAX_ITEM_CHARS
from sources.text_lines import split_lines


def test_a_short_text_is_one_item_titled_by_its_title_line(fixture_text):
    drafts = plain.parse(fixture_text("plain.txt"))
    assert [(d.kind, d.title) for d in drafts] == [("section", "Write-ahead logging")]
    assert drafts[0].body.startswith("Every change is appended to the log")
    assert drafts[0].body.endswith("the database flushes dirty pages first.")


def test_the_span_covers_the_whole_text(fixture_text):
    text = fixture_text("plain.txt")
    (only,) = plain.parse(text)
    assert text[only.start_char : only.end_char] == text.strip()


def test_a_page_of_bullets_is_one_item_never_one_per_bullet():
    text = "* **Cache**: keeps hot keys close\n\n* **Queue**: absorbs bursts\n\n* **CDN**: serves static files\n"
    (only,) = plain.parse(text)
    assert only.title == "Cache: keeps hot keys close Queue: absorbs bursts CDN: …"
    assert "*" not in only.title


def test_a_long_text_is_cut_at_its_titled_paragraphs():
    prose = "Replication copies every write to followers so reads scale and failures are survived. " * 8
    text = (
        "On-call notes for the storage team\n\n"
        f"1. Replication lag\n{prose}\n\n"
        "2. Incidents\n\n"  # a heading with no text of its own: its children carry on
        f"2.1 Disk full\n{prose}\n\n"
        f"2.2 Slow queries\n{prose}\n{prose}\n"
    )
    titles = [d.title for d in plain.parse(text)]
    assert titles == ["1. Replication lag", "2.1 Disk full", "2.2 Slow queries"]


def test_untitled_paragraphs_stay_with_the_section_before_them():
    para = "Caches fail in interesting ways when every client misses at the same moment. " * 6
    text = f"Cache stampedes\n{para}\n\n{para}\n\n{para}\n\n{para}\n\n{para}\n"
    drafts = plain.parse(text)
    assert [d.title for d in drafts] == ["Cache stampedes"]


def test_no_item_is_longer_than_the_limit_and_parts_are_whole_paragraphs():
    para = "Consistent hashing spreads keys over a ring of virtual nodes. " * 20
    text = "Sharding notes\n" + "\n\n".join([para] * 20) + "\n"
    drafts = plain.parse(text)
    assert len(drafts) > 1 and all(d.end_char - d.start_char <= MAX_ITEM_CHARS for d in drafts)
    assert drafts[0].title == f"Sharding notes (1/{len(drafts)})"
    for d in drafts:
        assert text[d.start_char : d.end_char].endswith(para.strip())


def test_icon_only_paragraphs_yield_nothing_and_icons_leave_the_body():
    drafts = plain.parse("🎯\n\n☁️\nCloud notes\nServerless is still servers.\n")
    assert [(d.title, d.body) for d in drafts] == [("Cloud notes", "Serverless is still servers.")]


def test_matches_any_text_but_not_blank():
    assert plain.matches(split_lines("x"))
    assert not plain.matches(split_lines("\n  \n"))
