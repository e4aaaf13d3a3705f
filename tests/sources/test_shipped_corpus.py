"""What a reader sees in the five shipped seed documents (sources/corpus)."""

from __future__ import annotations

from collections import Counter

import pytest

from sources.corpus import SHIPPED_CORPUS, read_corpus
from sources.items import items_of
from sources.text_lines import content_lines

SEEDS = {
    "000": "episode_pairs",
    "001": "article_teasers",
    "002": "knowledge_base",
    "003": "episode_feed",
    "004": "post_feed",
}


@pytest.fixture(scope="module")
def corpus():
    documents, issues = read_corpus(SHIPPED_CORPUS)
    return documents, issues


@pytest.fixture(scope="module")
def seed(corpus):
    documents, _ = corpus
    by_prefix = {document.source_path[:3]: document for document in documents}

    def get(prefix):
        document = by_prefix[prefix]
        return document, items_of(document)

    return get


def titles(items, kind):
    return [item.title for item in items if item.kind == kind]


def test_the_shipped_corpus_reads_without_issues(corpus):
    documents, issues = corpus
    assert issues == []
    assert {d.source_path[:3]: d.format for d in documents} == SEEDS
    assert all(d.encoding == "utf-8" and d.source_type == "text" for d in documents)


def test_000_podcast_has_30_episodes(seed):
    document, items = seed("000")
    assert document.title == "ArchDesign Podcast"
    assert Counter(item.kind for item in items) == {"overview": 1, "episode": 30}
    episodes = titles(items, "episode")
    assert episodes[0] == "Netflix Content Delivery"
    assert "Kubernetes Orchestration" in episodes
    assert episodes[-1] == "LLM Serving Infrastructure"
    kubernetes = next(item for item in items if item.title == "Kubernetes Orchestration")
    assert kubernetes.body.startswith("How does Kubernetes decide where to run your containers?")


def test_001_interview_page(seed):
    _, items = seed("001")
    articles = [item for item in items if item.kind == "article"]
    assert len(articles) == 15
    live = [a for a in articles if a.body.startswith("Live streaming is fundamentally harder")]
    assert len(live) == 1  # the teaser shown twice on the page is one article
    assert live[0].title == "Low Level Design: Live Streaming Platform"
    assert live[0].attributes["read_time_minutes"] == 10
    assert titles(items, "core_topic") == ["Scalability", "Storage", "Reliability", "Performance"]
    assert titles(items, "design_question") == [
        "Design URL shortener (bit.ly)",
        "Design rate limiter",
        "Design Twitter/Instagram feed",
        "Design messaging system (WhatsApp)",
        "Design file storage (Dropbox)",
    ]
    assert titles(items, "note") == ["Interview Level", "Preparation"]
    assert sorted(a.attributes["read_time_minutes"] for a in articles) == [5, 5, 5, 6, 6, 6, 7, 8, 8, 9, 10, 11, 11, 12, 12]


def test_002_knowledge_base_counts(seed):
    _, items = seed("002")
    counts = Counter(item.kind for item in items)
    assert {kind: counts[kind] for kind in counts if kind != "section"} == {
        "architecture": 7,
        "ai_ml_guide": 7,
        "well_architected_pillar": 6,
        "service_selection": 12,
        "cost_tip": 6,
        "scenario": 8,
        "code_reading": 10,
        "troubleshooting": 10,
        "symptom": 12,
        "glossary_term": 8,
    }


def test_002_knowledge_base_what_a_reader_sees(seed):
    _, items = seed("002")
    assert titles(items, "architecture") == [
        "Netflix", "Hotstar", "Amazon", "Uber", "WhatsApp", "YouTube", "NSE (Stock Exchange)",
    ]
    netflix = next(item for item in items if item.title == "Netflix")
    assert netflix.attributes["scale"] == "240M+ subscribers · 800+ microservices"
    assert netflix.attributes["metrics"][0] == {"value": "99.99%", "label": "Availability"}
    amazon = next(item for item in items if item.title == "Amazon")
    assert amazon.attributes["metrics"][2] == {"value": "$500B+", "label": "Annual GMV"}
    assert titles(items, "ai_ml_guide")[0] == "AI/ML Fundamentals"
    assert titles(items, "well_architected_pillar") == [
        "Operational Excellence", "Security", "Reliability", "Performance Efficiency", "Cost Optimization",
        "Sustainability",
    ]
    assert titles(items, "service_selection")[0] == "Simple API / functions"
    assert titles(items, "glossary_term") == [
        "Hyperparameter", "Loss Function", "Epoch", "Regularization", "Feature Engineering", "AUC-ROC",
        "Data Drift", "RLHF",
    ]
    assert titles(items, "code_reading")[-1] == "Spring Boot"
    assert titles(items, "troubleshooting")[0] == "Docker"
    assert titles(items, "symptom")[0] == "Pod keeps crashing"


@pytest.mark.xfail(
    strict=True,
    reason="Known limitation of item titles (the extractor still finds both names): split_glued_head cannot see the cell border in 'Can't deploy to AWSIAM permissions "
    "/ missing roleCheck CloudTrail → IAM policy' (two upper-case runs glued), so the symptom "
    "title swallows the cause column.",
)
def test_002_symptom_titles_are_the_symptom_column(seed):
    _, items = seed("002")
    assert "Can't deploy to AWS" in titles(items, "symptom")


def test_003_feed_has_8_dated_episodes(seed):
    _, items = seed("003")
    episodes = [item for item in items if item.kind == "episode"]
    assert len(episodes) == 8
    messaging = episodes[0]
    assert (messaging.title, messaging.attributes["date"], messaging.attributes["duration_minutes"]) == (
        "Messaging Systems",
        "2026-03-23",
        9,
    )
    assert all(e.attributes["date"].startswith("2026-") and e.attributes["duration_minutes"] > 0 for e in episodes)
    assert all("Show More" not in e.body for e in episodes)
    assert episodes[-1].title == "Databases Basics"


def test_004_blog_index_has_10_posts(seed):
    _, items = seed("004")
    posts = [item for item in items if item.kind == "blog_post"]
    assert len(posts) == 10
    assert posts[2].title == "Design a Rate Limiter"
    for post in posts:
        assert post.title not in post.body
        assert "Read more" not in post.body


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_spans_hold_the_item_text(seed, check_spans, prefix):
    document, items = seed(prefix)
    check_spans(document, items)
    assert [item.position for item in items] == list(range(len(items)))


def _lost_lines(document, items):
    """Non-blank, non-icon lines inside no item's span (a line repeating a kept line is not lost)."""
    def covered(line):
        return any(item.start_char <= line.start and line.end <= item.end_char for item in items)

    lines = content_lines(document.text)
    kept = {line.text for line in lines if covered(line)}
    return [(line.number + 1, line.text) for line in lines if not covered(line) and line.text not in kept]


@pytest.mark.parametrize(
    "prefix",
    [
        "000",
        "001",
        "002",
        "003",
        "004",
    ],
)
def test_no_text_line_of_a_seed_is_lost(seed, prefix):
    document, items = seed(prefix)
    assert _lost_lines(document, items) == []
