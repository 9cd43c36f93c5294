"""What event resolution costs in a build: time each step of it on a built store, beside entity resolution.

A build's finish() resolves entities over every stored document, then groups every action into events
(kg/events.py) and writes the events' graph. This script replays those steps on a built store and prints how
long each takes, how many reports and events there are, and the share of a build they make given the build's
own time (read from the `kg build` summary line or given with --build-seconds).

    kg build ../shared/corpus/bbc-news/bbc --store /tmp/bbc-store --jobs 2 --no-validate
    python bench/event_cost.py /tmp/bbc-store --build-seconds 120

The events' graph is rewritten whole: it is dropped first, then written as a build writes it, so the figure
is the cost of a first build, not of an unchanged rebuild (which writes only the difference).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.event_mapping import event_triples  # noqa: E402
from kg.events import load_event_rules, resolve_events  # noqa: E402
from kg.iri import Minter  # noqa: E402
from kg.nlp.rules import load_rules  # noqa: E402
from kg.ontology import family  # noqa: E402
from kg.buildstate import open_state  # noqa: E402
from kg.pipeline import load_states  # noqa: E402
from kg.resolve import resolve  # noqa: E402
from kg.store import open_store  # noqa: E402
from kg.store.convert import ntriples  # noqa: E402
from kg.stories import find_stories  # noqa: E402
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base  # noqa: E402


def timed(step):
    started = time.perf_counter()
    value = step()
    return value, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", help="a store built by kg build")
    parser.add_argument("--build-seconds", type=float, help="the build's wall time, for the share")
    parser.add_argument("--rounds", type=int, default=3, help="repeat the pure steps this many times (median)")
    args = parser.parse_args(argv)
    minter = Minter(DEFAULT_BASE_IRI)
    rules = load_rules()
    speech = family("CommunicativeAction")
    rules_e = load_event_rules()
    with open_store(args.store, prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        states, load_s = timed(lambda: load_states(open_state(store, minter)))
        rounds = []
        for _ in range(args.rounds):
            resolution, resolve_s = timed(lambda: resolve([s.as_extraction() for s in states.values()], rules.company_suffixes, rules.short_names))
            labels = {e.key: e.pref_label for e in resolution.entities}
            published = {d: s.publication for d, s in states.items()}
            story, stories_s = timed(lambda: find_stories({d: s.named(resolution) for d, s in states.items()}, published,
                                                          rules_e.story_distance, rules_e.story_max_documents,
                                                          rules_e.story_neighbours))
            reports, reports_s = timed(lambda: [r for d, s in states.items() for r in s.reports(resolution, speech, story[d])])
            events, events_s = timed(lambda: resolve_events(reports, labels, rules_e))
            triples, map_s = timed(lambda: event_triples(events, minter))
            rounds.append((resolve_s, stories_s + reports_s, events_s, map_s))
        graph = str(minter.events_graph())
        store.update(f"DROP SILENT GRAPH <{graph}>")
        _, write_s = timed(lambda: store.load_graphs([(graph, ntriples(triples).encode("utf-8"))]))  # as a first build
    resolve_s, reports_s, events_s, map_s = (statistics.median(r[i] for r in rounds) for i in range(4))
    event_total = reports_s + events_s + map_s + write_s
    sizes = Counter(len(e.reports) for e in events)
    multi = sum(n for size, n in sizes.items() if size > 1)
    print(f"store: {args.store}: {len(states)} documents, {len(reports)} action reports, {len(events)} events "
          f"({multi} with more than one report; largest {max(sizes, default=0)} reports), {len(triples)} event triples")
    print(f"reading the documents' summaries          {load_s:8.2f} s")
    print(f"entity resolution (for comparison)         {resolve_s:8.2f} s")
    print(f"stories and reports from summaries         {reports_s:8.2f} s")
    print(f"event resolution (kg/events.py)            {events_s:8.2f} s")
    print(f"mapping events to RDF                      {map_s:8.2f} s")
    print(f"writing the events' graph                  {write_s:8.2f} s")
    print(f"event steps in all                         {event_total:8.2f} s")
    if args.build_seconds:
        print(f"share of a {args.build_seconds:.1f} s build             {100 * event_total / args.build_seconds:8.1f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
