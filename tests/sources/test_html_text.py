from __future__ import annotations

import time
from pathlib import Path

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


# --- page furniture (nav, header, footer, cookie banners, sidebars) never reaches the text ---------

REAL_DOCS = Path(__file__).resolve().parents[1] / "fixtures" / "real_docs"


def real_page(name: str) -> tuple[str, str]:
    return html_to_text((REAL_DOCS / name).read_text(encoding="utf-8"))


def headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#")]


def bullets(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("- ")]


FURNITURE = {
    "guide_page.html": [
        "Skip to content", "Systems Notebook", "Notes on building", "Interview Prep", "Search the notebook",
        "We use cookies", "Accept all", "Manage preferences", "Share this post", "Twitter", "Related posts",
        "Consistent hashing explained", "Newsletter", "Subscribe", "Privacy policy", "All rights reserved", "Home",
    ],
    "div_soup.html": [
        "DevOps Daily", "Tutorials", "Cheat sheets", "Menu", "cookies", "Got it", "Home", "Share:", "Facebook",
        "Popular tutorials", "Docker for beginners", "Advertisement", "Privacy", "Sitemap", "Copyright",
        "Great write-up",
    ],
    "link_list.html": ["Streaming Notes", "Reading lists", "Talks", "Share this list", "Mastodon", "RSS", "spare time"],
    "wordpress_post.html": [
        "Skip to content", "Quorum Diaries", "working engineer", "Menu and widgets", "About the author", "Search for",
        "Recent Posts", "Vector clocks", "Archives", "Select Month", "thoughts on", "Greek islands", "Multi-Paxos",
        "Leave a Reply", "Post Comment", "Post navigation", "Previous", "Proudly powered",
    ],
}


@pytest.mark.parametrize("name", FURNITURE)
def test_navigation_header_footer_cookie_banner_and_sidebar_never_reach_the_text(name):
    text, _ = real_page(name)
    assert [words for words in FURNITURE[name] if words in text] == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "guide_page.html",
            [
                "# Cache Invalidation Strategies", "## Time-based expiry", "### Choosing a TTL",
                "## Write-through and write-behind", "## Event-driven invalidation", "### Comparison",
            ],
        ),
        (
            "div_soup.html",
            [
                "# Load Balancing Algorithms Compared", "## Round robin", "## Least connections",
                "### Weighted variants", "## Consistent hashing",
            ],
        ),
        ("link_list.html", ["# Kafka Reading List", "## Foundations", "## Operations", "## Exactly-once"]),
        ("wordpress_post.html", ["# Paxos in plain words", "## Two phases", "## Why majorities"]),
        ("short_note.html", ["# Why Raft uses randomized timeouts"]),
    ],
)
def test_the_pages_own_headings_are_kept_with_their_levels_and_only_those(name, expected):
    text, _ = real_page(name)
    assert headings(text) == expected
    assert text.startswith(expected[0] + "\n")  # nothing of the site comes before the page's title


def test_the_main_text_of_a_page_with_furniture_is_all_there():
    text, title = real_page("guide_page.html")
    assert title == "Cache Invalidation Strategies | Systems Notebook"
    for words in (
        "A cache makes reads cheap by keeping a copy of data close to the code that needs it.",
        "Adding random jitter to each TTL stops many keys from expiring in the same second.",
        "Write-behind acknowledges the write once the cache has it",
        'redis.delete(f"user:{event.user_id}")',
        "| TTL expiry | Up to the TTL | None",
        "Whatever the policy, measure the hit ratio before and after a change",
    ):
        assert words in text
    assert bullets(text) == [
        "- Write-through: simple reads, slower writes.",
        "- Write-behind: fast writes, risk of losing buffered updates.",
        "- Write-around: writes skip the cache, which suits data that is rarely read back.",
    ]


def test_a_page_that_is_a_list_of_links_keeps_every_link_as_a_dash_line():
    text, _ = real_page("link_list.html")
    assert "Articles I send to people who are about to run Kafka in production." in text
    assert bullets(text) == [
        "- The log as the unifying abstraction – why an append-only log sits at the centre of Kafka.",
        "- How partitions give ordering and parallelism",
        "- In-sync replicas and the high watermark",
        "- Monitoring consumer lag",
        "- Avoiding rebalance storms in consumer groups",
        "- Moving from ZooKeeper to KRaft",
        "- Idempotent producers",
        "- Transactions across partitions",
    ]


def test_a_short_page_keeps_all_its_text():
    assert real_page("short_note.html") == (
        "# Why Raft uses randomized timeouts\n\n"
        "In Raft a follower that hears nothing from the leader for an election timeout becomes a candidate.\n\n"
        "If every follower used the same timeout they would all stand at once and split the vote.\n\n"
        "Random timeouts between 150 and 300 ms make one candidate usually win before the others wake up.\n",
        "Why Raft uses randomized timeouts",
    )


def test_a_wordpress_post_keeps_its_article_and_drops_sidebar_comments_and_post_navigation():
    text, _ = real_page("wordpress_post.html")
    assert "Paxos lets a group of servers agree on one value" in text
    assert "Safety never depends on timing; only progress does." in text
    assert text.rstrip().endswith("March 1, 2024 Consensus")  # the article's own footer is the article's


def page(body: str) -> str:
    return html_to_text(f"<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>")[0]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # landmarks by tag
        ("<nav><a href='/'>Home</a> | <a href='/faq'>FAQ</a></nav><p>Kafka keeps a log.</p>", "Kafka keeps a log.\n"),
        ("<p>Kafka keeps a log.</p><footer>© 2024 Example</footer>", "Kafka keeps a log.\n"),
        ("<aside><h3>Related</h3><p>Other post</p></aside><p>Kafka keeps a log.</p>", "Kafka keeps a log.\n"),
        ("<p>Kafka keeps a log.</p><form><p>Join the list</p><button>Subscribe</button></form>", "Kafka keeps a log.\n"),
        ("<p>Kafka keeps a log. <button>Copy</button></p>", "Kafka keeps a log.\n"),
        # landmarks by role
        ("<div role='navigation'>Home</div><div role=banner>Site</div><p>Kafka keeps a log.</p>", "Kafka keeps a log.\n"),
        ("<p>Kafka keeps a log.</p><div role='contentinfo'>Imprint</div><div role=complementary>Ads</div>", "Kafka keeps a log.\n"),
        # by class or id name, whatever the case or quoting
        ("<DIV CLASS=Sidebar>Popular</DIV><div id='cookieNotice'>We use cookies</div><p>Kafka keeps a log.</p>", "Kafka keeps a log.\n"),
        ("<div class='share-buttons'>Share</div><ul class='breadcrumb'><li>Home</li></ul><p>Kafka keeps a log.</p>", "Kafka keeps a log.\n"),
        ("<div class='siteFooter'>Imprint</div><p>Kafka keeps a log.</p>", "Kafka keeps a log.\n"),
        ("<a class='skip-link' href='#main'>Skip to content</a><p>Kafka keeps a log.</p>", "Kafka keeps a log.\n"),
        # names that only look like furniture
        ("<div class='shared-cache'><p>Kafka keeps a log.</p></div>", "Kafka keeps a log.\n"),
        ("<div class='layout has-sidebar'><p>Kafka keeps a log.</p></div><div class='sidebar'>Popular</div>", "Kafka keeps a log.\n"),
        ("<p>Press <span class='menuselection'>File › Save</span>.</p>", "Press File › Save.\n"),
        ("<h2 class='share-title'>Partitions</h2><p>Kafka keeps a log.</p>", "## Partitions\n\nKafka keeps a log.\n"),
        ("<h2><a class='toc-backref' href='#t'>Partitions</a></h2>", "## Partitions\n"),
    ],
)
def test_what_counts_as_furniture(body, expected):
    assert page(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an article's own header and footer belong to it
        ("<header>Site</header><article><header><h1>Raft</h1></header><p>Leaders.</p><footer>Tags: consensus</footer></article>",
         "# Raft\n\nLeaders.\n\nTags: consensus\n"),
        # a hand-written page's top header holds its title: the title stays, its nav goes
        ("<header><h1>Raft</h1><nav>Home | About</nav></header><p>Leaders.</p>", "# Raft\n\nLeaders.\n"),
        # an aside inside an article is a note of the article
        ("<article><p>Leaders.</p><aside>Note: terms only grow.</aside></article>", "Leaders.\n\nNote: terms only grow.\n"),
        # a misnamed wrapper around <main> is kept; the furniture inside it is not
        ("<div class='sidebar-wrapper-nav'><nav>Home</nav><main><p>Leaders.</p></main></div>", "Leaders.\n"),
        # a hero banner holding the page's <h1>
        ("<div class='hero-banner'><h1>Raft</h1></div><p>Leaders.</p>", "# Raft\n\nLeaders.\n"),
        # ASP.NET: the whole page in a <form>
        ("<form id='form1'><div class='navbar'>Home</div><h1>Raft</h1><p>Leaders.</p></form>", "# Raft\n\nLeaders.\n"),
        # when the names would take (nearly) everything, the page is read whole
        ("<div class='menu'><p>Leaders are elected with randomized timeouts.</p></div>",
         "Leaders are elected with randomized timeouts.\n"),
    ],
)
def test_what_is_kept_although_it_looks_like_furniture(body, expected):
    assert page(body) == expected


def test_furniture_left_open_ends_with_its_parent_and_never_glues_words():
    assert page("<div><nav>Home<div>Guides</div></div><p>Leaders.</p>") == "Leaders.\n"
    assert page("<p>Before</p><div class='ad'>Buy</div><p>After</p>") == "Before\n\nAfter\n"
    assert page("<p>Before</p><nav>Home") == "Before\n"  # never closed: runs to the end of the page


SIZE = 5_000_000
HOSTILE_FURNITURE = {
    "unclosed furniture": '<div class="nav">' * (SIZE // 17) + "x",
    "furniture holding main": '<div class="nav"><main>' * (SIZE // 23) + "x",
    "many small navs": "<nav>x</nav>y" * (SIZE // 13),
    "long attribute list": "<p " + "class=a " * (SIZE // 8) + ">x",
}


@pytest.mark.parametrize("name", HOSTILE_FURNITURE)
def test_5_mb_of_nested_or_repeated_furniture_converts_in_seconds(name):
    started = time.perf_counter()
    text, _ = html_to_text(HOSTILE_FURNITURE[name])
    assert time.perf_counter() - started < 10
    assert text.endswith("\n")
