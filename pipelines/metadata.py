"""Small builders of Dagster metadata: markdown previews, and table schemas (columns with types,
descriptions and constraints) from the warehouse's own description of its tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import dagster as dg

from warehouse.store import TableDescription


def _cell(value: Any) -> str:
    text = " ".join(str(value).split())
    text = text if len(text) <= 80 else text[:79] + "…"
    return text.replace("|", "\\|")


def markdown_table(rows: Iterable[Sequence[Any]], header: Sequence[str]) -> dg.MetadataValue:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return dg.MetadataValue.md("\n".join(lines))


def table_schema(table: TableDescription) -> dg.TableSchema:
    """The table's columns (type, description, NOT NULL, UNIQUE, key, references) and its key."""
    columns = [
        dg.TableColumn(
            name=column.name,
            type=column.type,
            description=column.description,
            constraints=dg.TableColumnConstraints(
                nullable=column.nullable,
                unique=column.unique,
                other=[
                    *(["primary key" if len(table.key) == 1 else "part of the primary key"] if column.key else []),
                    *([f"references {column.references}"] if column.references else []),
                ],
            ),
        )
        for column in table.columns
    ]
    key = [f"primary key ({', '.join(table.key)})"] if table.key else ["no primary key"]
    return dg.TableSchema(columns=columns, constraints=dg.TableConstraints(other=key))
