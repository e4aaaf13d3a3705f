"""Property-based tests of extraction: documents of random unicode and random structure (see
tests/fixtures/document_strategies.py), read the way the corpus reader reads them, never crash the
extractor, and every mention is the text it claims, inside its item's span."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from graph.extraction import extract
from graph.ontology import load_ontology
from graph.surface_forms import surface_forms
from sources.corpus import document_from_bytes
from sources.items import items_of
from tests.fixtures.document_strategies import ONTOLOGY_WORDS, any_text, structured_text

# spaCy runs in every example: deadline=None (the first call warms the pipeline up), and a count
# that keeps this file at a few seconds (it was also run with 3,000 examples: no failure).
SPACY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


@pytest.fixture(scope="module")
def forms_of(fixture_ontology_dir) -> dict[str, set[str]]:
    """entity id -> every surface form the matcher looks for, normalised (case, whitespace)."""
    forms: dict[str, set[str]] = {}
    for form in surface_forms(load_ontology(fixture_ontology_dir)):
        forms.setdefault(form.entity_id, set()).add(_normal(form.text))
    return forms


# Ontology words with soft line wraps, glued cells, links, code and paths around them.
ontology_prose = st.lists(
    st.one_of(
        st.sampled_from(ONTOLOGY_WORDS),
        st.sampled_from(
            [
                "write-\nthrough", "write\n    through caching", "Apache\nKafka", "for\nRedis", "KafkaRedis",
                "functionsLambdaStateless", "AWSIAM", "S3Unstructured", "[Kafka](https://kafka.apache.org)",
                "redis.conf", "/etc/kafka/server.properties", "ops@redis.io", "`cache`", "\n```\nKafka\n```\n",
                "SOA→Kubernetes", "Multi-Redis", "cache invalidation", "S3 Intelligent-Tiering", ".", ",", "\n", "\n\n",
                "İ", "ß", "🚀", "\r\n", "\u2028", "  ", "\t",
            ]
        ),
        st.text(max_size=8),
    ),
    max_size=30,
).map(" ".join)


@SPACY
@given(st.one_of(ontology_prose, any_text, structured_text()), st.sampled_from(["doc.txt", "doc.md", "page.html"]))
@example("write-\nthrough and Apache\n   Kafka for\nRedis", "doc.txt")
def test_extraction_never_crashes_and_every_mention_is_its_text_inside_its_item(fixture_nlp, forms_of, text, path):
    document, _ = document_from_bytes(text.encode("utf-8", "surrogatepass"), path)
    if document is None:
        return
    items = items_of(document)
    result = extract(fixture_nlp, [document], items)
    by_id = {item.item_id: item for item in items}
    assert len({mention.mention_id for mention in result.mentions}) == len(result.mentions)
    for mention in result.mentions:
        item = by_id[mention.item_id]
        assert mention.doc_id == document.doc_id
        assert item.start_char <= mention.start_char < mention.end_char <= item.end_char, mention
        assert document.text[mention.start_char : mention.end_char] == mention.surface
        assert _normal(mention.surface) in forms_of[mention.entity_id], mention


def test_a_line_of_a_million_characters_is_extracted_in_full(fixture_nlp):
    document, _ = document_from_bytes(("Kafka and Redis " * 62_500 + "x").encode(), "line.txt")
    items = items_of(document)  # parts of at most MAX_ITEM_CHARS, cut at spaces
    assert items[0].start_char == 0 and items[-1].end_char == 1_000_001
    mentions = extract(fixture_nlp, [document], items).mentions
    assert len(mentions) == 2 * 62_500
