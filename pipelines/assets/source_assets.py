"""Assets of the reading stage: the corpus folder, its decoded documents and their items."""

from collections import Counter

import dagster as dg

from pipelines.assets.common import OWNERS, CorpusRead, current_versions
from pipelines.metadata import markdown_table
from pipelines.resources import CorpusResource, WarehouseResource
from sources.corpus import read_corpus
from sources.items import items_of
from warehouse.cache import load_items

corpus_files = dg.AssetSpec(
    "corpus_files",
    description="The document files (.txt, .md, .html) in the corpus folder (KG_CORPUS_DIR).",
    group_name="sources",
    kinds={"file"},
    owners=OWNERS,
)


@dg.asset(deps=[corpus_files], group_name="sources", kinds={"python"}, owners=OWNERS)
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


@dg.asset(group_name="sources", kinds={"python"}, owners=OWNERS)
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
