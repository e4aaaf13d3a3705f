"""Mentions -> related items: for each item, the items of *other* documents most like it.

Similarity is the cosine of the items' entity vectors weighted by rarity (idf: a shared "Kafka" says
more than a shared "caching"), plus one hop through the ontology: an item naming Redis and an item
naming caching are related through "Redis is_a caching", at `HOP_DISCOUNT` of a shared entity.
Computed through capped postings entity -> items (and entity -> related entities) as sparse matrix
products over blocks of items, never over all pairs of items; each item keeps its top k with the
entities and relation paths that explain it. Every kind of item is linked but a page's opening, a
table of contents and a list of links (`NOT_LINKED`)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np
from scipy import sparse

from graph.models import Mention, RelatedItem
from sources.models import Item

HOP_DISCOUNT = 0.5
TITLE_WEIGHT = 2.0  # an entity named in the item's title counts twice
# Items that take no part in related items: a page's opening (`overview`), a table of contents and a
# section that is mostly links (`link_list`). They get no rows and are never offered as counterparts;
# every other kind (a markdown `section` included) is both. Their mentions do not count in rarity.
NOT_LINKED = frozenset({"overview", "table_of_contents", "link_list"})
NOT_LINK_TARGETS = NOT_LINKED  # the name earlier callers import
# Each entity's postings are read best first and at most this far: an entity named by thousands
# of items weighs little in each, and the cap keeps the work linear in the number of items.
POSTINGS_CAP = 100
HOP_POSTINGS_CAP = 10  # per related entity reached through the ontology
HOP_NEIGHBOURS_CAP = 20  # related entities followed per entity, rarest first
BLOCK_ITEMS = 4096  # items scored per sparse product: bounds the memory of the candidate matrix


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


def _capped_postings(values: sparse.csc_matrix, norm: np.ndarray, cap: int) -> sparse.csc_matrix:
    """Items x entities: each entity column keeps its `cap` items where it weighs most in cosine
    terms (value / norm), ties by item order."""
    rows, cols, data = [np.array([], dtype=np.int64)], [np.array([], dtype=np.int64)], [np.array([])]
    for entity in range(values.shape[1]):
        lo, hi = values.indptr[entity], values.indptr[entity + 1]
        items, weights = values.indices[lo:hi], values.data[lo:hi]
        order = np.lexsort((items, -weights / norm[items]))[:cap]
        rows.append(items[order])
        data.append(weights[order])
        cols.append(np.full(len(order), entity))
    return sparse.csc_matrix((np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=values.shape)


def related_items(
    items: Iterable[Item],
    mentions: Iterable[Mention],
    ontology_links: Mapping[str, Iterable[tuple[str, str]]] | None = None,
    top_k: int = 10,
) -> list[RelatedItem]:
    """`ontology_links`: entity id -> (other entity id, path text) pairs, both directions (see
    `graph.ontology_links`). Items of the `NOT_LINKED` kinds are left out (no rows, never a counterpart)."""
    by_id = {item.item_id: item for item in items if item.kind not in NOT_LINKED}
    item_entities: dict[str, set[str]] = defaultdict(set)
    weight: dict[tuple[str, str], float] = {}
    for mention in mentions:
        if mention.item_id not in by_id:
            continue
        item_entities[mention.item_id].add(mention.entity_id)
        key = (mention.item_id, mention.entity_id)
        named_in_title = in_title(mention, by_id[mention.item_id])
        weight[key] = max(weight.get(key, 1.0), TITLE_WEIGHT if named_in_title else 1.0)
    if not item_entities:
        return []
    rarity = entity_rarity(item_entities)
    item_ids = sorted(item_entities)
    entity_ids = sorted(rarity)
    item_index = {item_id: i for i, item_id in enumerate(item_ids)}
    entity_index = {entity: j for j, entity in enumerate(entity_ids)}
    doc_codes = {doc: code for code, doc in enumerate(sorted({by_id[i].doc_id for i in item_ids}))}
    doc_of = np.array([doc_codes[by_id[i].doc_id] for i in item_ids])

    pairs = sorted(weight)
    values = sparse.csr_matrix(
        (
            [weight[pair] * rarity[pair[1]] for pair in pairs],
            ([item_index[i] for i, _ in pairs], [entity_index[e] for _, e in pairs]),
        ),
        shape=(len(item_ids), len(entity_ids)),
    )
    norm = np.sqrt(np.asarray(values.multiply(values).sum(axis=1)).ravel())
    norm[norm == 0] = 1.0
    by_entity = values.tocsc()
    postings = _capped_postings(by_entity, norm, POSTINGS_CAP)
    hop_postings = _capped_postings(by_entity, norm, HOP_POSTINGS_CAP)
    # entity -> its rarest related entities, with the paths (a neighbour may come by two paths)
    links: dict[str, list[tuple[str, str]]] = {
        entity: [
            (n, path)
            for n, path in sorted(pairs_, key=lambda pair: (-rarity.get(pair[0], 0.0), pair[0]))[:HOP_NEIGHBOURS_CAP]
            if n in entity_index
        ]
        for entity, pairs_ in (ontology_links or {}).items()
        if entity in entity_index
    }
    hop_rows, hop_cols = [], []
    for entity, neighbours in links.items():
        for neighbour, _ in neighbours:
            hop_rows.append(entity_index[entity])
            hop_cols.append(entity_index[neighbour])
    hops = sparse.csr_matrix((np.ones(len(hop_rows)), (hop_rows, hop_cols)), shape=(len(entity_ids),) * 2)
    present = values.copy()
    present.data[:] = 1.0

    def columns(matrix: sparse.csc_matrix) -> list[set[int]]:
        return [set(matrix.indices[matrix.indptr[j] : matrix.indptr[j + 1]].tolist()) for j in range(matrix.shape[1])]

    direct_of, hop_of = columns(postings), columns(hop_postings)
    entities_of = [values.indices[values.indptr[i] : values.indptr[i + 1]].tolist() for i in range(len(item_ids))]
    direct_postings, hop_targets = postings.T.tocsr(), hop_postings.T.tocsr()

    results: list[RelatedItem] = []
    for start in range(0, len(item_ids), BLOCK_ITEMS):
        block = values[start : start + BLOCK_ITEMS]
        # one hop: the neighbours of the item's entities that the item does not name itself
        reach = block @ hops
        reach = reach - reach.multiply(present[start : start + BLOCK_ITEMS])
        reach.eliminate_zeros()
        hop = ((reach @ hop_targets) * HOP_DISCOUNT).tocsr()
        scores = (block @ direct_postings + hop).tocsr()
        for row in range(scores.shape[0]):
            i = start + row
            others = scores.indices[scores.indptr[row] : scores.indptr[row + 1]]
            dots = scores.data[scores.indptr[row] : scores.indptr[row + 1]]
            keep = (doc_of[others] != doc_of[i]) & (dots > 0)
            others = others[keep]
            if not len(others):
                continue
            cosine = dots[keep] / (norm[i] * norm[others])
            hopped = set(hop.indices[hop.indptr[row] : hop.indptr[row + 1]].tolist())
            mine = set(entities_of[i])
            reached: dict[int, set[str]] | None = None
            for rank, position in enumerate(np.lexsort((others, -cosine))[:top_k], start=1):
                other = int(others[position])
                shared = [entity_ids[j] for j in entities_of[other] if j in mine and other in direct_of[j]]
                paths: set[str] = set()
                if other in hopped:
                    if reached is None:  # neighbour -> the paths that add weight from this item's entities
                        reached = defaultdict(set)
                        for j in mine:
                            for neighbour, path in links.get(entity_ids[j], ()):
                                n = entity_index[neighbour]
                                if n not in mine and rarity[entity_ids[j]] > 0 and rarity[neighbour] > 0:
                                    reached[n].add(path)
                    for j in entities_of[other]:
                        if j in reached and other in hop_of[j]:
                            paths |= reached[j]
                results.append(
                    RelatedItem(
                        item_id=item_ids[i],
                        related_item_id=item_ids[other],
                        rank=rank,
                        score=round(float(cosine[position]), 6),
                        shared_entities=sorted(shared, key=lambda e: (-rarity[e], e)),
                        paths=sorted(paths),
                    )
                )
    return results
