"""The Dagster code location: every asset, resource and the executor, in one place.
Load it with `dagster dev -w workspace.yaml` or `dagster asset materialize -m pipelines.definitions`."""

from __future__ import annotations

import dagster as dg

from pipelines import assets
from pipelines.resources import resources_from_env

defs = dg.Definitions(
    # corpus_files is an external asset (the folder users fill); the rest are computed here.
    assets=[assets.corpus_files, *dg.with_source_code_references(dg.load_assets_from_modules([assets]))],
    resources=resources_from_env(),
    # In-process: the multiprocess executor is about 4x slower here and would fight over the DuckDB lock.
    executor=dg.in_process_executor,
)
