"""The README screenshot harness: it opens a map with a node selected and writes a small PNG of the
page with the side panel open."""

from __future__ import annotations

import pytest

from viz.concept_map import write_concept_map
from viz.screenshot import take_screenshot

pytestmark = pytest.mark.browser


def test_screenshot_shows_the_selected_node_with_its_panel(small_graph, tmp_path, chromium_browser):
    html = write_concept_map(small_graph, tmp_path / "map.html", "Screenshot test")
    png = take_screenshot(html, tmp_path / "shot.png", node_id="entity:kafka", width=900, height=600, browser=chromium_browser)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (900, 600)
    assert 5_000 < len(data) < 300_000

    without_panel = take_screenshot(html, tmp_path / "plain.png", width=900, height=600, browser=chromium_browser).read_bytes()
    assert without_panel != data, "selecting a node changes the picture (panel, highlight)"
