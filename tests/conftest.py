"""Fixtures shared across the test packages: the hand-written fixture folder and a spaCy pipeline
built from the small fixture ontology."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixture_ontology_dir() -> Path:
    return FIXTURES / "ontology"


@pytest.fixture(scope="session")
def fixture_nlp(fixture_ontology_dir: Path):
    from graph.nlp import build_nlp

    return build_nlp(fixture_ontology_dir)
