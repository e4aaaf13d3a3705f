"""Each warehouse rule fails on the corruption it guards against, and only that rule."""

from __future__ import annotations

import duckdb
import pytest

from graph.candidates import DocumentCandidate, rank_candidates
from warehouse.checks import CANDIDATE_TERMS_SQL, CHECKS, run_checks
from warehouse.store import TABLE_ORDER, write_warehouse


@pytest.fixture()
def good_warehouse(tmp_path, fixture_rows):
    path = tmp_path / "good.duckdb"
    write_warehouse(path, fixture_rows)
    return path


def corrupted_copy(good, tmp_path, *statements: str) -> duckdb.DuckDBPyConnection:
    """The good warehouse's rows in tables without constraints, then the corrupting statements."""
    con = duckdb.connect(str(tmp_path / "corrupt.duckdb"))
    con.execute(f"ATTACH '{good}' AS good (READ_ONLY)")
    for table in TABLE_ORDER:
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


@pytest.mark.parametrize(
    ("corruption", "rule"),
    [
        ("UPDATE mentions SET start_char = start_char + 1 WHERE mention_id = (SELECT min(mention_id) FROM mentions)",
         "mention_offsets_match"),
        ("UPDATE mentions SET entity_id = 'no-such-entity' WHERE mention_id = (SELECT min(mention_id) FROM mentions)",
         "no_orphan_mentions"),
        ("DELETE FROM graph_nodes WHERE node_id = (SELECT min(target) FROM graph_edges WHERE relation = 'mentions')",
         "no_orphan_edges"),
        ("UPDATE entities SET entity_type = 'database' WHERE entity_id = 'redis'", "valid_entity_types"),
        ("INSERT INTO items SELECT * FROM items LIMIT 1", "no_duplicate_ids"),
        ("""INSERT INTO related_items SELECT a.item_id, b.item_id, 99, 1.0, [], [] FROM items a JOIN items b
            ON a.doc_id = b.doc_id AND a.item_id < b.item_id LIMIT 1""", "related_items_across_documents"),
        ("DELETE FROM items WHERE doc_id = (SELECT min(doc_id) FROM documents)", "every_document_has_items"),
        ("""INSERT INTO document_candidates SELECT (SELECT min(doc_id) FROM documents), 'Term' || i, 'acronym', 1, 'x'
            FROM range(500) t(i)""", "unresolved_candidates"),
    ],
)
def test_each_corruption_fails_its_rule(good_warehouse, tmp_path, corruption, rule):
    con = corrupted_copy(good_warehouse, tmp_path, corruption)
    failed = failing(con)
    assert rule in failed
    # a deletion can orphan rows elsewhere too; every other corruption touches its own rule only
    if not corruption.startswith("DELETE"):
        assert failed == {rule}


def test_every_rule_names_a_table_of_the_warehouse():
    assert {check.table for check in CHECKS} <= set(TABLE_ORDER)
    assert {check.name for check in CHECKS if not check.blocking} == {"every_document_has_items", "unresolved_candidates"}


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
