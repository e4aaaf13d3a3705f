"""Fixtures shared across the test packages: the hand-written fixture folder, a spaCy pipeline
built from the small fixture ontology, and a headless Chromium (Debian's /usr/bin/chromium) that
opens concept maps from file:// with the network cut off."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
QUIET_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # every http(s) request fails fast: proves the page needs no network
    "--proxy-server=http://127.0.0.1:9",
]
# Playwright launches headless with a fresh temporary --user-data-dir of its own.

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixture_ontology_dir() -> Path:
    return FIXTURES / "ontology"


@pytest.fixture(scope="session")
def fixture_nlp(fixture_ontology_dir: Path):
    from graph.nlp import build_nlp

    return build_nlp(fixture_ontology_dir)


@dataclass
class OpenedMap:
    """A concept map loaded in a Chromium page, with everything the page did recorded."""

    page: object
    url: str
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def first_draw_ms(self) -> float:
        return float(self.page.evaluate("window.conceptMapFirstDrawMs"))

    def assert_quiet(self) -> None:
        assert self.external_requests == [], f"page tried to reach the network: {self.external_requests}"
        assert self.page_errors == [], f"uncaught errors in the page: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.dialogs == [], f"page opened dialogs (script ran): {self.dialogs}"


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright. Fails (never skips) when it is missing."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: browser tests need Debian's chromium "
            "(apt-get install -y chromium); they are not skipped on purpose",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - depends on the environment
        pytest.fail(f"playwright is not installed ({error}); install the dev extra", pytrace=False)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=QUIET_FLAGS)
    except Exception as error:
        playwright.stop()
        pytest.fail(f"could not launch {CHROMIUM}: {error}", pytrace=False)
    yield browser
    browser.close()
    playwright.stop()


LOCAL_SCHEMES = ("file:", "data:", "blob:")


@pytest.fixture
def open_html(chromium_browser) -> Iterator[Callable[..., OpenedMap]]:
    """Factory: open_html(path, timeout_ms=60000, fragment="") opens a concept-map file from file://
    (with `fragment`, e.g. "#node=x", appended to the URL) with every non-file request aborted and
    recorded, and waits for vis-network's first draw."""
    contexts = []

    def _open(path: Path, timeout_ms: int = 60_000, fragment: str = "") -> OpenedMap:
        context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        opened = OpenedMap(page=page, url=path.resolve().as_uri() + fragment)

        def on_route(route):
            url = route.request.url
            if url.startswith(LOCAL_SCHEMES):
                route.continue_()
            else:
                opened.external_requests.append(url)
                route.abort()

        def on_request(request):
            # also catches requests that bypass routing (e.g. from service workers)
            if not request.url.startswith(LOCAL_SCHEMES) and request.url not in opened.external_requests:
                opened.external_requests.append(request.url)

        def on_console(message):
            if message.type == "error":
                opened.console_errors.append(message.text)

        context.route("**/*", on_route)
        page.on("request", on_request)
        page.on("console", on_console)
        page.on("pageerror", lambda error: opened.page_errors.append(str(error)))

        def on_dialog(dialog):
            opened.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(opened.url, wait_until="load", timeout=timeout_ms)
        page.wait_for_function("window.conceptMapFirstDrawMs !== undefined", timeout=timeout_ms)
        return opened

    yield _open
    for context in contexts:
        context.close()
