"""Each warehouse rule fails on the corruption it guards against, and only that rule."""

from __future__ import annotations

import duckdb
import pytest

from warehouse.checks import CHECKS, run_checks
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
        ("INSERT INTO entity_candidates SELECT 1000 + i, 'Term' || i, 'acronym', 1, 1, 'x' FROM range(500) t(i)",
         "unresolved_candidates"),
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
