"""The spaCy pipeline of extraction: a blank English pipeline with rule components only.

`ontology_matcher` is a registered factory whose setting is the ontology folder, so the same
rules build the same `nlp` in tests, in the Dagster asset and in a notebook. It finds ontology
surface forms with two `PhraseMatcher`s (exact case and any case) and then applies the rules:
- text that is not prose (URLs, e-mail addresses, file names, fenced code) is not mined;
- ambiguous forms count only with context evidence in the same text;
- inside a glued word ("functionsLambdaStateless", split by the tokenizer at case changes) names
  count, but a concept counts only where the word is glued table text, not a CamelCase name
  ("Cloud" in "SoundCloud" is not the concept), and a short exact-case form ("Go", "S3") at the end
  of a CamelCase word only where a known name ends right before it ("CloudFrontS3"), not inside a
  brand ("ByteByteGo");
- of overlapping matches the longest wins, and an inner match survives only when the outer entity
  is part of it (or compatible with it) in the ontology and it stands as separate words ("S3
  Intelligent-Tiering" part_of S3, "SageMaker Pipelines", "Amazon Aurora MySQL"; not "CDN" in
  "Multi-CDN");
- any-case forms match on a normalised form of the words: curly apostrophes and quotes are
  straight ("Brewer’s theorem"), a slash joining two words is a hyphen ("key/value store" is
  "key-value store"), compatibility characters are folded (mathematical bold "𝐂𝐚𝐜𝐡𝐞" is "cache");
- a name glued by a dot or hyphen to a longer token is not that name ("Vert.X" is not X,
  "geo-location services" not Location Service, "JAX-RS" not JAX);
- an AWS service right after another cloud's name is that cloud's product ("Google Network Load
  Balancer", "Azure Load Balancer");
- a one-letter name ("C", "R", "X") needs its context in the same sentence, not just the item;
- an "-ing" form of a thing (the entity's name does not end in "-ing") followed by a determiner is
  a verb ("embedding the server" is not an embedding)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex

import graph.candidates  # noqa: F401  (registers the candidate_finder factory)
from graph.ontology import ONTOLOGY_DIR, Ontology, load_ontology
from graph.doc_cache import doc_non_prose, doc_text
from graph.prose import inside_non_prose
from graph.sentences import sentence_at
from graph.surface_forms import SurfaceForm, surface_forms

MATCHES_ATTR = "ontology_matches"
_NEWLINE = re.compile("\n")
_AWS_CONTEXT = {"aws", "amazon"}
# A name inside a longer name is still a mention of its own when the longer one is part of it
# ("S3 Intelligent-Tiering", "SageMaker Pipelines") or an edition compatible with it ("Amazon Aurora
# MySQL" holds MySQL) and it stands as separate words.
NESTING_RELATIONS = frozenset({"part_of", "compatible_with"})
# Scraped tables glue cells together ("functionsLambdaStateless"): split tokens at case changes
# and letter-digit changes. Ontology patterns go through the same tokenizer, so "DynamoDB" still
# matches as a whole ("Dynamo|DB" in both).
GLUE_INFIXES = (
    r"(?<=[a-z])(?=[A-Z])",
    r"(?<=[A-Z])(?=[A-Z][a-z])",
    r"(?<=[a-z])(?=[0-9])",
    r"(?<=[0-9])(?=[A-Z][a-z])",  # "S3Unstructured", "Route53Domain"
    r"(?<=[%+])(?=[A-Z][a-z])",  # stat cards: "99.9%Uptime", "10M+Orders"
    r"[→←↔⇒➜►]",  # "SOA→Microservices"
)
ACRONYM_RUN = re.compile(r"^[A-Z][A-Z0-9]{3,}$")
# Upper-case runs of the text; every token ACRONYM_RUN matches lies inside one of them (a run the
# tokenizer cuts before a capitalised word, "AWSIAMRole", is followed by a lowercase letter).
_ACRONYM_WORD = re.compile(r"[A-Z][A-Z0-9]{3,}")
# Markdown links: "[Kafka](https://...)" is link text, a bracket and a target, not one token.
LINK_INFIXES = (r"(?<=\S)\](?=\()", r"(?<=\])\((?=\S)")

# Normalised word forms for any-case matching (see `normalise_norms`).
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u00b4": "'",
                         "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-"})
# Characters worth a look: anything not ASCII, and a slash between two word characters.
_NORMALISE = re.compile(r"[^\x00-\x7f]+|(?<=\w)/(?=\w)")
# An AWS service named right after another cloud is that cloud's product.
_OTHER_CLOUD = re.compile(
    r"(?:\bGoogle(?: Cloud)?|\bGCP|\bAzure|\bMicrosoft|\bAlibaba(?: Cloud)?|\bOracle(?: Cloud)?|\bOCI|\bIBM(?: Cloud)?"
    r"|\bDigitalOcean|\bCloudflare|\bLinode|\bHetzner|\bOpenStack)\s+$"
)
_DETERMINER = re.compile(r"\s+(?:the|a|an|this|that|these|those|its|their|our|your|his|her|it|them|each|every)\b")

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
        self.any_case = PhraseMatcher(nlp.vocab, attr="NORM")
        for index, form in enumerate(self.forms):
            pattern = nlp.make_doc(form.text)
            if form.case_sensitive:
                self.exact.add(str(index), [pattern])
            else:
                normalise_norms(pattern)
                self.any_case.add(str(index), [pattern])
        # entities whose name is not an "-ing" word: their "-ing" forms before a determiner are verbs
        self._thing_names = {entity.id for entity in ontology.entities if not entity.name.lower().endswith("ing")}
        # all-caps forms, for splitting glued acronym cells ("AWSIAM", "KMSWAF")
        self._acronyms = {
            form for entity in ontology.entities for form in entity.surface_forms if form.isupper() and len(form) >= 2
        }
        self._nestable = {
            entity.id: {relation.target for relation in entity.relations if relation.type in NESTING_RELATIONS}
            for entity in ontology.entities
        }
        self._context = {
            entity.id: [re.compile(rf"(?<!\w){re.escape(word.lower())}(?!\w)") for word in entity.context]
            for entity in ontology.entities
            if entity.ambiguous
        }

    def _has_evidence(self, form: SurfaceForm, lowered: str, sure: set[str], aws_named: set[str]) -> bool:
        """Context evidence for an ambiguous form in `lowered` (the item's text, or for a one-letter
        form its sentence) and the entities `sure`ly named in the item."""
        entity = self.entities[form.entity_id]
        if len(form.text) == 1:
            return any(pattern.search(lowered) for pattern in self._context.get(entity.id, ()))
        if entity.type == "aws_service":
            if aws_named - {entity.id}:  # another AWS service named nearby, even by an ambiguous name
                return True
            if any(re.search(rf"(?<!\w){word}(?!\w)", lowered) for word in _AWS_CONTEXT):
                return True
        if any(word in sure for word in entity.context):
            return True
        return any(pattern.search(lowered) for pattern in self._context.get(entity.id, ()))

    def _evidence_count(self, entity_id: str, lowered: str, sure: set[str]) -> int:
        """How many of the entity's context words and entities the item shows."""
        entity = self.entities[entity_id]
        return sum(word in sure for word in entity.context) + sum(
            1 for pattern in self._context.get(entity_id, ()) if pattern.search(lowered)
        )

    def _fits_word(self, text: str, start: int, end: int, form: SurfaceForm, name_ends: set[int]) -> bool:
        """A match cutting a word ("Lambda" in "functionsLambdaStateless") is kept for names; for a
        concept only where the word is glued cells (it starts lowercase, or the piece before is an
        acronym, "CDNCloudFront", or a figure, "40msLatency") and the next cell starts with a
        capital. A short exact-case name after a CamelCase piece is kept only where another name
        ends right before it: glued cells ("CloudFrontS3", "ElastiCacheSQS"), not a brand
        ("ByteByteGo"). `name_ends`: the end offsets of every candidate match."""
        left_cut = start > 0 and text[start - 1].isalnum()
        right_cut = end < len(text) and text[end].isalnum()
        if not (left_cut or right_cut):
            return True
        concept = self.entities[form.entity_id].type == "concept"
        if concept and right_cut and not text[end].isupper():
            return False
        if not left_cut or not (concept or form.case_sensitive):
            return True
        run_start = start
        while run_start > 0 and text[run_start - 1].isalnum():
            run_start -= 1
        piece = text[run_start:start]
        if piece[0].islower() or piece[0].isdigit() or piece.isupper():
            return True  # glued cells: "functionsLambda", "storageS3", "AWSIAM", a figure "40msLatency"
        return not concept and start in name_ends

    def _candidates(self, doc: Doc, text: str) -> list[tuple[Span, SurfaceForm]]:
        masked = doc_non_prose(doc)
        found = []
        for matcher in (self.exact, self.any_case):
            for match_id, start, end in matcher(doc):
                form = self.forms[int(doc.vocab.strings[match_id])]
                span = Span(doc, start, end, label=form.entity_id)
                if inside_non_prose(span.start_char, span.end_char, masked):
                    continue
                if len(span.text.split()) != len(form.text.split()):
                    continue  # "Aurora MySQL" is not in the glued "AuroraMySQL": two cells
                if self._joined(text, span.start_char, span.end_char, form) or self._misread(text, span, form):
                    continue
                found.append((span, form))
        name_ends = {span.end_char for span, _ in found}
        return [
            (span, form)
            for span, form in found
            if self._fits_word(text, span.start_char, span.end_char, form, name_ends)
        ]

    def _joined(self, text: str, start: int, end: int, form: SurfaceForm) -> bool:
        """A name glued by a dot or a hyphen to a longer token: "Vert.X", "geo-location services",
        "JAX-RS", "T-SQL". A hyphen after a name and a word stays a mention ("Kafka-based",
        "S3-compatible", "Dynamo-Style"), and so does a concept after a prefix ("Multi-CDN" is left to
        the nesting rules)."""
        if start >= 2 and text[start - 1] in ".-" and text[start - 2].isalnum():
            if text[start - 1] == "." or self.entities[form.entity_id].type != "concept":
                return True
        if end + 1 < len(text) and text[end] in ".-" and text[end + 1].isalnum():
            if text[end] == ".":  # "socket.io", but not a sentence missing its space ("systems.Servers")
                return not text[end + 1].isupper()
            if not form.case_sensitive:
                return False
            stop = end + 1
            while stop < len(text) and text[stop].isalnum():
                stop += 1
            return not any(ch.islower() for ch in text[end + 1 : stop])  # "JAX-RS", "XML-RPC"; not "Dynamo-Style"
        return False

    def _misread(self, text: str, span: Span, form: SurfaceForm) -> bool:
        """Not this entity although the words match: an AWS service named right after another
        cloud ("Google Network Load Balancer"), or the "-ing" form of a thing used as a verb
        ("embedding the Webmachine server")."""
        entity = self.entities[form.entity_id]
        if entity.type == "aws_service" and not form.text.startswith(("AWS", "Amazon")):
            if _OTHER_CLOUD.search(text, max(0, span.start_char - 40), span.start_char):
                return True
        if (len(span) == 1 and form.text.lower().endswith("ing") and entity.id in self._thing_names
                and _DETERMINER.match(text, span.end_char)):
            return True
        return False

    def _nested(self, kept: list[Span], accepted: list[Span], text: str) -> list[Span]:
        """Inner matches the outer entity is part of (see NESTING_RELATIONS); linear: only
        accepted spans starting inside a kept multi-token span are looked at."""
        by_start: dict[int, list[Span]] = defaultdict(list)
        for span in accepted:
            by_start[span.start].append(span)
        inner = [
            span
            for outer in kept
            if len(outer) > 1 and self._nestable[outer.label_]
            for start in range(outer.start, outer.end)
            for span in by_start.get(start, ())
            if span.end <= outer.end and len(span) < len(outer)
            and span.label_ in self._nestable[outer.label_]
            and self._stands_alone(span, text)
        ]
        return longest_first(inner)

    def _stands_alone(self, span: Span, text: str) -> bool:
        """Separate words ("S3 Intelligent-Tiering"), not part of a compound ("Multi-CDN"); a named
        product, not a company's name used as a brand prefix ("Amazon Prime") nor a concept word
        that only modifies the longer term ("cache" in "cache invalidation")."""
        before = text[span.start_char - 1] if span.start_char > 0 else " "
        after = text[span.end_char] if span.end_char < len(text) else " "
        separate = all(ch.isspace() or (not ch.isalnum() and ch not in "-/") for ch in (before, after))
        return separate and self.entities[span.label_].type not in ("company", "concept")

    def _segment(self, run: str) -> list[str] | None:
        """`run` as a sequence of known acronyms (fewest pieces), or None."""
        best: list[list[str] | None] = [[]] + [None] * len(run)
        for end in range(2, len(run) + 1):
            for start in range(max(0, end - 8), end - 1):
                if best[start] is not None and run[start:end] in self._acronyms:
                    option = [*best[start], run[start:end]]
                    if best[end] is None or len(option) < len(best[end]):
                        best[end] = option
        return best[-1] if best[-1] and len(best[-1]) > 1 else None

    def _split_glued_acronyms(self, doc: Doc) -> None:
        """Scraped cells glue acronyms together ("AWSIAM"): split a run that is wholly made of
        known acronyms and is not itself one."""
        text = doc_text(doc)
        if all(m.group() in self._acronyms and not text[m.end() : m.end() + 1].islower()
               for m in _ACRONYM_WORD.finditer(text)):
            return  # every upper-case run is a whole known acronym: no token to split, no need to walk them
        splits = []
        for token in doc:
            if ACRONYM_RUN.match(token.text) and token.text not in self._acronyms:
                pieces = self._segment(token.text)
                if pieces:
                    splits.append((token, pieces))
        if splits:
            with doc.retokenize() as retokenizer:
                for token, pieces in splits:
                    retokenizer.split(token, pieces, heads=[(token, 0)] * len(pieces))

    def __call__(self, doc: Doc) -> Doc:
        self._split_glued_acronyms(doc)
        normalise_norms(doc)
        text = doc_text(doc)
        spans = self._candidates(doc, text)
        sure = {form.entity_id for _, form in spans if not form.ambiguous}
        aws_named = {form.entity_id for _, form in spans if self.entities[form.entity_id].type == "aws_service"}
        lowered = text.lower()
        accepted = [
            (span, form)
            for span, form in spans
            if not form.ambiguous
            or self._has_evidence(
                form, sentence_at(doc, text, span.start_char).lower() if len(form.text) == 1 else lowered, sure, aws_named
            )
        ]
        form_of = {(span.start, span.end, span.label_): form for span, form in accepted}
        # a form two entities share ("partitions": Kafka's or a database's) goes to the one with more evidence
        evidence = {
            (span.start, span.end, span.label_): self._evidence_count(form.entity_id, lowered, sure)
            for span, form in accepted
            if form.ambiguous
        }
        kept = longest_first([span for span, _ in accepted], evidence)
        kept = sorted(kept + self._nested(kept, [span for span, _ in accepted], text), key=lambda span: span.start)
        doc._.set(
            MATCHES_ATTR,
            [
                OntologyMatch(
                    start_char=span.start_char,
                    end_char=span.end_char,
                    entity_id=span.label_,
                    alias=form_of[(span.start, span.end, span.label_)].alias,
                    rule=form_of[(span.start, span.end, span.label_)].rule,
                    sentence=sentence_at(doc, text, span.start_char),
                )
                for span in kept
            ],
        )
        return doc


def normalise_norms(doc: Doc) -> None:
    """Give the words that need it a normalised NORM for any-case matching, in place: curly quotes
    straight, a slash between two words a hyphen, compatibility characters folded (NFKC: fullwidth
    and mathematical letters). Other words keep spaCy's NORM (their lowercase form). Linear: only the
    tokens where the text has a non-ASCII character or such a slash are touched."""
    text = doc_text(doc)
    if text.isascii() and "/" not in text:
        return
    starts = None
    for match in _NORMALISE.finditer(text):
        if starts is None:
            starts = doc.to_array([IDX])
        first = int(np.searchsorted(starts, match.start(), side="right")) - 1
        last = int(np.searchsorted(starts, match.end() - 1, side="right")) - 1
        for index in range(max(first, 0), last + 1):
            token = doc[index]
            if token.text == "/":
                token.norm_ = "-"
            elif not token.text.isascii():
                token.norm_ = unicodedata.normalize("NFKC", token.text).translate(_QUOTES).lower()


def longest_first(spans: list[Span], evidence: dict[tuple[int, int, str], int] | None = None) -> list[Span]:
    """Non-overlapping spans, longest in characters first (tokens would favour CamelCase names the
    tokenizer splits: "Aurora|My|SQL" is not longer than "Amazon Aurora"), then earliest, then (two
    entities on the same words) the one with more context `evidence`."""
    evidence = evidence or {}
    kept: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end_char - s.start_char), s.start_char,
                                             -evidence.get((s.start, s.end, s.label_), 0), s.label_)):
        if not taken.intersection(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


@Language.factory("ontology_matcher", default_config={"ontology_dir": str(ONTOLOGY_DIR)})
def make_ontology_matcher(nlp: Language, name: str, ontology_dir: str) -> OntologyMatcher:
    return OntologyMatcher(nlp, load_ontology(Path(ontology_dir)))


@Language.component("line_breaks_end_sentences")
def line_breaks_end_sentences(doc: Doc) -> Doc:
    """Scraped pages put titles, table rows and list entries on their own lines without end
    punctuation: a line break ends a sentence."""
    text = doc_text(doc)
    if "\n" not in text or len(doc) < 2:
        return doc
    starts = doc.to_array([IDX])  # a newline lies in the text or trailing space of the token starting before it
    for offset in (match.start() for match in _NEWLINE.finditer(text)):
        token = int(np.searchsorted(starts, offset, side="right")) - 1
        if 0 <= token < len(doc) - 1:
            doc[token + 1].is_sent_start = True
    return doc


# spaCy refuses texts over 1,000,000 characters to protect parsers and taggers from memory blow-ups;
# this pipeline holds rule components only, and a single item may be a multi-megabyte line.
MAX_TEXT_CHARS = 100_000_000


def build_nlp(ontology_dir: Path = ONTOLOGY_DIR) -> Language:
    nlp = spacy.blank("en")
    nlp.max_length = MAX_TEXT_CHARS
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, *GLUE_INFIXES, *LINK_INFIXES]).finditer
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("line_breaks_end_sentences")
    nlp.add_pipe("ontology_matcher", config={"ontology_dir": str(ontology_dir)})
    nlp.add_pipe("candidate_finder")
    return nlp
