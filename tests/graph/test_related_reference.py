"""Related items against a brute-force reference: on corpora small enough that no postings cap
binds, the sparse, blocked computation gives the all-pairs cosine with one ontology hop: the same
pairs, scores, ranks, shared entities and paths."""

from __future__ import annotations

import math
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.models import Mention
from graph.related import HOP_DISCOUNT, NOT_LINKED, entity_rarity, related_items
from sources.models import Item

ENTITIES = [f"e{i}" for i in range(6)]


def _reference(items, mentions, links, top_k=10):
    by_id = {item.item_id: item for item in items if item.kind not in NOT_LINKED}
    entities_of = defaultdict(set)
    for m in mentions:
        if m.item_id in by_id:  # the left-out kinds are neither sources, counterparts nor counted
            entities_of[m.item_id].add(m.entity_id)
    rarity = entity_rarity(entities_of)
    value = {(i, e): rarity[e] for i, es in entities_of.items() for e in es}  # no title mentions here
    norm = {i: math.sqrt(sum(value[(i, e)] ** 2 for e in es)) or 1.0 for i, es in entities_of.items()}
    rows = []
    for i in sorted(entities_of):
        scored = []
        for o in entities_of:
            if by_id[o].doc_id == by_id[i].doc_id:
                continue
            shared = entities_of[i] & entities_of[o]
            dot = sum(value[(i, e)] * value[(o, e)] for e in shared)
            paths = set()
            for e in entities_of[i]:
                for n, path in links.get(e, ()):
                    if n in entities_of[o] and n not in entities_of[i]:
                        added = HOP_DISCOUNT * value[(i, e)] * value[(o, n)]
                        dot += added
                        if added > 0:  # a path explains a link only where it adds weight
                            paths.add(path)
            if dot > 0:
                scored.append((-dot / (norm[i] * norm[o]), o, shared, paths))
        for rank, (negative, o, shared, paths) in enumerate(sorted(scored, key=lambda s: (s[0], s[1]))[:top_k], 1):
            rows.append((i, o, rank, round(-negative, 6), sorted(shared, key=lambda e: (-rarity[e], e)), sorted(paths)))
    return rows


corpora = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(["episode", "section", "overview", "table_of_contents", "link_list"]),
              st.sets(st.sampled_from(ENTITIES), min_size=1, max_size=4)),
    min_size=2, max_size=9,
)
ontology_links = st.lists(st.tuples(st.sampled_from(ENTITIES), st.sampled_from(ENTITIES)).filter(lambda p: p[0] != p[1]),
                          max_size=6)


@settings(max_examples=200, deadline=None)
@given(corpora, ontology_links)
def test_sparse_related_items_equal_the_brute_force_reference(corpus, pairs):
    extra = {"heading_path": ""} if "heading_path" in Item.model_fields else {}
    items = [Item(item_id=f"i{n}", doc_id=f"d{doc}", kind=kind, title="", body="", position=n, start_char=0, end_char=10,
                  **extra)
             for n, (doc, kind, _) in enumerate(corpus)]
    mentions = [Mention(mention_id=f"m{n}-{e}", entity_id=e, item_id=f"i{n}", doc_id=f"d{doc}", start_char=0, end_char=2,
                        surface=e, sentence=e, matched_alias=e, match_rule="test")
                for n, (doc, _, entities) in enumerate(corpus) for e in sorted(entities)]
    links = defaultdict(list)
    for a, b in pairs:
        path = f"{a} is_a {b}"
        links[a].append((b, path))
        links[b].append((a, path))
    got = [(r.item_id, r.related_item_id, r.rank, r.score, r.shared_entities, r.paths)
           for r in related_items(items, mentions, dict(links))]
    expected = _reference(items, mentions, links)
    # nine items at most: every candidate is kept, so equal scores may only swap places (float sums)
    assert [(row[0], row[2]) for row in got] == [(row[0], row[2]) for row in expected]
    assert [round(row[3], 5) for row in got] == [round(row[3], 5) for row in expected]
    explained = {(row[0], row[1]): row[4:] for row in expected}
    assert {(row[0], row[1]): row[4:] for row in got} == explained, "the same pairs, shared entities and paths"
