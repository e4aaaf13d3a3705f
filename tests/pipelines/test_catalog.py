"""A catalog that explains itself before any run: every warehouse table's asset carries its
description, key and column schema (types, descriptions, constraints) from warehouse/schema.sql,
and those column descriptions are the README's column tables word for word (README, "The
warehouse"), so the two cannot drift apart."""

from __future__ import annotations

import re
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import defs
from tests.warehouse.conftest import fixture_rows  # noqa: F401  (the fixture)
from warehouse.store import WAREHOUSE_TABLES, connect_readonly, describe_tables, write_warehouse

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_columns() -> dict[tuple[str, str], tuple[str | None, bool, str]]:
    """(table, column) -> (type or None, marked key, meaning) from every `| column | type | meaning |`
    table of the README's warehouse section. A row may name several columns (`start_char`,
    `end_char`), prefixed with their table where a heading covers two (`graph_nodes.node_id`)."""
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## The warehouse")
    section = text[start:text.index("\n## ", start + 1)]
    columns, heading_table, in_table = {}, None, False
    for line in section.splitlines():
        if line.startswith("### "):
            names = re.findall(r"`([a-z0-9_]+)`", line.split("—")[0])
            heading_table, in_table = (names[0] if len(names) == 1 else None), False
        elif line.startswith("| column | type | meaning |"):
            in_table = True
        elif not line.startswith("|"):
            in_table = False
        elif in_table and not line.startswith("|---"):
            names_cell, type_cell, *meaning = (cell.strip() for cell in line.strip()[1:-1].split("|"))
            table = heading_table
            for name in re.findall(r"`([a-z0-9_.]+)`", names_cell):
                if "." in name:
                    table, name = name.split(".")
                columns[(table, name)] = (type_cell.split(",")[0].strip() or None, "key" in type_cell, "|".join(meaning).strip())
    return columns


def _spec_metadata(table: str) -> dict:
    return defs.resolve_asset_graph().get(dg.AssetKey(["warehouse", table])).metadata


def test_every_table_shows_its_columns_types_and_descriptions_before_any_run():
    for table, described in describe_tables().items():
        schema = _spec_metadata(table)["dagster/column_schema"]
        assert [column.name for column in schema.columns] == [column.name for column in described.columns]
        for column in schema.columns:
            assert column.type and column.description, (table, column.name)
        node = defs.resolve_asset_graph().get(dg.AssetKey(["warehouse", table]))
        assert described.description and node.description.startswith(described.description)
    assert set(describe_tables()) == set(WAREHOUSE_TABLES)


def test_keys_and_constraints_are_in_the_schema():
    mentions = _spec_metadata("mentions")["dagster/column_schema"]
    by_name = {column.name: column for column in mentions.columns}
    assert "primary key" in by_name["mention_id"].constraints.other and by_name["mention_id"].constraints.unique
    assert "references entities(entity_id)" in by_name["entity_id"].constraints.other
    assert by_name["surface"].constraints.nullable is False
    assert mentions.constraints.other == ["primary key (mention_id)"]
    coverage = _spec_metadata("entity_coverage")["dagster/column_schema"]
    assert coverage.constraints.other == ["primary key (entity_id, doc_id, item_kind)"]
    assert "Key: mention_id." in defs.resolve_asset_graph().get(dg.AssetKey(["warehouse", "mentions"])).description


def test_every_column_is_in_the_readme_with_the_schema_s_description_and_type():
    documented = readme_columns()
    in_schema = {(table, column.name): column for table, t in describe_tables().items() for column in t.columns}
    assert set(documented) == set(in_schema), "README and warehouse/schema.sql list different columns"
    for key, (type_, is_key, meaning) in documented.items():
        column = in_schema[key]
        # the schema's description is the README's, with at most a parenthesised addition for the catalog
        assert column.description == meaning or column.description.startswith(meaning + " ("), key
        if type_ is not None:
            assert column.type == type_, key
        if is_key:
            assert column.key, key


@pytest.mark.parametrize("table", ["documents", "build_changes"])
def test_descriptions_are_in_the_warehouse_itself(tmp_path, fixture_rows, table):
    path = tmp_path / "kg.duckdb"
    write_warehouse(path, fixture_rows)
    with connect_readonly(path) as con:
        assert describe_tables(con)[table] == describe_tables()[table]
