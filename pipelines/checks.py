"""Asset checks on the published warehouse: one Dagster check per rule of `warehouse.checks`, on the
table it is about, all evaluated by one subsettable op. Each check runs on its own (the asset's
Checks tab: "Execute") or with any other selection of them, with a read-only connection to the
published file; the run that builds the tables runs them all in one step. The same rules already
ran on the new database before it replaced the old one, so a blocking failure there kept the
previous warehouse; a blocking check that fails here stops what reads the table (the map, the
exports)."""

import dagster as dg
import duckdb

from pipelines.resources import WarehouseResource
from warehouse.checks import CHECKS, WarehouseCheck, run_check

SEVERITY = {"error": dg.AssetCheckSeverity.ERROR, "warn": dg.AssetCheckSeverity.WARN}
RULES = {dg.AssetCheckKey(dg.AssetKey(["warehouse", rule.table]), rule.name): rule for rule in CHECKS}


def _spec(key: dg.AssetCheckKey, rule: WarehouseCheck) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        rule.name,
        asset=key.asset_key,
        description=rule.description,
        blocking=rule.blocking,
        metadata={"rule": dg.MetadataValue.md(f"```sql\n{rule.sql.strip()}\n```"), "severity": rule.severity},
    )


def _result(key: dg.AssetCheckKey, rule: WarehouseCheck, passed: bool, description: str | None, **metadata) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=key.asset_key, check_name=key.name, passed=passed, severity=SEVERITY[rule.severity],
        description=description, metadata=metadata,
    )


@dg.multi_asset_check(specs=[_spec(key, rule) for key, rule in RULES.items()], can_subset=True, name="warehouse_checks")
def warehouse_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    """Runs the selected warehouse rules on the published DuckDB file, read-only."""
    selected = [(key, RULES[key]) for key in RULES if key in context.selected_asset_check_keys]
    try:
        if not warehouse.path.exists():
            raise FileNotFoundError(f"No warehouse at {warehouse.path} yet: materialize the assets first.")
        con = warehouse.read_only()
    except (OSError, duckdb.Error) as error:  # none yet, or a session holds it read-write
        for key, rule in selected:
            yield _result(key, rule, False, str(error))
        return
    with con:
        for key, rule in selected:
            try:
                outcome = run_check(con, rule)
            except duckdb.Error as error:  # a table of an older schema missing, say
                yield _result(key, rule, False, f"The rule could not run: {error}")
                continue
            yield _result(
                key, rule, outcome.passed,
                None if outcome.passed else f"{outcome.problems} problem(s), for example: {outcome.example}",
                problems=outcome.problems, example=outcome.example or "",
                database=dg.MetadataValue.path(str(warehouse.path)),
            )
