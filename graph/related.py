"""Mentions -> related items: for each item, the items of *other* documents that share its
entities, scored by the rarity of what they share (a shared "Kafka" says more than a shared
"caching"). Computed through an inverted index entity -> items, never over all pairs of items."""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable

from graph.models import Mention, RelatedItem
from sources.models import Item


def entity_rarity(item_entities: dict[str, set[str]]) -> dict[str, float]:
    """Inverse document frequency over items: log(1 + N / df)."""
    counts: dict[str, int] = defaultdict(int)
    for entities in item_entities.values():
        for entity in entities:
            counts[entity] += 1
    total = len(item_entities)
    return {entity: math.log(1 + total / count) for entity, count in counts.items()}


def related_items(items: Iterable[Item], mentions: Iterable[Mention], top_k: int = 10) -> list[RelatedItem]:
    doc_of = {item.item_id: item.doc_id for item in items}
    item_entities: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        item_entities[mention.item_id].add(mention.entity_id)
    rarity = entity_rarity(item_entities)
    index: dict[str, list[str]] = defaultdict(list)
    for item_id in sorted(item_entities):
        for entity in item_entities[item_id]:
            index[entity].append(item_id)

    links: list[RelatedItem] = []
    for item_id in sorted(item_entities):
        scores: dict[str, float] = defaultdict(float)
        for entity in item_entities[item_id]:
            for other in index[entity]:
                if doc_of[other] != doc_of[item_id]:
                    scores[other] += rarity[entity]
        best = heapq.nsmallest(top_k, scores.items(), key=lambda pair: (-pair[1], pair[0]))
        for rank, (other, score) in enumerate(best, start=1):
            shared = sorted(item_entities[item_id] & item_entities[other], key=lambda e: (-rarity[e], e))
            links.append(
                RelatedItem(item_id=item_id, related_item_id=other, rank=rank, score=round(score, 6), shared_entities=shared)
            )
    return links
