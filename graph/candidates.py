"""Discovery of what the ontology lacks: terms that look like named things (CamelCase words,
acronyms, capitalised multi-word names) or recurring noun phrases, found where no ontology entity
matched. They are ranked for a curator; they are not entities and never enter the graph.

`candidate_finder` is a spaCy component that runs after `ontology_matcher` and records the
candidate occurrences of each text; `rank_candidates` aggregates them over the corpus.

What is not a candidate (the word lists are data: `candidate_stoplist.yaml`):
- anything inside inline code (`createdAt`), besides what `graph.prose` says is not prose;
- a lowercase phrase with a stop word anywhere, or an edge word (a generic verb, a vague
  adjective, a word about the text, a code literal) at either end: "feel free", "use cases";
- a capitalised run that reads as a heading or a sentence: once the stop words at its ends are
  dropped ("Order Book Structure The" -> "Order Book Structure"), fewer than two words left ("The
  Following"), an edge word at either end ("Networking Essentials"), a clause word (auxiliary,
  pronoun, question word) inside ("Why Coordination Is Hard"), a listed acronym in it ("SHOW
  SLAVE STATUS"), or glued to a hyphen or slash ("Real-World Scenarios");
- an acronym that is a stop word in capitals ("NOT") or a listed acronym ("TODO", "KB", "SELECT");
- a CamelCase word whose last part is a stop word: two glued words ("SymptomMost");
- a listed stock phrase, in any case and with a plural last word ("Final Thoughts", "deep dives");
- over the corpus (`kept_over_corpus`): a lowercase phrase seen once, and a code-like camelCase
  word (lowercase first letter: `maxRetries`, `latencyDB`) seen in fewer than
  `MIN_IDENTIFIER_DOCS` documents.

Ranking: documents first, then the kind's prior (`kind_prior`), then mentions."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from graph.doc_cache import doc_non_prose, doc_text
from graph.prose import inside_non_prose
from graph.sentences import sentence_at
from graph.yaml_data import parse_yaml_model

CANDIDATES_ATTR = "entity_candidates"
if not Doc.has_extension(CANDIDATES_ATTR):
    Doc.set_extension(CANDIDATES_ATTR, default=None)

_CAMEL = re.compile(r"\b[A-Za-z]*[a-z][A-Z][A-Za-z0-9]*\b|\b[A-Z][a-z]+[A-Z]{2,}[a-z]*\b")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?\b")
_PROPER = re.compile(r"\b(?:[A-Z][a-z0-9]+|[A-Z]{2,})(?:[ ](?:[A-Z][a-z0-9]+|[A-Z]{2,})){1,3}\b")
_CAMEL_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_COMPOUND = {"-", "/"}  # a capitalised run glued to one of these is part of a compound word
_PLURAL_ACRONYM = re.compile(r"[A-Z][A-Z0-9]*[A-Z0-9]s")
_STOP = {word.lower() for word in STOP_WORDS}
MIN_NOUN_PHRASE_MENTIONS = 2  # a lowercase phrase must recur before it is worth a curator's look
MIN_IDENTIFIER_DOCS = 2  # a code-like camelCase word must recur across documents, like a product name
STOPLIST_PATH = Path(__file__).with_name("candidate_stoplist.yaml")

_Word = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z'-]*$")]
_Phrase = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z'-]*(?: [a-z][a-z'-]*)+$")]
_Acronym = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]+$")]


class CandidateStoplistError(ValueError):
    """The stop list file is not valid: the message names the file and the field."""


class CandidateStoplist(BaseModel):
    """`candidate_stoplist.yaml`: the words, phrases and acronyms that never make a candidate."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    edge_words: dict[str, list[_Word]]  # group -> words a term never starts or ends with
    clause_words: list[_Word]  # words that make a capitalised run a sentence, wherever they stand
    phrases: list[_Phrase]  # stock phrases
    acronyms: dict[str, list[_Acronym]]  # group -> all-caps words that are not names


@cache
def load_stoplist(path: Path = STOPLIST_PATH) -> CandidateStoplist:
    """The stop list, read and validated once per process."""
    return parse_yaml_model(path.read_text(encoding="utf-8"), str(path), CandidateStoplist,
                            CandidateStoplistError, key="", entries="")


def _singular(phrase: str) -> str:
    """The phrase with a plural last word made singular, naively ("deep dives" -> "deep dive")."""
    return phrase[:-1] if phrase.endswith("s") and not phrase.endswith("ss") else phrase


def is_code_like(term: str) -> bool:
    """A camelCase word with a lowercase first letter reads as code (`createdAt`, `getUserById`)
    or as glued table cells (`latencyDB`) unless it recurs like a name (iPhone, eBay, gRPC)."""
    return term[:1].islower()


def kind_prior(kind: str, term: str) -> int:
    """Ties on documents: a CamelCase word or an acronym (0) is a deliberate name, a capitalised
    run (1) may be a heading, then lowercase phrases (2), then code-like camelCase words (3)."""
    if kind == "camel_case":
        return 3 if is_code_like(term) else 0
    return {"acronym": 0, "proper_name": 1, "noun_phrase": 2}.get(kind, 2)


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


# Words glued by a slash ("push/pull") are alternatives, not a phrase's first or last word.
_BIGRAM = re.compile(r"(?<![\w'’/-])(?=([a-z][a-z]+(?:-[a-z]+)* [a-z][a-z]+(?:-[a-z]+)*)(?![\w/-]))")
_TRIGRAM = re.compile(
    r"(?<![\w'’/-])(?=([a-z][a-z]+(?:-[a-z]+)* [a-z][a-z]+(?:-[a-z]+)* [a-z][a-z]+(?:-[a-z]+)*)(?![\w/-]))"
)


def _noun_phrases(text: str) -> Iterable[tuple[str, int, int]]:
    """Lowercase two- and three-word phrases of adjacent words, none of them a stop word."""
    for pattern in (_BIGRAM, _TRIGRAM):
        for match in pattern.finditer(text):
            phrase = match.group(1)
            if not any(word in _STOP for word in phrase.split(" ")):
                yield phrase, match.start(1), match.end(1)


class CandidateRules:
    """The word rules of the module docstring, over the stop list."""

    def __init__(self, stoplist: CandidateStoplist) -> None:
        self.edge = _STOP | {word for words in stoplist.edge_words.values() for word in words}
        self.clause = set(stoplist.clause_words)
        self.phrases = set(stoplist.phrases)
        self.acronyms = {acronym for acronyms in stoplist.acronyms.values() for acronym in acronyms}

    def stock_phrase(self, term: str) -> bool:
        lowered = term.lower()
        return lowered in self.phrases or _singular(lowered) in self.phrases

    def listed_acronym(self, word: str) -> bool:
        upper = word.upper()
        return upper in self.acronyms or (word.endswith("s") and upper[:-1] in self.acronyms)

    def noun_phrase(self, phrase: str) -> bool:
        words = phrase.split(" ")
        return words[0] not in self.edge and words[-1] not in self.edge

    def acronym(self, term: str) -> bool:
        bare = term[:-1] if term.endswith("s") else term
        return bare.lower() not in _STOP and not self.listed_acronym(term)

    def camel_case(self, term: str) -> bool:
        last = _CAMEL_PART.findall(term)[-1].lower()
        return not (len(last) > 2 and last in _STOP)

    def proper_name(self, text: str, start: int, end: int) -> tuple[int, int] | bool:
        """The span of the capitalised run text[start:end] without the stop words at its ends;
        False when fewer than two words are left (a word left may still be an acronym); True when
        the run is no name and none of its words is a candidate either: part of a hyphenated or
        slashed compound ("Real-World Scenarios"), a sentence or a statement (a clause word or a
        listed acronym inside), a heading that starts or ends with an edge word ("Use Case
        Primary Service", "Networking Essentials") or a stock phrase."""
        if text[start - 1 : start] in _COMPOUND or text[end : end + 1] in _COMPOUND:
            return True
        words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
        spelled = [text[lo:hi] for lo, hi in words]
        if any(word.lower() in self.clause for word in spelled[1:-1]):
            return True
        if any(word.isupper() and self.listed_acronym(word) for word in spelled):
            return True
        while words and text[words[0][0] : words[0][1]].lower() in _STOP:
            words.pop(0)
        while words and text[words[-1][0] : words[-1][1]].lower() in _STOP:
            words.pop()
        if len(words) < 2:
            return False
        span = (words[0][0], words[-1][1])
        first, last = text[words[0][0] : words[0][1]].lower(), text[words[-1][0] : words[-1][1]].lower()
        return True if first in self.edge or last in self.edge or self.stock_phrase(text[span[0] : span[1]]) else span


class CandidateFinder:
    def __init__(self, nlp: Language) -> None:
        matcher = nlp.get_pipe("ontology_matcher")
        self.known = {form.text.lower() for form in matcher.forms}
        self.rules = CandidateRules(load_stoplist())

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        rules = self.rules
        taken = bytearray(len(text))  # characters already claimed by a match, inline code or a candidate
        for match in doc._.get("ontology_matches") or []:
            taken[match.start_char : match.end_char] = b"\x01" * (match.end_char - match.start_char)
        for code in _INLINE_CODE.finditer(text):
            taken[code.start() : code.end()] = b"\x01" * (code.end() - code.start())
        masked = doc_non_prose(doc)
        found: list[CandidateOccurrence] = []

        def claim(start: int, end: int) -> None:
            taken[start:end] = b"\x01" * (end - start)

        def add(term: str, kind: str, start: int, end: int) -> None:
            if term.lower() in self.known or inside_non_prose(start, end, masked) or (start, end) in masked:
                return
            if any(taken[start:end]):
                return
            sentence = sentence_at(doc, text, start)
            found.append(CandidateOccurrence(term, kind, start, end, sentence))
            claim(start, end)

        for match in _CAMEL.finditer(text):
            if rules.camel_case(match.group()):
                add(match.group(), "camel_case", match.start(), match.end())
        for match in _PROPER.finditer(text):
            span = rules.proper_name(text, match.start(), match.end())
            if span is True:
                claim(match.start(), match.end())
            elif span:
                add(text[span[0] : span[1]], "proper_name", *span)
        for match in _ACRONYM.finditer(text):
            if rules.acronym(match.group()):
                add(match.group(), "acronym", match.start(), match.end())
        for phrase, start, end in _noun_phrases(text):
            if rules.stock_phrase(phrase):  # its words are no part of another phrase either
                if not any(taken[start:end]):
                    claim(start, end)
            elif rules.noun_phrase(phrase):
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
    term: str  # `term_key` groups spellings; this is the document's most frequent one
    kind: str
    n_mentions: int
    example: str


def term_key(term: str) -> str:
    """What groups a term's spellings: its lowercase form, an acronym's plural with its singular
    ("APIs" with "API"). The `unresolved_candidates` warehouse check groups terms the same way."""
    return term[:-1].lower() if _PLURAL_ACRONYM.fullmatch(term) else term.lower()


def _kind_and_spelling(spellings: Iterable[tuple[str, str, int]]) -> tuple[str, str]:
    """(term, kind, mentions) of one term's spellings -> its kind and spelling. A term written as a
    lowercase phrase anywhere is a common phrase, whatever its capitalised spellings; otherwise the
    kind with most mentions wins. The spelling is the most frequent one of that kind."""
    spellings = list(spellings)
    kinds: dict[str, int] = defaultdict(int)
    for _, kind, n in spellings:
        kinds[kind] += n
    kind = "noun_phrase" if "noun_phrase" in kinds else max(sorted(kinds), key=lambda k: kinds[k])
    counts: dict[str, int] = defaultdict(int)
    for term, spelled_kind, n in spellings:
        if spelled_kind == kind:
            counts[term] += n
    return kind, max(sorted(counts), key=lambda term: counts[term])


def document_candidates(occurrences: Iterable[tuple[str, CandidateOccurrence]]) -> list[DocumentCandidate]:
    """(doc_id, occurrence) pairs -> one record per document and term (grouped by `term_key`)."""
    grouped: dict[tuple[str, str], list[CandidateOccurrence]] = defaultdict(list)
    for doc_id, occurrence in occurrences:
        grouped[(doc_id, term_key(occurrence.term))].append(occurrence)
    records = []
    for (doc_id, _), group in sorted(grouped.items()):
        kind, term = _kind_and_spelling((o.term, o.kind, 1) for o in group)
        example = next(o.sentence for o in group if o.term == term)
        records.append(DocumentCandidate(doc_id=doc_id, term=term, kind=kind, n_mentions=len(group), example=example))
    return records


def kept_over_corpus(kind: str, spellings: Iterable[str], n_docs: int, n_mentions: int) -> bool:
    """The corpus-level rules (mirrored in SQL by the `unresolved_candidates` warehouse check): a
    lowercase phrase must recur, a code-like camelCase word must recur across documents."""
    if kind == "noun_phrase" and n_mentions < MIN_NOUN_PHRASE_MENTIONS:
        return False
    return not (kind == "camel_case" and all(is_code_like(s) for s in spellings) and n_docs < MIN_IDENTIFIER_DOCS)


def rank_candidates(per_document: Iterable[DocumentCandidate], limit: int | None = 500) -> list[EntityCandidate]:
    """Per-document candidates -> candidates ranked by documents, then the kind's prior
    (`kind_prior`), then mentions; a term's spellings are grouped case-insensitively under its most
    frequent one (among the spellings of its kind). `limit=None` keeps every term."""
    by_term: dict[str, list[DocumentCandidate]] = defaultdict(list)
    for record in sorted(per_document, key=lambda r: (r.doc_id, r.term)):
        by_term[term_key(record.term)].append(record)
    ranked = []
    for group in by_term.values():
        n_docs = len({record.doc_id for record in group})
        n_mentions = sum(record.n_mentions for record in group)
        kind, term = _kind_and_spelling((r.term, r.kind, r.n_mentions) for r in group)
        if not kept_over_corpus(kind, [record.term for record in group], n_docs, n_mentions):
            continue
        example = next(record.example for record in group if record.term == term)
        ranked.append((n_docs, kind_prior(kind, term), n_mentions, term, kind, example))
    ranked.sort(key=lambda row: (-row[0], row[1], -row[2], row[3].lower(), row[3]))
    return [
        EntityCandidate(term=term, kind=kind, n_docs=n_docs, n_mentions=n_mentions, example=example, rank=rank)
        for rank, (n_docs, _, n_mentions, term, kind, example) in enumerate(ranked[:limit], start=1)
    ]
