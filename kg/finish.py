"""After the last parse: resolve entities over every document, relink the documents whose entities changed, write
the entities' graph, group actions into events, write the events' graph, stamp them, and compact the store.

This runs after the parser processes have stopped, on one core, so it costs a build its whole time; the store's
writes (RocksDB, which releases the GIL) therefore run in order on a thread of their own (Writes) while the next
write is computed in Python, instead of one after the other.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Callable, Iterable, Iterator, Mapping

from kg.buildstate import BuildState
from kg.collector import paused
from kg.docstate import DocState, applied_keys, encode_state, relink_ntriples
from kg.event_mapping import each_event_ntriples, event_ntriples
from kg.events import Event, load_event_rules, resolve_events
from kg.iri import Minter
from kg.mapping import Mapper
from kg.nlp.rules import Rules
from kg.ontology import family
from kg.resolve import Resolution, resolve
from kg.store.base import AskResult, Store
from kg.store.convert import ntriples
from kg.stories import find_stories

Log = Callable[[str], None]
# Relinking sends documents' updates together, about this many bytes of SPARQL per transaction: one update
# per document cost 3.9 s for the 1,114 documents relinked at the end of a 2,127-article build.
RELINK_BATCH_BYTES = 1_000_000
# A first build writes the events' graph in bulk loads of about this many triples (about 8 MB), so that memory
# never holds the graph of a large corpus whole. Bigger loads leave fewer index files for RocksDB to merge (on the
# 2,225 BBC articles' 500k event triples, alone: 11 loads of 50k 3.1 s of CPU, 6 of 100k 2.6, 3 of 200k 2.2), but
# in whole builds 100k gained nothing measurable, and the parts queued for the writer come on top of everything a
# build holds at its end: a 20-MB document's build peaked at 1,034 MB in its largest process with 100k, 930 with
# 50k (bench/long_document.py; target under 1 GB).
EVENT_PART = 50_000
# Writes computed but not yet written: enough to keep the writer busy, few enough that memory stays flat.
_QUEUED_WRITES = 2


def quiet(_: str) -> None:
    """The log of a build nobody watches."""


class Writes:
    """Store writes run in the order they are given, on `executor`'s thread (inline without one). Once a write
    fails, the writes after it are skipped, so nothing is written on top of a failed write (a stamp after a
    graph that was not stored); wait() raises that first failure."""

    def __init__(self, executor: ThreadPoolExecutor | None = None):
        self._executor = executor
        self._queued: deque[Future] = deque()
        self._failed = False

    def __call__(self, write: Callable, *args) -> None:
        if self._executor is None:
            write(*args)
            return
        while len(self._queued) >= _QUEUED_WRITES:
            self._queued.popleft().result()
        self._queued.append(self._executor.submit(self._run, write, args))

    def _run(self, write: Callable, args: tuple) -> None:
        if self._failed:
            return
        try:
            write(*args)
        except BaseException:
            self._failed = True
            raise

    def wait(self) -> None:
        while self._queued:
            self._queued.popleft().result()


# Raised when kg derives the events' or the entities' graph differently from the same documents (kg:Confrontation
# came with 2, no kg:dateBasis on events that nothing places in time with 3), so that the next build of a store
# derives them again even when no document changed.
DERIVED_GRAPHS_VERSION = 3


def stamp(doc_ids: Iterable[str], rules: Rules) -> str:
    """Names what the derived graphs were computed from: the set of documents, the company suffixes, the event
    rules (kg/data/events.yaml) and DERIVED_GRAPHS_VERSION; a build whose stamp differs derives them again."""
    text = "|".join([" ".join(sorted(doc_ids)), " ".join(sorted(rules.company_suffixes)), repr(load_event_rules()),
                     str(DERIVED_GRAPHS_VERSION)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def finish(store: Store, ledger: BuildState, states: dict[str, DocState], rules: Rules, minter: Minter,
           log: Log = quiet, templates: Mapping[str, str] | None = None, storing: Future | None = None,
           writes: Writes | None = None, resolution: Resolution | None = None) -> Resolution:
    """Resolve over every document, relink those whose entities changed, write the entities, then the events.

    `templates` holds the encoded link templates of documents this build wrote; others are read from the store.
    `storing` is a write still running (the build's last documents), finished before the store is touched:
    resolution and the relinks' updates, pure Python, are computed meanwhile. `writes` runs the store's writes on a
    thread of their own; they are all done when finish returns. `resolution`, when given, is resolve()'s over
    exactly these states, computed already (a long document built alone, kg/pieces.py).
    """
    with paused():
        return _finish(store, ledger, states, rules, minter, log, templates or {}, storing, writes or Writes(), resolution)


def _finish(store: Store, ledger: BuildState, states: dict[str, DocState], rules: Rules, minter: Minter, log: Log,
            templates: Mapping[str, str], storing: Future | None, writes: Writes,
            resolution: Resolution | None) -> Resolution:
    if resolution is None:
        resolution = resolve([s.as_extraction() for s in states.values()], rules.company_suffixes, rules.short_names)
    log(f"resolved {len(states)} documents into {len(resolution.entities)} entities")
    # Computed before any write is queued: templates not in memory are read from the build state, which the writes change.
    changes = [(doc_id, encode_state(replace(state, applied=keys)),
                relink_update(state, keys, templates.get(doc_id) or ledger.template(doc_id), minter))
               for doc_id, state in states.items() if state.applied != (keys := applied_keys(state, resolution))]
    if storing is not None:
        storing.result()
    # What needs only the entities is queued first, in two writes, and the events are grouped while they run.
    relink(store, ledger, changes, minter, log, writes)
    write_entities(store, resolution, minter, writes, log)
    events = group_events(states, resolution)
    write_events(store, events, minter, writes)
    writes(log, f"grouped {sum(s.actions for s in states.values())} actions into {len(events)} events")
    writes(ledger.set_stamp, stamp(states, rules))
    writes.wait()
    return resolution


def relink_update(state: DocState, keys: tuple[str, ...], template: str, minter: Minter) -> str:
    """The update that points a stored document's mentions and actions at their entities after resolution changed."""
    removed, added = relink_ntriples(template, state.applied, keys, minter)
    graph = f"<{minter.document(state.doc_id)}>"
    return (f"DELETE DATA {{ GRAPH {graph} {{ {removed} }} }} ;\n"
            f"INSERT DATA {{ GRAPH {graph} {{ {added} }} }}")


def relink(store: Store, ledger: BuildState, changes: Iterable[tuple[str, str, str]], minter: Minter,
           log: Log = quiet, writes: Writes | None = None) -> None:
    """Apply (document id, new summary, relink update) a batch at a time: the documents' graphs in one
    transaction, with their summaries (kg/buildstate.py), so a document is never half relinked; each document is
    logged once its batch is written."""
    writes = writes or Writes()
    batches: list[list[tuple[str, str, str]]] = [[]]
    size = 0
    for change in changes:
        if size >= RELINK_BATCH_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(change)
        size += len(change[2])

    def apply() -> None:
        for batch in batches:
            ledger.relink(store, batch)
            for doc_id, _, _ in batch:
                log(f"relinked {minter.document(doc_id)}")

    if batches[0]:
        writes(apply)  # one write, so that what comes next is computed while it runs


def group_events(states: Mapping[str, DocState], resolution: Resolution) -> list[Event]:
    """Group every stored action into events (kg/events.py) (pure)."""
    labels = {e.key: e.pref_label for e in resolution.entities}
    speech = family("CommunicativeAction")
    rules = load_event_rules()
    published = {d: s.publication for d, s in states.items()}
    story = find_stories({d: s.named(resolution) for d, s in states.items()}, published, rules.story_distance,
                         rules.story_max_documents, rules.story_neighbours)
    return resolve_events((r for d, s in states.items() for r in s.reports(resolution, speech, story[d])), labels,
                          rules)


def write_events(store: Store, events: list[Event], minter: Minter, writes: Writes | None = None) -> None:
    """Replace the events' graph."""
    writes = writes or Writes()
    graph = str(minter.events_graph())
    exists = store.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    if isinstance(exists, AskResult) and exists.value:
        # a rebuild changes few events: only the difference is written
        writes(store.replace_graph_ntriples, graph, event_ntriples(events, minter))
        return
    load_event_parts(store, graph, each_event_ntriples(events, minter), writes=writes)


def load_event_parts(store: Store, graph: str, groups: Iterable[list[str]], part_size: int = EVENT_PART,
                     writes: Writes | None = None) -> None:
    """A first build's events' graph (each event's N-Triples lines, a group an event) in bulk loads (half the cost
    of a transaction) of about `part_size` triples, each part mapped while the one before is written. Two loads at
    a time on threads of their own were tried: on the 2,225 BBC articles' events 3.0-3.9 s against 3.5 s, within
    noise, as each load already parses and writes on two threads. A build stopped between two loads finds the
    stamp stale and replaces the graph."""
    writes = writes or Writes()
    for part in _parts(groups, part_size):
        writes(store.add_to_graph, graph, "\n".join(part).encode("utf-8"))


def _parts(groups: Iterable[list[str]], size: int) -> Iterator[list[str]]:
    """The groups' lines, about `size` at a time."""
    part: list[str] = []
    for lines in groups:
        part += lines
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


def write_entities(store: Store, resolution: Resolution, minter: Minter, writes: Writes | None = None,
                   log: Log = quiet) -> None:
    """Replace the entities' graph (the stamp comes after the events': a build killed before finds it stale)."""
    writes = writes or Writes()
    graph = str(minter.resolution_graph())
    text = ntriples(Mapper(resolution, minter).entity_triples())

    def write() -> None:
        store.replace_graph_ntriples(graph, text)
        log(f"stored {graph}")

    writes(write)


def compact(store: Store, log: Log = quiet) -> None:
    """Compact an embedded store once a build has written to it. Each bulk-loaded batch and the last step's
    writes leave their own sorted files, which every lookup searches in turn until RocksDB merges them, and it
    does so only when the store is next opened for writing: queries, which open it read-only, stayed 2-3 times
    slower (who-acted-against-whom on the 2,225 BBC articles: 168 ms of CPU, 65-85 ms compacted)."""
    if optimize := getattr(store, "optimize", None):
        started = time.perf_counter()
        optimize()
        log(f"compacted the store in {time.perf_counter() - started:.1f} s")


__all__ = ["RELINK_BATCH_BYTES", "Log", "Writes", "compact", "finish", "load_event_parts", "quiet", "stamp"]
