"""Mentions -> related items: for each item, the items of *other* documents most like it.

Similarity is the cosine of the items' entity vectors weighted by rarity (idf: a shared "Kafka" says
more than a shared "caching"), plus one hop through the ontology: an item naming Redis and an item
naming caching are related through "Redis is_a caching", at `HOP_DISCOUNT` of a shared entity.
Computed through an inverted index entity -> items (and entity -> related entities), never over all
pairs of items; each item keeps its top k with the entities and relation paths that explain it."""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping

from graph.models import Mention, RelatedItem
from sources.models import Item

HOP_DISCOUNT = 0.5
TITLE_WEIGHT = 2.0  # an entity named in the item's title counts twice
# Structural items (a page's opening, a section's leftover lines) are not counterparts to offer.
NOT_LINK_TARGETS = frozenset({"overview", "section"})
# Each entity's postings are read best first and at most this far: an entity named by thousands
# of items weighs little in each, and the cap keeps the work linear in the number of items.
POSTINGS_CAP = 100
HOP_POSTINGS_CAP = 10  # per related entity reached through the ontology
HOP_NEIGHBOURS_CAP = 20  # related entities followed per entity, rarest first


def entity_rarity(item_entities: Mapping[str, set[str]]) -> dict[str, float]:
    """Inverse document frequency over items: ln(N / df)."""
    counts: dict[str, int] = defaultdict(int)
    for entities in item_entities.values():
        for entity in entities:
            counts[entity] += 1
    total = len(item_entities)
    return {entity: math.log(total / count) for entity, count in counts.items()}


def in_title(mention: Mention, item: Item) -> bool:
    """Whether the mention sits in the item's title: its sentence is the title line (titles are
    lines of their own; a bullet or number may precede them)."""
    sentence = mention.sentence.strip()
    return bool(item.title) and item.title in sentence and len(sentence) <= len(item.title) + 4


def related_items(
    items: Iterable[Item],
    mentions: Iterable[Mention],
    ontology_links: Mapping[str, Iterable[tuple[str, str]]] | None = None,
    top_k: int = 10,
) -> list[RelatedItem]:
    """`ontology_links`: entity id -> (other entity id, path text) pairs, both directions (see
    `graph.ontology_links`)."""
    items = list(items)
    by_id = {item.item_id: item for item in items}
    doc_of = {item.item_id: item.doc_id for item in items}
    item_entities: dict[str, set[str]] = defaultdict(set)
    weight: dict[tuple[str, str], float] = {}
    for mention in mentions:
        item_entities[mention.item_id].add(mention.entity_id)
        key = (mention.item_id, mention.entity_id)
        named_in_title = in_title(mention, by_id[mention.item_id])
        weight[key] = max(weight.get(key, 1.0), TITLE_WEIGHT if named_in_title else 1.0)
    rarity = entity_rarity(item_entities)

    def value(item_id: str, entity: str) -> float:
        return weight[(item_id, entity)] * rarity[entity]

    norm = {
        item_id: math.sqrt(sum(value(item_id, e) ** 2 for e in entities)) or 1.0
        for item_id, entities in item_entities.items()
    }
    targets = {item_id for item_id in item_entities if by_id[item_id].kind not in NOT_LINK_TARGETS}
    # postings: entity -> target items, those where the entity weighs most (in cosine terms) first
    index: dict[str, list[str]] = defaultdict(list)
    for item_id in sorted(targets):
        for entity in item_entities[item_id]:
            index[entity].append(item_id)
    for entity, postings in index.items():
        postings.sort(key=lambda other: (-value(other, entity) / norm[other], other))
    links = {
        entity: sorted(pairs, key=lambda pair: (-rarity.get(pair[0], 0.0), pair[0]))[:HOP_NEIGHBOURS_CAP]
        for entity, pairs in (ontology_links or {}).items()
    }

    results: list[RelatedItem] = []
    for item_id in sorted(item_entities):
        dot: dict[str, float] = defaultdict(float)
        shared: dict[str, set[str]] = defaultdict(set)
        paths: dict[str, set[str]] = defaultdict(set)
        for entity in item_entities[item_id]:
            for other in index[entity][:POSTINGS_CAP]:
                if doc_of[other] != doc_of[item_id]:
                    dot[other] += value(item_id, entity) * value(other, entity)
                    shared[other].add(entity)
            for neighbour, path in links.get(entity, ()):
                if neighbour in item_entities[item_id]:
                    continue
                for other in index.get(neighbour, ())[:HOP_POSTINGS_CAP]:
                    if doc_of[other] != doc_of[item_id]:
                        dot[other] += HOP_DISCOUNT * value(item_id, entity) * value(other, neighbour)
                        paths[other].add(path)
        scores = {other: value / (norm[item_id] * norm[other]) for other, value in dot.items() if value > 0}
        best = heapq.nsmallest(top_k, scores.items(), key=lambda pair: (-pair[1], pair[0]))
        for rank, (other, score) in enumerate(best, start=1):
            results.append(
                RelatedItem(
                    item_id=item_id,
                    related_item_id=other,
                    rank=rank,
                    score=round(score, 6),
                    shared_entities=sorted(shared[other], key=lambda e: (-rarity[e], e)),
                    paths=sorted(paths[other]),
                )
            )
    return results
