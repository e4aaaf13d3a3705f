"""A real Dagster run over a corpus full of bad files (the multi-megabyte ones are tested at the
sources level, tests/sources/test_bad_corpus.py): it succeeds, every
skip and repair lands in `document_issues` and in the run's metadata with its path and reason, and
the good documents' rows equal a run over those documents alone."""

from __future__ import annotations

import dagster as dg

from pipelines import assets
from tests.fixtures.bad_corpus_builder import build_bad_corpus, copy_good_documents
from tests.pipelines.conftest import run_resources
from warehouse.store import connect_readonly

ALL_ASSETS = dg.load_assets_from_modules([assets])


def _run(resources):
    result = dg.materialize(ALL_ASSETS, resources=resources)
    assert result.success
    return result


def _rows(resources, sql):
    with connect_readonly(resources["warehouse"].path) as con:
        return con.execute(sql).fetchall()


def test_bad_corpus_builds_and_reports_every_issue(tmp_path, fixture_ontology_dir):
    bad = build_bad_corpus(tmp_path / "bad", big=False)
    resources = run_resources(tmp_path / "run", bad.corpus, fixture_ontology_dir)
    result = _run(resources)

    issues = dict(_rows(resources, "SELECT source_path, action || ': ' || reason FROM document_issues"))
    expected_issues = {p: e for p, e in bad.expected.items() if e.action in ("skipped", "repaired")}
    assert set(issues) == set(expected_issues)
    for path, expected in expected_issues.items():
        assert issues[path].startswith(expected.action) and expected.reason in issues[path], (path, issues[path])

    metadata = next(e.materialization.metadata for e in result.get_asset_materialization_events()
                    if e.asset_key.to_user_string() == "corpus_documents")
    assert metadata["document_issues"].value == len(expected_issues)
    table = metadata["failed_documents"].value
    assert all(path in table for path in expected_issues if "|" not in path)

    clean = tmp_path / "clean"
    copy_good_documents(bad, clean / "corpus", bad.good)
    alone = run_resources(tmp_path / "alone", clean / "corpus", fixture_ontology_dir)
    _run(alone)
    query = "SELECT d.source_path, i.item_id, i.start_char, i.end_char FROM items i JOIN documents d USING (doc_id) ORDER BY ALL"
    good = set(bad.good)
    assert [row for row in _rows(resources, query) if row[0] in good] == _rows(alone, query)
