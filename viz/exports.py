"""Concept graph -> GraphML and node-link JSON files in the output folder, for Gephi, networkx and
anything else. List attributes (edge evidence) are written as JSON strings and None values are
left out, so both files load back in networkx and Gephi."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from pathlib import Path

import networkx as nx

from viz.files import write_text_atomically

GRAPHML_FILE = "concept_graph.graphml"
NODE_LINK_FILE = "concept_graph.json"


def _scalar(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, tuple, dict)) else value


def flat_graph(graph: nx.MultiDiGraph, annotations: Mapping[str, Mapping] | None = None) -> nx.MultiDiGraph:
    """A copy with list attributes as JSON strings and None attributes dropped; `annotations`
    (more attributes per node id, e.g. the analytics) are merged in."""
    flat = nx.MultiDiGraph()
    extra = annotations or {}
    for node, data in graph.nodes(data=True):
        merged = {**data, **extra.get(node, {})}
        flat.add_node(node, **{k: _scalar(v) for k, v in merged.items() if v is not None})
    for source, target, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, **{k: _scalar(v) for k, v in data.items() if v is not None})
    return flat


def write_exports(
    graph: nx.MultiDiGraph, output_dir: Path, annotations: Mapping[str, Mapping] | None = None
) -> dict[str, Path]:
    flat = flat_graph(graph, annotations)
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer, encoding="utf-8")
    graphml = write_text_atomically(output_dir / GRAPHML_FILE, buffer.getvalue().decode("utf-8"))
    data = nx.node_link_data(flat, edges="edges")
    node_link = write_text_atomically(output_dir / NODE_LINK_FILE, json.dumps(data, ensure_ascii=False, sort_keys=True))
    return {"graphml": graphml, "node_link": node_link}
