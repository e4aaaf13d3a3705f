"""Unit tests on the HTML that render_concept_map returns (no browser): offline, escaped, deterministic."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from viz import render_concept_map, write_concept_map
from viz.assets import vis_network_assets
from viz.layout import nearest_distances
from viz.styles import (
    ENTITY_FALLBACK,
    ENTITY_SHAPE,
    ITEM_FALLBACK,
    ITEM_SHAPE,
    MENTIONS_COLOUR,
    node_colour,
)


class _PageParser(HTMLParser):
    """Collects every start tag with its attributes, and the text of each <script> and <h1>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.headings: list[str] = []
        self._current: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in ("script", "h1"):
            self._current, self._buffer = tag, []
            self._attrs = attributes

    def handle_data(self, data):
        if self._current:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if tag == self._current:
            text = "".join(self._buffer)
            if tag == "script":
                self.scripts.append((self._attrs, text))
            else:
                self.headings.append(text)
            self._current = None


def parse(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser


def json_block(html: str, block_id: str):
    for attrs, text in parse(html).scripts:
        if attrs.get("id") == block_id:
            assert attrs.get("type") == "application/json"
            return json.loads(text)
    raise AssertionError(f"no <script id={block_id}> in the page")


def positions(html: str) -> dict[str, tuple[float, float]]:
    return {node["id"]: (node["x"], node["y"]) for node in json_block(html, "concept-map-nodes")}


def executable_scripts(html: str) -> list[str]:
    return [text for attrs, text in parse(html).scripts if attrs.get("type") in (None, "", "text/javascript")]


# ------------------------------------------------------------------ offline


def test_no_resource_is_fetched_from_a_host(small_graph):
    page = parse(render_concept_map(small_graph, "Map"))
    remote = [
        (tag, name, value)
        for tag, attrs in page.tags
        for name, value in attrs.items()
        if name in ("src", "href", "srcset", "action", "data") and value and "//" in value
    ]
    assert remote == []
    assert not [tag for tag, _ in page.tags if tag == "link"], "no <link>: everything is inlined"
    assert not [attrs for attrs, _ in page.scripts if "src" in attrs], "no <script src>"


def test_page_has_a_content_security_policy_forbidding_the_network(small_graph):
    page = parse(render_concept_map(small_graph, "Map"))
    policies = [attrs.get("content", "") for tag, attrs in page.tags
                if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(policies) == 1
    directives = {part.split()[0]: part.split()[1:] for part in policies[0].split(";") if part.strip()}
    assert directives["default-src"] == ["'none'"]
    assert "connect-src" not in directives  # falls back to default-src 'none'
    for sources in directives.values():
        assert not any(source.startswith(("http", "*")) for source in sources), policies[0]


def test_page_inlines_pyvis_bundled_vis_network(small_graph):
    html = render_concept_map(small_graph, "Map")
    scripts = executable_scripts(html)
    assert vis_network_assets().javascript in scripts
    assert vis_network_assets().css in html
    assert any("new vis.Network(" in script and "window.network = network" in script for script in scripts)
    assert "tom-select" not in html.lower() and "bootstrap" not in html.lower()


# --------------------------------------------------------------- determinism


def test_positions_are_identical_across_renders_and_insertion_orders(small_graph):
    first = render_concept_map(small_graph, "Map")
    second = render_concept_map(small_graph, "Map")
    assert positions(first) == positions(second)
    assert first == second  # pure function

    reordered = type(small_graph)()
    reordered.add_nodes_from(reversed(list(small_graph.nodes(data=True))))
    reordered.add_edges_from(reversed(list(small_graph.edges(data=True))))
    assert positions(render_concept_map(reordered, "Map")) == positions(first)


def test_positions_are_spread_out(small_graph):
    found = positions(render_concept_map(small_graph, "Map"))
    assert set(found) == {str(node) for node in small_graph.nodes}
    assert len(set(found.values())) == small_graph.number_of_nodes(), "two nodes share a position"


def test_labels_have_room_at_250_nodes(synthetic_graph):
    graph = synthetic_graph(150, 100)
    assert graph.number_of_nodes() == 250
    found = list(positions(render_concept_map(graph, "Map")).values())
    gaps = sorted(nearest_distances(found))
    median = gaps[len(gaps) // 2]
    crowded = sum(gap < 25 for gap in gaps)
    assert median >= 60, f"nodes are packed so tightly that labels overlap (median gap {median:.0f} px)"
    assert crowded <= 0.05 * len(gaps), f"{crowded} of {len(gaps)} nodes are closer than 25 px to another"


def test_nearest_distances_matches_brute_force():
    import math
    import random

    rng = random.Random(1)
    points = [(rng.uniform(0, 100), rng.uniform(0, 30)) for _ in range(300)]
    brute = [min(math.dist(p, q) for j, q in enumerate(points) if j != i) for i, p in enumerate(points)]
    assert nearest_distances(points) == pytest.approx(brute)


# -------------------------------------------------------------------- safety


def test_hostile_text_cannot_add_a_script_or_markup(small_graph, hostile_graph, hostile_text):
    benign = render_concept_map(small_graph, "Map")
    hostile = render_concept_map(hostile_graph, "Map")
    assert len(parse(hostile).scripts) == len(parse(benign).scripts)
    assert hostile.lower().count("<script") == benign.lower().count("<script")
    assert "alert(1)" not in "".join(executable_scripts(hostile))
    for raw in ("<script>alert", "<img src=x", "<a href=\"javascript:", "<b>bold"):
        assert raw not in hostile, f"{raw!r} reached the page unescaped"
    # ...yet the data survive exactly, as text
    node = next(n for n in json_block(hostile, "concept-map-nodes") if n["id"] == hostile_text["id"])
    assert hostile_text["label"].startswith(node["label"].rstrip("…"))
    assert "</script><script>alert(1)" in node["label"]
    assert hostile_text["label"] in node["title"] and hostile_text["summary"] in node["title"]
    assert isinstance(node["title"], str), "a string title is what vis-network shows as plain text"
    details = json_block(hostile, "concept-map-details")
    item = details[hostile_text["id"]]
    assert item["label"] == hostile_text["label"] and item["doc_title"] == hostile_text["doc_title"]
    assert item["attributes"] == hostile_text["attributes"] and item["excerpt"] == hostile_text["summary"]
    assert item["related"][0]["title"] == hostile_text["related_title"]
    assert item["related"][0]["paths"] == [hostile_text["path"]]
    entity = details[hostile_text["entity_id"]]
    assert entity["label"] == hostile_text["entity_label"] and hostile_text["alias"] in entity["aliases"]
    assert entity["evidence"][0]["sentence"] == hostile_text["sentence"]
    for raw in ("<svg onload", "<iframe", "<i>category"):
        assert raw not in hostile, f"{raw!r} reached the page unescaped"


def test_heading_is_escaped():
    graph = nx.Graph()
    graph.add_node("entity:a", label="A", node_type="entity", kind="concept", summary="")
    html = render_concept_map(graph, "<img src=x onerror=alert(1)> & </title><script>alert(2)</script>")
    assert "<img src=x" not in html and "alert(2)</script>" not in html
    assert parse(html).headings == ["<img src=x onerror=alert(1)> & </title><script>alert(2)</script>"]


def test_node_ids_that_collide_as_strings_are_refused():
    graph = nx.Graph()
    graph.add_node(1, label="int", node_type="entity", kind="concept", summary="")
    graph.add_node("1", label="str", node_type="entity", kind="concept", summary="")
    with pytest.raises(ValueError, match="same string form"):
        render_concept_map(graph, "Map")


# ------------------------------------------------------------------ encoding


def test_shapes_colours_and_legend_follow_kinds(small_graph):
    html = render_concept_map(small_graph, "Map")
    nodes = {node["id"]: node for node in json_block(html, "concept-map-nodes")}
    assert nodes["entity:redis"]["shape"] == ENTITY_SHAPE
    assert nodes["item:ep-1"]["shape"] == ITEM_SHAPE != ENTITY_SHAPE
    entity_colours = {nodes[n]["color"]["background"] for n in nodes if n.startswith("entity:")}
    assert len(entity_colours) == 4, "the four entity types need four colours"
    assert nodes["item:odd-1"]["color"]["background"] == ITEM_FALLBACK
    assert node_colour("entity", "never-heard-of") == ENTITY_FALLBACK

    legend = [attrs for tag, attrs in parse(html).tags if tag == "li" and "data-kind" in attrs]
    assert {(a["data-node-type"], a["data-kind"]) for a in legend} == {
        (data["node_type"], data["kind"]) for _, data in small_graph.nodes(data=True)
    }
    assert "troubleshooting" not in {a["data-kind"] for a in legend}, "legend lists only kinds present"


def test_counts_are_shown(small_graph):
    html = render_concept_map(small_graph, "Map")
    assert "10 nodes (4 items, 6 entities) · 11 edges" in html


def test_edge_styles_follow_relation_and_weight(small_graph):
    edges = json_block(render_concept_map(small_graph, "Map"), "concept-map-edges")
    mentions = [e for e in edges if e["relation"] == "mentions"]
    related = [e for e in edges if e["relation"] == "related_to"]
    assert len(mentions) == 7 and len(related) == 2
    assert all(e["color"] == MENTIONS_COLOUR and e["dashes"] is False and "arrows" not in e for e in mentions)
    assert all(e["dashes"] and e["color"] != MENTIONS_COLOUR for e in related)
    [is_a] = [e for e in edges if e["relation"] == "is_a"]
    assert is_a["arrows"]["to"]["enabled"] is True and is_a["dashes"] is False and is_a["color"] != MENTIONS_COLOUR
    [alternative] = [e for e in edges if e["relation"] == "alternative_to"]
    assert "arrows" not in alternative and alternative["color"] not in {is_a["color"], related[0]["color"]}
    assert "redis is a caching".lower() in is_a["title"].lower()
    by_pair = {frozenset((e["from"], e["to"])): e["width"] for e in mentions}
    assert by_pair[frozenset(("item:art-1", "entity:kafka"))] > by_pair[frozenset(("item:art-1", "entity:sharding"))]


def test_size_follows_degree_unless_pagerank_is_given(small_graph):
    def sizes(graph):
        return {n["id"]: n["size"] for n in json_block(render_concept_map(graph, "Map"), "concept-map-nodes")}

    for _, data in small_graph.nodes(data=True):
        del data["pagerank"]
    by_degree = sizes(small_graph)  # art-1 has degree 4, odd-1 degree 1
    assert by_degree["item:art-1"] > by_degree["item:odd-1"]
    nx.set_node_attributes(small_graph, {n: 0.01 for n in small_graph.nodes}, "pagerank")
    small_graph.nodes["item:odd-1"]["pagerank"] = 0.9
    by_rank = sizes(small_graph)
    assert by_rank["item:odd-1"] > by_rank["item:art-1"]


def test_vis_options_turn_physics_off(small_graph):
    options = json_block(render_concept_map(small_graph, "Map"), "concept-map-options")
    assert options["physics"]["enabled"] is False


# --------------------------------------------------------------------- write


def test_write_is_utf8_atomic_and_returns_the_path(small_graph, tmp_path):
    small_graph.nodes["entity:redis"]["summary"] = "naïve café — 東京"
    target = tmp_path / "out" / "map.html"
    returned = write_concept_map(small_graph, target, "Map")
    assert returned == target
    assert target.read_bytes().decode("utf-8") == render_concept_map(small_graph, "Map")
    assert os.listdir(target.parent) == ["map.html"], "no temporary file left behind"


def test_failed_write_keeps_the_old_file(small_graph, tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("previous map", encoding="utf-8")

    def failing_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr("viz.concept_map.os.replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_concept_map(small_graph, target, "Map")
    assert target.read_text(encoding="utf-8") == "previous map"
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == ["map.html"], "temporary file removed"


# ------------------------------------------------------- what the panel and controls receive


def test_details_hold_what_the_panel_shows(small_graph):
    details = json_block(render_concept_map(small_graph, "Map"), "concept-map-details")
    assert set(details) == {str(node) for node in small_graph.nodes}
    kafka = details["entity:kafka"]
    assert kafka["aliases"] == ["Kafka"] and kafka["kind_title"] == "technology"
    assert [m["node_id"] for m in kafka["mentioned_by"]] == ["item:arch-1", "item:art-1"], "grouped by kind"
    assert [e["item_id"] for e in kafka["evidence"]] == ["item:art-1", "item:arch-1"]
    assert {(r["relation"], r["direction"], r["node_id"]) for r in kafka["relations"]} == {
        ("alternative_to", "in", "entity:aws-sqs")
    }
    article = details["item:art-1"]
    assert [e["node_id"] for e in article["entities"]] == ["entity:kafka", "entity:sharding"], "heaviest first"
    assert article["doc_title"] == "Document of Kafka at scale" and article["attributes"]["duration_minutes"] == 9
    assert article["related"][0]["shared"] == [{"node_id": "entity:kafka", "label": "Apache Kafka", "drawable": True}]
    assert details["entity:aws-sqs"]["kind_title"] == "AWS service"


def test_non_finite_numbers_become_null(small_graph):
    small_graph.nodes["item:art-1"]["attributes"] = {"ratio": float("nan"), "big": float("inf")}
    html = render_concept_map(small_graph, "Map")
    assert "NaN" not in html.split('id="concept-map-details">')[1].split("</script>")[0]
    assert json_block(html, "concept-map-details")["item:art-1"]["attributes"] == {"ratio": None, "big": None}


def test_large_graph_draws_its_top_nodes_by_pagerank(synthetic_graph):
    graph = synthetic_graph(60, 40)
    html = render_concept_map(graph, "Map", max_drawn_nodes=30)
    records = json_block(html, "concept-map-nodes")
    assert len(records) == 100, "every node stays in the page for search"
    drawn = {r["id"] for r in records if r["drawn"]}
    ranked = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["pagerank"], n))
    assert drawn == set(ranked[:30])
    assert "<span id=\"hidden-count\">70</span> nodes are hidden" in html
    assert len(json_block(html, "concept-map-details")) == 100
    assert json_block(html, "concept-map-meta")["drawn_nodes"] == 30

    unlimited = render_concept_map(graph, "Map", max_drawn_nodes=None)
    assert all(r["drawn"] for r in json_block(unlimited, "concept-map-nodes"))
    assert 'id="reduction"' not in unlimited
    with pytest.raises(ValueError):
        render_concept_map(graph, "Map", max_drawn_nodes=0)


def test_hubs_are_the_most_connected_nodes(small_graph):
    for index in range(12):
        small_graph.add_node(f"item:x{index}", label=f"X {index}", node_type="item", kind="episode", summary="")
        small_graph.add_edge(f"item:x{index}", "entity:caching", relation="mentions", weight=1.0)
    hubs = {r["id"] for r in json_block(render_concept_map(small_graph, "Map"), "concept-map-nodes") if r["hub"]}
    assert hubs == {"entity:caching"}
    assert not any(r["hub"] for r in json_block(render_concept_map(_without_x(small_graph), "Map"), "concept-map-nodes"))


def _without_x(graph):
    return graph.subgraph([n for n in graph if not str(n).startswith("item:x")]).copy()


def test_community_colours_follow_community_size(small_graph):
    records = {r["id"]: r for r in json_block(render_concept_map(small_graph, "Map"), "concept-map-nodes")}
    # community 1 (4 nodes) is the largest here, then 0 (4 nodes, id 0 first), then 2
    assert records["entity:redis"]["community_colour"] == records["item:ep-1"]["community_colour"]
    assert records["entity:redis"]["community_colour"] != records["entity:kafka"]["community_colour"]
    assert records["entity:sharding"]["community_colour"] != records["entity:kafka"]["community_colour"]
