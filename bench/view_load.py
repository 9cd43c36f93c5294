"""How long the view page of a built store takes to make and to load in headless Chromium.

Times, for the default view (the 200 entities in most events) and any other --top given: reading the page's
data through SPARQL and writing the HTML (wall and CPU time of this process; the embedded store queries in it), then in Debian's chromium driven by
Playwright the time from navigation until the page says it is ready (network laid out, timeline drawn), and the
page's own split of it (parsing the data and drawing, the force-directed layout, the timeline). Each figure is the
median of --runs loads. Build the store once (a BBC build takes minutes) and reuse it:

    .venv/bin/kg build ../shared/corpus/bbc-news/bbc --store /tmp/bbc-store --no-validate
    .venv/bin/python bench/view_load.py /tmp/bbc-store [--top 200 --top 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from kg.api import Graph


def measure(store: str, tops: list[int], runs: int) -> list[dict]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("needs chromium: apt-get install chromium")
    rows = []
    folder = Path(tempfile.mkdtemp(prefix="kg-view-bench-"))
    with Graph(store, read_only=True) as graph, sync_playwright() as p:
        events = graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?e a kg:Event ; kg:agent [] ; kg:target [] }")[0]["n"]
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for top in tops:
            made, cpu, loads, splits = [], [], [], []
            for _ in range(runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                page_view = graph.view(top=top)
                path = page_view.save(folder / f"top-{top}.html")
                made.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
                tab = browser.new_page(viewport={"width": 1400, "height": 900})
                errors: list[str] = []
                tab.on("pageerror", lambda e: errors.append(str(e)))
                started = time.perf_counter()
                tab.goto(path.as_uri())
                tab.wait_for_selector("body[data-ready=true]", timeout=300_000)
                loads.append(time.perf_counter() - started)
                splits.append(tab.evaluate("kgView.timings"))
                tab.close()
                if errors:
                    raise SystemExit(f"the page logged errors: {errors[:3]}")
            nodes, edges = page_view.counts
            rows.append({"top": top, "entities": nodes, "events": edges, "all_events": events,
                         "mb": path.stat().st_size / 1e6, "make": statistics.median(made), "cpu": statistics.median(cpu),
                         "load": statistics.median(loads),
                         **{k: statistics.median(s[k] for s in splits) / 1000 for k in ("data", "layout", "timeline")}})
        browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", help="a built store folder (or a SPARQL endpoint URL)")
    parser.add_argument("--top", type=int, action="append", help="entities shown (repeatable; default 200)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = measure(args.store, args.top or [200], args.runs)
    print("| top | entities | events shown (of all with agent and target) | page MB | data + HTML: wall (CPU) s | "
          "load until ready (s) | of which: parse + draw | layout | timeline |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['top']} | {r['entities']} | {r['events']:,} ({r['all_events']:,}) | {r['mb']:.1f} | {r['make']:.2f} ({r['cpu']:.2f}) | "
              f"{r['load']:.2f} | {r['data']:.2f} | {r['layout']:.2f} | {r['timeline']:.2f} |")


if __name__ == "__main__":
    main()
