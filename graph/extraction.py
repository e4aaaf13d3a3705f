"""Items -> entity mentions and entity candidates: runs the spaCy pipeline once over each item's
span of its document, turns ontology matches into `Mention`s whose offsets index `Document.text`,
and ranks the candidate terms the ontology lacks."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel
from spacy.language import Language

from graph.candidates import CANDIDATES_ATTR, CandidateOccurrence, DocumentCandidate, document_candidates
from graph.line_wraps import unwrap
from graph.models import Mention
from graph.nlp import MATCHES_ATTR, OntologyMatch
from sources.items import stable_id
from sources.models import Document, Item


# Bump when a matching rule changes: stored documents are then re-extracted on the next refresh.
EXTRACTOR_VERSION = "3"


class Extraction(BaseModel):
    mentions: list[Mention]
    candidates: list[DocumentCandidate]


def extract(nlp: Language, documents: Iterable[Document], items: Iterable[Item], batch_size: int = 64) -> Extraction:
    texts = {document.doc_id: document.text for document in documents}
    work = []
    for item in items:
        prepared, wraps = unwrap(texts[item.doc_id][item.start_char : item.end_char])
        work.append((prepared, (item, wraps)))
    mentions: list[Mention] = []
    occurrences: list[tuple[str, CandidateOccurrence]] = []
    for doc, (item, wraps) in nlp.pipe(work, as_tuples=True, batch_size=batch_size):
        text = texts[item.doc_id]
        occurrences += [(item.doc_id, occurrence) for occurrence in doc._.get(CANDIDATES_ATTR) or []]
        match: OntologyMatch
        for match in doc._.get(MATCHES_ATTR):
            start, end = match.start_char, match.end_char
            if wraps is not None:
                start, end = wraps.original(start), wraps.original(end - 1) + 1
            start, end = item.start_char + start, item.start_char + end
            mentions.append(
                Mention(
                    mention_id=stable_id("mention", item.item_id, str(start), str(end), match.entity_id),
                    entity_id=match.entity_id,
                    item_id=item.item_id,
                    doc_id=item.doc_id,
                    start_char=start,
                    end_char=end,
                    surface=text[start:end],
                    sentence=match.sentence,
                    matched_alias=match.alias,
                    match_rule=match.rule,
                )
            )
    return Extraction(mentions=mentions, candidates=document_candidates(occurrences))


def extract_mentions(nlp: Language, documents: Iterable[Document], items: Iterable[Item]) -> list[Mention]:
    return extract(nlp, documents, items).mentions
