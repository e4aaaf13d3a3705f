"""Last stage of the data flow: the networkx concept graph (items and entities, with the details the
graph stage attaches for the side panel) -> one self-contained, offline HTML concept map.

pyvis generates the page, but from our template (`viz/templates/concept_map.html`) with Jinja
autoescaping switched back on: the heading and legend are escaped, and everything else - node and
edge records, the side panel's details, the legend's data - travels as JSON inside non-executable
`<script type="application/json">` blocks (`|tojson` writes `<`, `>`, `&`, `'` as `\\u003c`...). The
page's own script (`viz/templates/concept_map.js`, inlined) inserts document text only with
`textContent`/`createTextNode`, and its only links are in-page `#node=...` fragments. vis-network's JS
and CSS are inlined from pyvis's bundled copy (`viz.assets`); a Content-Security-Policy forbids every
network request.

Positions come from `viz.layout` (seeded, physics off), colours, sizes and edge styles from
`viz.styles`. A graph of more than `max_drawn_nodes` nodes is drawn with only its top nodes by
PageRank; the others stay in the page's data, so search, the side panel and the 2-hop focus view
reach every node (selecting one draws it with its neighbours).

In the page, `window.network` is the vis-network instance, `window.conceptMap` the page's small API
(select, setDepth, setFocus, exportPng, ...), `window.conceptMapFirstDrawMs` the time of the first
draw (ms since navigation start) and `window.conceptMapReady` true once the controls are wired."""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Hashable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from pyvis.network import Network

from viz.assets import VIS_NETWORK_VERSION, vis_network_assets
from viz.files import write_text_atomically
from viz.layout import compute_layout, place_beside_neighbours
from viz.styles import (
    COMMUNITY_FALLBACK,
    community_colours,
    edge_style,
    kind_title,
    legend_entries,
    node_colour,
    node_shape,
    node_sizes,
    relation_style,
)

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "concept_map.html"
SCRIPT_NAME = "concept_map.js"

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'"
)

MAX_LABEL_CHARS = 48
MAX_SUMMARY_CHARS = 1200
HIDDEN_SUMMARY_CHARS = 160  # tooltips and summaries of nodes not drawn at first
# What keeps the page's size linear in its nodes with a small constant on large graphs: a node not
# drawn at first brings its strongest edges only, and the panel lists are capped (with their totals).
MAX_EDGES_PER_HIDDEN_NODE = 4
# The panel's lists (entities, related items, evidence, relations) come for the most important nodes
# only; the others carry their name, kind, document and summary, and say where the rest is (SQL).
MAX_DETAILED_NODES = 5000
# Every entity is in the page; items beyond this many nodes in all, those of lowest PageRank, are left
# to the warehouse (the page says how many): the 1000x benchmark corpus gives a 95 MB page that
# headless Chromium draws in about 4 s.
MAX_PAGE_NODES = 15_000
MAX_LISTED = 50  # relations listed per node
MAX_LISTED_PER_KIND = 10  # items of each kind an entity's panel lists (mentioned_by)
MAX_SHARED_LISTED = 5  # shared entities shown per related item
MAX_EDGE_EVIDENCE = 3  # evidence strings in an edge's tooltip
MAX_DRAWN_NODES = 1500  # above this, only the top nodes by PageRank are drawn at first
LARGE_GRAPH_NODES = 1500  # above this many drawn nodes, edges are hidden while dragging/zooming
HUB_SHARE = 0.01  # "hide hubs" hides the 1% of nodes with the most neighbours...
HUB_MIN_NEIGHBOURS = 10  # ...that have at least this many
COMMUNITY_LEGEND_SIZE = 20


def render_concept_map(
    graph: nx.Graph, heading: str, *, max_drawn_nodes: int | None = MAX_DRAWN_NODES,
    max_page_nodes: int | None = MAX_PAGE_NODES,
) -> str:
    """Return the complete HTML page of the concept map of `graph` (pure: same input, same page).

    When the graph has more than `max_drawn_nodes` nodes (None: no limit), only that many - the top
    by PageRank - are drawn at first; the page says how many are hidden and search reaches them all.
    Above `max_page_nodes` (None: no limit) the page holds every entity and the items of highest
    PageRank up to that many nodes, and says how many items it leaves to the warehouse."""
    if max_drawn_nodes is not None and max_drawn_nodes < 1:
        raise ValueError("max_drawn_nodes must be at least 1 (or None for no limit)")
    node_ids = _string_ids(graph)
    importance = _importance(graph)
    omitted = 0
    if max_page_nodes is not None and graph.number_of_nodes() > max_page_nodes:
        kept = _page_nodes(graph, importance, node_ids, max_page_nodes)
        omitted = graph.number_of_nodes() - len(kept)
        graph = graph.subgraph(kept)
    sizes = node_sizes(importance)
    ranked = sorted(graph.nodes, key=lambda node: (-importance[node], node_ids[node]))
    limit = len(ranked) if max_drawn_nodes is None else min(max_drawn_nodes, len(ranked))
    drawn = set(ranked[:limit])
    detailed = set(ranked if max_drawn_nodes is None else ranked[: max(limit, MAX_DETAILED_NODES)])
    # the force layout runs on what is drawn; hidden nodes wait beside a drawn neighbour
    positions = place_beside_neighbours(graph, compute_layout(graph.subgraph(drawn)), ranked[limit:])
    hubs = _hubs(graph, node_ids)
    communities = _communities(graph)
    palette = community_colours({community: entry["size"] for community, entry in communities.items()})

    net = Network(height="100%", width="100%", directed=False, heading=heading, cdn_resources="in_line")
    net.set_template_dir(str(TEMPLATE_DIR) + os.sep, TEMPLATE_NAME)
    # pyvis's environment has autoescaping off; replace it with an escaping, strict one.
    net.templateEnv = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True, undefined=StrictUndefined
    )
    options = _vis_options(len(drawn))
    net.options = options
    net.nodes = [
        _node_record(node, data, node_ids, positions, sizes, importance, node in drawn, node in hubs, palette)
        for node, data in sorted(graph.nodes(data=True), key=lambda pair: node_ids[pair[0]])
    ]
    net.edges = _edge_records(graph, _page_edges(graph, drawn), node_ids)

    hidden = graph.number_of_nodes() - len(drawn)
    relations = Counter(str(data.get("relation", "related_to")) for _, _, data in graph.edges(data=True))
    community_legend = [
        {"community": community, "label": entry["label"], "size": entry["size"], "colour": palette[community]}
        for community, entry in sorted(communities.items(), key=lambda pair: (-pair[1]["size"], pair[0]))
    ][:COMMUNITY_LEGEND_SIZE]
    hub_names = sorted((_text(graph.nodes[node].get("label")) or node_ids[node] for node in hubs), key=str.lower)
    assets = vis_network_assets()
    meta = {
        "total_nodes": graph.number_of_nodes(),
        "drawn_nodes": len(drawn),
        "detailed_nodes": len(detailed),
        "omitted_items": omitted,
        "max_drawn_nodes": max_drawn_nodes,
        "hub_count": len(hubs),
        "community_fallback": COMMUNITY_FALLBACK,
    }
    net.templateEnv.globals["page"] = {
        "csp": CONTENT_SECURITY_POLICY,
        "counts_text": _counts_text(graph),
        "hidden_nodes": hidden,
        "omitted_items": omitted,
        "omitted_text": f"{omitted:,}",
        "hidden_text": f"{hidden:,}",
        "drawn_text": f"{len(drawn):,}",
        "total_text": f"{graph.number_of_nodes():,}",
        "legend": [
            {"entry": entry, "title": kind_title(entry.kind)}
            for entry in legend_entries(
                (str(data.get("node_type", "")), str(data.get("kind", ""))) for _, data in graph.nodes(data=True)
            )
        ],
        "relations": [
            {
                "relation": relation,
                "title": relation.replace("_", " "),
                "count": count,
                "colour": relation_style(relation)[0],
                "line": "solid" if relation_style(relation)[1] is False else "dashed",
                "arrow": relation_style(relation)[2],
            }
            for relation, count in sorted(relations.items(), key=lambda pair: (-pair[1], pair[0]))
        ],
        "communities": community_legend,
        "hub_names": ", ".join(hub_names),
        "hub_count": len(hubs),
        "details": _details(graph, node_ids, detailed),
        "meta": meta,
        "vis_options": options,
        "vis_js": Markup(assets.javascript),  # checked by viz.assets not to contain </script
        "vis_css": Markup(assets.css),
        "page_js": Markup(_page_script()),
        "vis_version": VIS_NETWORK_VERSION,
        "pyvis_version": _pyvis_version(),
    }
    return net.generate_html()


def write_concept_map(
    graph: nx.Graph, path: Path, heading: str, *, max_drawn_nodes: int | None = MAX_DRAWN_NODES,
    max_page_nodes: int | None = MAX_PAGE_NODES,
) -> Path:
    """Render the concept map and write it to `path` as UTF-8, atomically. Returns `path`."""
    return write_text_atomically(Path(path), render_concept_map(graph, heading, max_drawn_nodes=max_drawn_nodes, max_page_nodes=max_page_nodes))


def _page_script() -> str:
    script = (TEMPLATE_DIR / SCRIPT_NAME).read_text(encoding="utf-8")
    if "</script" in script.lower():
        raise RuntimeError(f"{SCRIPT_NAME} cannot be inlined: it closes its own tag")
    return script


def _page_nodes(
    graph: nx.Graph, importance: Mapping[Hashable, float], node_ids: Mapping[Hashable, str], limit: int
) -> set[Hashable]:
    """Every entity (and any node that is not an item), then items by PageRank up to `limit` nodes."""
    kept = {node for node, data in graph.nodes(data=True) if data.get("node_type") != "item"}
    items = sorted((node for node in graph.nodes if node not in kept), key=lambda node: (-importance[node], node_ids[node]))
    return kept | set(items[: max(0, limit - len(kept))])


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


def _hubs(graph: nx.Graph, node_ids: Mapping[Hashable, str]) -> set[Hashable]:
    """The HUB_SHARE of nodes with the most distinct neighbours, among those with at least
    HUB_MIN_NEIGHBOURS: the nodes that tie everything to everything."""
    neighbours = {node: len(set(nx.all_neighbors(graph, node)) - {node}) for node in graph.nodes}
    quota = max(1, round(HUB_SHARE * graph.number_of_nodes()))
    ranked = sorted(neighbours, key=lambda node: (-neighbours[node], node_ids[node]))
    return {node for node in ranked[:quota] if neighbours[node] >= HUB_MIN_NEIGHBOURS}


def _communities(graph: nx.Graph) -> dict[int, dict]:
    found: dict[int, dict] = {}
    for _, data in graph.nodes(data=True):
        community = data.get("community")
        if isinstance(community, int) and not isinstance(community, bool):
            entry = found.setdefault(community, {"size": 0, "label": _text(data.get("community_label"))})
            entry["size"] += 1
    return found


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _node_record(
    node: Hashable,
    data: Mapping,
    node_ids: Mapping[Hashable, str],
    positions: Mapping[Hashable, tuple[float, float]],
    sizes: Mapping[Hashable, float],
    importance: Mapping[Hashable, float],
    drawn: bool,
    hub: bool,
    palette: Mapping[int, str],
) -> dict:
    node_type = str(data.get("node_type", "item"))
    kind = str(data.get("kind", ""))
    label = _text(data.get("label")) or node_ids[node]
    colour = node_colour(node_type, kind)
    community = data.get("community")
    community = community if isinstance(community, int) and not isinstance(community, bool) else None
    x, y = positions[node]
    return {
        "id": node_ids[node],
        "label": _shorten(label, MAX_LABEL_CHARS),
        # A string title is set with innerText by vis-network 9: shown as text, never parsed as HTML.
        "title": _tooltip(label, node_type, kind, _text(data.get("summary")),
                          MAX_SUMMARY_CHARS if drawn else HIDDEN_SUMMARY_CHARS),
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
        "community": community,
        "type_colour": colour,
        "community_colour": palette.get(community, COMMUNITY_FALLBACK) if community is not None else COMMUNITY_FALLBACK,
        "rank": round(importance[node], 8),
        "hub": hub,
        "drawn": drawn,
    }


def _page_edges(graph: nx.Graph, drawn: set[Hashable]) -> list[tuple[Hashable, Hashable, Mapping]]:
    """The edges the page carries: every edge between nodes drawn at first, and for each node that
    is not, its MAX_EDGES_PER_HIDDEN_NODE strongest edges (enough to draw it with its neighbours
    when search or a link reveals it)."""
    edges = list(graph.edges(data=True))
    if len(drawn) == graph.number_of_nodes():
        return edges
    strongest: dict[Hashable, list[tuple[float, int]]] = {}
    keep = set()
    for index, (u, v, data) in enumerate(edges):
        if u in drawn and v in drawn:
            keep.add(index)
            continue
        for end in (u, v):
            if end not in drawn:
                strongest.setdefault(end, []).append((-_weight(data), index))
    for candidates in strongest.values():
        keep.update(index for _, index in sorted(candidates)[:MAX_EDGES_PER_HIDDEN_NODE])
    return [edges[index] for index in sorted(keep)]


def _edge_records(
    graph: nx.Graph, page_edges: list[tuple[Hashable, Hashable, Mapping]], node_ids: Mapping[Hashable, str]
) -> list[dict]:
    edges = sorted(
        page_edges,
        key=lambda edge: (node_ids[edge[0]], node_ids[edge[1]], str(edge[2].get("relation", ""))),
    )
    heaviest: dict[str, float] = {}
    for _, _, data in edges:
        relation = str(data.get("relation", "related_to"))
        heaviest[relation] = max(heaviest.get(relation, 0.0), _weight(data))
    records = []
    for number, (u, v, data) in enumerate(edges):
        relation = str(data.get("relation", "related_to"))
        record = {
            "id": number,
            "from": node_ids[u],
            "to": node_ids[v],
            "relation": relation,
            "title": _edge_tooltip(graph, u, v, relation, data),
        }
        record.update(edge_style(relation, _weight(data), heaviest[relation]))
        records.append(record)
    return records


def _edge_tooltip(graph: nx.Graph, u: Hashable, v: Hashable, relation: str, data: Mapping) -> str:
    source = _text(graph.nodes[u].get("label")) or str(u)
    target = _text(graph.nodes[v].get("label")) or str(v)
    lines = [f"{source} {relation.replace('_', ' ')} {target}"]
    evidence = data.get("evidence")
    if relation != "mentions" and isinstance(evidence, (list, tuple)):
        lines += [_shorten(_text(entry), 200) for entry in evidence[:MAX_EDGE_EVIDENCE]]
    return "\n".join(lines)


def _weight(data: Mapping) -> float:
    value = data.get("weight", 1.0)
    return float(value) if _is_number(value) and value > 0 else 1.0


def _details(graph: nx.Graph, node_ids: Mapping[Hashable, str], detailed: set[Hashable] | None = None) -> dict[str, dict]:
    """What the side panel shows for each node, keyed by node id (JSON values only); nodes not in
    `detailed` (None: all are) get a `lean` entry without the lists."""
    labels = {node_ids[node]: _text(data.get("label")) or node_ids[node] for node, data in graph.nodes(data=True)}
    kinds = {node_ids[node]: str(data.get("kind", "")) for node, data in graph.nodes(data=True)}
    entities_of: dict[str, list[tuple[float, str]]] = {}
    mentioned_by: dict[str, list[str]] = {}
    relations_of: dict[str, list[dict]] = {}
    for u, v, data in graph.edges(data=True):
        source, target = node_ids[u], node_ids[v]
        relation = str(data.get("relation", "related_to"))
        if relation == "mentions":
            entities_of.setdefault(source, []).append((_weight(data), target))
            mentioned_by.setdefault(target, []).append(source)
        elif relation != "related_to" and source != target:
            relations_of.setdefault(source, []).append({"relation": relation, "direction": "out", "node_id": target})
            relations_of.setdefault(target, []).append({"relation": relation, "direction": "in", "node_id": source})

    def link(node_id: str) -> dict:
        return {"node_id": node_id, "label": labels.get(node_id, node_id), "kind": kinds.get(node_id, "")}

    details: dict[str, dict] = {}
    for node, data in graph.nodes(data=True):
        node_id = node_ids[node]
        lean = detailed is not None and node not in detailed
        summary = _text(data.get("summary"))
        entry = {
            "label": labels[node_id],
            "node_type": str(data.get("node_type", "item")),
            "kind": kinds[node_id],
            "kind_title": kind_title(kinds[node_id]),
            "summary": _shorten(summary, HIDDEN_SUMMARY_CHARS) if lean else summary,
            "community": data.get("community"),
            "community_label": _text(data.get("community_label")),
            "pagerank": data.get("pagerank"),
            "betweenness": data.get("betweenness"),
        }
        if entry["node_type"] == "entity":
            entry.update(
                aliases=[_text(alias) for alias in data.get("aliases") or []],
                description=_text(data.get("description")),
                categories=[_text(category) for category in data.get("categories") or []],
            )
        else:
            entry.update(
                doc_title=_text(data.get("doc_title")),
                source_path=_text(data.get("source_path")),
                attributes=data.get("attributes") if isinstance(data.get("attributes"), Mapping) else {},
            )
        if lean:  # the panel says where the lists are (the warehouse); none are built
            details[node_id] = _json_safe({**entry, "lean": True})
            continue
        relations = relations_of.get(node_id, [])
        entry.update(
            relations=sorted(
                ({**link(r["node_id"]), "relation": r["relation"], "direction": r["direction"]} for r in relations),
                key=lambda r: (r["relation"], r["direction"], r["label"].lower(), r["node_id"]),
            )[:MAX_LISTED],
            relations_total=len(relations),
        )
        if entry["node_type"] == "entity":
            entry.update(
                **_listed_by_kind([link(item) for item in set(mentioned_by.get(node_id, []))]),
                evidence=[
                    {
                        "item_id": _text(e.get("item_id")),
                        "item_title": _text(e.get("item_title")),
                        "item_kind": _text(e.get("item_kind")),
                        "drawable": _text(e.get("item_id")) in labels,
                        "sentence": _text(e.get("sentence")),
                    }
                    for e in data.get("evidence") or []
                    if isinstance(e, Mapping)
                ],
            )
        else:
            entry.update(
                excerpt=_text(data.get("excerpt")),
                entities=[
                    link(target)
                    for _, target in sorted(entities_of.get(node_id, []), key=lambda pair: (-pair[0], labels[pair[1]].lower()))
                ],
                related=[
                    {
                        "node_id": _text(r.get("node_id")),
                        "title": _text(r.get("title")),
                        "kind": _text(r.get("kind")),
                        "drawable": _text(r.get("node_id")) in labels,
                        "score": r.get("score"),
                        "shared": [
                            {"node_id": _text(s), "label": labels.get(_text(s), _text(s)), "drawable": _text(s) in labels}
                            for s in (r.get("shared") or [])[:MAX_SHARED_LISTED]
                        ],
                        "shared_total": len(r.get("shared") or []),
                        "paths": [_text(path) for path in r.get("paths") or []],
                    }
                    for r in data.get("related") or []
                    if isinstance(r, Mapping)
                ],
            )
        details[node_id] = _json_safe(entry)
    return details


def _listed_by_kind(links: list[dict]) -> dict:
    """The items that mention an entity, grouped by kind, at most MAX_LISTED_PER_KIND of each, with
    the number of items of each kind."""
    ordered = sorted(links, key=lambda r: (r["kind"], r["label"].lower(), r["node_id"]))
    totals = Counter(r["kind"] for r in ordered)
    listed, seen = [], Counter()
    for entry in ordered:
        seen[entry["kind"]] += 1
        if seen[entry["kind"]] <= MAX_LISTED_PER_KIND:
            listed.append(entry)
    return {"mentioned_by": listed, "mentioned_by_kinds": dict(totals)}


def _json_safe(value: object) -> object:
    """JSON.parse accepts no NaN/Infinity: non-finite numbers become null, unknown types strings."""
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_json_safe(item) for item in value]
    return json.loads(json.dumps(value, default=str))


def _tooltip(label: str, node_type: str, kind: str, summary: str, limit: int = MAX_SUMMARY_CHARS) -> str:
    lines = [label, f"{kind or 'unknown kind'} ({node_type})"]
    if summary.strip():
        lines += ["", _shorten(summary.strip(), limit)]
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
