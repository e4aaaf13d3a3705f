"""Mentions -> entity co-occurrence: pairs of entities named in the same items (at least
`MIN_SUPPORT`), weighted by normalised pointwise mutual information (NPMI: 1 = always together,
0 = independent), which does not favour frequent entities. The weight averages item-level NPMI and
sentence-level NPMI (negative counts as 0), so pairs named in one breath weigh more. The sentences
that name both are kept as evidence."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

from pydantic import BaseModel, ConfigDict

from graph.models import Mention

MIN_SUPPORT = 2  # items that name both
MAX_EVIDENCE = 5


class CoOccurrence(BaseModel):
    model_config = ConfigDict(frozen=True)

    entity_a: str  # entity_a < entity_b
    entity_b: str
    n_items: int
    n_sentences: int
    npmi: float  # the weight: mean of item-level and sentence-level NPMI
    items: list[str]
    sentences: list[str]


def _npmi(joint: int, count_a: int, count_b: int, total: int) -> float:
    p_ab = joint / total
    if p_ab >= 1.0:
        return 1.0
    return math.log(p_ab / ((count_a / total) * (count_b / total))) / -math.log(p_ab)


def co_occurrences(mentions: Iterable[Mention], min_support: int = MIN_SUPPORT) -> list[CoOccurrence]:
    item_entities: dict[str, set[str]] = defaultdict(set)
    sentence_entities: dict[tuple[str, str], set[str]] = defaultdict(set)
    for mention in mentions:
        item_entities[mention.item_id].add(mention.entity_id)
        sentence_entities[(mention.item_id, mention.sentence)].add(mention.entity_id)
    n_items = len(item_entities)
    entity_items: dict[str, int] = defaultdict(int)
    pair_items: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item_id in sorted(item_entities):
        entities = sorted(item_entities[item_id])
        for entity in entities:
            entity_items[entity] += 1
        for pair in combinations(entities, 2):
            pair_items[pair].append(item_id)
    pair_sentences: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (_, sentence), entities in sorted(sentence_entities.items()):
        for pair in combinations(sorted(entities), 2):
            if pair in pair_items and sentence not in pair_sentences[pair]:
                pair_sentences[pair].append(sentence)

    n_sentence_units = len(sentence_entities)
    entity_sentences: dict[str, int] = defaultdict(int)
    for entities in sentence_entities.values():
        for entity in entities:
            entity_sentences[entity] += 1

    found = []
    for (a, b), items in sorted(pair_items.items()):
        if len(items) < min_support:
            continue
        by_item = _npmi(len(items), entity_items[a], entity_items[b], n_items)
        if by_item <= 0:
            continue
        sentences = pair_sentences[(a, b)]
        by_sentence = _npmi(len(sentences), entity_sentences[a], entity_sentences[b], n_sentence_units) if sentences else 0.0
        npmi = (by_item + max(by_sentence, 0.0)) / 2
        found.append(
            CoOccurrence(
                entity_a=a,
                entity_b=b,
                n_items=len(items),
                n_sentences=len(sentences),
                npmi=round(npmi, 6),
                items=items[:MAX_EVIDENCE],
                sentences=pair_sentences[(a, b)][:MAX_EVIDENCE],
            )
        )
    return found
