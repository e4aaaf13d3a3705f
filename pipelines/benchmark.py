"""`python -m pipelines.benchmark` (`make bench`): the full build on synthetic corpora at 10x, 100x
and 1000x the shipped corpus, timed per stage from Dagster's own step events, with the peak
resident memory of each run, the throughput of bare `spacy.blank("en").tokenizer.pipe` on the same
text as the baseline, an incremental refresh after one document changed, and the map's first draw
in headless Chromium. Prints a table and writes it to the output folder (benchmark.md)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
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


def _materialize(resources) -> tuple[float, dict[str, float], dict[str, int]]:
    import dagster as dg

    from pipelines import assets

    started = time.perf_counter()
    result = dg.materialize(dg.load_assets_from_modules([assets]), resources=resources,
                            instance=dg.DagsterInstance.ephemeral())
    total = time.perf_counter() - started
    assert result.success
    seconds = {e.step_key: e.event_specific_data.duration_ms / 1000 for e in result.get_step_success_events()}
    rows = {}
    for event in result.get_asset_materialization_events():
        metadata = event.materialization.metadata
        value = metadata.get("dagster/row_count") or metadata.get("nodes")
        if value is not None:
            rows[event.asset_key.to_user_string()] = int(value.value)
    return total, seconds, rows


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


def run_one(scale: int, workdir: Path, incremental: bool) -> dict:
    """One scale, in this process (the parent runs each scale in its own process for peak RSS)."""
    from graph.ontology import ONTOLOGY_DIR, load_ontology
    from pipelines.resources import CorpusResource, OntologyResource, OutputResource, WarehouseResource
    from sources.synthetic import write_synthetic_corpus

    corpus = workdir / f"corpus-{scale}x"
    if not corpus.exists():
        write_synthetic_corpus(corpus, scale, load_ontology())
    run_dir = workdir / f"run-{scale}x"
    shutil.rmtree(run_dir, ignore_errors=True)
    resources = {
        "corpus": CorpusResource(corpus_dir=str(corpus)),
        "ontology_files": OntologyResource(ontology_dir=str(ONTOLOGY_DIR)),
        "warehouse": WarehouseResource(database=str(run_dir / "knowledge.duckdb")),
        "output": OutputResource(output_dir=str(run_dir / "output")),
    }
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    total, seconds, rows = _materialize(resources)
    texts = _item_texts(run_dir / "knowledge.duckdb")
    report = {
        "scale": scale, "documents": len(files), "megabytes": megabytes, "total_seconds": total,
        "stage_seconds": seconds, "rows": rows, "item_chars": sum(len(t) for t in texts),
        "baseline_chars_per_second": _tokenizer_chars_per_second(texts),
        "map": str(run_dir / "output" / "concept_map.html"),
    }
    if incremental:
        changed = files[len(files) // 2]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more line about Kafka and Redis.\n", encoding="utf-8")
        report["incremental_seconds"], _, _ = _materialize(resources)
    report["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report


def first_draw_ms(page: Path) -> float | None:
    """Time to vis-network's first draw in headless Chromium (None without Chromium)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists() or not page.exists():
        return None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu", "--proxy-server=http://127.0.0.1:9"])
        try:
            tab = browser.new_page()
            tab.goto(page.resolve().as_uri(), wait_until="load", timeout=300_000)
            tab.wait_for_function("() => window.conceptMapFirstDrawMs !== undefined", timeout=300_000)
            return float(tab.evaluate("window.conceptMapFirstDrawMs"))
        finally:
            browser.close()


def table(reports: list[dict], shipped_map: Path) -> str:
    lines = [
        f"Machine: {platform.node() or 'unknown'} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"{platform.platform()}",
        "",
        "| scale | documents | MB | stage | seconds | documents/s | MB/s | rows |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for report in reports:
        for step, asset in STAGES:
            seconds = report["stage_seconds"].get(step, 0.0)
            rate = (lambda n: f"{n / seconds:,.0f}" if seconds else "–")
            lines.append(
                f"| {report['scale']}x | {report['documents']:,} | {report['megabytes']:.1f} | {step} | {seconds:.2f} | "
                f"{rate(report['documents'])} | {report['megabytes'] / seconds if seconds else 0:.2f} | "
                f"{report['rows'].get(asset, '')} |"
            )
    lines += ["", "| scale | total s | s per MB | peak RSS MB | extraction chars/s | tokenizer chars/s | extraction / tokenizer | incremental s (fraction) |",
              "|---|---|---|---|---|---|---|---|"]
    for report in reports:
        extraction = report["item_chars"] / report["stage_seconds"]["entity_extraction"]
        incremental = report.get("incremental_seconds")
        lines.append(
            f"| {report['scale']}x | {report['total_seconds']:.1f} | {report['total_seconds'] / report['megabytes']:.2f} | "
            f"{report['peak_rss_mb']:.0f} | {extraction:,.0f} | {report['baseline_chars_per_second']:,.0f} | "
            f"{extraction / report['baseline_chars_per_second']:.2f} | "
            + (f"{incremental:.1f} ({incremental / report['total_seconds']:.1%})" if incremental else "–") + " |"
        )
    draws = [("shipped corpus", shipped_map)] + [(f"{r['scale']}x", Path(r["map"])) for r in reports[-1:]]
    lines.append("")
    for name, page in draws:
        ms = first_draw_ms(page)
        lines.append(f"- first draw of the {name} map in headless Chromium: " + (f"{ms:,.0f} ms" if ms is not None else "not measured"))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=int, nargs="+", default=[10, 100])  # 1000x: see README, Performance
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--incremental", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    from pipelines.resources import resources_from_env

    output = Path(resources_from_env()["output"].output_dir)
    workdir = args.workdir or output / "bench"
    if args.one:
        print(json.dumps(run_one(args.one, workdir, args.incremental)))
        return
    reports = []
    for scale in args.scales:
        command = [sys.executable, "-m", "pipelines.benchmark", "--one", str(scale), "--workdir", str(workdir)]
        if scale == max(args.scales):
            command.append("--incremental")
        print(f"benchmark: {scale}x …", file=sys.stderr, flush=True)
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        reports.append(json.loads(done.stdout.strip().splitlines()[-1]))
    text = table(reports, output / "concept_map.html")
    output.mkdir(parents=True, exist_ok=True)
    (output / "benchmark.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
