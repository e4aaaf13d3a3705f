"""Small builders of Dagster materialization metadata: markdown previews and table schemas."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import dagster as dg


def _cell(value: Any) -> str:
    text = " ".join(str(value).split())
    text = text if len(text) <= 80 else text[:79] + "…"
    return text.replace("|", "\\|")


def markdown_table(rows: Iterable[Sequence[Any]], header: Sequence[str]) -> dg.MetadataValue:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return dg.MetadataValue.md("\n".join(lines))


def column_schema(columns: Iterable[tuple[str, str]]) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(name=name, type=type_) for name, type_ in columns])
