"""Loading the ontology: a malformed entry fails with the file, the entry and the field named;
the shipped ontology loads and covers every entity type."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.ontology import ENTITY_TYPES, OntologyError, load_ontology


def _write(directory: Path, body: str, name: str = "entities.yaml") -> Path:
    directory.mkdir(exist_ok=True)
    (directory / name).write_text("version: 1\nentities:\n" + body, encoding="utf-8")
    return directory


GOOD = "  - {id: kafka, name: Kafka, type: technology}\n"


@pytest.mark.parametrize(
    ("entry", "field", "words"),
    [
        ("  - {id: redis, name: Redis, type: databse}\n", "type", "'company'"),
        ("  - {id: Redis!, name: Redis, type: technology}\n", "id", "lowercase"),
        ("  - {id: redis, type: technology}\n", "name", "Field required"),
        ("  - {id: redis, name: Redis, type: technology, aliases: [' Redis']}\n", "aliases", "surrounding spaces"),
        ("  - {id: redis, name: Redis, type: technology, colour: red}\n", "colour", "Extra inputs"),
        ("  - {id: redis, name: Redis, type: technology, ambiguous: [Rediss]}\n", "(entry)", "neither the name"),
    ],
)
def test_malformed_entry_names_file_entry_and_field(tmp_path, entry, field, words):
    directory = _write(tmp_path / "onto", GOOD + entry)
    with pytest.raises(OntologyError) as error:
        load_ontology(directory)
    message = str(error.value)
    assert str(directory / "entities.yaml") in message
    assert "entry #2 (id " in message or "entry #2," in message  # 1-based: the second entry
    assert f"field '{field}'" in message
    assert words in message


def test_duplicate_ids_across_files_fail(tmp_path):
    directory = _write(tmp_path / "onto", GOOD)
    _write(directory, GOOD, name="more.yaml")
    with pytest.raises(OntologyError, match="duplicate"):
        load_ontology(directory)


def test_unknown_relation_target_fails(tmp_path):
    directory = _write(tmp_path / "onto", "  - {id: msk, name: MSK, type: aws_service, relations: [{type: manages, target: kafka-x}]}\n")
    with pytest.raises(OntologyError, match="unknown target 'kafka-x'"):
        load_ontology(directory)


def test_invalid_yaml_names_the_file(tmp_path):
    directory = tmp_path / "onto"
    directory.mkdir()
    (directory / "broken.yaml").write_text("version: 1\nentities: [\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="broken.yaml: not valid YAML"):
        load_ontology(directory)


def test_version_changes_with_content(tmp_path):
    directory = _write(tmp_path / "onto", GOOD)
    before = load_ontology(directory).version
    _write(directory, GOOD + "  - {id: redis, name: Redis, type: technology}\n")
    assert load_ontology(directory).version != before


def test_shipped_ontology_loads_with_every_type():
    ontology = load_ontology()
    counts = Counter(entity.type for entity in ontology.entities)
    assert set(counts) == set(ENTITY_TYPES)
    assert all(counts[entity_type] >= 20 for entity_type in ENTITY_TYPES), counts
