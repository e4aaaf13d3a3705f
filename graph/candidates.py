"""Discovery of what the ontology lacks: terms that look like named things (CamelCase words,
acronyms, capitalised multi-word names) or recurring noun phrases, found where no ontology entity
matched. They are ranked for a curator; they are not entities and never enter the graph.

`candidate_finder` is a spaCy component that runs after `ontology_matcher` and records the
candidate occurrences of each text; `rank_candidates` aggregates them over the corpus."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from graph.doc_cache import doc_non_prose, doc_text
from graph.prose import inside_non_prose
from graph.sentences import sentence_at

CANDIDATES_ATTR = "entity_candidates"
if not Doc.has_extension(CANDIDATES_ATTR):
    Doc.set_extension(CANDIDATES_ATTR, default=None)

_CAMEL = re.compile(r"\b[A-Za-z]*[a-z][A-Z][A-Za-z0-9]*\b|\b[A-Z][a-z]+[A-Z]{2,}[a-z]*\b")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?\b")
_PROPER = re.compile(r"\b(?:[A-Z][a-z0-9]+|[A-Z]{2,})(?:[ ](?:[A-Z][a-z0-9]+|[A-Z]{2,})){1,3}\b")
_WORD = re.compile(r"(?<![\w'’])[A-Za-z][a-z]+(?:-[a-z]+)*")
_STOP = {word.lower() for word in STOP_WORDS} | {"show", "more", "less", "read", "article", "mins", "min"}
MIN_NOUN_PHRASE_MENTIONS = 2  # a lowercase phrase must recur before it is worth a curator's look


@dataclass(frozen=True)
class CandidateOccurrence:
    term: str
    kind: str  # camel_case | acronym | proper_name | noun_phrase
    start_char: int
    end_char: int
    sentence: str


class EntityCandidate(BaseModel):
    """A ranked term for the ontology's curator."""

    model_config = ConfigDict(frozen=True)

    term: str
    kind: str
    n_docs: int
    n_mentions: int
    example: str
    rank: int


_BIGRAM = re.compile(r"(?<![\w'’-])(?=([a-z][a-z]+(?:-[a-z]+)* [a-z][a-z]+(?:-[a-z]+)*)(?![\w-]))")
_TRIGRAM = re.compile(
    r"(?<![\w'’-])(?=([a-z][a-z]+(?:-[a-z]+)* [a-z][a-z]+(?:-[a-z]+)* [a-z][a-z]+(?:-[a-z]+)*)(?![\w-]))"
)


def _noun_phrases(text: str) -> Iterable[tuple[str, int, int]]:
    """Lowercase two- and three-word phrases of adjacent words, none of them a stop word."""
    for pattern in (_BIGRAM, _TRIGRAM):
        for match in pattern.finditer(text):
            phrase = match.group(1)
            if not any(word in _STOP for word in phrase.split(" ")):
                yield phrase, match.start(1), match.end(1)


class CandidateFinder:
    def __init__(self, nlp: Language) -> None:
        matcher = nlp.get_pipe("ontology_matcher")
        self.known = {form.text.lower() for form in matcher.forms}

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        taken = bytearray(len(text))  # characters already claimed by a match or a candidate
        for match in doc._.get("ontology_matches") or []:
            taken[match.start_char : match.end_char] = b"\x01" * (match.end_char - match.start_char)
        masked = doc_non_prose(doc)
        found: list[CandidateOccurrence] = []

        def add(term: str, kind: str, start: int, end: int) -> None:
            if term.lower() in self.known or inside_non_prose(start, end, masked) or (start, end) in masked:
                return
            if any(taken[start:end]):
                return
            sentence = sentence_at(doc, text, start)
            found.append(CandidateOccurrence(term, kind, start, end, sentence))
            taken[start:end] = b"\x01" * (end - start)

        for pattern, kind in ((_CAMEL, "camel_case"), (_PROPER, "proper_name"), (_ACRONYM, "acronym")):
            for match in pattern.finditer(text):
                if kind == "proper_name" and all(w.lower() in _STOP for w in match.group().split()):
                    continue
                add(match.group(), kind, match.start(), match.end())
        for phrase, start, end in _noun_phrases(text):
            add(phrase, "noun_phrase", start, end)
        doc._.set(CANDIDATES_ATTR, found)
        return doc


@Language.factory("candidate_finder")
def make_candidate_finder(nlp: Language, name: str) -> CandidateFinder:
    return CandidateFinder(nlp)


class DocumentCandidate(BaseModel):
    """A candidate term within one document (what incremental refreshes keep per document)."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    term: str  # the lowercased term groups spellings; this is the document's most frequent one
    kind: str
    n_mentions: int
    example: str


def document_candidates(occurrences: Iterable[tuple[str, CandidateOccurrence]]) -> list[DocumentCandidate]:
    """(doc_id, occurrence) pairs -> one record per document and term (case-insensitive)."""
    grouped: dict[tuple[str, str], list[CandidateOccurrence]] = defaultdict(list)
    for doc_id, occurrence in occurrences:
        grouped[(doc_id, occurrence.term.lower())].append(occurrence)
    records = []
    for (doc_id, _), group in sorted(grouped.items()):
        spellings: dict[str, int] = defaultdict(int)
        for occurrence in group:
            spellings[occurrence.term] += 1
        term = max(sorted(spellings), key=lambda spelling: spellings[spelling])
        records.append(DocumentCandidate(doc_id=doc_id, term=term, kind=group[0].kind, n_mentions=len(group),
                                         example=group[0].sentence))
    return records


def rank_candidates(per_document: Iterable[DocumentCandidate], limit: int = 500) -> list[EntityCandidate]:
    """Per-document candidates -> candidates ranked by documents, then mentions; a term's
    spellings are grouped case-insensitively under its most frequent one."""
    by_term: dict[str, list[DocumentCandidate]] = defaultdict(list)
    for record in sorted(per_document, key=lambda r: (r.doc_id, r.term)):
        by_term[record.term.lower()].append(record)
    ranked = []
    for group in by_term.values():
        n_mentions = sum(record.n_mentions for record in group)
        if all(r.kind == "noun_phrase" for r in group) and n_mentions < MIN_NOUN_PHRASE_MENTIONS:
            continue
        spellings: dict[str, int] = defaultdict(int)
        for record in group:
            spellings[record.term] += record.n_mentions
        term = max(sorted(spellings), key=lambda spelling: spellings[spelling])
        ranked.append((len(group), n_mentions, term, group[0].kind, group[0].example))
    ranked.sort(key=lambda row: (-row[0], -row[1], row[2].lower(), row[2]))
    return [
        EntityCandidate(term=term, kind=kind, n_docs=n_docs, n_mentions=n_mentions, example=example, rank=rank)
        for rank, (n_docs, n_mentions, term, kind, example) in enumerate(ranked[:limit], start=1)
    ]
