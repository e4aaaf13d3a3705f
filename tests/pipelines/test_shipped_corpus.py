"""The build a user gets from `make run`: the shipped corpus and ontology through a real in-process
Dagster run, then the warehouse queried and the map opened in headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import dagster as dg
import pytest

from graph.ontology import ONTOLOGY_DIR
from pipelines import assets
from sources.corpus import SHIPPED_CORPUS
from tests.pipelines.conftest import run_resources
from warehouse.store import connect_readonly


@pytest.fixture(scope="module")
def shipped_build(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("shipped")
    resources = run_resources(tmp_path, SHIPPED_CORPUS, ONTOLOGY_DIR)
    result = dg.materialize(dg.load_assets_from_modules([assets]), resources=resources)
    assert result.success
    return resources


def _query(build, sql: str, params=()):
    with connect_readonly(build["warehouse"].path) as con:
        return con.execute(sql, list(params)).fetchall()


def test_every_seed_document_is_read(shipped_build):
    rows = _query(shipped_build, "SELECT source_path, format FROM documents ORDER BY source_path")
    assert [path for path, _ in rows] == sorted(path.name for path in SHIPPED_CORPUS.glob("*.txt"))
    assert {fmt for _, fmt in rows} == {"episode_pairs", "article_teasers", "knowledge_base", "episode_feed", "post_feed"}
    assert _query(shipped_build, "SELECT count(*) FROM document_issues") == [(0,)]


def test_items_a_reader_sees(shipped_build):
    kinds = dict(_query(shipped_build, "SELECT kind, count(*) FROM items GROUP BY kind"))
    assert kinds["episode"] == 30 + 8
    assert kinds["architecture"] == 7
    assert kinds["troubleshooting"] == 10
    assert kinds["blog_post"] == 10
    assert kinds["scenario"] == 8
    (attributes,) = _query(
        shipped_build, "SELECT attributes FROM items WHERE kind = 'episode' AND title = 'Messaging Systems'"
    )[0]
    assert '"date": "2026-03-23"' in attributes and '"duration_minutes": 9' in attributes


def test_mentions_sit_at_their_offsets(shipped_build):
    [(total, matching)] = _query(
        shipped_build,
        """SELECT count(*), count(*) FILTER (WHERE substr(d.text, m.start_char + 1, m.end_char - m.start_char) = m.surface)
           FROM mentions m JOIN documents d USING (doc_id)""",
    )
    assert total > 100
    assert matching == total


@pytest.mark.parametrize(
    ("item", "counterpart"),
    [
        ("Netflix", "Netflix Content Delivery"),
        ("Kubernetes", "Kubernetes Orchestration"),
    ],
)
def test_related_items_find_counterparts_in_other_documents(shipped_build, item, counterpart):
    related = _query(
        shipped_build,
        """SELECT r.title FROM related_items x
           JOIN items i ON i.item_id = x.item_id JOIN items r ON r.item_id = x.related_item_id
           WHERE i.title = ? AND i.kind IN ('architecture', 'troubleshooting') ORDER BY x.rank""",
        [item],
    )
    assert counterpart in [title for (title,) in related]


@pytest.mark.browser
def test_map_draws_offline_without_errors(shipped_build, open_html):
    [(nodes,)] = _query(shipped_build, "SELECT count(*) FROM graph_nodes WHERE node_type IN ('item', 'entity')")
    opened = open_html(shipped_build["output"].path / assets.CONCEPT_MAP_FILE)
    opened.assert_quiet()
    assert opened.page.evaluate("window.network.body.data.nodes.length") == nodes
    assert opened.page.locator("#legend li").count() >= 8
    print(f"\nshipped corpus map: {nodes} nodes, first draw {opened.first_draw_ms():.0f} ms")


def _readme_queries() -> list[str]:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sql\n(.*?)```", readme, flags=re.S)


def test_readme_queries_answer_on_the_shipped_corpus(shipped_build):
    queries = _readme_queries()
    assert len(queries) >= 3
    for sql in queries:
        assert _query(shipped_build, sql), f"no rows for README query:\n{sql}"


def test_entity_candidates_hold_terms_the_ontology_lacks(shipped_build):
    rows = _query(shipped_build, "SELECT term, n_docs, n_mentions, example FROM entity_candidates ORDER BY rank")
    assert len(rows) >= 20
    known = {
        form.lower()
        for (name, aliases) in _query(shipped_build, "SELECT name, aliases FROM entities")
        for form in [name, *aliases]
    }
    assert not [term for term, *_ in rows if term.lower() in known]
    assert all(n_docs >= 1 and n_mentions >= n_docs and example for _, n_docs, n_mentions, example in rows)


# Counterparts judged by reading the documents: (kind, title) -> (kind, title) of another document.
COUNTERPARTS = [
    (("architecture", "Netflix"), ("episode", "Netflix Content Delivery")),
    (("episode", "Netflix Content Delivery"), ("architecture", "Netflix")),
    (("episode", "Netflix Content Delivery"), ("blog_post", "How ABR and CDN together define modern video streaming")),
    (("architecture", "Netflix"), ("blog_post", "Design a scalable Video Streaming System")),
    (("troubleshooting", "Kubernetes"), ("episode", "Kubernetes Orchestration")),
    (("episode", "Kubernetes Orchestration"), ("troubleshooting", "Kubernetes")),
    (("episode", "Apache Kafka Architecture"), ("episode", "Messaging Systems")),
    (("episode", "Messaging Systems"), ("episode", "Apache Kafka Architecture")),
    (("architecture", "WhatsApp"), ("episode", "WhatsApp Messaging at Scale")),
    (("episode", "WhatsApp Messaging at Scale"), ("architecture", "WhatsApp")),
    (("architecture", "YouTube"), ("episode", "YouTube Video Processing Pipeline")),
    (("architecture", "Uber"), ("episode", "Uber Geospatial Architecture")),
    (("architecture", "Amazon"), ("episode", "Amazon DynamoDB Internals")),
    (("scenario", "Video Streaming"), ("blog_post", "Design a scalable Video Streaming System")),
    (("scenario", "Payment Processing"), ("episode", "Stripe Payment Processing")),
    (("blog_post", "Design a Rate Limiter"), ("design_question", "Design rate limiter")),
    (("blog_post", "Designing a Scalable URL Shortener (TinyURL)"), ("episode", "URL shortener system")),
    (("blog_post", "Designing a Scalable URL Shortener (TinyURL)"), ("design_question", "Design URL shortener (bit.ly)")),
    (("blog_post", "Fault Tolerance, Failover & High Availability"), ("core_topic", "Reliability")),
    (("blog_post", "Intro to LLM Systems"), ("ai_ml_guide", "Large Language Models")),
    (("episode", "Load Balancer"), ("core_topic", "Scalability")),
    (("episode", "LLM Serving Infrastructure"), ("article", "Serving large language models (GPT-4, Llama) requires …")),
]


@pytest.mark.parametrize(("item", "counterpart"), COUNTERPARTS, ids=[f"{a[1]} -> {b[1]}" for a, b in COUNTERPARTS])
def test_true_counterparts_are_in_the_top_five(shipped_build, item, counterpart):
    ranks = _query(
        shipped_build,
        "SELECT rank FROM item_related_items WHERE item_kind = ? AND item_title = ? AND related_kind = ? AND related_title = ?",
        [*item, *counterpart],
    )
    assert ranks and ranks[0][0] <= 5, f"{counterpart} not in the top 5 of {item}: {ranks}"


def test_exports_load_back_in_networkx(shipped_build):
    import json

    import networkx as nx

    output = shipped_build["output"].path
    graphml = nx.read_graphml(output / "concept_graph.graphml")
    node_link = nx.node_link_graph(json.loads((output / "concept_graph.json").read_text(encoding="utf-8")), edges="edges")
    [(nodes,)] = _query(shipped_build, "SELECT count(*) FROM graph_nodes")
    [(edges,)] = _query(shipped_build, "SELECT count(*) FROM graph_edges")
    for graph in (graphml, node_link):
        assert graph.number_of_nodes() == nodes and graph.number_of_edges() == edges
    kafka = graphml.nodes["apache-kafka"]
    assert kafka["node_type"] == "entity" and kafka["pagerank"] > 0 and "community_label" in kafka
    evidence = next(d["evidence"] for _, _, d in graphml.edges(data=True) if d["relation"] == "mentions")
    assert json.loads(evidence)[0].startswith("mention-")
