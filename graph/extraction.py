"""Items -> entity mentions and entity candidates: runs the spaCy pipeline once over each item's
span of its document, turns ontology matches into `Mention`s whose offsets index `Document.text`,
and ranks the candidate terms the ontology lacks."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language

from pydantic import BaseModel

from graph.candidates import CANDIDATES_ATTR, CandidateOccurrence, EntityCandidate, rank_candidates
from graph.models import Mention
from graph.nlp import MATCHES_ATTR, OntologyMatch
from sources.items import stable_id
from sources.models import Document, Item


class Extraction(BaseModel):
    mentions: list[Mention]
    candidates: list[EntityCandidate]


def extract(nlp: Language, documents: Iterable[Document], items: Iterable[Item], batch_size: int = 64) -> Extraction:
    texts = {document.doc_id: document.text for document in documents}
    work = [(texts[item.doc_id][item.start_char : item.end_char], item) for item in items]
    mentions: list[Mention] = []
    occurrences: list[tuple[str, CandidateOccurrence]] = []
    for doc, item in nlp.pipe(work, as_tuples=True, batch_size=batch_size):
        text = texts[item.doc_id]
        occurrences += [(item.doc_id, occurrence) for occurrence in doc._.get(CANDIDATES_ATTR) or []]
        match: OntologyMatch
        for match in doc._.get(MATCHES_ATTR):
            start, end = item.start_char + match.start_char, item.start_char + match.end_char
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
    return Extraction(mentions=mentions, candidates=rank_candidates(occurrences))


def extract_mentions(nlp: Language, documents: Iterable[Document], items: Iterable[Item]) -> list[Mention]:
    return extract(nlp, documents, items).mentions
