"""`python -m pipelines.benchmark` (`make bench`): the full build, exactly as `make run` does it (the
`dagster asset materialize` CLI in its own process), on the shipped corpus and on synthetic corpora
at 10x, 100x and 1000x its size. Per stage: seconds (Dagster's own step durations, read back from
the run's event log), documents/s, MB/s and rows; per run: wall time and the peak resident memory
of the run's process tree. Measured in the same run on the same item texts: bare
`spacy.blank("en").tokenizer.pipe` as the baseline of extraction. Then an incremental refresh after
one document of the largest corpus changed, and the first draw in headless Chromium of every map built
and of synthetic graphs of 650 and 5,000 nodes (top 1,500 drawn, and all drawn), with the time a
selection then takes. Prints a table and writes it to the output folder (benchmark.md). A report, never
a test. `--maps-only` times the synthetic maps alone (under a minute; written to benchmark-maps.md)."""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

STAGES = (  # Dagster step -> the asset whose row count it reports
    ("corpus_documents", "corpus_documents"),
    ("document_items", "document_items"),
    ("entity_extraction", "entity_mentions"),
    ("related_item_links", "related_item_links"),
    ("entity_co_occurrences", "entity_co_occurrences"),
    ("concept_graph", "concept_graph"),
    ("graph_analytics", "graph_analytics"),
    ("warehouse_tables", "warehouse/mentions"),
    ("graph_exports", "graph_exports"),
    ("concept_map", "concept_map"),
)
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CHROMIUM = Path("/usr/bin/chromium")
# (items, entities, max_drawn_nodes, label): the sizes the map's first draw is quoted at (README: Exploring
# the concept map): the shipped corpus's graph size, and 5,000 nodes with the default cap and without it.
SYNTHETIC_MAPS = (
    (190, 460, "default", "650 nodes (shipped-corpus size), all drawn"),
    (3500, 1500, "default", "5,000 nodes, top 1,500 drawn"),
    (3500, 1500, None, "5,000 nodes, all drawn"),
)


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and its descendants (extraction forks workers)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    parents[int(entry.name)] = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * PAGE_SIZE
        except (OSError, ValueError, IndexError):
            continue
    return total


def run_build(env: dict[str, str]) -> tuple[float, float]:
    """One `dagster asset materialize` of every asset; returns (wall seconds, peak tree RSS in MB)."""
    command = [str(Path(sys.executable).with_name("dagster")), "asset", "materialize", "-m", "pipelines.definitions",
               "--select", "*"]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_rss(process.pid))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    sampler.join()
    if process.returncode:
        raise RuntimeError(f"the build failed ({process.returncode}):\n{errors[-3000:]}")
    return time.perf_counter() - started, peak[0] / 1e6


def _last_run_figures(dagster_home: Path) -> tuple[dict[str, float], dict[str, int]]:
    """Step durations and row counts of the newest run in `dagster_home`, from its event log."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        run = instance.get_runs(limit=1)[0]
        seconds, rows = {}, {}
        for record in instance.all_logs(run.run_id):
            event = record.dagster_event
            if event is None:
                continue
            if event.event_type_value == "STEP_SUCCESS":
                seconds[event.step_key] = event.event_specific_data.duration_ms / 1000
            elif event.event_type_value == "ASSET_MATERIALIZATION":
                materialization = event.event_specific_data.materialization
                value = materialization.metadata.get("dagster/row_count") or materialization.metadata.get("nodes")
                if value is not None:
                    rows[materialization.asset_key.to_user_string()] = int(value.value)
    return seconds, rows


def _item_texts(warehouse: Path) -> list[str]:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [t for (t,) in con.execute(
            "SELECT substr(d.text, i.start_char + 1, i.end_char - i.start_char) FROM items i JOIN documents d USING (doc_id)"
        ).fetchall()]


def _tokenizer_chars_per_second(texts: list[str]) -> float:
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    started = time.perf_counter()
    for _ in tokenizer.pipe(texts, batch_size=1000):
        pass
    return sum(len(t) for t in texts) / (time.perf_counter() - started)


def run_scale(scale: int, workdir: Path, incremental: bool) -> dict:
    """Build one corpus (1 = the shipped corpus) in a fresh warehouse, output folder and DAGSTER_HOME."""
    from graph.ontology import load_ontology
    from sources.corpus import SHIPPED_CORPUS
    from sources.synthetic import write_synthetic_corpus

    corpus = workdir / f"corpus-{scale}x"
    if not corpus.exists():  # a copy even of the shipped corpus: the incremental run edits one file
        if scale == 1:
            shutil.copytree(SHIPPED_CORPUS, corpus)
        else:
            write_synthetic_corpus(corpus, scale, load_ontology())
    run_dir = workdir / f"run-{scale}x"
    shutil.rmtree(run_dir, ignore_errors=True)
    home = run_dir / "dagster_home"
    home.mkdir(parents=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    env = {**os.environ, "DAGSTER_HOME": str(home), "KG_CORPUS_DIR": str(corpus),
           "KG_WAREHOUSE": str(run_dir / "knowledge.duckdb"), "KG_OUTPUT_DIR": str(run_dir / "output")}
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    wall, peak = run_build(env)
    seconds, rows = _last_run_figures(home)
    texts = _item_texts(run_dir / "knowledge.duckdb")
    report = {
        "scale": scale, "documents": len(files), "megabytes": sum(p.stat().st_size for p in files) / 1e6,
        "wall_seconds": wall, "peak_rss_mb": peak, "stage_seconds": seconds, "rows": rows,
        "item_chars": sum(len(t) for t in texts), "baseline_chars_per_second": _tokenizer_chars_per_second(texts),
        "map": run_dir / "output" / "concept_map.html",
    }
    if incremental:
        changed = files[len(files) // 2]
        original = changed.read_text(encoding="utf-8")
        try:
            changed.write_text(original + "\nOne more line about Kafka and Redis.\n", encoding="utf-8")
            report["incremental_seconds"], report["incremental_peak_rss_mb"] = run_build(env)
            report["incremental_stage_seconds"], _ = _last_run_figures(home)
        finally:  # the next benchmark starts from the same corpus
            changed.write_text(original, encoding="utf-8")
    return report


def first_draws(pages: list[Path]) -> list[tuple[float, int, float] | None]:
    """For each page: (ms to vis-network's first draw after navigation start, nodes drawn, ms for a search
    and selection to highlight), measured in headless Chromium with the network cut off; None for every
    page without Chromium or Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [None for _ in pages]
    if not CHROMIUM.exists():
        return [None for _ in pages]
    figures: list[tuple[float, int, float] | None] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox", "--disable-gpu", "--proxy-server=http://127.0.0.1:9"])
        try:
            for page in pages:
                if not page.exists():
                    figures.append(None)
                    continue
                tab = browser.new_page()
                tab.goto(page.resolve().as_uri(), wait_until="load", timeout=600_000)
                tab.wait_for_function("() => window.conceptMapFirstDrawMs !== undefined", timeout=600_000)
                drawn = int(tab.evaluate("window.network.body.data.nodes.length"))
                select_ms = float(tab.evaluate("""() => {
                    const nodes = window.network.body.data.nodes;
                    const last = nodes.get(nodes.getIds()[nodes.length - 1]);
                    const started = performance.now();
                    const found = window.conceptMap.search(String(last.label || last.id));
                    window.conceptMap.select(found.length ? found[0] : last.id);
                    return performance.now() - started;
                }"""))
                figures.append((float(tab.evaluate("window.conceptMapFirstDrawMs")), drawn, select_ms))
                tab.close()
        finally:
            browser.close()
    return figures


def synthetic_map_graph(n_items: int, n_entities: int, seed: int = 7):
    """A seeded graph in the shape the graph stage hands to the map (items mentioning 1-5 entities, the
    popular ones more often; one item in three related to another; PageRank and communities set)."""
    import networkx as nx

    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    kinds = ("episode", "article", "architecture", "troubleshooting", "blog_post", "design_question")
    types = ("company", "technology", "concept", "aws_service")
    entities = [f"entity:e{index}" for index in range(n_entities)]
    for index, node in enumerate(entities):
        graph.add_node(node, label=f"Entity {index}", node_type="entity", kind=types[index % 4],
                       summary=f"Synthetic entity {index}.", aliases=[f"alias-of-entity-{index}"],
                       description=f"Synthetic entity {index}.", categories=[], mentioned=True, evidence=[],
                       community=index % 9, community_label=f"Community {index % 9}")
    popularity = [1.0 / (rank + 1) ** 0.8 for rank in range(n_entities)]
    for index in range(n_items):
        node, kind, title = f"item:i{index}", kinds[index % len(kinds)], f"Item {index} about things"
        graph.add_node(node, label=title, node_type="item", kind=kind, summary=f"Synthetic item {index}.\nSecond line.",
                       doc_title=f"Document {index % 20}", source_path=f"{index % 20:03d}.txt", attributes={},
                       excerpt=f"Synthetic item {index}.", related=[], community=index % 9,
                       community_label=f"Community {index % 9}")
        for entity in sorted(set(rng.choices(entities, weights=popularity, k=rng.randint(1, 5)))):
            graph.add_edge(node, entity, relation="mentions", weight=float(rng.randint(1, 5)), evidence=[])
            graph.nodes[entity]["evidence"].append({"item_id": node, "item_title": title, "item_kind": kind,
                                                    "sentence": f"Item {index} names entity {entity}."})
        if index and rng.random() < 0.33:
            graph.add_edge(node, f"item:i{rng.randrange(index)}", relation="related_to",
                           weight=round(rng.uniform(0.2, 1.0), 3), evidence=[])
    ranks = nx.pagerank(nx.Graph(graph.to_undirected()))
    for node, data in graph.nodes(data=True):
        data["pagerank"], data["betweenness"] = round(ranks[node], 8), 0.0
    return graph


def synthetic_map_lines(workdir: Path) -> list[str]:
    """First draw of the synthetic maps of SYNTHETIC_MAPS, one report line each."""
    from viz.concept_map import MAX_DRAWN_NODES, write_concept_map

    workdir.mkdir(parents=True, exist_ok=True)
    pages, graphs = [], []
    for index, (n_items, n_entities, cap, _) in enumerate(SYNTHETIC_MAPS):
        graph = synthetic_map_graph(n_items, n_entities)
        started = time.perf_counter()
        pages.append(write_concept_map(graph, workdir / f"synthetic-map-{index}.html", "Synthetic map",
                                       max_drawn_nodes=MAX_DRAWN_NODES if cap == "default" else cap))
        graphs.append((graph, time.perf_counter() - started))
    lines = []
    for (_, _, _, label), (graph, render_seconds), figures in zip(SYNTHETIC_MAPS, graphs, first_draws(pages)):
        lines.append(f"- first draw of a synthetic map of {label} ({graph.number_of_edges():,} edges; rendered and "
                     f"written in {render_seconds:.1f} s): " + _draw_text(figures))
    return lines


def _draw_text(figures: tuple[float, int, float] | None) -> str:
    if figures is None:
        return "not measured (no Chromium or Playwright)"
    first_draw, drawn, select_ms = figures
    return f"{first_draw:,.0f} ms, {drawn:,} nodes drawn; search and select {select_ms:,.0f} ms"


def table(reports: list[dict]) -> str:
    name = (lambda r: "shipped" if r["scale"] == 1 else f"{r['scale']}x")
    lines = [
        f"Machine: {platform.node() or 'unknown'} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"{platform.platform()}",
        "",
        "| corpus | documents | MB | stage | seconds | documents/s | MB/s | rows |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for report in reports:
        for step, asset in STAGES:
            seconds = report["stage_seconds"].get(step, 0.0)
            lines.append(
                f"| {name(report)} | {report['documents']:,} | {report['megabytes']:.1f} | {step} | {seconds:.2f} | "
                + (f"{report['documents'] / seconds:,.0f} | {report['megabytes'] / seconds:.2f}" if seconds else "– | –")
                + f" | {report['rows'].get(asset, '')} |"
            )
    lines += ["", "| corpus | wall s | steps s | wall s per MB | peak RSS MB | extraction chars/s | tokenizer chars/s | "
              "extraction / tokenizer | incremental wall s (fraction) |", "|---|---|---|---|---|---|---|---|---|"]
    for report in reports:
        extraction = report["item_chars"] / max(report["stage_seconds"].get("entity_extraction", 0.0), 1e-9)
        incremental = report.get("incremental_seconds")
        lines.append(
            f"| {name(report)} | {report['wall_seconds']:.1f} | {sum(report['stage_seconds'].values()):.1f} | "
            f"{report['wall_seconds'] / report['megabytes']:.2f} | {report['peak_rss_mb']:,.0f} | {extraction:,.0f} | "
            f"{report['baseline_chars_per_second']:,.0f} | {extraction / report['baseline_chars_per_second']:.2f} | "
            + (f"{incremental:.1f} ({incremental / report['wall_seconds']:.1%})" if incremental else "–") + " |"
        )
    for report in reports:
        if "incremental_stage_seconds" in report:
            steps = report["incremental_stage_seconds"]
            lines += ["", f"Incremental refresh of the {name(report)} corpus after one document changed, per stage: "
                      + ", ".join(f"{step} {steps.get(step, 0.0):.1f} s" for step, _ in STAGES)
                      + f"; peak RSS {report['incremental_peak_rss_mb']:,.0f} MB."]
    lines.append("")
    for report, figures in zip(reports, first_draws([report["map"] for report in reports])):
        lines.append(f"- first draw of the {name(report)} map in headless Chromium: " + _draw_text(figures))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100, 1000],
                        help="corpus sizes as multiples of the shipped corpus (1 = the shipped corpus itself)")
    parser.add_argument("--workdir", type=Path, default=None, help="where corpora and runs go (default: output/bench)")
    parser.add_argument("--maps-only", action="store_true", help="only the first draws of the synthetic maps")
    args = parser.parse_args()

    from pipelines.resources import resources_from_env

    output = Path(resources_from_env()["output"].output_dir)
    workdir = (args.workdir or output / "bench").resolve()
    text = ""
    if not args.maps_only:
        reports = []
        for scale in sorted(set(args.scales)):
            print(f"benchmark: {'shipped corpus' if scale == 1 else f'{scale}x'} …", file=sys.stderr, flush=True)
            reports.append(run_scale(scale, workdir, incremental=scale == max(args.scales)))
        text = table(reports)
    print("benchmark: synthetic maps …", file=sys.stderr, flush=True)
    text += "\n".join(synthetic_map_lines(workdir / "maps")) + "\n"
    output.mkdir(parents=True, exist_ok=True)
    (output / ("benchmark-maps.md" if args.maps_only else "benchmark.md")).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
