"""Discovery of terms the ontology lacks: what is a candidate, what is not, and the ranking."""

from __future__ import annotations

from graph.candidates import rank_candidates
from graph.extraction import extract
from sources.items import items_of
from sources.models import Document


def _document(doc_id: str, text: str) -> Document:
    return Document(doc_id=doc_id, source_path=f"{doc_id}.txt", title=doc_id, source_type="text",
                    format="plain", encoding="utf-8", content_sha256="0", n_chars=len(text), text=text)


def candidates(nlp, *texts: str):
    documents = [_document(f"doc-{i}", text) for i, text in enumerate(texts)]
    items = [item for document in documents for item in items_of(document)]
    return rank_candidates(extract(nlp, documents, items).candidates)


def test_named_looking_terms_outside_the_ontology_are_candidates(fixture_nlp):
    found = {c.term: c.kind for c in candidates(
        fixture_nlp,
        "PagerDuty pages the on-call engineer when the WAL grows. Discover Weekly runs on Kafka.",
    )}
    assert found["PagerDuty"] == "camel_case"
    assert found["WAL"] == "acronym"
    assert found["Discover Weekly"] == "proper_name"


def test_known_entities_urls_and_one_off_phrases_are_not(fixture_nlp):
    terms = {c.term for c in candidates(
        fixture_nlp,
        "Kafka and Redis and K8s serve traffic. See https://ExampleCorp.io/GuideBook for consumer lag.",
    )}
    assert not terms & {"Kafka", "Redis", "K8s", "ExampleCorp", "GuideBook"}
    assert "consumer lag" not in terms  # a lowercase phrase must recur


def test_recurring_noun_phrases_are_ranked_by_documents_then_mentions(fixture_nlp):
    ranked = candidates(
        fixture_nlp,
        "Consumer groups share partitions. Tune consumer lag early.",
        "Watch consumer lag closely. More consumer lag means trouble.",
    )
    by_term = {c.term: c for c in ranked}
    assert by_term["consumer lag"].n_docs == 2
    assert by_term["consumer lag"].n_mentions == 3
    assert ranked[0].term == "consumer lag"
    assert [c.rank for c in ranked] == list(range(1, len(ranked) + 1))
    assert "consumer lag" in by_term["consumer lag"].example
