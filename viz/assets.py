"""The vis-network JavaScript and CSS inlined into the concept map, read from the copy bundled inside
the installed pyvis package (`pyvis/templates/lib/vis-9.1.2/`), so the page needs no network and the
repository carries no vendored copy."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyvis

VIS_NETWORK_VERSION = "9.1.2"


@dataclass(frozen=True)
class VisNetworkAssets:
    javascript: str
    css: str


def vis_network_dir() -> Path:
    """Folder of pyvis's bundled vis-network build."""
    return Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_NETWORK_VERSION}"


@lru_cache(maxsize=1)
def vis_network_assets() -> VisNetworkAssets:
    """vis-network's minified JS and its CSS, checked to be safe to place inside <script>/<style>."""
    folder = vis_network_dir()
    javascript = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in javascript.lower() or "</style" in css.lower():
        raise RuntimeError(f"bundled vis-network in {folder} cannot be inlined: it closes its own tag")
    return VisNetworkAssets(javascript=javascript, css=css)
