"""A screenshot of a concept map for the README: the page opened in headless Chromium (Debian's
/usr/bin/chromium through Playwright, every http(s) request failing), optionally with one node
selected and its side panel open, saved as a small PNG.

    python -m viz.screenshot output/concept_map.html viz/screenshot.png --node apache-kafka

Playwright is a dev dependency: it is imported only when a screenshot is taken."""

from __future__ import annotations

import argparse
from pathlib import Path
from urllib.parse import quote

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--proxy-server=http://127.0.0.1:9",
]


def take_screenshot(
    html_path: Path,
    png_path: Path,
    *,
    node_id: str | None = None,
    width: int = 1280,
    height: int = 760,
    chromium: Path = CHROMIUM,
    browser: object | None = None,
) -> Path:
    """Open `html_path` (with `#node=<node_id>` when given), wait for the first draw and the camera,
    and write a PNG of the viewport to `png_path`. Returns `png_path`. Uses `browser` (a Playwright
    Browser, e.g. the test suite's) when given, else launches `chromium` for the occasion."""
    if browser is not None:
        return _shoot(browser, html_path, png_path, node_id, width, height)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), headless=True, args=FLAGS)
        try:
            return _shoot(launched, html_path, png_path, node_id, width, height)
        finally:
            launched.close()


def _shoot(browser, html_path: Path, png_path: Path, node_id: str | None, width: int, height: int) -> Path:
    url = Path(html_path).resolve().as_uri() + (f"#node={quote(node_id, safe='')}" if node_id else "")
    png_path = Path(png_path)
    png_path.parent.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_function("window.conceptMapFirstDrawMs !== undefined && window.conceptMapReady === true")
        if node_id:
            page.wait_for_function("(id) => window.network.getSelectedNodes()[0] === id", arg=node_id)
        page.wait_for_timeout(700)  # let the camera animation finish
        page.screenshot(path=str(png_path))
    finally:
        context.close()
    return png_path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--node", help="node id to select (its panel opens)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=760)
    args = parser.parse_args(argv)
    path = take_screenshot(args.html, args.png, node_id=args.node, width=args.width, height=args.height)
    print(f"{path}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
