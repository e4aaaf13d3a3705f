"""What the asset modules share: the owner, the corpus value and the versions documents are
processed with."""

import dagster as dg
from pydantic import BaseModel

from graph.extraction import EXTRACTOR_VERSION
from graph.ontology import Ontology
from sources.items import PARSER_VERSION
from sources.models import Document, DocumentIssue

OWNERS = ["team:knowledge-graph"]
# Every step that builds (reads the corpus, writes the intermediate files, the warehouse or the map)
# claims this pool. The instance settings (pipelines/dagster.yaml) give it one slot per run, so a second
# refresh waits in the run queue; asset checks and observations only read and never wait.
BUILD_POOL = "knowledge_graph_build"


def row_inputs(*names: str) -> dict[str, dg.AssetIn]:
    """Inputs holding lists of rows, declared `Any` to Dagster: it type-checks every element of an
    input annotated `list[Model]` (about 900,000 checks a run at 100x the shipped corpus), and our
    own assets built these lists from validated pydantic models. The annotations stay for readers."""
    return {name: dg.AssetIn(dagster_type=dg.Any) for name in names}


class CorpusRead(BaseModel):
    """The documents read from the corpus folder and the files that were skipped or repaired."""

    documents: list[Document]
    issues: list[DocumentIssue]


def current_versions(ontology: Ontology | None = None) -> dict[str, str]:
    """What documents are processed with now; a change re-processes the stored documents."""
    versions = {"parser": PARSER_VERSION, "extractor": EXTRACTOR_VERSION}
    return versions if ontology is None else {**versions, "ontology": ontology.version}
