"""The build ratio alone: `kg build` against plain nlp.pipe on the same articles, every round printed.

    python bench/ratio.py [FOLDER] [--articles 400] [--jobs 2] [--rounds 3] [--keep STORE]

bench/run.py's measure without its rebuilds and queries (minutes instead of a quarter of an hour): the first N
articles of FOLDER (default ../shared/corpus/bbc-news, taken in turn from its sub-folders) are copied to a scratch
folder; then, each in its own subprocess and --rounds times in turn, nlp.pipe of the model as spaCy ships it
(bench/parse_only.py), nlp.pipe of the pipeline kg builds with (`--pipeline kg`: the same model, its attribute
ruler and lemmatizer memoised) and a clean `kg build`, wall and CPU time of all their processes. The ratio is
nlp.pipe's seconds over the build's (issue 22's target: at least 0.93 in every round); the ratio against kg's own
pipeline says what kg's extraction, mapping and storing cost on top of its parse. Each run's worker processes
are watched (bench/run.py Phases): when they started (start-up before), when they last worked, and the tail after
them, which for a build is resolution, the events, the last writes and the compaction, on the build process alone.
--keep leaves the last build's store there (for bench/event_cost.py, say).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.93  # issue 22: nlp.pipe's seconds over the build's, in every round
sys.path.insert(0, str(ROOT / "bench"))

from run import Measured, articles, copy_articles, kg_build, measure  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus" / "bbc-news")
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="where to leave the last build's store")
    args = parser.parse_args(argv)
    files = articles(args.folder)[: args.articles]
    if not files:
        parser.error(f"{args.folder}: no .txt or .md articles found")
    print(f"{len(files)} articles of {args.folder}, {args.jobs} process(es), spaCy {version('spacy')}, load average "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    ratios, own, pipes = [], [], []
    tails: list[float | None] = []
    with tempfile.TemporaryDirectory(prefix="kg-ratio-") as scratch:
        folder = copy_articles(files, Path(scratch) / "articles")
        store = Path(scratch) / "store"
        for n in range(1, args.rounds + 1):
            pipe = {name: measure([sys.executable, str(ROOT / "bench" / "parse_only.py"), str(folder), "--jobs",
                                   str(args.jobs), "--pipeline", name], Path(scratch), phases=True)
                    for name in ("shipped", "kg")}
            shutil.rmtree(store, ignore_errors=True)
            build = kg_build(folder, store, args.jobs, Path(scratch), phases=True)
            ratios.append(pipe["shipped"].seconds / build.seconds)
            pipes.append(pipe["shipped"].seconds)
            own.append(pipe["kg"].seconds / build.seconds)
            tails.append(build.seconds - build.phases.workers_done if build.phases else None)
            print(f"round {n}: nlp.pipe {pipe['shipped'].seconds:.1f} s ({pipe['shipped'].cpu_seconds:.1f} s CPU"
                  f"{_phases(pipe['shipped'])}), kg's pipeline {pipe['kg'].seconds:.1f} s "
                  f"({pipe['kg'].cpu_seconds:.1f}), "
                  f"kg build {build.seconds:.1f} s ({build.cpu_seconds:.1f}, peak {build.peak_rss_mb:,.0f} MB"
                  f"{_phases(build)}): ratio {ratios[-1]:.2f}, against kg's own pipeline {own[-1]:.2f}; load "
                  f"average {os.getloadavg()[0]:.1f}", flush=True)
        if args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            shutil.move(str(store), args.keep)
    print(f"ratio median {statistics.median(ratios):.2f}, lowest {min(ratios):.2f}; against kg's own pipeline "
          f"median {statistics.median(own):.2f}")
    if measured := [t for t in tails if t is not None]:
        pipe_median = statistics.median(pipes)
        print(f"kg build's tail (after its parser processes last ran) median {statistics.median(measured):.1f} s, "
              f"where a ratio of {TARGET} allows the whole build {pipe_median * (1 / TARGET - 1):.1f} s more than "
              f"nlp.pipe (median {pipe_median:.1f} s)")
    return 0


def _phases(run: Measured) -> str:
    """Where a run's worker processes began and last worked, and what came after (bench/run.py Phases)."""
    if run.phases is None:
        return ""
    return (f"; workers from {run.phases.workers_started:.1f} to {run.phases.workers_done:.1f} s, then "
            f"{run.seconds - run.phases.workers_done:.1f} s")


if __name__ == "__main__":
    raise SystemExit(main())
