"""The assets of the knowledge graph, one lineage from the corpus files to the HTML map:
corpus_files -> corpus_documents -> document_items -> entity_mentions (+ entity_candidate_terms) ->
related_item_links -> concept_graph -> warehouse/<table> -> concept_map. Each asset calls the domain packages; nothing
here parses, matches or draws by itself."""

from collections import Counter

import dagster as dg
import networkx as nx
from pydantic import BaseModel

from graph.concept_graph import build_concept_graph
from graph.candidates import EntityCandidate
from graph.extraction import extract
from graph.models import Mention, RelatedItem
from graph.nlp import build_nlp
from graph.ontology import Ontology
from graph.related import related_items
from pipelines.metadata import column_schema, markdown_table
from pipelines.resources import CorpusResource, OntologyResource, OutputResource, WarehouseResource
from sources.corpus import read_corpus
from sources.items import items_of
from sources.models import Document, DocumentIssue, Item
from viz.concept_map import write_concept_map
from warehouse.rows import warehouse_rows
from warehouse.store import TABLE_ORDER

OWNERS = ["team:knowledge-graph"]
CONCEPT_MAP_FILE = "concept_map.html"


class CorpusRead(BaseModel):
    """The documents read from the corpus folder and the files that were skipped or repaired."""

    documents: list[Document]
    issues: list[DocumentIssue]


corpus_files = dg.AssetSpec(
    "corpus_files",
    description="The document files (.txt, .md, .html) in the corpus folder (KG_CORPUS_DIR).",
    group_name="sources",
    kinds={"file"},
    owners=OWNERS,
)


@dg.asset(group_name="graph", kinds={"python", "yaml"}, owners=OWNERS)
def ontology(ontology_files: OntologyResource) -> dg.MaterializeResult:
    """The curated ontology of companies, technologies, concepts and AWS services, validated.
    A malformed entry stops the run here, before anything is written."""
    loaded = ontology_files.load()
    by_type = Counter(entity.type for entity in loaded.entities)
    return dg.MaterializeResult(
        value=loaded,
        metadata={
            "entities": len(loaded.entities),
            "ontology_version": loaded.version,
            "ontology_dir": dg.MetadataValue.path(str(ontology_files.path)),
            "by_type": markdown_table(sorted(by_type.items()), ["entity type", "entities"]),
        },
    )


@dg.asset(deps=[corpus_files], group_name="sources", kinds={"python"}, owners=OWNERS)
def corpus_documents(corpus: CorpusResource) -> dg.MaterializeResult:
    """Every document of the corpus folder, decoded, with its detected format; files that could
    not be read are listed with their reason instead of failing the run."""
    documents, issues = read_corpus(corpus.path)
    return dg.MaterializeResult(
        value=CorpusRead(documents=documents, issues=issues),
        metadata={
            "corpus_dir": dg.MetadataValue.path(str(corpus.path)),
            "documents": len(documents),
            "document_issues": len(issues),
            "preview": markdown_table(
                [(d.source_path, d.format, d.encoding, d.n_chars) for d in documents],
                ["source_path", "format", "encoding", "n_chars"],
            ),
            "issues": markdown_table([(i.source_path, i.action, i.reason) for i in issues], ["path", "action", "reason"]),
        },
    )


@dg.asset(group_name="sources", kinds={"python"}, owners=OWNERS)
def document_items(corpus_documents: CorpusRead) -> dg.MaterializeResult:
    """The items of every document (episodes, architecture cards, guides, posts, ...), each once."""
    items = [item for document in corpus_documents.documents for item in items_of(document)]
    kinds = Counter(item.kind for item in items)
    return dg.MaterializeResult(
        value=items,
        metadata={
            "dagster/row_count": len(items),
            "by_kind": markdown_table(kinds.most_common(), ["kind", "items"]),
        },
    )


@dg.multi_asset(
    outs={
        "entity_mentions": dg.AssetOut(
            description="Every mention of an ontology entity in an item, found by spaCy rule components.",
            group_name="graph",
            kinds={"spacy"},
            owners=OWNERS,
        ),
        "entity_candidate_terms": dg.AssetOut(
            description="Terms that look like named things but are not in the ontology, ranked for a curator.",
            group_name="graph",
            kinds={"spacy"},
            owners=OWNERS,
        ),
    },
    name="entity_extraction",
)
def entity_extraction(
    ontology: Ontology, corpus_documents: CorpusRead, document_items: list[Item], ontology_files: OntologyResource
):
    """One spaCy pass over every item: ontology mentions and candidate terms."""
    extraction = extract(build_nlp(ontology_files.path), corpus_documents.documents, document_items)
    mentions = extraction.mentions
    names = {entity.id: entity.name for entity in ontology.entities}
    top = Counter(mention.entity_id for mention in mentions).most_common(15)
    yield dg.Output(
        mentions,
        output_name="entity_mentions",
        metadata={
            "dagster/row_count": len(mentions),
            "distinct_entities": len({mention.entity_id for mention in mentions}),
            "top_entities": markdown_table([(names[e], e, n) for e, n in top], ["entity", "entity_id", "mentions"]),
        },
    )
    yield dg.Output(
        extraction.candidates,
        output_name="entity_candidate_terms",
        metadata={
            "dagster/row_count": len(extraction.candidates),
            "top_candidates": markdown_table(
                [(c.rank, c.term, c.kind, c.n_docs, c.n_mentions) for c in extraction.candidates[:20]],
                ["rank", "term", "kind", "documents", "mentions"],
            ),
        },
    )


@dg.asset(group_name="graph", kinds={"python"}, owners=OWNERS)
def related_item_links(document_items: list[Item], entity_mentions: list[Mention]) -> dg.MaterializeResult:
    """For each item, its top related items in other documents with the shared entities."""
    links = related_items(document_items, entity_mentions)
    return dg.MaterializeResult(value=links, metadata={"dagster/row_count": len(links)})


@dg.asset(group_name="graph", kinds={"networkx"}, owners=OWNERS)
def concept_graph(
    ontology: Ontology,
    corpus_documents: CorpusRead,
    document_items: list[Item],
    entity_mentions: list[Mention],
    related_item_links: list[RelatedItem],
) -> dg.MaterializeResult:
    """The concept graph: item and entity nodes, `mentions` and `related_to` edges."""
    graph = build_concept_graph(
        corpus_documents.documents, document_items, ontology.entities, entity_mentions, related_item_links
    )
    relations = Counter(data["relation"] for _, _, data in graph.edges(data=True))
    return dg.MaterializeResult(
        value=graph,
        metadata={
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "edges_by_relation": markdown_table(sorted(relations.items()), ["relation", "edges"]),
        },
    )


# Each table's lineage: the in-memory asset its rows come from.
TABLE_SOURCES = {
    "documents": "corpus_documents",
    "document_issues": "corpus_documents",
    "items": "document_items",
    "entities": "ontology",
    "mentions": "entity_mentions",
    "entity_candidates": "entity_candidate_terms",
    "graph_nodes": "concept_graph",
    "graph_edges": "concept_graph",
    "related_items": "related_item_links",
}
WAREHOUSE_SPECS = [
    dg.AssetSpec(
        ["warehouse", table],
        description=f"DuckDB table `{table}` of the warehouse (columns: README, The warehouse).",
        group_name="warehouse",
        kinds={"duckdb"},
        owners=OWNERS,
        deps=[TABLE_SOURCES[table]],
    )
    for table in TABLE_ORDER
]


@dg.multi_asset(specs=WAREHOUSE_SPECS, name="warehouse_tables")
def warehouse_tables(
    ontology: Ontology,
    corpus_documents: CorpusRead,
    document_items: list[Item],
    entity_mentions: list[Mention],
    entity_candidate_terms: list[EntityCandidate],
    related_item_links: list[RelatedItem],
    concept_graph: nx.Graph,
    warehouse: WarehouseResource,
):
    """Writes every warehouse table into a new DuckDB file and renames it into place, so the
    tables always come from one run and a failed run leaves the previous warehouse intact."""
    rows = warehouse_rows(
        documents=corpus_documents.documents,
        issues=corpus_documents.issues,
        items=document_items,
        entities=ontology.entities,
        mentions=entity_mentions,
        candidates=entity_candidate_terms,
        related=related_item_links,
        graph=concept_graph,
    )
    counts = warehouse.replace_tables(rows)
    with warehouse.read_only() as con:
        for table in TABLE_ORDER:
            columns = con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
            yield dg.MaterializeResult(
                asset_key=["warehouse", table],
                metadata={
                    "dagster/row_count": counts[table],
                    "dagster/column_schema": column_schema(columns),
                    "dagster/table_name": f"knowledge.main.{table}",
                    "database": dg.MetadataValue.path(str(warehouse.path)),
                },
            )


@dg.asset(deps=[["warehouse", "graph_nodes"], ["warehouse", "graph_edges"]], group_name="viz", kinds={"pyvis", "html"}, owners=OWNERS)
def concept_map(concept_graph: nx.Graph, output: OutputResource) -> dg.MaterializeResult:
    """The interactive concept map: one self-contained HTML file that works offline."""
    path = write_concept_map(concept_graph, output.path / CONCEPT_MAP_FILE, heading="System-design knowledge graph")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "nodes": concept_graph.number_of_nodes(),
            "bytes": path.stat().st_size,
        }
    )
