"""The Dagster code location: every asset, check, sensor, schedule, resource and the executor, in
one place. Load it with `dagster dev -w workspace.yaml` (`make ui`) or run the refresh job with
`dagster job execute -m pipelines.definitions -j refresh_knowledge_graph` (`make run`)."""

from __future__ import annotations

import gc
import warnings

import dagster as dg

from pipelines import assets
from pipelines.checks import warehouse_checks
from pipelines.resources import resources_from_env
from pipelines.sensors import corpus_folder_sensor, daily_refresh_schedule, refresh_job

# A build holds millions of long-lived objects (mentions, related items, the graph's edges) and
# creates no reference cycles worth collecting early: with Python's default thresholds the cyclic
# collector keeps rescanning them (measured on the 1000x corpus: coverage and warehouse rows 39 s,
# 23 s with the collector off). Collect young objects rarely and the whole heap almost never.
gc.set_threshold(100_000, 50, 1_000)

# Links from each asset to its code in the UI. Code references are still beta in Dagster 1.13: the
# function and the two metadata classes it builds warn once per asset (38 warnings each time a
# process loads this module). Only those three warnings are silenced, only while they are made.
with warnings.catch_warnings():
    warnings.filterwarnings(
        "ignore", category=dg.BetaWarning,
        message=r".*`(with_source_code_references|CodeReferencesMetadataValue|LocalFileCodeReference)`",
    )
    ALL_ASSETS = dg.with_source_code_references(dg.load_assets_from_modules([assets]))

defs = dg.Definitions(
    # corpus_files is observed (the folder users fill); the rest are computed here.
    assets=ALL_ASSETS,
    asset_checks=[warehouse_checks],
    jobs=[refresh_job],
    sensors=[corpus_folder_sensor],
    schedules=[daily_refresh_schedule],
    resources=resources_from_env(),
    # In-process: the multiprocess executor is about 4x slower here and would fight over the DuckDB lock.
    executor=dg.in_process_executor,
)
