"""The measuring stick itself: gold loading, occurrence expansion (word boundaries, glued text, the
occurrences and nested rules) and the scoring arithmetic, on tiny hand-made gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.evaluation import (
    Counts,
    GoldError,
    Span,
    expand_gold,
    find_occurrences,
    main,
    parse_gold,
    score_document,
    target_failures,
)


def gold(yaml_text: str):
    return parse_gold(yaml_text, "test.yaml")


def surfaces(text: str, yaml_text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.type) for s in expand_gold(gold(yaml_text), text)]


# ---------------------------------------------------------------- occurrences and boundaries


def test_word_boundaries_go_not_inside_google():
    text = "Go is fast. Google uses Go, not GoLang-ish Gopher. We go home."
    assert [text[s:e] for s, e in find_occurrences(text, "Go")] == ["Go", "Go", "Go"]
    # the third is "GoLang" (a case change is a boundary); "Google", "Gopher" and "go" are not found
    starts = [s for s, _ in find_occurrences(text, "Go")]
    assert starts == [0, text.index("Go,"), text.index("GoLang")]


def test_plural_and_lowercase_continuations_are_not_boundaries():
    text = "LLMs and an LLM; Kafkaesque Kafka; Redis2 and Redis"
    assert [text[s:e] for s, e in find_occurrences(text, "LLM")] == ["LLM"]
    assert find_occurrences(text, "LLM")[0][0] == text.index("an LLM") + 3
    assert [s for s, _ in find_occurrences(text, "Kafka")] == [text.index("Kafka;")]
    # a letter/digit change is a boundary (glued "S3Unstructured"), so Redis2 holds Redis
    assert len(find_occurrences(text, "Redis")) == 2


def test_glued_scraped_cells_are_found():
    text = "Simple API / functionsLambdaStateless, event-driven\nECSDynamoDBElastiCacheSQSStripe\nObject storageS3Unstructured\nAuroraKMSWAF"
    for name in ["Lambda", "ECS", "DynamoDB", "ElastiCache", "SQS", "Stripe", "S3", "KMS", "WAF"]:
        assert len(find_occurrences(text, name)) == 1, name


def test_punctuation_and_line_breaks():
    text = "Use Kafka's log (Kafka), [Kafka] and circuit\nbreaker or circuit  breaker."
    assert len(find_occurrences(text, "Kafka")) == 3
    assert [text[s:e] for s, e in find_occurrences(text, "circuit breaker")] == ["circuit\nbreaker", "circuit  breaker"]


def test_case_sensitive():
    assert find_occurrences("spark a debate; Spark jobs", "Spark") == [(16, 21)]


# ---------------------------------------------------------------- gold rules


def test_all_occurrences_by_default():
    text = "Netflix and Netflix's CDN. netflix.com"
    assert surfaces(text, "document: d\nentities:\n  - {text: Netflix, type: company}\n") == [
        ("Netflix", "company"),
        ("Netflix", "company"),
    ]


def test_occurrences_rule_selects_numbers_in_document_order():
    text = "Lambda one, Lambda two, Lambda three"
    spans = expand_gold(gold("document: d\nentities:\n  - {text: Lambda, type: aws_service, occurrences: [1, 3]}\n"), text)
    assert [s.start for s in spans] == [0, text.index("Lambda three")]


def test_missing_occurrence_number_is_an_error():
    with pytest.raises(GoldError, match=r"occurrences \[4\] do not exist"):
        expand_gold(gold("document: d\nentities:\n  - {text: Go, type: technology, occurrences: [4]}\n"), "Go Go")


def test_text_not_found_is_an_error():
    with pytest.raises(GoldError, match="'Kafka'.*not found"):
        expand_gold(gold("document: d\nentities:\n  - {text: Kafka, type: technology}\n"), "no brokers here")


def test_nested_rule_drops_inner_spans_unless_nested():
    text = "Open Connect CDN serves video; a CDN caches. S3 Intelligent-Tiering saves money."
    labels = (
        "document: d\nentities:\n"
        "  - {text: Open Connect CDN, type: technology}\n"
        "  - {text: CDN, type: concept}\n"
        "  - {text: S3 Intelligent-Tiering, type: aws_service}\n"
        "  - {text: S3, type: aws_service, nested: true}\n"
    )
    assert surfaces(text, labels) == [
        ("Open Connect CDN", "technology"),
        ("CDN", "concept"),  # the standalone one only
        ("S3", "aws_service"),  # kept inside the longer span: nested (spans sort by start, then end)
        ("S3 Intelligent-Tiering", "aws_service"),
    ]


def test_nested_entry_can_be_limited_to_one_occurrence():
    text = "Open Connect CDN and a Multi-CDN"
    labels = (
        "document: d\nentities:\n"
        "  - {text: Open Connect CDN, type: technology}\n"
        "  - {text: Multi-CDN, type: concept}\n"
        "  - {text: CDN, type: concept, occurrences: [1], nested: true}\n"
    )
    assert surfaces(text, labels) == [("Open Connect CDN", "technology"), ("CDN", "concept"), ("Multi-CDN", "concept")]


def test_same_span_with_two_types_is_an_error():
    labels = "document: d\nentities:\n  - {text: Redis, type: technology}\n  - {text: Redis, type: concept}\n"
    with pytest.raises(GoldError, match="labelled twice"):
        expand_gold(gold(labels), "Redis")


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("document: d\nentities:\n  - {text: Kafka, type: tech}\n", r"entry #1 \(text 'Kafka'\), field 'type'"),
        ("document: d\nentities:\n  - {text: Go, type: technology}\n  - {txt: Go}\n", r"entry #2, field 'text': Field required"),
        ("document: d\nentities:\n  - {text: Go, type: technology, occurrences: [0]}\n", r"entry #1 \(text 'Go'\), field 'occurrences"),
        ("document: d\nentities:\n  - {text: ' Go', type: technology}\n", "surrounding spaces"),
        ("entities: []\n", "file, field 'document': Field required"),
        ("document: d\nentities: [\n", "not valid YAML"),
    ],
)
def test_malformed_gold_names_file_and_entry(yaml_text, message):
    with pytest.raises(GoldError, match=message) as raised:
        parse_gold(yaml_text, "gold/bad.yaml")
    assert str(raised.value).startswith("gold/bad.yaml: ")


# ---------------------------------------------------------------- scoring arithmetic


def test_per_type_precision_recall_and_type_accuracy():
    gold_spans = [
        Span(0, 5, "technology", "apache-kafka", "Kafka"),
        Span(10, 15, "concept", None, "cache"),
        Span(20, 25, "company", None, "Uber"),
        Span(30, 35, "concept", None, "RAG"),
    ]
    predicted = [
        Span(0, 5, "technology", "apache-kafka"),  # match, same type
        Span(10, 15, "technology", "x"),  # match, wrong type
        Span(30, 36, "concept", "rag"),  # wrong span: a false positive and a miss
        Span(40, 45, "concept", "y"),  # false positive
    ]
    score = score_document("doc", gold_spans, predicted)
    assert (score.overall.precision, score.overall.recall) == (2 / 4, 2 / 4)
    # recall per gold type
    assert score.per_type["technology"].recall == 1.0
    assert score.per_type["concept"].recall == 1 / 2
    assert score.per_type["company"].recall == 0.0
    # precision per predicted type
    assert score.per_type["technology"].precision == 2 / 2
    assert score.per_type["concept"].precision == 0 / 2
    assert score.per_type["company"].predicted == 0 and score.per_type["company"].precision == 1.0
    assert score.type_accuracy == 1 / 2
    assert [s.surface for _, s in score.misses] == ["Uber", "RAG"]
    assert [(s.start, s.end) for _, s in score.false_positives] == [(30, 36), (40, 45)]
    assert score.id_checked == 1 and score.id_agree == 1


def test_duplicate_predictions_on_one_span_count_once():
    score = score_document("d", [Span(0, 3, "concept")], [Span(0, 3, "concept", "a"), Span(0, 3, "concept", "b")])
    assert (score.overall.predicted, score.overall.predicted_matched) == (1, 1)


def test_f1_and_empty_counts():
    counts = Counts(predicted=10, predicted_matched=8, gold=16, gold_matched=8)
    assert counts.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert Counts().precision == 1.0 and Counts().recall == 1.0


def test_targets():
    perfect = score_document("d", [Span(0, 1, t) for t in ["company"]], [Span(0, 1, "company")])
    # types without gold or predictions count as met
    assert target_failures(perfect) == []
    poor = score_document("d", [Span(0, 1, "concept"), Span(2, 3, "concept")], [Span(0, 1, "technology")])
    failures = " | ".join(target_failures(poor))
    assert "overall recall" in failures and "concept recall" in failures and "type accuracy" in failures


# ---------------------------------------------------------------- the CLI on the real pipeline


def test_cli_reports_and_check_exit_code(tmp_path: Path, capsys):
    document = tmp_path / "doc.txt"
    document.write_text("Our xyzzyplatform runs fine.\n", encoding="utf-8")
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "doc.yaml").write_text(
        f"document: {document}\nentities:\n  - {{text: xyzzyplatform, type: technology}}\n", encoding="utf-8"
    )
    assert main([str(gold_dir)]) == 0
    out = capsys.readouterr().out
    assert "MISSES (1)" in out and "'xyzzyplatform' [technology]" in out and "FAIL" in out
    assert main([str(gold_dir), "--check"]) == 1


def test_cli_names_a_malformed_gold_file(tmp_path: Path, capsys):
    (tmp_path / "bad.yaml").write_text("document: x\nentities:\n  - {text: Go}\n", encoding="utf-8")
    assert main([str(tmp_path)]) == 2
    assert "bad.yaml: entry #1 (text 'Go'), field 'type'" in capsys.readouterr().err
