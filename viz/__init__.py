"""Visualisation stage: concept graph (networkx) -> offline HTML concept map.

`concept_map` renders and writes the page, `layout` computes seeded node positions, `styles` holds the
palette and size/edge encodings, `assets` reads vis-network from the installed pyvis package."""

from viz.concept_map import render_concept_map, write_concept_map

__all__ = ["render_concept_map", "write_concept_map"]
