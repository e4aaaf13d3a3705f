"""Node positions for the concept map, computed in Python so the browser does no physics.

Each connected component is laid out with igraph's Fruchterman-Reingold (under a second at 5,000
nodes) from a seeded starting layout AND with a seeded random generator: igraph's FR draws random
displacements, so a starting layout alone does not make it repeatable. Components are laid out apart
and packed in rows, largest first: in one joint layout igraph's grid mode lets small components
drift hundreds of times further out than the rest, and fitting the view to them shrinks the map to a
dot. Nodes are ordered by their string id first, so the same graph gives the same positions whatever
order its nodes were inserted in. The result is scaled to screen pixels so that the median distance
from a node to its nearest neighbour is `spacing` pixels, which keeps most labels apart once zoomed
in, whatever the graph's size or density."""

from __future__ import annotations

import math
import random
import zlib
from collections.abc import Hashable, Sequence

import igraph
import networkx as nx

DEFAULT_SEED = 20261121
DEFAULT_SPACING = 90.0  # median nearest-neighbour distance, in pixels

Point = tuple[float, float]


def compute_layout(
    graph: nx.Graph,
    *,
    seed: int = DEFAULT_SEED,
    spacing: float = DEFAULT_SPACING,
    iterations: int = 500,
) -> dict[Hashable, Point]:
    """Return {node: (x, y)} in vis-network pixels, centred on the origin; deterministic for a given
    graph, seed and spacing. Edge `weight`s (positive) pull their ends closer."""
    nodes = sorted(graph.nodes, key=lambda node: (str(node), type(node).__name__))
    count = len(nodes)
    if count == 0:
        return {}
    if count == 1:
        return {nodes[0]: (0.0, 0.0)}

    index = {node: position for position, node in enumerate(nodes)}
    edges = sorted(
        (min(index[u], index[v]), max(index[u], index[v]), _weight(data))
        for u, v, data in graph.edges(data=True)
        if u != v
    )
    whole = igraph.Graph(n=count, edges=[(u, v) for u, v, _ in edges])
    whole.es["weight"] = [w for _, _, w in edges]
    components = sorted(whole.connected_components(), key=lambda members: (-len(members), members[0]))

    rng = random.Random(seed)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        shapes = [_layout_component(whole.induced_subgraph(members), rng, iterations) for members in components]
    finally:
        # igraph's documented default generator is Python's `random` module.
        igraph.set_random_number_generator(random)

    coords: list[Point] = [(0.0, 0.0)] * count
    for members, placed in zip(components, _pack(shapes), strict=True):
        for vertex, point in zip(members, placed, strict=True):
            coords[vertex] = point
    return dict(zip(nodes, _to_pixels(coords, spacing), strict=True))


def _layout_component(component: igraph.Graph, rng: random.Random, iterations: int) -> list[Point]:
    size = component.vcount()
    if size == 1:
        return [(0.0, 0.0)]
    half = math.sqrt(size)
    start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in range(size)]
    weights = component.es["weight"] if component.ecount() else None
    layout = component.layout_fruchterman_reingold(weights=weights, seed=start, niter=iterations, grid="auto")
    return [(x, y) for x, y in layout.coords]


def _pack(shapes: list[list[Point]]) -> list[list[Point]]:
    """Place component layouts in rows (shelf packing, in the given order), separated by a margin of
    about two typical node distances; returns the moved coordinates."""
    typical = _quantile(sorted(nearest_distances(shapes[0])), 0.5) if len(shapes[0]) > 1 else 1.0
    margin = 2.0 * max(typical, 1e-6)
    boxes = []
    for points in shapes:
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + margin, max(ys) - min(ys) + margin))
    row_width = max(boxes[0][2], 1.2 * math.sqrt(sum(width * height for _, _, width, height in boxes)))

    placed = []
    cursor_x = cursor_y = row_height = 0.0
    for points, (min_x, min_y, width, height) in zip(shapes, boxes, strict=True):
        if cursor_x > 0 and cursor_x + width > row_width:
            cursor_x, cursor_y, row_height = 0.0, cursor_y + row_height, 0.0
        placed.append([(x - min_x + cursor_x, y - min_y + cursor_y) for x, y in points])
        cursor_x += width
        row_height = max(row_height, height)
    return placed


def _weight(data: dict) -> float:
    try:
        value = float(data.get("weight", 1.0))
    except (TypeError, ValueError):
        return 1.0
    return value if math.isfinite(value) and value > 0 else 1.0


def _to_pixels(coords: Sequence[Sequence[float]], spacing: float) -> list[tuple[float, float]]:
    """Centre on the median point and scale so the median nearest-neighbour distance is `spacing`."""
    xs = sorted(point[0] for point in coords)
    ys = sorted(point[1] for point in coords)
    cx, cy = _quantile(xs, 0.5), _quantile(ys, 0.5)
    typical = _quantile(sorted(nearest_distances(coords)), 0.5)
    scale = spacing / typical if typical > 1e-9 else 1.0
    return [(round((x - cx) * scale, 1), round((y - cy) * scale, 1)) for x, y in coords]


def nearest_distances(points: Sequence[Sequence[float]]) -> list[float]:
    """Distance from each point to its nearest other point (sweep along x: each point only looks at
    neighbours closer in x than the best distance found so far)."""
    count = len(points)
    if count < 2:
        return [0.0] * count
    order = sorted(range(count), key=lambda index: points[index][0])
    xs = [points[index][0] for index in order]
    ys = [points[index][1] for index in order]
    result = [0.0] * count
    for position in range(count):
        x, y = xs[position], ys[position]
        nearest = math.inf
        for step in (1, -1):
            other = position + step
            while 0 <= other < count and abs(xs[other] - x) < nearest:
                nearest = min(nearest, math.hypot(xs[other] - x, ys[other] - y))
                other += step
        result[order[position]] = nearest
    return result


def _quantile(sorted_values: list[float], q: float) -> float:
    position = q * (len(sorted_values) - 1)
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def place_beside_neighbours(graph: nx.Graph, positions: dict[Hashable, Point], hidden: list[Hashable],
                            spacing: float = DEFAULT_SPACING) -> dict[Hashable, Point]:
    """Positions for nodes left out of the force layout (not drawn at first): beside their first
    placed neighbour, at a deterministic angle; nodes with none go on a ring around the map."""
    placed = dict(positions)
    radius = max((abs(x) + abs(y) for x, y in positions.values()), default=spacing) + spacing
    for rank, node in enumerate(hidden):
        anchor = next((placed[n] for n in sorted(set(nx.all_neighbors(graph, node)), key=str) if n in placed), None)
        angle = (zlib.crc32(str(node).encode()) % 3600) / 3600 * 2 * math.pi
        if anchor is None:
            placed[node] = (radius * math.cos(angle), radius * math.sin(angle))
        else:
            distance = spacing * (0.6 + (rank % 5) * 0.15)
            placed[node] = (anchor[0] + distance * math.cos(angle), anchor[1] + distance * math.sin(angle))
    return placed
