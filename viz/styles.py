"""Visual encoding of the concept graph: colour by kind, shape by node type, size by importance,
edge style by relation.

Pure functions from graph attributes to vis-network style values; `viz.concept_map` applies them to
every node and edge and builds the legend from `legend_entries`. Entities use saturated colours and
round dots; items use a pastel family and diamonds, so the two node types read apart at a glance.
Kinds not listed here are an open set: they get the fallback colour of their node type."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ENTITY_COLOURS: Mapping[str, str] = {
    "company": "#d62728",
    "technology": "#1f77b4",
    "concept": "#2ca02c",
    "aws_service": "#ff7f0e",
}
ENTITY_FALLBACK = "#7f7f7f"

ITEM_COLOURS: Mapping[str, str] = {
    "episode": "#8dd3c7",
    "article": "#bebada",
    "architecture": "#fb8072",
    "ai_ml_guide": "#80b1d3",
    "troubleshooting": "#fdb462",
    "symptom": "#b3de69",
    "scenario": "#fccde5",
    "blog_post": "#bc80bd",
    "design_question": "#ccebc5",
    "core_topic": "#ffed6f",
    "well_architected_pillar": "#decbe4",
    "service_selection": "#e5d8bd",
    "cost_tip": "#a6d854",
    "code_reading": "#66c2a5",
    "section": "#d9d0c1",
    "link_list": "#efefef",
    "table_of_contents": "#efefef",
}
ITEM_FALLBACK = "#c7b9a6"

ENTITY_SHAPE = "dot"
ITEM_SHAPE = "diamond"

MIN_NODE_SIZE = 8.0
MAX_NODE_SIZE = 36.0

MENTIONS_COLOUR = "#b0b0b0"
RELATED_COLOUR = "#8e6bbf"
OTHER_RELATION_COLOUR = "#6b9bbf"


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: a kind, its colour and the shape its nodes are drawn with."""

    node_type: str
    kind: str
    colour: str
    shape: str
    count: int


def node_colour(node_type: str, kind: str) -> str:
    """Fill colour of a node of this type and kind (fallback colour for unknown kinds)."""
    if node_type == "entity":
        return ENTITY_COLOURS.get(kind, ENTITY_FALLBACK)
    return ITEM_COLOURS.get(kind, ITEM_FALLBACK)


def node_shape(node_type: str) -> str:
    """vis-network shape: dots for entities, diamonds for items (and anything else)."""
    return ENTITY_SHAPE if node_type == "entity" else ITEM_SHAPE


def node_sizes(importance: Mapping[object, float]) -> dict[object, float]:
    """Map each node's importance (degree or pagerank, any non-negative scale) to a radius.

    The square root keeps hubs from dwarfing everything: area, not radius, grows with importance."""
    if not importance:
        return {}
    top = max(importance.values())
    if top <= 0:
        return {node: MIN_NODE_SIZE for node in importance}
    span = MAX_NODE_SIZE - MIN_NODE_SIZE
    return {
        node: MIN_NODE_SIZE + span * math.sqrt(max(value, 0.0) / top)
        for node, value in importance.items()
    }


# Edge style by relation: (colour, dashes, arrow). `mentions` is the quiet background of the map;
# item-item `related_to` and entity-entity `co_occurs_with` are dashed/dotted (statistical links);
# ontology relations are solid with an arrow (they read "source relation target"); the symmetric
# ontology relations are short-dashed without an arrow.
CO_OCCURS_COLOUR = "#17a2b8"
ONTOLOGY_COLOUR = "#4e79a7"
SYMMETRIC_COLOUR = "#b5651d"
RELATION_STYLES: Mapping[str, tuple[str, object, bool]] = {
    "mentions": (MENTIONS_COLOUR, False, False),
    "related_to": (RELATED_COLOUR, [8, 6], False),
    "co_occurs_with": (CO_OCCURS_COLOUR, [2, 5], False),
    "is_a": (ONTOLOGY_COLOUR, False, True),
    "part_of": (ONTOLOGY_COLOUR, False, True),
    "provided_by": (ONTOLOGY_COLOUR, False, True),
    "manages": (ONTOLOGY_COLOUR, False, True),
    "uses": (ONTOLOGY_COLOUR, False, True),
    "created_by": (ONTOLOGY_COLOUR, False, True),
    "caches": (ONTOLOGY_COLOUR, False, True),
    "fork_of": (ONTOLOGY_COLOUR, False, True),
    "alternative_to": (SYMMETRIC_COLOUR, [4, 4], False),
    "compatible_with": (SYMMETRIC_COLOUR, [4, 4], False),
}
OTHER_RELATION_STYLE = (OTHER_RELATION_COLOUR, [6, 3], False)

# Colour by community: the 20 largest communities get these, the rest share COMMUNITY_FALLBACK.
COMMUNITY_PALETTE: tuple[str, ...] = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#1f77b4", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5",
    "#c49c94", "#f7b6d2", "#dbdb8d", "#9edae5",
)
COMMUNITY_FALLBACK = "#d9d9d9"

KIND_TITLES: Mapping[str, str] = {"aws_service": "AWS service", "ai_ml_guide": "AI/ML guide"}


def kind_title(kind: str) -> str:
    """Human name of a kind: `blog_post` -> `blog post`, `aws_service` -> `AWS service`."""
    return KIND_TITLES.get(kind, kind.replace("_", " ") or "unknown")


def relation_style(relation: str) -> tuple[str, object, bool]:
    """(colour, vis-network `dashes` value, has an arrow) of an edge of this relation."""
    return RELATION_STYLES.get(relation, OTHER_RELATION_STYLE)


def edge_style(relation: str, weight: float, max_weight: float) -> dict[str, object]:
    """vis-network edge attributes: colour, dashes and arrow by relation (see RELATION_STYLES); width
    from the weight relative to the heaviest edge of the same relation."""
    share = weight / max_weight if max_weight > 0 and weight > 0 else 0.0
    colour, dashes, arrow = relation_style(relation)
    if relation == "mentions":
        width = 0.5 + 1.5 * share
    elif arrow:
        width = 1.5
    else:
        width = 1.0 + 3.0 * share
    style: dict[str, object] = {"color": colour, "width": round(width, 3), "dashes": dashes}
    if arrow:
        style["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.5}}
    return style


def community_colours(sizes: Mapping[int, int]) -> dict[int, str]:
    """Colour of each community: palette colours for the largest (ties by number), grey for the rest."""
    ranked = sorted(sizes, key=lambda community: (-sizes[community], community))
    return {
        community: COMMUNITY_PALETTE[rank] if rank < len(COMMUNITY_PALETTE) else COMMUNITY_FALLBACK
        for rank, community in enumerate(ranked)
    }


def legend_entries(nodes: Iterable[tuple[str, str]]) -> list[LegendEntry]:
    """Legend rows for the (node_type, kind) pairs present: entities first, then items, known kinds
    in palette order, unknown kinds alphabetically after them."""
    counts: dict[tuple[str, str], int] = {}
    for pair in nodes:
        counts[pair] = counts.get(pair, 0) + 1

    def order(pair: tuple[str, str]) -> tuple[int, int, str]:
        node_type, kind = pair
        palette = ENTITY_COLOURS if node_type == "entity" else ITEM_COLOURS
        known = list(palette)
        position = known.index(kind) if kind in palette else len(known)
        return (0 if node_type == "entity" else 1, position, kind)

    return [
        LegendEntry(node_type, kind, node_colour(node_type, kind), node_shape(node_type), count)
        for (node_type, kind), count in sorted(counts.items(), key=lambda item: order(item[0]))
    ]
