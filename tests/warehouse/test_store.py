"""The warehouse contract: tables and columns, the offset identity, identical re-runs, and a build
that fails leaving the previous warehouse as it was."""

from __future__ import annotations

import copy

import duckdb
import pytest

from warehouse.store import TABLE_ORDER, connect_readonly, write_warehouse

CONTRACT = {
    "documents": {"doc_id", "source_path", "title", "format", "content_sha256", "n_chars", "text"},
    "items": {"item_id", "doc_id", "kind", "title", "body", "position", "start_char", "end_char", "attributes"},
    "entities": {"entity_id", "name", "entity_type", "aliases"},
    "mentions": {"mention_id", "entity_id", "item_id", "doc_id", "start_char", "end_char", "surface", "sentence"},
    "graph_nodes": {"node_id", "label", "node_type", "degree"},
    "graph_edges": {"source", "target", "relation", "weight"},
    "related_items": {"item_id", "related_item_id", "rank", "score", "shared_entities"},
}


def _snapshot(path) -> dict[str, list[tuple]]:
    with connect_readonly(path) as con:
        return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in TABLE_ORDER}


def test_tables_have_the_contract_columns(tmp_path, fixture_rows):
    path = tmp_path / "kg.duckdb"
    write_warehouse(path, fixture_rows)
    with connect_readonly(path) as con:
        for table, columns in CONTRACT.items():
            found = {row[0] for row in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
            assert columns <= found, (table, columns - found)


def test_every_mention_surface_is_at_its_offsets(tmp_path, fixture_rows):
    path = tmp_path / "kg.duckdb"
    write_warehouse(path, fixture_rows)
    with connect_readonly(path) as con:
        total, matching = con.execute(
            """SELECT count(*), count(*) FILTER (
                   WHERE substr(d.text, m.start_char + 1, m.end_char - m.start_char) = m.surface)
               FROM mentions m JOIN documents d USING (doc_id)"""
        ).fetchone()
    assert total > 5
    assert matching == total


def test_items_and_entities_are_queryable_with_json_and_lists(tmp_path, fixture_rows):
    path = tmp_path / "kg.duckdb"
    write_warehouse(path, fixture_rows)
    with connect_readonly(path) as con:
        (aliases,) = con.execute("SELECT aliases FROM entities WHERE entity_id = 'postgresql'").fetchone()
        kinds = dict(con.execute("SELECT kind, count(*) FROM items GROUP BY kind").fetchall())
        (title,) = con.execute("SELECT title FROM documents WHERE source_path = 'blog.html'").fetchone()
        (source_path,) = con.execute(
            "SELECT source_path FROM documents WHERE source_path LIKE 'guides/%'").fetchone()
    assert aliases == ["Postgres"]
    assert kinds["episode"] == 3
    assert title == "Streaming at Netflix"
    assert source_path == "guides/troubleshooting.md"


def test_two_builds_give_identical_tables_and_no_duplicates(tmp_path, fixture_rows):
    path = tmp_path / "kg.duckdb"
    write_warehouse(path, fixture_rows)
    first = _snapshot(path)
    write_warehouse(path, copy.deepcopy(fixture_rows))
    assert _snapshot(path) == first
    assert all(len(rows) == len({repr(row) for row in rows}) for rows in first.values())


def test_failed_build_leaves_the_previous_warehouse(tmp_path, fixture_rows):
    path = tmp_path / "kg.duckdb"
    write_warehouse(path, fixture_rows)
    before = _snapshot(path)
    broken = copy.deepcopy(fixture_rows)
    broken["mentions"].append(dict(broken["mentions"][0], entity_id="no-such-entity", mention_id="mention-x"))
    with pytest.raises(duckdb.ConstraintException):
        write_warehouse(path, broken)
    assert _snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.duckdb"]  # no half-built file left


def test_reader_keeps_reading_while_a_build_replaces_the_file(tmp_path, fixture_rows):
    path = tmp_path / "kg.duckdb"
    write_warehouse(path, fixture_rows)
    with connect_readonly(path) as reader:
        smaller = copy.deepcopy(fixture_rows)
        smaller["document_issues"] = [{"source_path": "x.txt", "action": "skipped", "reason": "test"}]
        write_warehouse(path, smaller)
        assert reader.execute("SELECT count(*) FROM document_issues").fetchone() == (0,)
    with connect_readonly(path) as fresh:
        assert fresh.execute("SELECT count(*) FROM document_issues").fetchone() == (1,)
