"""Builds warehouse rows from the hand-written fixture corpus and ontology, stage by stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.concept_graph import build_concept_graph
from graph.extraction import extract
from graph.ontology import load_ontology
from graph.related import related_items
from sources.corpus import read_corpus
from sources.items import items_of
from warehouse.rows import Rows, warehouse_rows

FIXTURES = Path(__file__).parent.parent / "fixtures"


def build_rows(corpus_dir: Path, ontology_dir: Path, nlp) -> Rows:
    documents, issues = read_corpus(corpus_dir)
    items = [item for document in documents for item in items_of(document)]
    ontology = load_ontology(ontology_dir)
    extraction = extract(nlp, documents, items)
    mentions = extraction.mentions
    related = related_items(items, mentions)
    graph = build_concept_graph(documents, items, ontology.entities, mentions, related)
    return warehouse_rows(documents, issues, items, ontology.entities, mentions, extraction.candidates, related, graph)


@pytest.fixture()
def fixture_rows(fixture_nlp, fixture_ontology_dir) -> Rows:
    return build_rows(FIXTURES / "corpus", fixture_ontology_dir, fixture_nlp)
