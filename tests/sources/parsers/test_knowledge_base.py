from __future__ import annotations

import pytest

from sources.parsers import knowledge_base
from sources.text_lines import content_lines, split_lines


@pytest.fixture
def text(fixture_text):
    return fixture_text("knowledge_base.txt")


@pytest.fixture
def drafts(text):
    return knowledge_base.parse(text)


def of_kind(drafts, kind):
    return [d for d in drafts if d.kind == kind]


def test_kinds_found_on_the_page(drafts):
    counts = {}
    for draft in drafts:
        counts[draft.kind] = counts.get(draft.kind, 0) + 1
    assert counts == {
        "section": 10,
        "architecture": 2,
        "ai_ml_guide": 2,
        "glossary_term": 2,
        "well_architected_pillar": 2,
        "service_selection": 2,
        "cost_tip": 2,
        "scenario": 2,
        "code_reading": 2,
        "symptom": 2,
        "troubleshooting": 2,
    }


def test_architecture_card(text, drafts):
    acme, beta = of_kind(drafts, "architecture")
    assert acme.title == "Acme Video"
    assert acme.body == "How Acme Video streams to 50M+ viewers with its own edge caches and per-title encoding."
    assert acme.attributes["scale"] == "50M+ viewers · 300 services"
    assert acme.attributes["level"] == "Advanced"
    assert acme.attributes["tags"] == "Edge Cache Per-title Encoding Chaos Drills"
    assert acme.attributes["metrics"] == [
        {"value": "99.95%", "label": "Availability"},
        {"value": "<3s", "label": "Start Time"},
    ]
    assert acme.attributes["diagram"].splitlines()[0] == "Players ──► Edge PoP"
    assert "Origin Store" in acme.attributes["diagram"]
    span = text[acme.start_char : acme.end_char]
    assert span.startswith("Acme Video") and span.endswith("Origin Store")
    # the next card starts at its own name, not inside the previous card
    assert (beta.title, beta.attributes["level"], beta.attributes["scale"]) == ("Beta Pay", "Intermediate", "Global payments")
    assert beta.attributes["metrics"] == [{"value": "$20B+", "label": "Annual Volume"}]
    assert "diagram" not in beta.attributes
    assert beta.start_char > acme.end_char


def test_architecture_diagram_keeps_its_connector_lines(drafts):
    acme = of_kind(drafts, "architecture")[0]
    # box-drawing lines are diagram, not decoration; indentation keeps the drawing aligned
    assert acme.attributes["diagram"].splitlines() == ["Players ──► Edge PoP", "              │", "         Origin Store"]


def test_ai_ml_guides_have_level_and_topics(drafts):
    assert [
        (d.title, d.attributes["level"], d.attributes["topics"], d.attributes["tags"]) for d in of_kind(drafts, "ai_ml_guide")
    ] == [
        ("ML Foundations", "Beginner", ["Supervised learning", "Overfitting", "Evaluation metrics"],
         "Training vs Inference Cross-validation"),
        ("Language Models", "Advanced", ["Transformers", "Tokenization", "Fine-tuning"], "Attention RAG RLHF"),
    ]


def test_glossary_terms_are_split_from_their_definitions(drafts):
    assert [(d.title, d.body, d.attributes["glossary"]) for d in of_kind(drafts, "glossary_term")] == [
        ("Epoch", "One full pass through the training data", "ML Terminology Quick Reference"),
        ("Learning Rate", "Step size of each gradient update", "ML Terminology Quick Reference"),
    ]


def test_well_architected_pillars_list_practices_and_services(drafts):
    security, reliability = of_kind(drafts, "well_architected_pillar")
    assert security.title == "Security"
    assert security.attributes == {
        "number": 1,
        "practices": ["Least privilege", "Encryption at rest"],
        "services": ["IAM", "KMS", "GuardDuty"],
        "section": "AWS Architecture",  # every card records the part of the page it sits in
    }
    assert reliability.attributes["number"] == 2  # a pillar without an icon line
    assert reliability.attributes["services"] == ["Route53", "ELB", "Auto Scaling"]


def test_service_selection_rows_are_titled_by_use_case(drafts):
    rows = of_kind(drafts, "service_selection")
    assert [(d.title, d.body) for d in rows] == [
        ("Message queue", "SQSDecoupled async processingKinesis"),
        ("Object storage", "S3Unstructured data, backupsEFS"),
    ]
    assert rows[0].attributes["table"] == "AWS Service Selection Guide"
    assert rows[0].attributes["header"] == "Use Case Primary Service When to Use Alternative"
    assert rows[0].attributes["row"] == "Message queueSQSDecoupled async processingKinesis"


def test_cost_tips_have_category_and_savings(drafts):
    assert [(d.title, d.attributes["category"], d.attributes["savings"]) for d in of_kind(drafts, "cost_tip")] == [
        ("Use Spot for batch jobs", "Compute", "60–90% savings"),
        ("S3 Intelligent-Tiering", "Storage", "40–60% savings"),
    ]


def test_scenarios_have_domain_and_features(drafts):
    shop, payments = of_kind(drafts, "scenario")
    assert shop.title == "Online Shop"
    assert shop.attributes["domain"] == "Retail / Marketplace"
    assert shop.attributes["features"] == ["Checkout service", "Flash sales", "Search"]
    assert shop.attributes["services"] == "ECSDynamoDBSQS"
    assert (payments.title, payments.attributes["number"], payments.attributes["domain"]) == ("Card Payments", 2, "Fintech")


def test_code_reading_entries_list_files_and_concepts(drafts):
    assert [(d.title, d.attributes["files"], d.attributes["concepts"]) for d in of_kind(drafts, "code_reading")] == [
        ("Java", ["Main.java", "Server.java"], ["Classes", "Exceptions", "HTTP Servers"]),
        ("Python", ["app.py", "models.py"], ["Comprehensions", "Context Managers"]),
    ]


def test_symptom_rows_and_troubleshooting_guides(drafts):
    symptoms = of_kind(drafts, "symptom")
    assert [d.title for d in symptoms] == ["Pod keeps crashing", "Disk full on server"]
    assert symptoms[0].body == "OOMKilled / limits too lowkubectl describe pod"
    assert symptoms[0].attributes["table"] == "Quick Reference: Common Issues"
    assert [(d.title, d.attributes["topics"]) for d in of_kind(drafts, "troubleshooting")] == [
        ("Docker", ["Build failures", "Layer caching", "Registry auth"]),
        ("Git", ["Merge conflicts", "Lost commits"]),
    ]


def test_unclaimed_lines_become_sections_of_their_part_of_the_page(drafts):
    sections = of_kind(drafts, "section")
    assert [(d.title, d.attributes["section"]) for d in sections] == [
        ("Mini Knowledge Base", "preamble"),
        ("System Architectures", "System Architectures"),
        ("AI / ML", "AI / ML"),
        ("ML Terminology Quick Reference", "AI / ML"),
        ("AWS Architecture", "AWS Architecture"),
        ("AWS Service Selection Guide", "AWS Architecture"),
        ("Cost Optimization Quick Wins", "AWS Architecture"),
        ("Real-World Scenarios", "Real-World Scenarios"),
        ("Read Code", "Read Code"),
        ("Troubleshooting", "Troubleshooting"),
    ]
    preamble = sections[0]
    assert preamble.body == "Handbook of scaled systems for the curious reader."


def test_card_lines_are_covered_by_items(text, drafts):
    """Every line of every card and every leftover paragraph lies inside some item's span."""
    structural = {line for line in knowledge_base.SECTION_HEADINGS}
    structural |= {"ML Terminology Quick Reference", "AWS Service Selection Guide",
                   "Use Case Primary Service When to Use Alternative", "Quick Reference: Common Issues",
                   "SymptomMost Likely CauseFirst Command"}
    lost = [
        line.text
        for line in content_lines(text)
        if line.text not in structural and not any(d.start_char <= line.start and line.end <= d.end_char for d in drafts)
    ]
    assert lost == []


def test_no_line_of_the_page_is_lost(text, drafts):
    lost = [
        line.text
        for line in content_lines(text)
        if not any(d.start_char <= line.start and line.end <= d.end_char for d in drafts)
    ]
    assert lost == []


def test_matches_needs_three_known_section_headings(text):
    assert knowledge_base.matches(split_lines(text))
    assert not knowledge_base.matches(split_lines("System Architectures\nAI / ML\nSomething else\n"))
