"""Last stage of the data flow: the networkx concept graph (items and entities, built by the graph
stage from DuckDB) -> one self-contained, offline HTML concept map.

pyvis generates the page, but from our template (`viz/templates/concept_map.html`) with Jinja
autoescaping switched back on: the heading and legend are escaped, node and edge data travel as JSON
inside non-executable `<script type="application/json">` blocks with `<`, `>`, `&` written as
`\\u003c`..., and tooltips are plain strings, which vis-network 9 shows as text. vis-network's JS and
CSS are inlined from pyvis's bundled copy (`viz.assets`); a Content-Security-Policy forbids every
network request. Positions come from `viz.layout` (seeded, physics off), colours and sizes from
`viz.styles`. In the page, `window.network` is the vis-network instance and
`window.conceptMapFirstDrawMs` the time of the first draw (ms since navigation start)."""

from __future__ import annotations

import math
import os
from collections.abc import Hashable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from pyvis.network import Network

from viz.assets import VIS_NETWORK_VERSION, vis_network_assets
from viz.files import write_text_atomically
from viz.layout import compute_layout
from viz.styles import edge_style, legend_entries, node_colour, node_shape, node_sizes

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "concept_map.html"

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'"
)

MAX_LABEL_CHARS = 48
MAX_SUMMARY_CHARS = 1200
LARGE_GRAPH_NODES = 1500  # above this, edges are hidden while dragging/zooming


def render_concept_map(graph: nx.Graph, heading: str) -> str:
    """Return the complete HTML page of the concept map of `graph` (pure: same input, same page)."""
    node_ids = _string_ids(graph)
    positions = compute_layout(graph)
    sizes = node_sizes(_importance(graph))

    net = Network(height="100%", width="100%", directed=False, heading=heading, cdn_resources="in_line")
    net.set_template_dir(str(TEMPLATE_DIR) + os.sep, TEMPLATE_NAME)
    # pyvis's environment has autoescaping off; replace it with an escaping, strict one.
    net.templateEnv = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True, undefined=StrictUndefined
    )
    options = _vis_options(graph.number_of_nodes())
    net.options = options
    net.nodes = [_node_record(node, data, node_ids, positions, sizes) for node, data in graph.nodes(data=True)]
    net.edges = _edge_records(graph, node_ids)

    assets = vis_network_assets()
    net.templateEnv.globals["page"] = {
        "csp": CONTENT_SECURITY_POLICY,
        "counts_text": _counts_text(graph),
        "legend": legend_entries(
            (str(data.get("node_type", "")), str(data.get("kind", ""))) for _, data in graph.nodes(data=True)
        ),
        "vis_options": options,
        "vis_js": Markup(assets.javascript),  # checked by viz.assets not to contain </script
        "vis_css": Markup(assets.css),
        "vis_version": VIS_NETWORK_VERSION,
        "pyvis_version": _pyvis_version(),
    }
    return net.generate_html()


def write_concept_map(graph: nx.Graph, path: Path, heading: str) -> Path:
    """Render the concept map and write it to `path` as UTF-8, atomically. Returns `path`."""
    return write_text_atomically(Path(path), render_concept_map(graph, heading))


def _string_ids(graph: nx.Graph) -> dict[Hashable, str]:
    ids = {node: str(node) for node in graph.nodes}
    if len(set(ids.values())) != len(ids):
        raise ValueError("two nodes of the graph have the same string form; node ids must stay distinct")
    return ids


def _importance(graph: nx.Graph) -> dict[Hashable, float]:
    """PageRank when every node carries a numeric `pagerank`, otherwise degree."""
    ranks = {node: data.get("pagerank") for node, data in graph.nodes(data=True)}
    if ranks and all(_is_number(value) for value in ranks.values()):
        return {node: float(value) for node, value in ranks.items()}
    return {node: float(degree) for node, degree in graph.degree()}


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _node_record(
    node: Hashable,
    data: Mapping,
    node_ids: Mapping[Hashable, str],
    positions: Mapping[Hashable, tuple[float, float]],
    sizes: Mapping[Hashable, float],
) -> dict:
    node_type = str(data.get("node_type", "item"))
    kind = str(data.get("kind", ""))
    label = _text(data.get("label")) or node_ids[node]
    colour = node_colour(node_type, kind)
    x, y = positions[node]
    return {
        "id": node_ids[node],
        "label": _shorten(label, MAX_LABEL_CHARS),
        # A string title is set with innerText by vis-network 9: shown as text, never parsed as HTML.
        "title": _tooltip(label, node_type, kind, _text(data.get("summary"))),
        "shape": node_shape(node_type),
        "size": round(sizes[node], 2),
        "color": {
            "background": colour,
            "border": "#444444",
            "highlight": {"background": colour, "border": "#000000"},
            "hover": {"background": colour, "border": "#000000"},
        },
        "x": x,
        "y": y,
        "kind": kind,
        "node_type": node_type,
    }


def _edge_records(graph: nx.Graph, node_ids: Mapping[Hashable, str]) -> list[dict]:
    weights = [_weight(data) for _, _, data in graph.edges(data=True)]
    heaviest = max(weights, default=1.0)
    records = []
    for number, ((u, v, data), weight) in enumerate(zip(graph.edges(data=True), weights, strict=True)):
        relation = str(data.get("relation", "related_to"))
        record = {"id": number, "from": node_ids[u], "to": node_ids[v], "relation": relation}
        record.update(edge_style(relation, weight, heaviest))
        records.append(record)
    return records


def _weight(data: Mapping) -> float:
    value = data.get("weight", 1.0)
    return float(value) if _is_number(value) and value > 0 else 1.0


def _tooltip(label: str, node_type: str, kind: str, summary: str) -> str:
    lines = [label, f"{kind or 'unknown kind'} ({node_type})"]
    if summary.strip():
        lines += ["", _shorten(summary.strip(), MAX_SUMMARY_CHARS)]
    return "\n".join(lines)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _counts_text(graph: nx.Graph) -> str:
    items = sum(1 for _, data in graph.nodes(data=True) if data.get("node_type") == "item")
    entities = sum(1 for _, data in graph.nodes(data=True) if data.get("node_type") == "entity")
    return (
        f"{graph.number_of_nodes():,} nodes ({items:,} items, {entities:,} entities) · "
        f"{graph.number_of_edges():,} edges"
    )


def _vis_options(node_count: int) -> dict:
    large = node_count > LARGE_GRAPH_NODES
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "nodes": {"font": {"size": 14, "face": "sans-serif", "color": "#222222"}, "borderWidth": 1},
        "edges": {"smooth": False, "color": {"inherit": False}, "selectionWidth": 1.5},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


def _pyvis_version() -> str:
    try:
        return version("pyvis")
    except PackageNotFoundError:
        return "unknown"
