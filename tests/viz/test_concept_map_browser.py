"""The concept map in headless Chromium, opened from file:// with the network cut off: it draws, it
makes no request, logs no error, runs no injected script, and shows document text as text."""

from __future__ import annotations

import time

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


def test_map_loads_offline_and_draws(open_map, small_graph):
    opened = open_map(small_graph)
    opened.assert_quiet()
    assert opened.page.evaluate("window.network.body.data.nodes.length") == small_graph.number_of_nodes()
    assert opened.page.evaluate("window.network.body.data.edges.length") == small_graph.number_of_edges()
    assert opened.page.evaluate(NON_TRANSPARENT_PIXELS) > 2000, "the canvas is blank"
    assert opened.page.locator("#heading").inner_text() == "Test map"
    assert "9 nodes" in opened.page.locator("#counts").inner_text()
    assert opened.page.locator("#legend li").count() == 8


def test_clicks_on_background_and_node_do_not_throw(open_map, small_graph):
    opened = open_map(small_graph)
    spot = opened.page.evaluate(EMPTY_SPOT)
    assert spot is not None, "no empty spot found on the canvas"
    opened.page.mouse.click(spot["x"], spot["y"])
    node = opened.page.evaluate(NODE_SCREEN_POSITION, "entity:kafka")
    opened.page.mouse.click(node["x"], node["y"])
    assert opened.page.evaluate("window.network.getSelectedNodes()") == ["entity:kafka"]
    opened.page.mouse.click(spot["x"], spot["y"])
    assert opened.page.evaluate("window.network.getSelectedNodes()") == []
    opened.page.wait_for_timeout(200)
    opened.assert_quiet()


def test_hostile_node_runs_nothing_and_hovers_as_plain_text(open_map, hostile_graph, hostile_text):
    opened = open_map(hostile_graph, heading="<img src=x onerror=alert(9)> heading")
    assert opened.page.locator("#heading").inner_text() == "<img src=x onerror=alert(9)> heading"
    assert opened.page.locator("script").count() == 5, "an injected <script> element exists"

    node = opened.page.evaluate(NODE_SCREEN_POSITION, hostile_text["id"])
    opened.page.mouse.move(node["x"] - 3, node["y"] - 3)
    opened.page.mouse.move(node["x"], node["y"], steps=3)
    opened.page.wait_for_function(TOOLTIP, timeout=5000)
    tooltip = opened.page.evaluate(TOOLTIP)

    assert hostile_text["label"] in tooltip["text"], tooltip["text"]
    assert "<img src=x onerror=alert(2)>" in tooltip["text"]
    assert 'href="javascript:alert(3)"' in tooltip["text"]
    # innerText turns newlines into <br>; anything else would be markup taken from the document
    assert set(tooltip["elementTags"]) <= {"BR"}, tooltip["elementTags"]

    opened.page.mouse.click(node["x"], node["y"])
    opened.page.wait_for_timeout(300)
    assert opened.page.evaluate("document.querySelectorAll('img, a[href]').length") == 0
    opened.assert_quiet()


def _time_first_draw(open_map, graph, label: str) -> None:
    started = time.perf_counter()
    opened = open_map(graph, timeout_ms=120_000)
    wall = time.perf_counter() - started
    opened.assert_quiet()
    assert opened.page.evaluate("window.network.body.data.nodes.length") == graph.number_of_nodes()
    assert opened.page.evaluate(NON_TRANSPARENT_PIXELS) > 2000, "the canvas is blank"
    print(
        f"\n[first draw] {label}: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges -> "
        f"{opened.first_draw_ms():,.0f} ms after navigation start "
        f"(render + write + load + draw, seen from Python: {wall:.2f} s)"
    )


def test_first_draw_time_250_nodes(open_map, synthetic_graph):
    _time_first_draw(open_map, synthetic_graph(150, 100), "~250-node graph")


def test_first_draw_time_5000_nodes(open_map, synthetic_graph):
    _time_first_draw(open_map, synthetic_graph(3500, 1500), "synthetic 5,000-node graph")
