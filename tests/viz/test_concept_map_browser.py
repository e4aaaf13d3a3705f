"""The concept map in headless Chromium, opened from file:// with the network cut off: it draws, it
makes no request, logs no error, runs no injected script, shows document text as text; and its
controls work: search, legend filter, depth, deep links, the side panel's evidence links, hubs,
community colours, the 2-hop focus view, PNG export and the top-N-by-PageRank reduction."""

from __future__ import annotations

import base64
from urllib.parse import quote

import networkx as nx
import pytest

pytestmark = pytest.mark.browser

NON_TRANSPARENT_PIXELS = """() => {
  const canvas = document.querySelector('#mynetwork canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let drawn = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) drawn++; }
  return drawn;
}"""

NODE_SCREEN_POSITION = """(id) => {
  const network = window.network;
  const point = network.canvasToDOM(network.getPosition(id));
  const box = document.querySelector('#mynetwork canvas').getBoundingClientRect();
  return {x: box.left + point.x, y: box.top + point.y};
}"""

EMPTY_SPOT = """() => {
  const network = window.network;
  const box = document.querySelector('#mynetwork canvas').getBoundingClientRect();
  for (const [fx, fy] of [[0.02, 0.03], [0.98, 0.03], [0.02, 0.97], [0.98, 0.97], [0.5, 0.03]]) {
    const dom = {x: box.width * fx, y: box.height * fy};
    if (network.getNodeAt(dom) === undefined && network.getEdgeAt(dom) === undefined) {
      return {x: box.left + dom.x, y: box.top + dom.y};
    }
  }
  return null;
}"""

TOOLTIP = """() => {
  const tip = document.querySelector('div.vis-tooltip');
  if (!tip || getComputedStyle(tip).visibility !== 'visible') return null;
  return {
    text: tip.textContent,
    elementTags: Array.from(tip.querySelectorAll('*')).map((element) => element.tagName),
  };
}"""

HIDDEN_NODES = "() => window.network.body.data.nodes.get({filter: (n) => n.hidden}).map((n) => n.id).sort()"
LIT_NODES = "() => window.network.body.data.nodes.get({filter: (n) => !n.hidden && !n.dimmed}).map((n) => n.id).sort()"
PANEL_TITLE = "#panel h2"


def _ego(graph: nx.Graph, node: str, depth: int) -> list[str]:
    return sorted(nx.ego_graph(nx.Graph(graph.to_undirected()), node, radius=depth).nodes)


def _search(page, text: str) -> None:
    page.fill("#search", text)
    page.wait_for_selector("#search-results li[data-node]")
    page.press("#search", "Enter")


def test_map_loads_offline_and_draws(open_map, small_graph):
    opened = open_map(small_graph)
    opened.assert_quiet()
    assert opened.page.evaluate("window.network.body.data.nodes.length") == small_graph.number_of_nodes()
    assert opened.page.evaluate("window.network.body.data.edges.length") == small_graph.number_of_edges()
    assert opened.page.evaluate(NON_TRANSPARENT_PIXELS) > 2000, "the canvas is blank"
    assert opened.page.locator("#heading").inner_text() == "Test map"
    assert "10 nodes" in opened.page.locator("#counts").inner_text()
    assert opened.page.locator("#legend li").count() == 8
    assert opened.page.locator("#reduction").count() == 0, "nothing is hidden in a small graph"
    assert opened.page.evaluate("window.conceptMapReady") is True
    assert opened.page.locator("#panel").is_hidden()


def test_clicks_on_background_and_node_select_and_open_the_panel(open_map, small_graph):
    opened = open_map(small_graph)
    page = opened.page
    spot = page.evaluate(EMPTY_SPOT)
    assert spot is not None, "no empty spot found on the canvas"
    page.mouse.click(spot["x"], spot["y"])
    node = page.evaluate(NODE_SCREEN_POSITION, "entity:kafka")
    page.mouse.click(node["x"], node["y"])
    assert page.evaluate("window.network.getSelectedNodes()") == ["entity:kafka"]
    assert page.locator(PANEL_TITLE).inner_text() == "Apache Kafka"
    assert page.evaluate("location.hash") == "#node=" + quote("entity:kafka", safe="")
    page.mouse.click(spot["x"], spot["y"])
    assert page.evaluate("window.network.getSelectedNodes()") == []
    assert page.locator("#panel").is_hidden()
    assert page.evaluate("location.hash") == ""
    page.wait_for_timeout(200)
    opened.assert_quiet()


@pytest.mark.parametrize(
    ("query", "expected", "title"),
    [
        ("apache kaf", "entity:kafka", "Apache Kafka"),  # name
        ("Simple Queue", "entity:aws-sqs", "Amazon SQS"),  # alias
        ("REmote DIctionary", "entity:redis", "Redis"),  # alias, case-insensitive
        ("load levelling", "item:arch-1", "Queue-based load levelling"),  # item title
    ],
)
def test_search_finds_by_name_alias_and_title_and_selects(open_map, small_graph, query, expected, title):
    opened = open_map(small_graph)
    page = opened.page
    _search(page, query)
    assert page.evaluate("window.network.getSelectedNodes()") == [expected]
    assert page.locator(PANEL_TITLE).inner_text() == title
    assert page.evaluate("location.hash") == "#node=" + quote(expected, safe="")
    assert page.locator("#search-results").is_hidden()
    page.wait_for_timeout(1000)  # the camera flies to the node
    view = page.evaluate("window.network.getViewPosition()")
    target = page.evaluate("(id) => window.network.getPosition(id)", expected)
    assert abs(view["x"] - target["x"]) < 5 and abs(view["y"] - target["y"]) < 5, "the view is centred on the node"
    opened.assert_quiet()


def test_search_shows_no_match_and_selects_nothing(open_map, small_graph):
    page = open_map(small_graph).page
    page.fill("#search", "zzzz-nothing")
    assert page.locator("#search-results li").first.inner_text() == "No node matches."
    page.press("#search", "Enter")
    assert page.evaluate("window.network.getSelectedNodes()") == []


def test_legend_filter_hides_and_shows_a_kind(open_map, small_graph):
    opened = open_map(small_graph)
    page = opened.page
    technologies = sorted(n for n, d in small_graph.nodes(data=True) if d["kind"] == "technology")
    assert page.evaluate(HIDDEN_NODES) == []
    button = page.locator('#legend button[data-kind="technology"]')
    button.click()
    assert page.evaluate(HIDDEN_NODES) == technologies
    assert button.get_attribute("aria-pressed") == "false"
    page.locator('#legend button[data-kind="episode"]').click()
    assert page.evaluate(HIDDEN_NODES) == sorted([*technologies, "item:ep-1"])
    button.click()
    assert page.evaluate(HIDDEN_NODES) == ["item:ep-1"]
    # an edge to a hidden node is not drawn (vis-network leaves edges of hidden nodes out)
    visible_edges = page.evaluate("window.network.body.edgeIndices.length")
    assert visible_edges == sum(1 for u, v in small_graph.edges() if "item:ep-1" not in (u, v))
    # the relation legend filters edges
    page.locator('#edge-legend button[data-relation="mentions"]').click()
    hidden_edges = page.evaluate("window.network.body.data.edges.get({filter: (e) => e.hidden}).map((e) => e.relation)")
    assert set(hidden_edges) == {"mentions"} and len(hidden_edges) == 7
    opened.assert_quiet()


def test_depth_one_and_two_highlight_the_right_nodes(open_map, small_graph):
    page = open_map(small_graph).page
    page.evaluate("window.conceptMap.select('entity:kafka')")
    depth_one = page.evaluate(LIT_NODES)
    assert depth_one == _ego(small_graph, "entity:kafka", 1) == ["entity:aws-sqs", "entity:kafka", "item:arch-1", "item:art-1"]
    page.select_option("#depth", "2")
    depth_two = page.evaluate(LIT_NODES)
    assert depth_two == _ego(small_graph, "entity:kafka", 2)
    assert set(depth_two) > set(depth_one)
    page.select_option("#depth", "1")
    assert page.evaluate(LIT_NODES) == depth_one
    page.evaluate("window.conceptMap.clearSelection()")
    assert len(page.evaluate(LIT_NODES)) == small_graph.number_of_nodes(), "nothing is dimmed without a selection"


def test_deep_link_selects_the_node_and_opens_its_panel(open_map, small_graph):
    opened = open_map(small_graph, fragment="#node=" + quote("item:art-1", safe=""))
    page = opened.page
    assert page.evaluate("window.network.getSelectedNodes()") == ["item:art-1"]
    assert page.locator(PANEL_TITLE).inner_text() == "Kafka at scale"
    panel = page.locator("#panel").inner_text()
    assert "Document of Kafka at scale" in panel and "duration_minutes" in panel and "Partitioning Kafka topics." in panel
    assert "shared: Apache Kafka" in panel and "via: aws-sqs alternative_to kafka" in panel
    # changing the fragment by hand selects another node
    page.evaluate("location.hash = '#node=' + encodeURIComponent('entity:redis')")
    page.wait_for_function("window.network.getSelectedNodes()[0] === 'entity:redis'")
    assert page.locator(PANEL_TITLE).inner_text() == "Redis"
    opened.assert_quiet()


def test_unknown_deep_link_says_so(open_map, small_graph):
    opened = open_map(small_graph, fragment="#node=no-such-node")
    assert "No node with id" in opened.page.locator("#status").inner_text()
    assert opened.page.locator("#panel").is_hidden()
    opened.assert_quiet()


def test_panel_evidence_links_select_the_item(open_map, small_graph):
    opened = open_map(small_graph, fragment="#node=" + quote("entity:kafka", safe=""))
    page = opened.page
    entries = page.locator("#panel .evidence-entry")
    assert entries.count() == 2
    assert entries.nth(1).locator(".sentence").inner_text() == "Kafka or SQS sits between the tiers."
    link = entries.nth(1).locator("a")
    assert link.get_attribute("href") == "#node=" + quote("item:arch-1", safe="")
    assert page.locator("#panel .mentioned-by").count() == 2, "items grouped by kind"
    link.click()
    assert page.evaluate("window.network.getSelectedNodes()") == ["item:arch-1"]
    assert page.locator(PANEL_TITLE).inner_text() == "Queue-based load levelling"
    assert page.evaluate("location.hash") == "#node=" + quote("item:arch-1", safe="")
    page.go_back()
    page.wait_for_function("window.network.getSelectedNodes()[0] === 'entity:kafka'")
    opened.assert_quiet()


PAGE_MARKUP = """() => ({
  scripts: document.querySelectorAll('script').length,
  injected: document.querySelectorAll('img, svg, iframe, b, i, object, embed').length,
  hrefs: Array.from(document.querySelectorAll('a[href]')).map((a) => a.getAttribute('href')),
})"""


def test_hostile_text_runs_nothing_and_is_shown_literally(open_map, small_graph, hostile_graph, hostile_text):
    benign_scripts = open_map(small_graph).page.evaluate(PAGE_MARKUP)["scripts"]
    opened = open_map(hostile_graph, heading="<img src=x onerror=alert(9)> heading")
    page = opened.page
    assert page.locator("#heading").inner_text() == "<img src=x onerror=alert(9)> heading"
    assert page.evaluate(PAGE_MARKUP)["scripts"] == benign_scripts, "an injected <script> element exists"

    # the tooltip on hover is plain text
    node = page.evaluate(NODE_SCREEN_POSITION, hostile_text["id"])
    page.mouse.move(node["x"] - 3, node["y"] - 3)
    page.mouse.move(node["x"], node["y"], steps=3)
    page.wait_for_function(TOOLTIP, timeout=5000)
    tooltip = page.evaluate(TOOLTIP)
    assert hostile_text["label"] in tooltip["text"], tooltip["text"]
    assert "<img src=x onerror=alert(2)>" in tooltip["text"]
    assert set(tooltip["elementTags"]) <= {"BR"}, tooltip["elementTags"]

    # the item's panel, reached by search on its hostile title
    _search(page, "\"Evil\" 'node'")
    assert page.evaluate("window.network.getSelectedNodes()") == [hostile_text["id"]]
    panel = page.locator("#panel")
    assert page.locator(PANEL_TITLE).inner_text() == hostile_text["label"]
    text = panel.inner_text()
    for literal in (hostile_text["doc_title"], "<b>key</b>", "<img src=x onerror=alert(17)>", "javascript:alert(18)",
                    '{"x":"<script>alert(19)</script>"}', hostile_text["related_title"], hostile_text["path"],
                    "<a href=\"javascript:alert(3)\">click</a>"):
        assert literal in text, literal
    # the hostile entity: reached through its alias, then its evidence links back to the item
    _search(page, hostile_text["alias"])
    assert page.evaluate("window.network.getSelectedNodes()") == [hostile_text["entity_id"]]
    assert page.locator(PANEL_TITLE).inner_text() == hostile_text["entity_label"]
    assert hostile_text["sentence"] in panel.inner_text()
    assert "javascript:alert(24)" in panel.inner_text()
    assert page.evaluate("decodeURIComponent(location.hash.slice('#node='.length))") == hostile_text["entity_id"]
    page.locator("#panel .evidence-entry a").first.click()
    assert page.evaluate("window.network.getSelectedNodes()") == [hostile_text["id"]]

    markup = page.evaluate(PAGE_MARKUP)
    assert markup["scripts"] == benign_scripts
    assert markup["injected"] == 0, "document text became markup"
    assert markup["hrefs"] and all(href.startswith("#node=") for href in markup["hrefs"]), markup["hrefs"]
    # a deep link to the hostile id works too
    page.evaluate("(id) => { location.hash = '#node=' + encodeURIComponent(id); }", hostile_text["entity_id"])
    page.wait_for_function("(id) => window.network.getSelectedNodes()[0] === id", arg=hostile_text["entity_id"])
    page.wait_for_timeout(300)
    opened.assert_quiet()


def test_export_png_produces_an_image_data_url(open_map, small_graph):
    opened = open_map(small_graph)
    page = opened.page
    with page.expect_download() as download:
        page.click("#export-png")
    assert download.value.suggested_filename == "concept-map.png"
    href = page.locator("#export-link").get_attribute("href")
    assert href.startswith("data:image/png;base64,")
    png = base64.b64decode(href.split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    canvas = page.evaluate("(() => { const c = document.querySelector('#mynetwork canvas'); return [c.width, c.height]; })()")
    assert [width, height] == canvas and len(png) > 2000
    opened.assert_quiet()


def test_hide_hubs_and_colour_by_community(open_map, small_graph):
    for index in range(12):
        small_graph.add_node(f"item:x{index}", label=f"X {index}", node_type="item", kind="episode", summary="",
                             community=1, community_label="Redis · Netflix · caching", pagerank=0.001)
        small_graph.add_edge(f"item:x{index}", "entity:caching", relation="mentions", weight=1.0)
    page = open_map(small_graph).page
    page.check("#hide-hubs")
    assert page.evaluate(HIDDEN_NODES) == ["entity:caching"]
    page.uncheck("#hide-hubs")
    assert page.evaluate(HIDDEN_NODES) == []

    def colours():
        return page.evaluate("() => Object.fromEntries(window.network.body.data.nodes.get().map((n) => [n.id, n.color.background]))")

    by_type = colours()
    assert by_type["entity:redis"] == by_type["entity:kafka"], "both are technologies"
    page.check("#colour-by-community")
    by_community = colours()
    assert by_community["entity:redis"] == by_community["item:ep-1"] != by_community["entity:kafka"]
    assert page.locator("#community-legend").is_visible()
    page.uncheck("#colour-by-community")
    assert colours() == by_type


def test_focus_view_shows_the_two_hop_neighbourhood(open_map, small_graph):
    opened = open_map(small_graph, fragment="#node=" + quote("entity:redis", safe=""))
    page = opened.page
    page.click("#panel .focus-button")
    visible = page.evaluate("() => window.network.body.data.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id).sort()")
    assert visible == _ego(small_graph, "entity:redis", 2)
    assert page.evaluate("window.network.getPosition('entity:redis')") == {"x": 0, "y": 0}
    assert "focus=" in page.evaluate("location.hash")
    page.click("#exit-focus")
    assert page.evaluate(HIDDEN_NODES) == []
    record = page.evaluate("JSON.parse(document.getElementById('concept-map-nodes').textContent).find((n) => n.id === 'entity:redis')")
    back = page.evaluate("window.network.getPosition('entity:redis')")
    assert abs(back["x"] - record["x"]) < 1 and abs(back["y"] - record["y"]) < 1, "positions restored"
    opened.assert_quiet()


def test_large_graph_draws_top_nodes_and_search_reaches_hidden_ones(open_map, synthetic_graph):
    graph = synthetic_graph(300, 200)
    opened = open_map(graph, max_drawn_nodes=120)
    page = opened.page
    assert page.evaluate("window.network.body.data.nodes.length") == 120
    ranked = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["pagerank"], n))
    assert sorted(page.evaluate("window.network.body.data.nodes.getIds()")) == sorted(ranked[:120])
    assert "380 nodes are hidden" in page.locator("#reduction").inner_text()

    hidden = ranked[-1]
    label = graph.nodes[hidden]["label"]
    page.fill("#search", label)
    row = page.locator("#search-results li[data-node]").first
    assert row.get_attribute("data-node") == hidden and "not drawn yet" in row.inner_text()
    page.press("#search", "Enter")
    assert page.evaluate("window.network.getSelectedNodes()") == [hidden]
    assert page.locator(PANEL_TITLE).inner_text() == label
    assert "Not among the 120 nodes drawn at first" in page.locator("#panel .notice").inner_text()
    neighbours = set(nx.all_neighbors(graph, hidden))
    drawn = set(page.evaluate("window.network.body.data.nodes.getIds()"))
    assert {hidden, *neighbours} <= drawn
    assert len(drawn) == 120 + len({hidden, *neighbours} - set(ranked[:120]))
    assert page.locator("#hidden-count").inner_text() == f"{500 - len(drawn)}"
    opened.assert_quiet()
