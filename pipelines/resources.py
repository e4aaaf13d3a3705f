"""Dagster resources: where the corpus, the warehouse and the outputs live, and the DuckDB
warehouse itself. Paths come from KG_CORPUS_DIR, KG_WAREHOUSE, KG_OUTPUT_DIR and KG_ONTOLOGY_DIR,
with defaults inside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import duckdb

from graph.ontology import ONTOLOGY_DIR, Ontology, load_ontology
from pipelines.io_manager import RunCachedFilesystemIOManager
from sources.corpus import SHIPPED_CORPUS
from warehouse.cache import PreviousBuild, open_previous
from warehouse.rows import Rows
from warehouse.store import (
    DEFAULT_LOCK_TIMEOUT,
    BuildState,
    WriteResult,
    connect_readonly,
    read_build_state,
    read_node_annotations,
    write_warehouse,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "knowledge.duckdb"
DEFAULT_OUTPUT_DIR = PROJECT_ROOT / "output"


def _env_path(name: str, default: Path) -> str:
    value = os.environ.get(name)
    return str(Path(value).expanduser().resolve()) if value else str(default)


class CorpusResource(dg.ConfigurableResource):
    """The folder of documents to build from."""

    corpus_dir: str

    @property
    def path(self) -> Path:
        return Path(self.corpus_dir)


class OntologyResource(dg.ConfigurableResource):
    """The folder of ontology YAML files extraction matches (KG_ONTOLOGY_DIR; default: graph/ontology)."""

    ontology_dir: str

    @property
    def path(self) -> Path:
        return Path(self.ontology_dir)

    def load(self) -> Ontology:
        return load_ontology(self.path)


class OutputResource(dg.ConfigurableResource):
    """The folder the HTML map and graph exports are written to."""

    output_dir: str

    @property
    def path(self) -> Path:
        path = Path(self.output_dir)
        path.mkdir(parents=True, exist_ok=True)
        return path


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse. Builds replace the whole file atomically after checking it; reads are
    read-only. A build waits up to `lock_timeout` seconds for a read-write session to let go."""

    database: str
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT

    @property
    def path(self) -> Path:
        return Path(self.database)

    def replace_tables(self, rows: Rows) -> WriteResult:
        return write_warehouse(self.path, rows, lock_timeout=self.lock_timeout)

    def previous(self) -> PreviousBuild | None:
        """The published warehouse as a cache for this build (None when there is none)."""
        return open_previous(self.path)

    def read_only(self) -> duckdb.DuckDBPyConnection:
        return connect_readonly(self.path)

    def node_annotations(self) -> dict[str, dict]:
        """Each item and entity node's PageRank, betweenness, community and community label."""
        return read_node_annotations(self.path)

    def build_state(self) -> BuildState | None:
        """What the published warehouse was built from (None: no warehouse yet)."""
        return read_build_state(self.path)


def resources_from_env() -> dict[str, dg.ConfigurableResource | dg.ConfigurableIOManagerFactory]:
    return {
        "io_manager": RunCachedFilesystemIOManager(),
        "corpus": CorpusResource(corpus_dir=_env_path("KG_CORPUS_DIR", SHIPPED_CORPUS)),
        "ontology_files": OntologyResource(ontology_dir=_env_path("KG_ONTOLOGY_DIR", ONTOLOGY_DIR)),
        "warehouse": WarehouseResource(
            database=_env_path("KG_WAREHOUSE", DEFAULT_WAREHOUSE),
            lock_timeout=float(os.environ.get("KG_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)),
        ),
        "output": OutputResource(output_dir=_env_path("KG_OUTPUT_DIR", DEFAULT_OUTPUT_DIR)),
    }
