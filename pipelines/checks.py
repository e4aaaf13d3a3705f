"""Asset checks on the published warehouse: the data-quality rules of `warehouse.checks`, one
Dagster check per rule on the table it is about. Blocking rules stop the map and the exports
(which read the warehouse); the same rules already ran on the new database before it replaced the
old one, so a blocking failure there kept the previous warehouse."""

from __future__ import annotations

import dagster as dg

from pipelines.resources import WarehouseResource
from warehouse.checks import CHECKS, run_checks

CHECK_SPECS = [
    dg.AssetCheckSpec(
        name=check.name,
        asset=dg.AssetKey(["warehouse", check.table]),
        description=check.description,
        blocking=check.blocking,
    )
    for check in CHECKS
]


@dg.multi_asset_check(specs=CHECK_SPECS, name="warehouse_quality_checks")
def warehouse_quality_checks(warehouse: WarehouseResource):
    """Runs every warehouse rule on the published DuckDB file, read-only."""
    with warehouse.read_only() as con:
        outcomes = run_checks(con)
    for outcome in outcomes:
        check = outcome.check
        yield dg.AssetCheckResult(
            asset_key=dg.AssetKey(["warehouse", check.table]),
            check_name=check.name,
            passed=outcome.passed,
            severity=dg.AssetCheckSeverity.WARN if check.severity == "warn" else dg.AssetCheckSeverity.ERROR,
            metadata={"problems": outcome.problems, "example": outcome.example or ""},
        )
