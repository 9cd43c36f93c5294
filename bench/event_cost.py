"""What event resolution costs in a build: time each step of it on a built store, beside entity resolution.

A build's finish() resolves entities over every stored document, then groups every action into events
(kg/events.py) and writes the events' graph. This script replays those steps on a built store and prints how
long each takes, how many reports and events there are, and the share of a build they make given the build's
own time (read from the `kg build` summary line or given with --build-seconds).

    kg build ../shared/corpus/bbc-news/bbc --store /tmp/bbc-store --jobs 2 --no-validate
    python bench/event_cost.py /tmp/bbc-store --build-seconds 120

The events' graph is rewritten whole: it is dropped first, then written as a build writes it, so the figure
is the cost of a first build, not of an unchanged rebuild (which writes only the difference).

Those steps do not all add to a build's time: the store's writes run on a thread of their own, beside the
Python that maps the next part. So the script also replays what a build does after its last parse (kg/finish.py
then the compaction) twice per round, with the events and without them (no action grouped), and prints what the
events add to that tail, in wall time and in CPU: the share a user waits for.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import kg.finish  # noqa: E402
from kg.event_mapping import each_event_ntriples  # noqa: E402
from kg.finish import Writes, compact, finish, load_event_parts  # noqa: E402
from kg.events import load_event_rules, resolve_events  # noqa: E402
from kg.iri import Minter  # noqa: E402
from kg.nlp.rules import load_rules  # noqa: E402
from kg.ontology import family  # noqa: E402
from kg.buildstate import open_state  # noqa: E402
from kg.pipeline import load_states  # noqa: E402
from kg.resolve import resolve  # noqa: E402
from kg.store import open_store  # noqa: E402
from kg.stories import find_stories  # noqa: E402
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base  # noqa: E402


def timed(step):
    """The step's value, wall seconds and CPU seconds (this process's threads included)."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = step()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def median_pair(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", help="a store built by kg build")
    parser.add_argument("--build-seconds", type=float, help="the build's wall time, for the share")
    parser.add_argument("--build-cpu", type=float,
                        help="the build's CPU seconds, all processes (bench/ratio.py prints it), for the share in CPU")
    parser.add_argument("--rounds", type=int, default=3, help="repeat the pure steps this many times (median)")
    parser.add_argument("--tail-rounds", type=int, default=3,
                        help="replay the build's tail this many times with the events and without (0: not at all)")
    args = parser.parse_args(argv)
    minter = Minter(DEFAULT_BASE_IRI)
    rules = load_rules()
    speech = family("CommunicativeAction")
    rules_e = load_event_rules()
    steps: dict[str, list[tuple[float, float]]] = {}

    def step(name, work):
        value, wall, cpu = timed(work)
        steps.setdefault(name, []).append((wall, cpu))
        return value

    with open_store(args.store, prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        states = step("reading the documents' summaries", lambda: load_states(open_state(store, minter)))
        for _ in range(args.rounds):
            resolution = step("entity resolution (for comparison)", lambda: resolve(
                [s.as_extraction() for s in states.values()], rules.company_suffixes, rules.short_names))
            labels = {e.key: e.pref_label for e in resolution.entities}
            published = {d: s.publication for d, s in states.items()}
            story = step("stories", lambda: find_stories({d: s.named(resolution) for d, s in states.items()},
                                                         published, rules_e.story_distance, rules_e.story_max_documents,
                                                         rules_e.story_neighbours))
            reports = step("reports from summaries", lambda: [
                r for d, s in states.items() for r in s.reports(resolution, speech, story[d])])
            events = step("event resolution (kg/events.py)", lambda: resolve_events(reports, labels, rules_e))
            groups = step("mapping events to N-Triples", lambda: list(each_event_ntriples(events, minter)))
        graph = str(minter.events_graph())
        store.update(f"DROP SILENT GRAPH <{graph}>")
        step("writing the events' graph", lambda: load_event_parts(store, graph, groups))  # as a first build does
        tails: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
        for _ in range(args.tail_rounds):
            for events_too in (False, True):  # the store is left as a build leaves it
                tails[events_too].append(replay_tail(store, states, rules, minter, events_too))
    sizes = Counter(len(e.reports) for e in events)
    multi = sum(n for size, n in sizes.items() if size > 1)
    print(f"store: {args.store}: {len(states)} documents, {len(reports)} action reports, {len(events)} events "
          f"({multi} with more than one report; largest {max(sizes, default=0)} reports), "
          f"{sum(map(len, groups))} event triples")
    print(f"{'step (median of the rounds)':42} {'wall':>8} {'CPU':>8}")
    total = [0.0, 0.0]
    for name, pairs in steps.items():
        wall, cpu = median_pair(pairs)
        print(f"{name:42} {wall:8.2f} {cpu:8.2f} s")
        if name not in ("reading the documents' summaries", "entity resolution (for comparison)"):
            total = [total[0] + wall, total[1] + cpu]
    print(f"{'event steps in all':42} {total[0]:8.2f} {total[1]:8.2f} s")
    if args.build_seconds:
        print(f"share of a {args.build_seconds:.1f} s build (wall)            {100 * total[0] / args.build_seconds:8.1f} %")
    if args.tail_rounds:
        (wall, cpu), (wall_0, cpu_0) = median_pair(tails[True]), median_pair(tails[False])
        print(f"the build's tail (finish and compaction), median of {args.tail_rounds}:")
        print(f"{'  with the events':42} {wall:8.2f} {cpu:8.2f} s")
        print(f"{'  without them':42} {wall_0:8.2f} {cpu_0:8.2f} s")
        print(f"{'  what the events add':42} {wall - wall_0:8.2f} {cpu - cpu_0:8.2f} s")
        if args.build_seconds:
            print(f"  share of a {args.build_seconds:.1f} s build (wall)          {100 * (wall - wall_0) / args.build_seconds:8.1f} %")
        if args.build_cpu:
            print(f"  share of a build's {args.build_cpu:.1f} s of CPU            {100 * (cpu - cpu_0) / args.build_cpu:8.1f} %")
    return 0


def replay_tail(store, states, rules, minter, events_too: bool) -> tuple[float, float]:
    """Wall and CPU seconds of finish() and the compaction as a first build runs them (the events' and the
    entities' graphs written anew, the writes on their own thread), with the events or with none."""
    for graph in (minter.events_graph(), minter.resolution_graph()):
        store.update(f"DROP SILENT GRAPH <{graph}>")
    store.optimize()
    grouping = kg.finish.group_events
    if not events_too:
        kg.finish.group_events = lambda states, resolution: []
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        with ThreadPoolExecutor(1) as writer:
            finish(store, open_state(store, minter), states, rules, minter, writes=Writes(writer))
        compact(store)
        return time.perf_counter() - wall, time.process_time() - cpu
    finally:
        kg.finish.group_events = grouping


if __name__ == "__main__":
    raise SystemExit(main())
