"""The links the knowledge graph is for: on the shipped corpus, every troubleshooting guide and every
symptom row has related items, and the guides reach the episodes and posts on their subject through
the ontology's relations (replication lag part_of replication, deadlock part_of locking, ...).

Built through the domain functions, as a run does: read the corpus, split items, extract with the
shipped ontology, related items with one ontology hop."""

from __future__ import annotations

from collections import defaultdict

import pytest

from graph.extraction import extract
from graph.nlp import build_nlp
from graph.ontology import load_ontology
from graph.ontology_links import hop_links
from graph.related import related_items
from sources.corpus import SHIPPED_CORPUS, read_corpus
from sources.items import items_of

# For each guide of the shipped knowledge base, the episodes and posts (other documents) a reader of
# that guide should be offered. An empty set: the corpus holds no episode or post on the subject.
ON_SUBJECT = {
    "Databases": {"PostgreSQL MVCC & WAL", "Databases Basics", "Database DeepDive", "Redis Cluster Architecture"},
    "Kubernetes": {"Kubernetes Orchestration"},
    "Docker": {"Kubernetes Orchestration", "GitHub CI/CD Pipeline"},  # containers; image builds and layer caching
    "CI/CD Pipelines": {"GitHub CI/CD Pipeline"},
    "Git": {"GitHub CI/CD Pipeline"},
    "Networking": {"Networking Essentials", "APIs & Protocols", "Load Balancer"},
    "AWS": {"Fault Tolerance, Failover & High Availability", "Design a Rate Limiter", "Netflix Content Delivery"},
    "Linux & Servers": {"Kubernetes Orchestration"},  # processes, OOM kills and restarts on Linux nodes
    "Monitoring & Logging": set(),
    "Terraform / IaC": set(),
}
LINKED_KINDS = ("episode", "architecture", "blog_post")


@pytest.fixture(scope="module")
def shipped():
    documents, _ = read_corpus(SHIPPED_CORPUS)
    items = [item for document in documents for item in items_of(document)]
    mentions = extract(build_nlp(), documents, items).mentions
    links = related_items(items, mentions, hop_links(load_ontology()))
    by_item = defaultdict(list)
    for link in links:
        by_item[link.item_id].append(link)
    for rows in by_item.values():
        rows.sort(key=lambda link: link.rank)
    return {item.item_id: item for item in items}, by_item


def _of_kind(shipped, kind: str):
    items, _ = shipped
    return [item for item in items.values() if item.kind == kind]


@pytest.mark.parametrize("kind", ["troubleshooting", "symptom"])
def test_every_guide_and_symptom_row_has_related_items(shipped, kind):
    _, links = shipped
    rows = _of_kind(shipped, kind)
    assert rows, f"no {kind} items in the shipped corpus"
    assert [item.title for item in rows if not links[item.item_id]] == []


def test_guides_reach_episodes_and_posts_on_their_subject(shipped):
    items, links = shipped
    guides = {item.title: item for item in _of_kind(shipped, "troubleshooting")}
    assert set(guides) == set(ON_SUBJECT)
    top5 = {
        title: [items[link.related_item_id] for link in links[guide.item_id][:5]] for title, guide in guides.items()
    }
    on_subject = {
        title: [other.title for other in top5[title] if other.kind in LINKED_KINDS and other.title in ON_SUBJECT[title]]
        for title in guides
    }
    reached = [title for title, found in on_subject.items() if found]
    assert len(reached) >= 8, {title: [other.title for other in top5[title]] for title in guides}


def test_database_guide_reaches_database_episodes_through_relations(shipped):
    """"Databases" names replication lag, deadlocks, index bloat, slow queries and the connection
    pool, and no database episode names any of them: the ontology's relations make the link."""
    items, links = shipped
    [guide] = [item for item in _of_kind(shipped, "troubleshooting") if item.title == "Databases"]
    explained = {items[link.related_item_id].title: link.paths for link in links[guide.item_id][:5]}
    assert "PostgreSQL MVCC & WAL" in explained
    assert {"deadlock part_of locking", "index-bloat part_of mvcc"} <= set(explained["PostgreSQL MVCC & WAL"])
