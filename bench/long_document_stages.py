"""What grows faster than the text after parsing: the build's whole-document stages on the first quarter, half
and all of one long document already built into a store.

    .venv/bin/python bench/long_document_profile.py --megabytes 2 --jobs 2 --keep /tmp/long-store
    .venv/bin/python bench/long_document_stages.py /tmp/long-store

Reads the document's summary (mentions, aliases, actions) from the store's build state and times, on its first
fraction of mentions (with the aliases and actions among them): entity resolution (kg/resolve.py), stories and
event reports, event resolution (kg/events.py) and mapping the events to RDF. Seconds per quarter of the
document: a figure that rises with the fraction grows faster than the text. Run it with another checkout's kg
first on PYTHONPATH to time that version's stages on the same summary.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from typing import Callable

from kg.buildstate import open_state
from kg.docstate import DocState
from kg.event_mapping import event_triples
from kg.events import load_event_rules, resolve_events
from kg.iri import Minter
from kg.nlp.rules import Rules, load_rules
from kg.ontology import family
from kg.pipeline import load_states
from kg.resolve import resolve
from kg.store import open_store
from kg.stories import find_stories
from kg.vocab import DEFAULT_BASE_IRI


def head(state: DocState, fraction: float) -> DocState:
    """The state of the document's first `fraction` of mentions."""
    count = int(len(state.mentions) * fraction)
    kept = {m.key for m in state.mentions[:count]}
    actions = tuple(a for a in state.action_states
                    if all(i is None or i < count for i in (a.agent, a.target, a.place)))
    return replace(state, mentions=state.mentions[:count], actions=len(actions), action_states=actions,
                   aliases=tuple(a for a in state.aliases if a.name.key in kept and a.alias.key in kept), applied=None)


def stages(state: DocState, rules, minter: Minter) -> dict[str, float]:
    times: dict[str, float] = {}
    started = time.perf_counter()
    resolution = resolve([state.as_extraction()], rules.company_suffixes, rules.short_names)
    times["entity resolution"] = time.perf_counter() - started
    started = time.perf_counter()
    event_rules = load_event_rules()
    story = find_stories({state.doc_id: state.named(resolution)}, {state.doc_id: state.publication},
                         event_rules.story_distance, event_rules.story_max_documents)
    reports = state.reports(resolution, family("CommunicativeAction"), story[state.doc_id])
    times["stories and reports"] = time.perf_counter() - started
    started = time.perf_counter()
    events = resolve_events(reports, {e.key: e.pref_label for e in resolution.entities}, event_rules)
    times["event resolution"] = time.perf_counter() - started
    started = time.perf_counter()
    event_triples(events, minter)
    times["event mapping"] = time.perf_counter() - started
    return times


def built_document(store: str) -> tuple[DocState, Minter, Rules]:
    """The summary of the longest document built into `store`, with the minter and rules to time its stages."""
    minter = Minter(DEFAULT_BASE_IRI)
    with open_store(store, read_only=True) as opened:
        states = load_states(open_state(opened, minter))
    return max(states.values(), key=lambda s: len(s.mentions)), minter, load_rules()


def described(state: DocState, what: str) -> DocState:
    print(f"{what}: {len(state.mentions):,} mentions, {state.actions:,} actions", flush=True)
    return state


def print_stage_table(heading: str, columns: dict[str, float], timed: Callable[[str], dict[str, float]]) -> None:
    """Each column's stage times (`timed(label)`) divided by the column's size, as a Markdown table: a row whose
    figures rise from left to right grows faster than the text."""
    rows = {label: timed(label) for label in columns}
    first = next(iter(rows.values()))
    print(f"\n| {heading} | " + " | ".join(columns) + " |\n|---|" + "---:|" * len(columns))
    for stage in first:
        print(f"| {stage} | " + " | ".join(f"{rows[label][stage] / size:.2f}" for label, size in columns.items()) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--fractions", default="0.25,0.5,1")
    args = parser.parse_args()
    state, minter, rules = built_document(args.store)
    fractions = [float(f) for f in args.fractions.split(",")]
    print_stage_table("seconds per quarter of the document", {f"{f:g}": 4 * f for f in fractions},
                      lambda label: stages(described(head(state, float(label)), f"{label} of the document"), rules, minter))


if __name__ == "__main__":
    main()
