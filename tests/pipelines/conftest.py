"""Resources pointing a Dagster run at temporary paths and the fixture corpus and ontology."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from pipelines.io_manager import RunCachedFilesystemIOManager
from pipelines.resources import CorpusResource, OntologyResource, OutputResource, WarehouseResource

FIXTURES = Path(__file__).parent.parent / "fixtures"


def run_resources(tmp_path: Path, corpus_dir: Path, ontology_dir: Path) -> dict[str, dg.ConfigurableResource]:
    return {
        "io_manager": RunCachedFilesystemIOManager(base_dir=str(tmp_path / "dagster_storage")),
        "corpus": CorpusResource(corpus_dir=str(corpus_dir)),
        "ontology_files": OntologyResource(ontology_dir=str(ontology_dir)),
        "warehouse": WarehouseResource(database=str(tmp_path / "knowledge.duckdb")),
        "output": OutputResource(output_dir=str(tmp_path / "output")),
    }


@pytest.fixture()
def fixture_resources(tmp_path, fixture_ontology_dir):
    return run_resources(tmp_path, FIXTURES / "corpus", fixture_ontology_dir)
