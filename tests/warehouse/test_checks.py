"""Each warehouse rule fails on the corruption it guards against, and only that rule (a warehouse the
pipeline really builds passes them all); every table has a rule; the documented item kinds are the
README's."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from graph.candidates import DocumentCandidate, rank_candidates
from warehouse.checks import CANDIDATE_TERMS_SQL, CHECKS, DOCUMENTED_ITEM_KINDS, run_checks
from warehouse.store import WAREHOUSE_TABLES, write_warehouse

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture()
def good_warehouse(tmp_path, fixture_rows):
    path = tmp_path / "good.duckdb"
    write_warehouse(path, fixture_rows)
    return path


def corrupted_copy(good, tmp_path, *statements: str) -> duckdb.DuckDBPyConnection:
    """The good warehouse's rows in tables without constraints, then the corrupting statements."""
    con = duckdb.connect(str(tmp_path / "corrupt.duckdb"))
    con.execute(f"ATTACH '{good}' AS good (READ_ONLY)")
    for table in WAREHOUSE_TABLES:
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM good.{table}")
    con.execute("DETACH good")
    for statement in statements:
        con.execute(statement)
    return con


def failing(con) -> set[str]:
    return {outcome.check.name for outcome in run_checks(con) if not outcome.passed}


def test_a_good_warehouse_passes_every_rule(good_warehouse):
    with duckdb.connect(str(good_warehouse), read_only=True) as con:
        assert failing(con) == set()


FIRST_MENTION = "(SELECT min(mention_id) FROM mentions)"
# (corruption, the rule it must fail, other rules it may fail too)
CORRUPTIONS = [
    ("UPDATE documents SET n_chars = n_chars + 1 WHERE doc_id = (SELECT min(doc_id) FROM documents)",
     "documents_match_their_text", set()),
    ("DELETE FROM items WHERE doc_id = (SELECT min(doc_id) FROM documents)", "every_document_has_items", None),
    ("INSERT INTO document_issues SELECT source_path, 'skipped', 'duplicate of x (same text)' FROM documents LIMIT 1",
     "issues_agree_with_documents", set()),
    ("UPDATE items SET title = 'Nowhere in the text' WHERE item_id = (SELECT min(item_id) FROM items)",
     "item_spans_hold_titles", set()),
    ("UPDATE items SET end_char = end_char + 100000 WHERE item_id = (SELECT min(item_id) FROM items)",
     "item_spans_hold_titles", set()),
    ("UPDATE items SET position = position + 1 WHERE item_id = (SELECT max(item_id) FROM items)",
     "item_spans_hold_titles", set()),
    ("UPDATE items SET kind = 'podcast_clip' WHERE item_id = (SELECT min(item_id) FROM items)",
     "item_kinds_documented", {"coverage_matches_mentions"}),
    ("""UPDATE entities SET entity_type = CASE entity_type WHEN 'company' THEN 'concept' ELSE 'company' END
        WHERE entity_id = (SELECT min(entity_id) FROM mentions)""", "entity_nodes_match_entities", set()),
    ("INSERT INTO entity_relations SELECT min(entity_id), 'uses', max(entity_id) FROM mentions",
     "ontology_edges_match_relations", set()),
    (f"UPDATE mentions SET start_char = start_char + 1 WHERE mention_id = {FIRST_MENTION}", "mention_offsets_match", set()),
    (f"UPDATE mentions SET matched_alias = 'no such alias' WHERE mention_id = {FIRST_MENTION}",
     "mentions_inside_their_items", set()),
    (f"UPDATE mentions SET sentence = 'A sentence about something else.' WHERE mention_id = {FIRST_MENTION}",
     "mention_sentences_hold_surfaces", set()),
    ("""INSERT INTO document_candidates SELECT (SELECT min(doc_id) FROM documents), 'Term' || i, 'acronym', 1, 'x'
        FROM range(500) t(i)""", "unresolved_candidates", {"candidate_examples_hold_terms"}),
    ("UPDATE entity_candidates SET n_mentions = n_mentions + 1 WHERE rank = 1", "candidate_counts_match_documents", set()),
    ("DELETE FROM entity_candidates WHERE rank = 1", "candidate_counts_match_documents", None),
    ("""INSERT INTO document_candidates SELECT (SELECT min(doc_id) FROM documents), name, 'proper_name', 1, 'about ' || name
        FROM entities WHERE entity_id = 'redis';
        INSERT INTO entity_candidates SELECT (SELECT max(rank) + 1 FROM entity_candidates), name, 'proper_name', 1, 1,
        'about ' || name FROM entities WHERE entity_id = 'redis'""", "candidates_not_in_ontology", set()),
    ("UPDATE document_candidates SET example = 'nothing to see' WHERE term = (SELECT min(term) FROM document_candidates)",
     "candidate_examples_hold_terms", set()),
    ("DELETE FROM build_versions WHERE component = 'ontology'", "build_versions_complete", None),
    ("UPDATE graph_nodes SET degree = degree + 1 WHERE node_id = (SELECT min(node_id) FROM graph_nodes)",
     "graph_nodes_match_tables", set()),
    ("UPDATE graph_nodes SET pagerank = NULL WHERE node_id = (SELECT min(node_id) FROM graph_nodes WHERE node_type = 'item')",
     "graph_nodes_match_tables", set()),
    ("DELETE FROM graph_nodes WHERE node_id = (SELECT min(target) FROM graph_edges WHERE relation = 'mentions')",
     "no_orphan_edges", None),
    ("""UPDATE graph_edges SET relation = 'co_occurs_with'
        WHERE (source, target) = (SELECT (min(source), min(target)) FROM graph_edges WHERE relation = 'related_to')""",
     "no_orphan_edges", set()),
    ("""UPDATE graph_edges SET evidence = evidence[2:]
        WHERE (source, target) = (SELECT (min(source), min(target)) FROM graph_edges WHERE relation = 'mentions')""",
     "no_orphan_edges", set()),
    ("""INSERT INTO related_items SELECT a.item_id, b.item_id, 99, 1.0, [], [] FROM items a JOIN items b
        ON a.doc_id = b.doc_id AND a.item_id < b.item_id LIMIT 1""",
     "related_items_across_documents", {"related_items_ranked"}),
    ("UPDATE related_items SET shared_entities = [], paths = [] WHERE item_id = (SELECT min(item_id) FROM related_items)",
     "related_items_ranked", set()),
    ("UPDATE communities SET size = size + 1 WHERE community = 0", "community_sizes_match_nodes", set()),
    ("UPDATE community_gaps SET gap = gap + 1 WHERE community_a = (SELECT min(community_a) FROM community_gaps)",
     "community_gaps_add_up", set()),
    ("UPDATE entity_coverage SET n_mentions = n_mentions + 1 WHERE entity_id = (SELECT min(entity_id) FROM entity_coverage)",
     "coverage_matches_mentions", set()),
    ("UPDATE build_changes SET change = 'removed' WHERE subject_id = (SELECT min(subject_id) FROM build_changes WHERE subject = 'document')",
     "changes_agree_with_tables", set()),
]


@pytest.mark.parametrize(("corruption", "rule", "also"), CORRUPTIONS, ids=[f"{rule}-{i}" for i, (_, rule, _) in enumerate(CORRUPTIONS)])
def test_each_corruption_fails_its_rule(good_warehouse, tmp_path, corruption, rule, also):
    con = corrupted_copy(good_warehouse, tmp_path, corruption)
    failed = failing(con)
    assert rule in failed
    if also is not None:  # a deletion can orphan rows elsewhere too
        assert failed - {rule} <= also, failed


def test_every_rule_is_corrupted_once_and_every_table_has_a_rule():
    assert {rule for _, rule, _ in CORRUPTIONS} == {check.name for check in CHECKS}
    assert {check.table for check in CHECKS} == set(WAREHOUSE_TABLES)
    assert len({check.name for check in CHECKS}) == len(CHECKS)


def test_the_rules_that_only_report_are_the_ones_real_corpora_can_trip():
    assert {check.name for check in CHECKS if not check.blocking} == {
        "every_document_has_items", "issues_agree_with_documents", "item_kinds_documented",
        "ontology_edges_match_relations", "mention_sentences_hold_surfaces", "unresolved_candidates",
        "candidate_counts_match_documents", "candidates_not_in_ontology", "candidate_examples_hold_terms",
        "build_versions_complete", "community_gaps_add_up", "coverage_matches_mentions", "changes_agree_with_tables",
    }
    assert {check.name for check in CHECKS if check.severity == "warn"} == {
        "item_kinds_documented", "mention_sentences_hold_surfaces", "unresolved_candidates", "candidates_not_in_ontology",
    }


def test_the_documented_item_kinds_are_the_readme_s():
    text = " ".join(README.read_text(encoding="utf-8").split())
    listed = re.search(r"split into \*\*items\*\*, the units a reader sees, with a `kind`: (.+?)\. An item", text)
    assert listed, "README: the list of item kinds moved"
    assert tuple(re.findall(r"`([a-z_]+)`", listed.group(1))) == DOCUMENTED_ITEM_KINDS


def _candidate_rows(n: int, doc_id: str) -> list[dict]:
    return [{"doc_id": doc_id, "term": f"Term{i:04d}", "kind": "camel_case", "n_mentions": 1, "example": f"Term{i:04d}."}
            for i in range(n)]


def test_unresolved_candidates_counts_every_term_not_the_capped_table(tmp_path, fixture_rows):
    doc_id = fixture_rows["documents"][0]["doc_id"]
    rows = {**fixture_rows, "document_candidates": fixture_rows["document_candidates"] + _candidate_rows(600, doc_id)}
    records = [DocumentCandidate(**row) for row in rows["document_candidates"]]
    rows["entity_candidates"] = [c.model_dump() for c in rank_candidates(records)]  # as warehouse_rows does
    path = tmp_path / "many.duckdb"
    write_warehouse(path, rows)
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM entity_candidates").fetchone() == (500,)
        outcome = next(o for o in run_checks(con) if o.check.name == "unresolved_candidates")
    assert not outcome.passed
    assert outcome.problems == len(rank_candidates(records, limit=None)) > 600


def test_unresolved_candidates_fires_when_more_entities_are_found_than_the_table_holds(good_warehouse, tmp_path):
    # 520 distinct entities found and 600 candidate terms: the 500 ranked rows alone never fire
    doc = "(SELECT min(doc_id) FROM documents)"
    con = corrupted_copy(
        good_warehouse, tmp_path,
        "DELETE FROM entity_candidates",
        "INSERT INTO entity_candidates SELECT i + 1, 'Term' || i, 'acronym', 1, 1, 'x' FROM range(500) t(i)",
        f"INSERT INTO document_candidates SELECT {doc}, 'Term' || i, 'camel_case', 1, 'x' FROM range(600) t(i)",
        "INSERT INTO mentions SELECT 'm' || i, 'e' || i, 'i', 'd', 0, 1, 'x', 'x', 'x', 'exact_case' FROM range(520) t(i)",
    )
    unresolved = tuple(check for check in CHECKS if check.name == "unresolved_candidates")
    (outcome,) = run_checks(con, unresolved)
    assert not outcome.passed and outcome.problems >= 600
    assert con.execute("SELECT count(*) FROM entity_candidates").fetchone()[0] < 520


def test_the_check_counts_the_terms_rank_candidates_keeps(good_warehouse, fixture_rows):
    records = [DocumentCandidate(**row) for row in fixture_rows["document_candidates"]]
    records += [  # the corpus-level rules: a phrase once, a code-like word in one document, plurals
        DocumentCandidate(doc_id="a", term="said once", kind="noun_phrase", n_mentions=1, example="x"),
        DocumentCandidate(doc_id="a", term="retryCount", kind="camel_case", n_mentions=3, example="x"),
        DocumentCandidate(doc_id="a", term="eMarket", kind="camel_case", n_mentions=1, example="x"),
        DocumentCandidate(doc_id="b", term="eMarket", kind="camel_case", n_mentions=1, example="x"),
        DocumentCandidate(doc_id="a", term="SLOs", kind="acronym", n_mentions=1, example="x"),
        DocumentCandidate(doc_id="b", term="SLO", kind="acronym", n_mentions=1, example="x"),
        DocumentCandidate(doc_id="a", term="Load Shedding", kind="proper_name", n_mentions=1, example="x"),
        DocumentCandidate(doc_id="b", term="load shedding", kind="noun_phrase", n_mentions=1, example="x"),
    ]
    with duckdb.connect(":memory:") as con:
        con.execute("CREATE TABLE document_candidates (doc_id VARCHAR, term VARCHAR, kind VARCHAR, n_mentions INTEGER, example VARCHAR)")
        con.executemany("INSERT INTO document_candidates VALUES (?, ?, ?, ?, ?)",
                        [(r.doc_id, r.term, r.kind, r.n_mentions, r.example) for r in records])
        assert con.execute(CANDIDATE_TERMS_SQL).fetchone()[0] == len(rank_candidates(records, limit=None))


def test_the_readme_lists_every_rule_with_its_table_and_severity():
    text = README.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_]+)` \| `([a-z_]+)`.*\| (blocking|error|warning) \|$", text, re.M)
    documented = {rule: (table, level) for table, rule, level in rows}
    expected = {
        check.name: (check.table, "blocking" if check.blocking else "warning" if check.severity == "warn" else "error")
        for check in CHECKS
    }
    assert documented == expected
