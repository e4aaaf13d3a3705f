"""Curation (`python -m graph.curate`), always on a temporary copy of an ontology folder: a new entity
lands at the end of the file of its type and an alias in its own entry, every other byte (order,
comments, layout) unchanged; used ids and forms and entries the models reject are refused with a
message naming the problem, the files untouched; a pipeline built from the edited folder matches
the new forms."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.curate import CurationError, add_aliases, add_entity, candidates, main
from graph.nlp import build_nlp
from graph.ontology import ONTOLOGY_DIR, load_ontology
from tests.conftest import FIXTURES

COMMENTED = """\
# A hand-kept ontology: the comments and the order must survive curation.
version: 1
entities:
  # --- messaging ---
  - id: apache-kafka
    name: Apache Kafka   # the canonical name
    type: technology
    aliases: [Kafka]
    categories: [message broker]
    relations:
      - {type: is_a, target: message-broker}
  - id: message-broker
    name: message broker
    type: concept
  # --- storage ---
  - id: redis
    name: Redis
    type: technology
    description: "In-memory data store: often a cache."  # quoted on purpose
  - id: caching
    name: caching
    type: concept
    aliases: [cache]
"""


@pytest.fixture()
def commented(tmp_path) -> Path:
    folder = tmp_path / "ontology"
    folder.mkdir()
    (folder / "entities.yaml").write_text(COMMENTED, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def shipped_copy(tmp_path_factory) -> Path:
    """A copy of the shipped ontology (one file per type), shared by the tests that only read it or
    restore it."""
    folder = tmp_path_factory.mktemp("shipped") / "ontology"
    shutil.copytree(ONTOLOGY_DIR, folder)
    return folder


def _texts(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.yaml"))}


def test_a_new_entity_is_appended_to_the_file_of_its_type_and_nothing_else_changes(tmp_path):
    folder = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY_DIR, folder)
    before = _texts(folder)
    change = add_entity("TigerBeetle", "technology", folder, description="Financial transactions database: double-entry.",
                        categories=("OLTP database",), aliases=("Tiger Beetle",), relations=("is_a:database",))
    after = _texts(folder)
    assert change.path == folder / "technologies.yaml"
    assert {name for name in before if before[name] != after[name]} == {"technologies.yaml"}
    assert after["technologies.yaml"] == before["technologies.yaml"] + (
        "  - id: tigerbeetle\n"
        "    name: TigerBeetle\n"
        "    type: technology\n"
        "    aliases: [Tiger Beetle]\n"
        "    description: 'Financial transactions database: double-entry.'\n"
        "    categories: [OLTP database]\n"
        "    relations:\n"
        "      - {type: is_a, target: database}\n"
    )
    entity = load_ontology(folder).by_id()["tigerbeetle"]
    assert (entity.name, entity.type, entity.aliases, entity.categories) == ("TigerBeetle", "technology", ["Tiger Beetle"], ["OLTP database"])
    assert not list(folder.glob(".*"))  # no temporary file left


@pytest.mark.parametrize(("entity_type", "file"), [("company", "companies.yaml"), ("concept", "concepts.yaml"),
                                                   ("aws_service", "aws_services.yaml")])
def test_each_type_goes_to_its_own_file(tmp_path, entity_type, file):
    folder = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY_DIR, folder)
    assert add_entity("Zyxwv Thing", entity_type, folder).path == folder / file


def test_comments_order_and_quoting_survive_an_added_entity_and_aliases(commented):
    add_entity("Memcached", "technology", commented, relations=("is_a:caching",))
    add_aliases("redis", ["Redis OSS"], commented)  # an entry without aliases: the key goes after its type
    add_aliases("apache-kafka", ["Apache Kafka Streams Platform"], commented)  # an existing list grows
    assert (commented / "entities.yaml").read_text(encoding="utf-8") == COMMENTED.replace(
        "    aliases: [Kafka]\n", "    aliases: [Kafka, Apache Kafka Streams Platform]\n"
    ).replace(
        "    name: Redis\n    type: technology\n", "    name: Redis\n    type: technology\n    aliases: [Redis OSS]\n"
    ) + (
        "  - id: memcached\n    name: Memcached\n    type: technology\n    relations:\n      - {type: is_a, target: caching}\n"
    )


def test_a_new_alias_is_matched_by_a_pipeline_built_from_the_edited_folder(tmp_path):
    folder = tmp_path / "ontology"
    shutil.copytree(FIXTURES / "ontology", folder)
    text = "We replaced the old broker with KFK last year; FooDB keeps the rest."
    assert _matches(build_nlp(folder), text) == []

    add_aliases("apache-kafka", ["KFK"], folder)
    add_entity("FooDB", "technology", folder, description="A test database.")
    assert _matches(build_nlp(folder), text) == [("apache-kafka", "KFK"), ("foodb", "FooDB")]


def _matches(nlp, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(m.entity_id, text[m.start_char:m.end_char]) for m in doc._.ontology_matches]


@pytest.mark.parametrize(
    ("action", "words"),
    [
        (lambda d: add_entity("Redis", "technology", d, entity_id="redis-two"), ["'Redis' is already a form of Redis (id redis"]),
        (lambda d: add_entity("KAFKA", "technology", d), ["'KAFKA' is already a form of Apache Kafka", "as 'Kafka'"]),
        (lambda d: add_entity("Caches", "concept", d), ["already a form of caching", "as 'cache'"]),  # a generated plural
        (lambda d: add_entity("Valkey", "technology", d, entity_id="redis"), ["id 'redis' is already used by Redis", "alias redis 'Valkey'"]),
        (lambda d: add_entity("Valkey", "technology", d, aliases=("Kafka",)), ["'Kafka' is already a form of Apache Kafka"]),
        (lambda d: add_entity("Valkey", "technology", d, aliases=("valkey",)), ["same form for the matcher"]),
        (lambda d: add_aliases("redis", ["cache"], d), ["'cache' is already a form of caching (id caching, entities.yaml)"]),
        (lambda d: add_aliases("apache-kafka", ["kafka"], d), ["already a form of Apache Kafka", "nothing to add"]),
        (lambda d: add_aliases("redis-db", ["Valkey"], d), ["no entity with id 'redis-db'", "did you mean redis"]),
        (lambda d: add_entity("Valkey", "technology", d, entity_id="Valkey_DB"),
         ["entities.yaml: entry #5 (id 'Valkey_DB'), field 'id'", "lowercase letters, digits and '-'"]),
        (lambda d: add_entity("Valkey", "technology", d, relations=("is_a:key-value-store",)),
         ["entities.yaml: entry id 'valkey', field 'relations': unknown target 'key-value-store'"]),
        (lambda d: add_entity("Valkey", "technology", d, relations=("forks:redis",)), ["field 'relations.0.type'", "'fork_of'"]),
        (lambda d: add_entity("Valkey", "technology", d, relations=("redis",)), ["TYPE:TARGET_ID"]),
        (lambda d: add_entity("Valkey", "database", d), ["choose one of company, technology, concept, aws_service"]),
        (lambda d: add_entity("???", "technology", d), ["give one with --id"]),
    ],
)
def test_refusals_say_why_and_change_nothing(commented, action, words):
    with pytest.raises(CurationError) as error:
        action(commented)
    for word in words:
        assert word in str(error.value)
    assert (commented / "entities.yaml").read_text(encoding="utf-8") == COMMENTED
    assert sorted(p.name for p in commented.iterdir()) == ["entities.yaml"]


def test_the_command_line_reports_what_it_did_and_how_to_refresh(commented, capsys, monkeypatch):
    monkeypatch.setenv("KG_ONTOLOGY_DIR", str(commented))
    assert main(["add", "Valkey", "--type", "technology", "--category", "key-value store", "--relation", "fork_of:redis"]) == 0
    out = capsys.readouterr().out
    assert f"Added technology 'Valkey' (id valkey) to {commented / 'entities.yaml'}." in out
    assert "make run (or Materialize all in the Dagster UI)" in out
    assert main(["alias", "valkey", "Valkey OSS", "ValKey Server"]) == 0
    assert "Added aliases 'Valkey OSS', 'ValKey Server' to Valkey (id valkey)" in capsys.readouterr().out
    assert load_ontology(commented).by_id()["valkey"].aliases == ["Valkey OSS", "ValKey Server"]

    assert main(["alias", "valkey", "Kafka"]) == 1
    assert capsys.readouterr().err.startswith("Not changed: 'Kafka' is already a form of Apache Kafka")


def test_candidates_lists_warehouse_terms_the_ontology_still_lacks(tmp_path, commented):
    import duckdb

    warehouse = tmp_path / "kg.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("CREATE TABLE entity_candidates (rank INTEGER, term VARCHAR, kind VARCHAR, n_docs INTEGER, "
                    "n_mentions INTEGER, example VARCHAR)")
        con.execute("INSERT INTO entity_candidates VALUES (1, 'Valkey', 'proper_name', 3, 9, 'Valkey forked Redis.'), "
                    "(2, 'KAFKA', 'acronym', 2, 4, 'KAFKA in capitals.'), (3, 'TigerBeetle', 'camel_case', 1, 2, 'x')")
    # a form the ontology has since the warehouse was built is left out ("KAFKA" is Kafka in any case)
    assert [row[1] for row in candidates(warehouse, commented, limit=10)] == ["Valkey", "TigerBeetle"]
    add_entity("Valkey", "technology", commented)
    assert [row[1] for row in candidates(warehouse, commented, limit=10)] == ["TigerBeetle"]
    assert candidates(warehouse, commented, limit=0) == []

    with pytest.raises(CurationError, match="make run"):
        candidates(tmp_path / "missing.duckdb", commented, limit=5)
