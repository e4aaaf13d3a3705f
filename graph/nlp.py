"""The spaCy pipeline of extraction: a blank English pipeline with rule components only.

`ontology_matcher` is a registered factory whose setting is the ontology folder, so the same
rules build the same `nlp` in tests, in the Dagster asset and in a notebook. It finds ontology
surface forms with two `PhraseMatcher`s (exact case and any case), accepts ambiguous forms only with
context evidence in the same text, and keeps the longest of overlapping matches."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graph.ontology import ONTOLOGY_DIR, Ontology, load_ontology
from graph.surface_forms import SurfaceForm, surface_forms

MATCHES_ATTR = "ontology_matches"
_AWS_CONTEXT = {"aws", "amazon"}

if not Doc.has_extension(MATCHES_ATTR):
    Doc.set_extension(MATCHES_ATTR, default=None)


@dataclass(frozen=True)
class OntologyMatch:
    """A match in a spaCy doc: char offsets into the doc's text."""

    start_char: int
    end_char: int
    entity_id: str
    alias: str
    rule: str
    sentence: str


class OntologyMatcher:
    def __init__(self, nlp: Language, ontology: Ontology) -> None:
        self.ontology = ontology
        self.entities = ontology.by_id()
        self.forms: list[SurfaceForm] = surface_forms(ontology)
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, form in enumerate(self.forms):
            matcher = self.exact if form.case_sensitive else self.any_case
            matcher.add(str(index), [nlp.make_doc(form.text)])
        self._context = {
            entity.id: [re.compile(rf"(?<!\w){re.escape(word.lower())}(?!\w)") for word in entity.context]
            for entity in ontology.entities
            if entity.ambiguous
        }

    def _has_evidence(self, form: SurfaceForm, lowered: str, sure: set[str]) -> bool:
        entity = self.entities[form.entity_id]
        if entity.type == "aws_service":
            if any(self.entities[other].type == "aws_service" for other in sure if other != entity.id):
                return True
            if any(re.search(rf"(?<!\w){word}(?!\w)", lowered) for word in _AWS_CONTEXT):
                return True
        if any(word in sure for word in entity.context):
            return True
        return any(pattern.search(lowered) for pattern in self._context.get(entity.id, ()))

    def __call__(self, doc: Doc) -> Doc:
        spans: list[tuple[Span, SurfaceForm]] = []
        for matcher in (self.exact, self.any_case):
            for match_id, start, end in matcher(doc):
                form = self.forms[int(doc.vocab.strings[match_id])]
                spans.append((Span(doc, start, end, label=form.entity_id), form))
        sure = {form.entity_id for _, form in spans if not form.ambiguous}
        lowered = doc.text.lower()
        accepted = [(span, form) for span, form in spans if not form.ambiguous or self._has_evidence(form, lowered, sure)]
        form_of = {(span.start, span.end, span.label_): form for span, form in accepted}
        kept = filter_spans([span for span, _ in accepted])
        doc._.set(
            MATCHES_ATTR,
            [
                OntologyMatch(
                    start_char=span.start_char,
                    end_char=span.end_char,
                    entity_id=span.label_,
                    alias=form_of[(span.start, span.end, span.label_)].alias,
                    rule=form_of[(span.start, span.end, span.label_)].rule,
                    sentence=span.sent.text.strip(),
                )
                for span in kept
            ],
        )
        return doc


@Language.factory("ontology_matcher", default_config={"ontology_dir": str(ONTOLOGY_DIR)})
def make_ontology_matcher(nlp: Language, name: str, ontology_dir: str) -> OntologyMatcher:
    return OntologyMatcher(nlp, load_ontology(Path(ontology_dir)))


@Language.component("line_breaks_end_sentences")
def line_breaks_end_sentences(doc: Doc) -> Doc:
    """Scraped pages put titles, table rows and list entries on their own lines without end
    punctuation: a line break ends a sentence."""
    for token in doc[:-1]:
        if "\n" in token.text_with_ws:
            doc[token.i + 1].is_sent_start = True
    return doc


def build_nlp(ontology_dir: Path = ONTOLOGY_DIR) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("line_breaks_end_sentences")
    nlp.add_pipe("ontology_matcher", config={"ontology_dir": str(ontology_dir)})
    return nlp
