"""Loading the ontology: a malformed entry fails with the file, the entry and the field named;
the shipped ontology loads and covers every entity type, counts the core system qualities, names
what a system-design reader expects and relates troubleshooting terms to their subjects."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.ontology import ENTITY_TYPES, OntologyError, load_ontology
from graph.ontology_links import hop_links


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


@pytest.fixture(scope="module")
def shipped_nlp():
    from graph.nlp import build_nlp

    return build_nlp()


@pytest.fixture(scope="module")
def shipped_links():
    return hop_links(load_ontology())


def _found(nlp, text: str) -> list[tuple[str, str]]:
    from graph.nlp import MATCHES_ATTR

    return [(text[m.start_char : m.end_char], m.entity_id) for m in nlp(text)._.get(MATCHES_ATTR)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # core qualities count; the rarity weighting decides what they weigh
        ("Trade latency against throughput.", [("latency", "latency"), ("throughput", "throughput")]),
        ("Scalability, durability and reliability matter.",
         [("Scalability", "scalability"), ("durability", "durability"), ("reliability", "reliability")]),
        ("CAP: consistency, availability, partition tolerance.",
         [("CAP", "cap-theorem"), ("consistency", "consistency-models"), ("availability", "availability"),
          ("partition tolerance", "partition-tolerance")]),
        ("Fault tolerance at p99.", [("Fault tolerance", "fault-tolerance"), ("p99", "latency")]),
        # ... but bare "scalable" is too vague, and calendar availability is not a system's
        ("A scalable design.", []),
        ("Check room availability on the calendar.", []),
        # names a system-design reader expects
        ("We split the monolithic app into microservices.",
         [("monolithic", "monolith"), ("microservices", "microservices")]),
        ("Big data in two data centers of one AWS Region, three Availability Zones.",
         [("Big data", "big-data"), ("data centers", "data-center"), ("AWS Region", "cloud-region"),
          ("Availability Zones", "availability-zone")]),
        ("Rails is MVC.", [("Rails", "ruby-on-rails"), ("MVC", "model-view-controller")]),
        ("Uber serves dashboards from Pinot.", [("Uber", "uber"), ("Pinot", "apache-pinot")]),
        # runbook vocabulary
        ("Disk full, 503 errors and an expired certificate.",
         [("Disk full", "disk-space-exhaustion"), ("503 errors", "http-status-codes"),
          ("expired certificate", "certificate-management")]),
        ("A thundering herd, then split brain and clock skew.",
         [("thundering herd", "thundering-herd"), ("split brain", "split-brain"), ("clock skew", "clock-skew")]),
        ("The OOM killer ended it: a memory leak.", [("OOM killer", "oom-killer"), ("memory leak", "memory-leak")]),
        # no short name inside a CamelCase brand
        ("ByteByteGo on YouTube", [("YouTube", "youtube")]),
    ],
)
def test_shipped_ontology_counts_qualities_and_expected_names(shipped_nlp, text, expected):
    assert _found(shipped_nlp, text) == expected


@pytest.mark.parametrize(
    ("entity", "neighbours"),
    [
        ("replication-lag", {"replication"}),
        ("deadlock", {"locking", "database-transaction"}),
        ("index-bloat", {"database-indexing", "mvcc"}),
        ("oom-killer", {"linux", "out-of-memory"}),
        ("oom-killed", {"out-of-memory", "kubernetes-pod"}),
        ("memory-leak", {"memory-management"}),
        ("connection-pooling", {"connection-management"}),
        ("cache-stampede", {"caching", "thundering-herd"}),
        ("hot-key", {"partitioning", "sharding"}),
        ("consumer-lag", {"consumer-group", "apache-kafka"}),
        ("crashloopbackoff", {"kubernetes", "self-healing"}),
        ("split-brain", {"leader-election", "partition-tolerance"}),
        ("clock-skew", {"clock-synchronization"}),
        ("certificate-management", {"tls"}),
        ("dns-resolution", {"dns"}),
        ("disk-space-exhaustion", {"data-retention"}),
        ("garbage-collection", {"memory-management"}),
        ("availability-zone", {"cloud-region", "data-center"}),
        ("monolith", {"microservices"}),
        ("big-data", {"apache-hadoop", "apache-spark"}),
        ("model-view-controller", {"ruby-on-rails", "design-patterns"}),
        ("latency", {"network-latency"}),
        ("availability", {"reliability", "high-availability"}),
    ],
)
def test_troubleshooting_terms_and_concepts_have_the_neighbours_an_expert_draws(shipped_links, entity, neighbours):
    reached = {neighbour for neighbour, _ in shipped_links.get(entity, ())}
    assert neighbours <= reached, neighbours - reached
