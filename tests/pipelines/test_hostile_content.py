"""Nothing from a document can run in the map: a document whose titles, bodies and links carry
<script>, <img onerror>, javascript: links and quotes goes through the real pipeline, and the map
shows it as text in headless Chromium (no dialog, no script, no request)."""

from __future__ import annotations

import dagster as dg
import pytest

from pipelines import assets
from tests.pipelines.conftest import run_resources

HOSTILE = """# Kafka <script>alert("title")</script> tips

Redis <img src=x onerror=alert('body')> and [click](javascript:alert('link')) "quoted" 'single' & more.

## Postgres "</script><script>alert(3)</script>"

K8s runs <b onmouseover=alert(4)>pods</b>.
"""


@pytest.mark.browser
def test_hostile_document_is_shown_as_text_and_runs_nothing(tmp_path, fixture_ontology_dir, open_html):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    (corpus / "plain.txt").write_text("Kafka and Redis\nKafka streams events into Redis caches.\n", encoding="utf-8")
    resources = run_resources(tmp_path, corpus, fixture_ontology_dir)
    assert dg.materialize(dg.load_assets_from_modules([assets]), resources=resources).success

    page_path = resources["output"].path / assets.CONCEPT_MAP_FILE
    html = page_path.read_text(encoding="utf-8")
    assert "<script>alert(" not in html  # document text reaches the page only as escaped JSON
    opened = open_html(page_path)
    opened.page.wait_for_timeout(300)
    opened.assert_quiet()  # no dialog, no page error, no request
    labels = opened.page.evaluate("window.network.body.data.nodes.get().map(n => n.label)")
    # titles are plain text (README: markup removed), so the label keeps the words, not the tags
    assert 'Kafka alert("title") tips' in labels, labels
