"""Assets of the reading stage: the corpus folder, its decoded documents and their items."""

import warnings
from collections import Counter

import dagster as dg

from pipelines.assets.common import BUILD_POOL, OWNERS, CorpusRead, current_versions
from pipelines.corpus_state import CorpusSnapshot, snapshot_corpus
from pipelines.metadata import markdown_table
from pipelines.resources import CorpusResource, WarehouseResource
from sources.corpus import read_corpus
from sources.items import items_of
from warehouse.cache import load_items

CORPUS_FILES = dg.AssetSpec(
    "corpus_files",
    description="The document files (.txt, .md, .html) in the corpus folder (KG_CORPUS_DIR). Observed, not "
    "built: each observation records the number of files, their bytes and a data version of their paths and "
    "content hashes, so a change marks everything built from them stale. The corpus sensor observes it every "
    "30 s; a refresh observes it first.",
    group_name="sources",
    kinds={"file"},
    owners=OWNERS,
)


def corpus_observation_metadata(snapshot: CorpusSnapshot) -> dict[str, dg.MetadataValue]:
    return {
        "documents": dg.MetadataValue.int(len(snapshot.files)),
        "bytes": dg.MetadataValue.int(snapshot.n_bytes),
        "corpus_dir": dg.MetadataValue.path(str(snapshot.corpus_dir)),
    }


# Observable assets are still marked beta in Dagster 1.13 (`multi_observable_source_asset`, the form that
# takes an AssetSpec with kinds and owners, warns once when it is applied); they are the documented way to
# give an external folder observations and data versions, so that one warning is silenced here, no other.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", category=dg.BetaWarning, message=r".*multi_observable_source_asset")

    @dg.multi_observable_source_asset(specs=[CORPUS_FILES], name="corpus_files")
    def corpus_files(corpus: CorpusResource):
        """Observes the corpus folder: how many document files, how many bytes, and a data version of
        their paths and content hashes."""
        snapshot = snapshot_corpus(corpus.path)
        yield dg.ObserveResult(
            asset_key=CORPUS_FILES.key,
            data_version=dg.DataVersion(snapshot.data_version),
            metadata=corpus_observation_metadata(snapshot),
        )


@dg.asset(deps=[CORPUS_FILES], group_name="sources", kinds={"python"}, owners=OWNERS, pool=BUILD_POOL)
def corpus_documents(corpus: CorpusResource, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every document of the corpus folder, decoded, with its detected format; files that could
    not be read are listed with their reason instead of failing the run."""
    documents, issues = read_corpus(corpus.path)
    previous = warehouse.previous()
    known = previous.hashes if previous else {}
    unchanged = set(previous.unchanged(documents)) if previous else set()
    current = {d.doc_id for d in documents}
    return dg.MaterializeResult(
        value=CorpusRead(documents=documents, issues=issues),
        metadata={
            "corpus_dir": dg.MetadataValue.path(str(corpus.path)),
            "documents": len(documents),
            "documents_unchanged": len(unchanged),
            "documents_new": len(current - set(known)),
            "documents_changed": len((current & set(known)) - unchanged),
            "documents_removed": len(set(known) - current),
            "document_issues": len(issues),
            "preview": markdown_table(
                [(d.source_path, d.format, d.encoding, d.n_chars) for d in documents[:50]],
                ["source_path", "format", "encoding", "n_chars"],
            ),
            "failed_documents": markdown_table(
                [(i.source_path, i.action, i.reason) for i in issues], ["path", "action", "reason"]
            ),
        },
    )


@dg.asset(group_name="sources", kinds={"python"}, owners=OWNERS, pool=BUILD_POOL)
def document_items(corpus_documents: CorpusRead, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """The items of every document (episodes, architecture cards, guides, posts, ...), each once.
    Documents the previous build parsed with the same parser are reused, not parsed again."""
    documents = corpus_documents.documents
    previous = warehouse.previous()
    reused = set(previous.reusable(documents, current_versions(), ("parser",))) if previous else set()
    items = load_items(previous, sorted(reused)) if reused else []
    items += [item for document in documents if document.doc_id not in reused for item in items_of(document)]
    kinds = Counter(item.kind for item in items)
    return dg.MaterializeResult(
        value=items,
        metadata={
            "dagster/row_count": len(items),
            "documents_parsed": len(documents) - len(reused),
            "documents_reused": len(reused),
            "by_kind": markdown_table(kinds.most_common(), ["kind", "items"]),
        },
    )
