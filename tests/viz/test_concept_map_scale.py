"""What keeps the page's size in hand on large graphs (no browser): nodes not drawn at first bring
only their strongest edges, only the most important nodes carry the panel's lists, and long lists
are capped with their totals."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from viz import concept_map, render_concept_map


def json_block(html: str, block_id: str):
    return json.loads(html.split(f'id="{block_id}">')[1].split("</script>")[0])


def _ranked(graph):
    return sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["pagerank"], n))


def test_hidden_nodes_bring_only_their_strongest_edges(synthetic_graph):
    graph = synthetic_graph(300, 60)
    html = render_concept_map(graph, "Map", max_drawn_nodes=40)
    drawn = set(_ranked(graph)[:40])
    carried = {(e["from"], e["to"], e["relation"]) for e in json_block(html, "concept-map-edges")}
    assert len(carried) < graph.number_of_edges(), "the page leaves edges out"
    weights_of = defaultdict(list)
    for u, v, data in graph.edges(data=True):
        if u in drawn and v in drawn:
            assert (u, v, data["relation"]) in carried, "edges among drawn nodes all stay"
        for end in {u, v} - drawn:
            weights_of[end].append(data["weight"])
    cap = concept_map.MAX_EDGES_PER_HIDDEN_NODE
    threshold = {node: sorted(weights, reverse=True)[: cap][-1] for node, weights in weights_of.items()}
    carried_per_node = defaultdict(int)
    for u, v, data in graph.edges(data=True):
        hidden_ends = {u, v} - drawn
        if (u, v, data["relation"]) in carried and hidden_ends:
            assert any(data["weight"] >= threshold[end] for end in hidden_ends), "only a hidden end's strongest"
            for end in hidden_ends:
                carried_per_node[end] += 1
    for node, weights in weights_of.items():
        assert carried_per_node[node] >= min(cap, len(weights)), f"{node} keeps its {cap} strongest edges"


def test_only_the_most_important_nodes_carry_the_panel_lists(synthetic_graph, monkeypatch):
    monkeypatch.setattr(concept_map, "MAX_DETAILED_NODES", 50)
    graph = synthetic_graph(120, 30)
    html = render_concept_map(graph, "Map", max_drawn_nodes=20)
    details = json_block(html, "concept-map-details")
    ranked = _ranked(graph)
    assert len(details) == graph.number_of_nodes(), "every node stays reachable"
    assert not any(details[node].get("lean") for node in ranked[:50])
    lean = [details[node] for node in ranked[50:]]
    assert lean and all(entry["lean"] for entry in lean)
    item = next(entry for entry in lean if entry["node_type"] == "item")
    assert item["doc_title"] and not {"entities", "related", "relations", "excerpt"} & set(item), "no lists built"
    assert json_block(html, "concept-map-meta")["detailed_nodes"] == 50
    assert not any(entry.get("lean") for entry in json_block(render_concept_map(graph, "Map", max_drawn_nodes=None),
                                                              "concept-map-details").values())


def test_mentioned_by_lists_are_capped_per_kind_with_their_totals(synthetic_graph, monkeypatch):
    monkeypatch.setattr(concept_map, "MAX_LISTED_PER_KIND", 2)
    graph = synthetic_graph(80, 5)
    details = json_block(render_concept_map(graph, "Map"), "concept-map-details")
    entity = details["entity:e0"]
    mentioning = {u for u, v, data in graph.in_edges("entity:e0", data=True) if data["relation"] == "mentions"}
    assert sum(entity["mentioned_by_kinds"].values()) == len(mentioning) > 2 * len(entity["mentioned_by_kinds"])
    kinds = defaultdict(int)
    for row in entity["mentioned_by"]:
        kinds[row["kind"]] += 1
    assert set(kinds.values()) == {2} and sum(entity["mentioned_by_kinds"].values()) == len(mentioning)


@pytest.mark.browser
def test_a_lean_node_found_by_search_says_where_its_details_are(open_map, synthetic_graph, monkeypatch):
    monkeypatch.setattr(concept_map, "MAX_DETAILED_NODES", 50)
    graph = synthetic_graph(120, 30)
    opened = open_map(graph, max_drawn_nodes=20)
    page = opened.page
    lean = next(node for node in _ranked(graph)[50:] if graph.nodes[node]["node_type"] == "item")
    page.fill("#search", graph.nodes[lean]["label"])
    page.press("#search", "Enter")
    assert page.evaluate("window.network.getSelectedNodes()") == [lean]
    panel = page.locator("#panel").inner_text()
    assert "full details of its 50 most important nodes" in panel
    assert f"SELECT * FROM item_related_items WHERE item_id = '{lean}' ORDER BY rank" in panel
    opened.assert_quiet()


def test_a_page_over_its_node_budget_keeps_every_entity_and_the_top_items(synthetic_graph):
    graph = synthetic_graph(200, 30)
    html = render_concept_map(graph, "Map", max_drawn_nodes=20, max_page_nodes=100)
    in_page = {record["id"] for record in json_block(html, "concept-map-nodes")}
    entities = {n for n, d in graph.nodes(data=True) if d["node_type"] == "entity"}
    items = [n for n in _ranked(graph) if n not in entities]
    assert entities <= in_page and len(in_page) == 100
    assert in_page - entities == set(items[:70]), "the items of highest PageRank"
    assert "130 items of lowest PageRank are not in this page" in html
    assert json_block(html, "concept-map-meta")["omitted_items"] == 130
    assert "are not in this page" not in render_concept_map(graph, "Map", max_drawn_nodes=20, max_page_nodes=None)
