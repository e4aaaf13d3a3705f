"""The matching rules of extraction, each with a case that fails without it."""

from __future__ import annotations

import pytest

from graph.extraction import extract_mentions
from sources.items import items_of
from sources.models import Document


def _document(text: str) -> Document:
    return Document(
        doc_id="doc-test",
        source_path="test.txt",
        title="test",
        source_type="text",
        format="plain",
        encoding="utf-8",
        content_sha256="0" * 64,
        n_chars=len(text),
        text=text,
    )


def found(nlp, text: str) -> list[tuple[str, str]]:
    """(entity_id, surface) of every mention in `text`, in order."""
    document = _document(text)
    mentions = extract_mentions(nlp, [document], items_of(document))
    return [(m.entity_id, m.surface) for m in sorted(mentions, key=lambda m: m.start_char)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We moved the queue to kafka last year.", [("apache-kafka", "kafka")]),
        ("Postgres and PostgreSQL are one database.", [("postgresql", "Postgres"), ("postgresql", "PostgreSQL")]),
        ("K8s schedules pods.", [("kubernetes", "K8s")]),
        ("An Inverted Index maps terms to documents.", [("inverted-index", "Inverted Index")]),
    ],
)
def test_names_and_aliases_resolve_to_one_entity(fixture_nlp, text, expected):
    assert found(fixture_nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Search engines build inverted indexes.", [("inverted-index", "inverted indexes")]),
        ("Use write through for reads.", [("write-through-cache", "write through")]),
        ("Write-through keeps the cache fresh.", [("write-through-cache", "Write-through"), ("caching", "cache")]),
        ("WhatsApp relies on E2E encryption.", [("end-to-end-encryption", "E2E encryption")]),
        ("It offers end to end encryption.", [("end-to-end-encryption", "end to end encryption")]),
    ],
)
def test_plural_and_hyphen_variants_are_generated(fixture_nlp, text, expected):
    assert found(fixture_nlp, text) == expected


def test_acronyms_match_case_sensitively(fixture_nlp):
    assert found(fixture_nlp, "Objects live in S3.") == [("amazon-s3", "S3")]
    assert found(fixture_nlp, "The s3 key was lost; e2ee is lowercase here.") == []


def test_ambiguous_name_needs_context(fixture_nlp):
    assert found(fixture_nlp, "Python Lambda expressions are anonymous functions.") == []
    assert found(fixture_nlp, "Lambda runs serverless functions.") == [("aws-lambda", "Lambda")]


def test_ambiguous_aws_service_accepted_next_to_another_aws_service(fixture_nlp):
    assert found(fixture_nlp, "Lambda writes to DynamoDB.") == [
        ("aws-lambda", "Lambda"),
        ("amazon-dynamodb", "DynamoDB"),
    ]


def test_ambiguous_go_needs_a_language_context(fixture_nlp):
    assert found(fixture_nlp, "Go to the settings page.") == []
    assert found(fixture_nlp, "Go uses goroutines for concurrency.") == [("go-language", "Go")]


def test_overlapping_matches_keep_the_longest(fixture_nlp):
    assert found(fixture_nlp, "Amazon DynamoDB is a key-value store.") == [("amazon-dynamodb", "Amazon DynamoDB")]


def test_mention_offsets_index_the_document_text(fixture_nlp):
    text = "Intro line\n\nKafka Streams\nKafka stores events; Redis serves them.\n"
    document = _document(text)
    mentions = extract_mentions(fixture_nlp, [document], items_of(document))
    assert len(mentions) == 3
    for mention in mentions:
        assert text[mention.start_char : mention.end_char] == mention.surface
        assert mention.surface in mention.sentence
        assert mention.matched_alias in {"Kafka", "Redis"}


def test_sentence_is_the_line_or_sentence_around_the_mention(fixture_nlp):
    text = "Caching Basics\nRedis is fast. Kafka is durable.\n"
    document = _document(text)
    sentences = {
        m.surface: m.sentence for m in extract_mentions(fixture_nlp, [document], items_of(document))
    }
    assert sentences["Redis"] == "Redis is fast."
    assert sentences["Kafka"] == "Kafka is durable."



@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # scraped table cells glued together: names inside the run are found
        ("Key-value storeDynamoDBHigh scale NoSQL", [("amazon-dynamodb", "DynamoDB")]),
        ("ECSDynamoDBElastiCacheSQS", [("amazon-dynamodb", "DynamoDB"), ("amazon-elasticache", "ElastiCache")]),
        ("HyperparameterSet before training", [("hyperparameter", "Hyperparameter")]),
        ("Session / cacheElastiCache", [("caching", "cache"), ("amazon-elasticache", "ElastiCache")]),
        # ... while real CamelCase names stay whole
        ("ElastiCache keeps sessions.", [("amazon-elasticache", "ElastiCache")]),
        ("We moved from SoundCloud to the cloud.", [("cloud-computing", "cloud")]),
        ("postgresql and elasticache in lower case", [("postgresql", "postgresql"), ("amazon-elasticache", "elasticache")]),
        # a multi-word name needs its spaces: glued words are separate cells or an identifier
        ("call invertedIndex.lookup()", []),
        ("Amazon DynamoDBHigh scale", [("amazon-dynamodb", "Amazon DynamoDB")]),
    ],
)
def test_glued_cells_are_split_but_camel_case_names_stay_whole(fixture_nlp, text, expected):
    assert found(fixture_nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Read https://example.com/kafka/redis-guide for details.",
        "Mail kafka-team@redis.example.org today.",
        "Edit docker/kafka/config.yaml and redis.conf first.",
        "See [the guide](https://kafka.example.com) later.",
        "```python\nimport redis\nkafka = connect()\n```\n",
    ],
)
def test_urls_emails_paths_and_code_are_not_mined(fixture_nlp, text):
    assert found(fixture_nlp, text) == []


def test_link_text_is_still_prose(fixture_nlp):
    assert found(fixture_nlp, "See [Kafka](https://example.com) docs.") == [("apache-kafka", "Kafka")]


def test_inner_entity_kept_only_when_the_outer_one_relates_to_it(fixture_nlp):
    assert found(fixture_nlp, "Move cold objects to S3 Intelligent-Tiering.") == [
        ("s3-intelligent-tiering", "S3 Intelligent-Tiering"),
        ("amazon-s3", "S3"),
    ]
    # "Amazon DynamoDB" holds no separately meaningful inner name
    assert found(fixture_nlp, "Amazon DynamoDB scales.") == [("amazon-dynamodb", "Amazon DynamoDB")]


def test_every_mention_records_its_alias_and_rule(fixture_nlp):
    text = "Lambda runs serverless functions on k8s-free kafka."
    document = _document(text)
    rules = {
        m.surface: (m.matched_alias, m.match_rule)
        for m in extract_mentions(fixture_nlp, [document], items_of(document))
    }
    assert rules == {"Lambda": ("Lambda", "exact_case+context"), "kafka": ("Kafka", "any_case")}


def test_name_wrapped_over_two_lines_is_one_mention_at_its_original_offsets(fixture_nlp):
    text = "Search engines keep an inverted\n    index per shard.\n"
    document = _document(text)
    [mention] = extract_mentions(fixture_nlp, [document], items_of(document))
    assert mention.entity_id == "inverted-index"
    assert mention.surface == "inverted\n    index"
    assert text[mention.start_char : mention.end_char] == mention.surface


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Object storageS3Unstructured data", [("amazon-s3", "S3")]),
        ("Deploy to AWSS3 today", [("aws", "AWS"), ("amazon-s3", "S3")]),
        ("Kafka→Redis migration", [("apache-kafka", "Kafka"), ("redis", "Redis")]),
        ("SHOW PROCESSLIST", []),
    ],
)
def test_glued_acronyms_digits_and_arrows(fixture_nlp, text, expected):
    assert found(fixture_nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a brand ending in a short exact-case name is one word: no Go in ByteByteGo, no S3 in MyS3
        ("ByteByteGo explains goroutines in Go.", [("go-language", "Go")]),
        ("MyS3 backups on AWS", [("aws", "AWS")]),
        # ... while glued cells after a known name still hold it
        ("ElastiCacheS3 on AWS", [("amazon-elasticache", "ElastiCache"), ("amazon-s3", "S3"), ("aws", "AWS")]),
        ("RedisGo golang services", [("redis", "Redis"), ("go-language", "Go"), ("go-language", "golang")]),
        ("Object storageS3Unstructured data", [("amazon-s3", "S3")]),
        ("Deploy to AWSS3 today", [("aws", "AWS"), ("amazon-s3", "S3")]),
    ],
)
def test_short_names_inside_camel_case_brands_do_not_count(fixture_nlp, text, expected):
    assert found(fixture_nlp, text) == expected


def test_generic_forms_do_not_count_on_their_own(fixture_nlp):
    # "database" is too generic to mark; the entity stays reachable through its specific forms
    assert found(fixture_nlp, "Every database needs a DBMS.") == [("database", "DBMS")]
