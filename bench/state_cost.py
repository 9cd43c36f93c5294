"""What keeping the build state beside the graph (kg/buildstate.py) costs: build, rebuilds, forget and the
streamed exports on one corpus, timed as bench/run.py times its rebuild rows.

    python bench/state_cost.py [CORPUS] [--size 2225] [--jobs 2] [--scratch DIR] [--code DIR]

Copies the first SIZE articles to SCRATCH, builds them, rebuilds with nothing changed, with 1% changed, forgets
1%, and exports N-Triples and N-Quads (seconds, MB/s). `--code DIR` runs another checkout of kg (its package on
PYTHONPATH, e.g. a `git archive` of an earlier commit) for a before/after comparison on the same machine.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
from pathlib import Path

from run import KG, ROOT, articles, change_articles, copy_articles, measure


def last_documents(store: Path, fraction: float) -> list[str]:
    """The IRIs of the last `fraction` of the store's documents (the same text read twice is one document, so
    file paths would name some that are not stored)."""
    listed = measure([*KG, "query", "--store", str(store), "--format", "csv",
                      "SELECT ?d WHERE { GRAPH ?d { ?d a kg:Document } } ORDER BY ?d"], store.parent)
    documents = listed.stdout.split()[1:]
    return documents[-max(1, math.ceil(len(documents) * fraction)):]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus" / "bbc-news")
    parser.add_argument("--size", type=int, default=2225)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/kg-state-cost"))
    parser.add_argument("--code", type=Path, help="run the kg package found in this folder instead")
    args = parser.parse_args()
    if args.code:
        os.environ["PYTHONPATH"] = str(args.code.resolve())
    shutil.rmtree(args.scratch, ignore_errors=True)
    folder = copy_articles(articles(args.corpus)[: args.size], args.scratch / "articles")
    store = args.scratch / "store"
    jobs = ["--jobs", str(args.jobs)]

    def timed(label: str, *command: str) -> float:
        result = measure([*KG, *command], args.scratch)
        print(f"{label}: {result.seconds:.1f} s wall, {result.cpu_seconds:.1f} s CPU, peak {result.peak_rss_mb:.0f} MB",
              flush=True)
        return result.seconds

    full = timed("build", "build", str(folder), "--store", str(store), *jobs)
    unchanged = timed("rebuild, nothing changed", "build", str(folder), "--store", str(store), *jobs)
    changed = change_articles(folder, 0.01)
    again = timed(f"rebuild, {changed} articles changed", "build", str(folder), "--store", str(store), *jobs)
    gone = last_documents(store, 0.01)
    forgot = timed(f"forget {len(gone)} documents", "forget", *gone, "--store", str(store))
    print(f"shares of the full build: unchanged {unchanged / full:.1%}, changed {again / full:.1%}, forget {forgot / full:.1%}")
    for fmt in ("ntriples", "nquads"):
        out = args.scratch / f"export.{fmt}"
        seconds = timed(f"export {fmt}", "export", "--store", str(store), "--format", fmt, "-o", str(out))
        size = out.stat().st_size / 1e6
        print(f"  {size:.1f} MB, {size / seconds:.1f} MB/s, {sum(1 for _ in out.open('rb')):,} statements", flush=True)
    print(f"store folder: {sum(p.stat().st_size for p in store.rglob('*') if p.is_file()) / 1e6:.0f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
