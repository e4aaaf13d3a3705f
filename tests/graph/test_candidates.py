"""Discovery of terms the ontology lacks: what is a candidate, what is not, and the ranking."""

from __future__ import annotations

import pytest

from graph.candidates import (
    CandidateStoplistError,
    DocumentCandidate,
    kind_prior,
    load_stoplist,
    rank_candidates,
)
from graph.extraction import extract
from graph.ontology import load_ontology
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


def test_stock_phrases_headings_and_shouting_are_not_candidates(fixture_nlp):
    text = (
        "In this article we look at consumer lag. For example, the following setup helps. Feel free to "
        "check out the use cases below; let's take a look. Feel free to ask, the use cases are simple.\n"
        "Final Thoughts\n"
        "Why Coordination Is Hard\n"
        "Networking Essentials\n"
        "The Following\n"
        "TODO: NOT done, see the FAQ and the README. Run SHOW SLAVE STATUS and wait 10 MB.\n"
        "Replication lag growing: false categories, true values, false categories.\n"
        "Real-World Scenarios and a deep dive and deep dives.\n"
    )
    terms = {c.term.lower() for c in candidates(fixture_nlp, text, text)}
    stock = {"in this article", "for example", "the following", "feel free", "check out", "use cases",
             "let's take", "final thoughts", "why coordination is hard", "coordination is hard",
             "networking essentials", "following", "todo", "not", "faq", "readme", "show slave status",
             "slave status", "slave", "mb", "false categories", "true values", "world scenarios", "deep dive",
             "deep dives"}
    assert not terms & stock


def test_code_identifiers_are_not_candidates_unless_they_recur_like_names(fixture_nlp):
    terms = {c.term for c in candidates(
        fixture_nlp,
        "Set `maxRetries` and call `getUserById` before the SymptomMost cell. The createdAt field and "
        "the latencyDB cell are glued. Ship it to PagerDuty and to eMarket.",
        "The PagerDuty and eMarket teams ship weekly.",
    )}
    assert not terms & {"maxRetries", "getUserById", "createdAt", "latencyDB", "SymptomMost"}
    assert {"PagerDuty", "eMarket"} <= terms  # a lowercase-first name that recurs across documents stays


def test_a_missing_product_in_two_documents_ranks_above_a_recurring_phrase(fixture_nlp):
    ranked = candidates(
        fixture_nlp,
        "Consumer lag grows when FlowDesk is down. Watch consumer lag. More consumer lag is trouble.",
        "Consumer lag again: FlowDesk alerts on consumer lag.",
    )
    order = [c.term for c in ranked]
    assert order.index("FlowDesk") < order.index("consumer lag")
    by_term = {c.term: c for c in ranked}
    assert (by_term["FlowDesk"].n_docs, by_term["consumer lag"].n_docs) == (2, 2)
    assert by_term["consumer lag"].n_mentions > by_term["FlowDesk"].n_mentions  # the kind comes before mentions
    assert by_term["consumer lag"].kind == "noun_phrase"  # also written "Consumer lag": still a phrase


def test_capitalised_runs_lose_their_stop_words_and_acronym_plurals_join_their_singular(fixture_nlp):
    ranked = candidates(fixture_nlp, "The Order Book Structure The engine uses APIs and one API.")
    by_term = {c.term: c for c in ranked}
    assert by_term["Order Book Structure"].kind == "proper_name"
    assert by_term["API"].n_mentions == 2 and "APIs" not in by_term  # a tie: the first spelling


def _record(doc_id: str, term: str, kind: str, n_mentions: int = 1) -> DocumentCandidate:
    return DocumentCandidate(doc_id=doc_id, term=term, kind=kind, n_mentions=n_mentions, example=f"{term} here.")


def test_ranking_is_documents_then_kind_then_mentions():
    records = [
        _record("a", "load shedding", "noun_phrase", 5), _record("b", "load shedding", "noun_phrase", 5),
        _record("a", "FlowDesk", "camel_case"), _record("b", "FlowDesk", "camel_case"),
        _record("a", "Night Shift", "proper_name", 3), _record("b", "Night Shift", "proper_name", 3),
        _record("a", "retryCount", "camel_case", 9), _record("b", "retryCount", "camel_case", 9),
        _record("a", "SLO", "acronym"), _record("b", "SLO", "acronym"), _record("c", "SLO", "acronym"),
        _record("a", "onceOnly", "camel_case", 4),  # code-like, one document: dropped
        _record("a", "said once", "noun_phrase"),  # a lowercase phrase seen once: dropped
    ]
    ranked = rank_candidates(records)
    assert [c.term for c in ranked] == ["SLO", "FlowDesk", "Night Shift", "load shedding", "retryCount"]
    assert [kind_prior(c.kind, c.term) for c in ranked] == [0, 0, 1, 2, 3]
    assert len(rank_candidates(records, limit=2)) == 2
    assert len(rank_candidates(records, limit=None)) == 5


def test_the_stop_list_is_data_checked_against_the_ontology():
    stoplist = load_stoplist()
    forms = {form.lower() for entity in load_ontology().entities for form in [entity.name, *entity.aliases]}
    acronyms = {acronym for group in stoplist.acronyms.values() for acronym in group}
    assert not {acronym for acronym in acronyms if acronym.lower() in forms}
    assert not set(stoplist.phrases) & forms
    assert {"HTML", "JSON", "SQL"} <= {form.upper() for form in forms}  # real technologies stay names


def test_a_broken_stop_list_names_the_file_and_the_field(tmp_path):
    broken = tmp_path / "stoplist.yaml"
    broken.write_text("edge_words: {verbs: [Feel]}\nclause_words: []\nphrases: [single]\nacronyms: {}\n")
    with pytest.raises(CandidateStoplistError) as error:
        load_stoplist(broken)
    message = str(error.value)
    assert str(broken) in message and "edge_words.verbs.0" in message and "phrases" in message
