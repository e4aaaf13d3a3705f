"""Orchestration: the Dagster code location (`pipelines.definitions`) over the domain packages."""
