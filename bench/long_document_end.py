"""What a long document's end costs as the document grows, without parsing it again: the pure-Python stages after
the last piece, timed on a built document's summary repeated 1, 2, 4... times (as bench/long_document.py's 20 MB
document repeats the BBC corpus, about 5 MB, four times).

    .venv/bin/python bench/long_document_steps.py --megabytes 5 --jobs 2 --keep /tmp/long-store
    .venv/bin/python bench/long_document_end.py /tmp/long-store --times 1,2,4

For each size: CPU seconds (this process, one thread) of entity resolution (kg/resolve.py), grouping the events
(kg/finish.group_events: stories, reports, event resolution; the last also alone), the events' N-Triples
(kg/event_mapping.each_event_ntriples) and the entities' triples, and each per copy of the summary: a figure that
rises with the copies grows faster than the document. Run it with another checkout first on PYTHONPATH to time that
version on the same summary.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from kg.docstate import DocState
from kg.event_mapping import each_event_ntriples
from kg.events import load_event_rules, resolve_events
from kg.finish import group_events
from kg.iri import Minter
from kg.mapping import Mapper
from kg.ontology import family
from kg.resolve import resolve
from kg.stories import find_stories
from long_document_stages import built_document, described, print_stage_table


def repeated(state: DocState, times: int) -> DocState:
    """The summary of the document written `times` times one after the other."""
    length = max(m.end for m in state.mentions) + 2
    count = len(state.mentions)
    mentions, aliases, actions = [], [], []
    for copy in range(times):
        shift = copy * length

        def moved(m, shift=shift):
            return replace(m, start=m.start + shift, end=m.end + shift) if shift else m

        def at(index, copy=copy):
            return None if index is None else index + copy * count

        mentions += [moved(m) for m in state.mentions]
        aliases += [replace(a, name=moved(a.name), alias=moved(a.alias)) for a in state.aliases]
        actions += [replace(a, start=a.start + shift, agent=at(a.agent), target=at(a.target), place=at(a.place))
                    for a in state.action_states]
    return replace(state, mentions=tuple(mentions), aliases=tuple(aliases), actions=len(actions),
                   action_states=tuple(actions), applied=None)


def _timed(times: dict[str, float], name: str, function, *args):
    started = time.thread_time()
    result = function(*args)
    times[name] = time.thread_time() - started
    return result


def stages(state: DocState, rules, minter: Minter) -> dict[str, float]:
    times: dict[str, float] = {}
    resolution = _timed(times, "entity resolution", resolve, [state.as_extraction()], rules.company_suffixes,
                        rules.short_names)
    events = _timed(times, "grouping the events (finish.group_events)", group_events, {state.doc_id: state},
                    resolution)
    event_rules = load_event_rules()
    story = find_stories({state.doc_id: state.named(resolution)}, {state.doc_id: state.publication},
                         event_rules.story_distance, event_rules.story_max_documents)
    reports = state.reports(resolution, family("CommunicativeAction"), story[state.doc_id])
    _timed(times, "of which event resolution", resolve_events, reports,
           {e.key: e.pref_label for e in resolution.entities}, event_rules)
    _timed(times, "the events' N-Triples", lambda: sum(len(lines) for lines in each_event_ntriples(events, minter)))
    _timed(times, "the entities' triples", lambda: len(Mapper(resolution, minter).entity_triples()))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--times", default="1,2,4")
    args = parser.parse_args()
    state, minter, rules = built_document(args.store)
    copies = [int(t) for t in args.times.split(",")]
    print_stage_table("CPU s per copy of the summary", {f"{t} copies": t for t in copies},
                      lambda label: stages(described(repeated(state, int(label.split()[0])), label), rules, minter))


if __name__ == "__main__":
    main()
