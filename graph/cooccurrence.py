"""Mentions -> entity co-occurrence: pairs of entities named in the same items (at least
`MIN_SUPPORT`), weighted by normalised pointwise mutual information (NPMI: 1 = always together,
0 = independent), which does not favour frequent entities. The weight averages item-level NPMI and
sentence-level NPMI (negative counts as 0), so pairs named in one breath weigh more. Each entity
keeps its `MAX_PARTNERS` strongest pairs, which keeps the graph compact on large corpora; the
sentences that name both are kept as evidence. Counting is a sparse matrix product (scipy), not a
loop over pairs. Mentions in a table of contents or a section that is mostly links (item kinds
`NOT_COUNTED`) are left out: names listed side by side there say nothing about each other."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from pydantic import BaseModel, ConfigDict
from scipy import sparse

from graph.models import Mention
from sources.models import Item

MIN_SUPPORT = 2  # items that name both
MAX_PARTNERS = 25  # strongest pairs kept per entity
MAX_EVIDENCE = 5
NOT_COUNTED = frozenset({"table_of_contents", "link_list"})  # item kinds whose mentions are left out


class CoOccurrence(BaseModel):
    model_config = ConfigDict(frozen=True)

    entity_a: str  # entity_a < entity_b
    entity_b: str
    n_items: int
    n_sentences: int
    npmi: float  # the weight: mean of item-level and sentence-level NPMI
    items: list[str]
    sentences: list[str]


def _incidence(units: list[tuple[str, str]], entities: dict[str, int]) -> tuple[sparse.csc_matrix, list[tuple[str, str]]]:
    """Binary matrix units x entities from (unit key, entity id) pairs; returns it and the unit keys."""
    keys = sorted({unit for unit, _ in units})
    rows = {key: i for i, key in enumerate(keys)}
    pairs = sorted({(rows[unit], entities[entity]) for unit, entity in units})
    data = np.ones(len(pairs), dtype=np.float64)
    row, col = (np.array(x, dtype=np.int64) for x in zip(*pairs)) if pairs else (np.array([], int), np.array([], int))
    return sparse.csc_matrix((data, (row, col)), shape=(len(keys), len(entities))), keys


def _npmi(joint: np.ndarray, count_a: np.ndarray, count_b: np.ndarray, total: int) -> np.ndarray:
    p_ab = joint / total
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.log(p_ab / ((count_a / total) * (count_b / total))) / -np.log(p_ab)
    return np.where(p_ab >= 1.0, 1.0, np.where(joint > 0, value, -1.0))


def co_occurrences(
    mentions: Iterable[Mention], min_support: int = MIN_SUPPORT, items: Iterable[Item] | None = None
) -> list[CoOccurrence]:
    """`items`: the items of the mentions, to leave out the kinds in `NOT_COUNTED` (all mentions
    count when it is not given)."""
    if items is not None:
        left_out = {item.item_id for item in items if item.kind in NOT_COUNTED}
        mentions = [m for m in mentions if m.item_id not in left_out]
    mentions = list(mentions)
    if not mentions:
        return []
    entity_ids = sorted({m.entity_id for m in mentions})
    entities = {entity: i for i, entity in enumerate(entity_ids)}
    by_item, item_keys = _incidence([(m.item_id, m.entity_id) for m in mentions], entities)
    by_sentence, sentence_keys = _incidence([((m.item_id, m.sentence), m.entity_id) for m in mentions], entities)

    together = sparse.triu(by_item.T @ by_item, k=1).tocoo()
    keep = together.data >= min_support
    a, b, joint = together.row[keep], together.col[keep], together.data[keep]
    item_counts = np.asarray(by_item.sum(axis=0)).ravel()
    sentence_counts = np.asarray(by_sentence.sum(axis=0)).ravel()
    in_sentences = (by_sentence.T @ by_sentence).tocsr()
    joint_sentences = np.asarray(in_sentences[a, b]).ravel() if len(a) else np.array([])
    by_items_npmi = _npmi(joint, item_counts[a], item_counts[b], len(item_keys))
    by_sentence_npmi = _npmi(joint_sentences, sentence_counts[a], sentence_counts[b], len(sentence_keys))
    weight = (by_items_npmi + np.maximum(by_sentence_npmi, 0.0)) / 2
    positive = by_items_npmi > 0
    a, b, joint, joint_sentences, weight = a[positive], b[positive], joint[positive], joint_sentences[positive], weight[positive]

    # each entity's strongest partners (a pair stays when it is among the best of either entity)
    kept = np.zeros(len(a), dtype=bool)
    for side in (a, b):
        order = np.lexsort((-weight, side))  # by entity, then strongest first
        rank_in_group = np.arange(len(order)) - np.searchsorted(side[order], side[order], side="left")
        kept[order[rank_in_group < MAX_PARTNERS]] = True

    item_postings = by_item.T.tocsr()
    sentence_postings = by_sentence.T.tocsr()

    def common(matrix: sparse.csr_matrix, x: int, y: int) -> np.ndarray:
        return np.intersect1d(matrix.indices[matrix.indptr[x]:matrix.indptr[x + 1]],
                              matrix.indices[matrix.indptr[y]:matrix.indptr[y + 1]], assume_unique=True)

    found = []
    for index in np.flatnonzero(kept):
        x, y = int(a[index]), int(b[index])
        sentences = [sentence_keys[i][1] for i in common(sentence_postings, x, y)]
        found.append(
            CoOccurrence(
                entity_a=entity_ids[x],
                entity_b=entity_ids[y],
                n_items=int(joint[index]),
                n_sentences=int(joint_sentences[index]),
                npmi=round(float(weight[index]), 6),
                items=[item_keys[i] for i in common(item_postings, x, y)[:MAX_EVIDENCE]],
                sentences=list(dict.fromkeys(sentences))[:MAX_EVIDENCE],
            )
        )
    return sorted(found, key=lambda pair: (pair.entity_a, pair.entity_b))
