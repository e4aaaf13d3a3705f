"""Builds warehouse rows from the hand-written fixture corpus and ontology, stage by stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analytics import analyse, entity_coverage
from graph.concept_graph import build_concept_graph
from graph.cooccurrence import co_occurrences
from graph.extraction import extract
from graph.ontology import load_ontology
from graph.ontology_links import hop_links
from graph.related import related_items
from sources.corpus import read_corpus
from sources.items import items_of
from warehouse.rows import KnowledgeBuild, Rows, warehouse_rows

FIXTURES = Path(__file__).parent.parent / "fixtures"


def build_rows(corpus_dir: Path, ontology_dir: Path, nlp) -> Rows:
    documents, issues = read_corpus(corpus_dir)
    items = [item for document in documents for item in items_of(document)]
    ontology = load_ontology(ontology_dir)
    extraction = extract(nlp, documents, items)
    mentions = extraction.mentions
    related = related_items(items, mentions, hop_links(ontology))
    graph = build_concept_graph(documents, items, ontology, mentions, co_occurrences(mentions), related)
    return warehouse_rows(KnowledgeBuild(
        documents=documents, issues=issues, items=items, ontology=ontology, mentions=mentions,
        document_candidates=extraction.candidates, related=related, graph=graph, analytics=analyse(graph),
        coverage=entity_coverage(items, mentions), versions={"parser": "test", "extractor": "test", "ontology": ontology.version},
    ))


@pytest.fixture()
def fixture_rows(fixture_nlp, fixture_ontology_dir) -> Rows:
    return build_rows(FIXTURES / "corpus", fixture_ontology_dir, fixture_nlp)
