"""`python -m pipelines.report`: after a build, print where the warehouse and the map are and what
the warehouse holds (the same paths the Dagster resources use)."""

from __future__ import annotations

from pathlib import Path

from pipelines.assets import CONCEPT_MAP_FILE
from pipelines.resources import resources_from_env
from warehouse.store import WAREHOUSE_TABLES


def main() -> None:
    resources = resources_from_env()
    warehouse = resources["warehouse"]
    concept_map = Path(resources["output"].output_dir) / CONCEPT_MAP_FILE
    print(f"DuckDB warehouse: {warehouse.path}")
    with warehouse.read_only() as con:
        present = {name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        for table in (table for table in WAREHOUSE_TABLES if table in present):
            (count,) = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            print(f"  {table:<18} {count:>6} rows")
        if "build_changes" in present:
            changed = con.execute(
                "SELECT subject, change, sum(n) FROM build_changes GROUP BY ALL ORDER BY ALL").fetchall()
            names = {"document": "documents", "entity": "entities", "related_link": "related links"}
            summary = ", ".join(f"{names[subject]} {change}: {n}" for subject, change, n in changed)
            print(f"What changed:     {summary or 'nothing'} (SELECT * FROM build_changes)")
    print(f"HTML concept map: {concept_map}  (open it in a browser: file://{concept_map})")
    print(f"Query it:         duckdb -readonly {warehouse.path}")


if __name__ == "__main__":
    main()
