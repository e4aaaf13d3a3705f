"""Items -> entity mentions and entity candidates: runs the spaCy pipeline once over each item's
span of its document, turns ontology matches into `Mention`s whose offsets index `Document.text`,
and ranks the candidate terms the ontology lacks."""

from __future__ import annotations

import multiprocessing
import os
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
EXTRACTOR_VERSION = "4"
# Below this many characters one process is faster than starting workers and sending results back.
PARALLEL_MIN_CHARS = 2_000_000


class Extraction(BaseModel):
    mentions: list[Mention]
    candidates: list[DocumentCandidate]


def extract(
    nlp: Language, documents: Iterable[Document], items: Iterable[Item], batch_size: int = 64, processes: int | None = None
) -> Extraction:
    """Mentions and candidate terms of `items`. With `processes` > 1 (default: one per core) and a
    large enough corpus, documents are split into that many contiguous shares, each extracted by
    a forked worker that inherits `nlp`; the result is the same as in one process."""
    documents, items = list(documents), list(items)
    processes = processes or os.cpu_count() or 1
    if processes > 1 and sum(d.n_chars for d in documents) >= PARALLEL_MIN_CHARS and len(documents) >= processes:
        return _extract_in_workers(nlp, documents, items, batch_size, processes)
    return _extract(nlp, documents, items, batch_size)


# Set before forking: workers inherit the pipeline and their shares instead of receiving them pickled.
_FORKED: tuple[Language, list[tuple[list[Document], list[Item]]], int] | None = None


def _worker(share: int) -> Extraction:
    assert _FORKED is not None
    nlp, shares, batch_size = _FORKED
    return _extract(nlp, *shares[share], batch_size)


def _extract_in_workers(
    nlp: Language, documents: list[Document], items: list[Item], batch_size: int, processes: int
) -> Extraction:
    global _FORKED
    by_id = {d.doc_id: d for d in documents}
    items_of: dict[str, list[Item]] = {}
    for item in items:  # documents in the order their items come, so the shares concatenate in order
        items_of.setdefault(item.doc_id, []).append(item)
    total = sum(by_id[doc_id].n_chars for doc_id in items_of)
    shares: list[tuple[list[Document], list[Item]]] = [([], [])]
    size = 0
    for doc_id, doc_items in items_of.items():
        if size >= total * len(shares) / processes and len(shares) < processes:
            shares.append(([], []))
        shares[-1][0].append(by_id[doc_id])
        shares[-1][1].extend(doc_items)
        size += by_id[doc_id].n_chars
    _FORKED = (nlp, shares, batch_size)
    try:
        with multiprocessing.get_context("fork").Pool(len(shares)) as pool:
            parts = pool.map(_worker, range(len(shares)))
    finally:
        _FORKED = None
    return Extraction(
        mentions=[mention for part in parts for mention in part.mentions],
        candidates=sorted((c for part in parts for c in part.candidates), key=lambda c: (c.doc_id, c.term.lower())),
    )


def _extract(nlp: Language, documents: list[Document], items: list[Item], batch_size: int) -> Extraction:
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
