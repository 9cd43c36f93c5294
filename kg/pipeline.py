"""Build a graph: read articles, run NLP, resolve entities, map to RDF, write to the store.

A build streams: only new or changed documents are parsed (kg/parse.py, `jobs` processes), and they are stored as
they come, up to 32 MB of N-Triples at a time (the last batch smaller: load_batch_bytes) on a thread of their own
while the parse goes on, each as a whole graph, its mentions linked to the entities it would have on its own (a
document longer than spaCy's max_length comes in parts of about that size, kg/pieces.py, its state after the last).
Resolution then runs over the compact summaries of every document in the store (kg/docstate.py), the documents whose
entities it decides otherwise are relinked (a batch of whole documents per atomic update), and the entities' graph
is replaced last, stamped with the set of documents it was computed from. Summaries, link templates and the stamp
are kept beside the user's graph (kg/buildstate.py). A build killed at any moment keeps the whole documents it
stored (a long document's parts without its state are dropped by the next build, kg/buildstate.drop_orphans); the
next build sees that the stamp does not match and finishes the job.
"""

from __future__ import annotations

import gc
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from rdflib.namespace import SKOS

from kg.buildstate import BuildState, drop_orphans, migrate, open_state
from kg.collector import sparing
from kg.docstate import DocState, decode_state, encode_state, fingerprint
from kg.errors import StoreFull
from kg.finish import Log, Writes, compact, finish, quiet, stamp
from kg.ingest import Failure, fault, iter_articles
from kg.iri import Minter
from kg.jsonl import is_line_of
from kg.model import Article, BuildReport
from kg.nlp.rules import Rules
from kg.ontology import stored_ontology
from kg.parse import Parsed, Part, Source, parse_documents
from kg.remotestate import move_from_server
from kg.resolve import Resolution
from kg.store import is_remote
from kg.store.base import SelectResult, Store
from kg.stories import preload as preload_stories
from kg.vocab import KG

# The ontology lives in the store too, so queries can follow rdfs:subClassOf* from the data.
ONTOLOGY_GRAPH = "https://w3id.org/kgnews/ontology"

Progress = Callable[[DocState], None]
# SHACL validation (pyshacl) is slow, so a build checks a sample of what it writes: its first documents, in the
# parser's processes (kg/parse.py). Each costs ~0.3 s of CPU (5 of them were 3% of a 400-article build); a
# mapping bug shows in any document, so two suffice. `kg validate` checks everything.
VALIDATION_SAMPLE = 2
# Parsed documents are stored together, about this many bytes of N-Triples at a time (about 480 BBC articles):
# the embedded store bulk-loads a batch for half the CPU of one transaction per document, and every bulk load
# leaves index files that overlap all the others (keys are hashes), which RocksDB's background threads merge
# while the parsers run. On the 2,225 BBC articles, 32 MB at a time instead of 8 took those threads from 23 to
# 13 s of CPU and the build process's own thread from 53 to 41 s: the build from 157.8 to 140.2 s (64 MB: 138.7
# s, with 818 MB in the build process). A build killed meanwhile loses at most this batch, which the next build
# parses again.
LOAD_BATCH_BYTES = 32_000_000
# The last batch is loaded after the last parse, when nothing else runs but resolution: a build's batches are
# therefore equal but for a last one about this fraction of the others (400 BBC articles, 27 MB of N-Triples,
# were one load of 0.9 s after the parse). Every load adds index files that RocksDB merges with all stored before,
# so a build has no more batches than it needs.
LAST_BATCH_FRACTION = 0.2
# No batch is smaller than this (a build of less is stored in one): a load has a cost of its own.
MIN_LOAD_BATCH_BYTES = 4_000_000
# What a build's graph weighs, in bytes of N-Triples per character of text (35.4 on 400 BBC articles).
NTRIPLES_PER_CHARACTER = 35
# A long document's graph comes from the parsers in parts of about this many bytes (kg/pieces.py), each stored
# as it comes, so that the build process never holds much of it.
LONG_DOCUMENT_PART_BYTES = 8_000_000


@dataclass(frozen=True)
class Input:
    """A readable input file, without its text."""

    path: str
    doc_id: str
    fingerprint: str
    length: int  # characters of text


def model_name(nlp) -> str:
    return f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"


def record_failure(report: BuildReport, failure: Failure) -> None:
    """Count a document as failed; one that failed by kg's fault keeps its traceback for the error log."""
    report.failed.append(failure.reason)
    if failure.details:
        report.tracebacks.append(f"{failure.path}\ndocument id: {failure.doc_id or 'unknown'}\n{failure.details}")


class _Unstored(Exception):
    """Documents of the build's last batch that could not be stored: resolution must be redone without them."""

    def __init__(self, failures: list[tuple[Parsed, Failure]]):
        super().__init__(f"{len(failures)} documents not stored")
        self.failures = failures


def store_batch(store: Store, records: list[Parsed]) -> list[tuple[Parsed, Failure]]:
    """Store parsed documents together, else each alone, so that a document the store refuses costs only itself;
    returns those not stored. A full disk stops the build, and so does a batch of which no document can be
    stored alone: then the fault is the store's, not the documents'."""
    records = [record for record in records if not record.extends]  # a long document's graph is stored already
    try:
        if records:
            store.load_graphs([(record.iri, record.ntriples) for record in records])
        return []
    except StoreFull:
        raise
    except Exception as error:
        if len(records) == 1:
            return [(records[0], fault(records[0].state.path, "storing", error, records[0].state.doc_id))]
    failed: list[tuple[Parsed, Failure]] = []
    for record in records:
        try:
            store.load_graphs([(record.iri, record.ntriples)])
        except StoreFull:
            raise
        except Exception as error:
            failed.append((record, fault(record.state.path, "storing", error, record.state.doc_id)))
            last = error
    if len(failed) == len(records):
        raise last
    return failed


class _Behind:
    """Store writes run on the writer thread one at a time while the build goes on parsing; what a write
    returns is handed to its `then` on the build's thread, at the next write or at settle()."""

    def __init__(self, writer: ThreadPoolExecutor):
        self._writer = writer
        self._pending: tuple[Future, Callable] | None = None

    def submit(self, write: Callable, *args, then: Callable) -> None:
        self.settle()
        self._pending = (self._writer.submit(write, *args), then)

    def settle(self) -> None:
        """Wait for the write under way and hand on its outcome (or raise what it raised)."""
        if self._pending is not None:
            future, then = self._pending
            self._pending = None
            then(future.result())


def scan_inputs(paths: Iterable[Path], model: str, report: BuildReport) -> dict[str, Input]:
    """Read every input once to learn its identity (document id → input); the texts are not kept."""
    found: dict[str, Input] = {}
    for item in iter_articles(paths):
        if isinstance(item, Failure):
            record_failure(report, item)
        elif item.id not in found:  # the same text twice is one document
            found[item.id] = Input(str(Path(item.path).resolve()), item.id, fingerprint(item, model), len(item.text))
    return found


def work_units(todo: Iterable[str], inputs: Mapping[str, Input], batch_size: int) -> int:
    """Batches of work for the parser processes: documents, or pieces of long ones (kg/pieces.py), batch_size
    to a batch (the same estimate for documents parsed whole up to spaCy's max_length)."""
    from kg.nlp.extract import PIECE_SIZE  # spaCy is imported only when there is something to parse

    pieces = sum(max(1, inputs[d].length // PIECE_SIZE) for d in todo)
    return -(-pieces // batch_size)


def load_batch_bytes(characters: int) -> int:
    """How many bytes of N-Triples a build stores at a time, for `characters` of text to parse: its expected graph
    in as many batches of about LOAD_BATCH_BYTES as it holds, and a last one LAST_BATCH_FRACTION of theirs."""
    expected = characters * NTRIPLES_PER_CHARACTER
    batches = max(1, round(expected / LOAD_BATCH_BYTES))
    return min(LOAD_BATCH_BYTES, max(MIN_LOAD_BATCH_BYTES, int(expected / (batches + LAST_BATCH_FRACTION)) + 1))


def load_states(ledger: BuildState) -> dict[str, DocState]:
    """The resolution summary of every document in the store."""
    return {doc_id: decode_state(doc_id, summary) for doc_id, summary in ledger.summaries().items()}


def open_ledger(store: Store, minter: Minter, log: Log = quiet) -> BuildState:
    """The store's build state, moved out of the documents' graphs, or off the server, first if an older kg built
    the store."""
    ledger = open_state(store, minter)
    migrate(store, ledger, log)
    if is_remote(getattr(store, "location", "")):
        move_from_server(store, ledger, minter, log)
    return ledger


def forget_documents(store: Store, ledger: BuildState, doc_ids: Iterable[str], minter: Minter) -> None:
    """A document's state goes first: a build killed before its graph goes leaves a graph the next one drops."""
    doc_ids = list(doc_ids)
    ledger.remove(doc_ids)
    for doc_id in doc_ids:
        store.update(f"DROP SILENT GRAPH <{minter.document(doc_id)}>")


def _sources(paths: Iterable[Path], inputs: dict[str, Input], wanted: set[str], validate: int) -> Iterator[Source]:
    """The articles to parse, the first `validate` of them marked for a SHACL check."""
    for item in iter_articles(paths):
        if isinstance(item, Article) and item.id in wanted:
            wanted.discard(item.id)
            yield Source(item, inputs[item.id].path, inputs[item.id].fingerprint, validate > 0)
            validate -= 1


def count_entities(store: Store, minter: Minter) -> int:
    return _count(store, minter.resolution_graph(), f"?e <{SKOS.prefLabel}> ?label")


def count_events(store: Store, minter: Minter) -> int:
    return _count(store, minter.events_graph(), f"?e a <{KG.Event}>")


def _count(store: Store, graph, pattern: str) -> int:
    result = store.query(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH <{graph}> {{ {pattern} }} }}")
    assert isinstance(result, SelectResult)
    return int(result.rows[0][0])


@sparing
def build(
    paths: Iterable[Path],
    store: Store,
    nlp,
    rules: Rules,
    minter: Minter,
    *,
    jobs: int = 1,
    batch_size: int = 16,
    force: bool = False,
    validate: bool = True,
    on_document: Progress | None = None,
    on_start: Callable[[int], None] | None = None,
    log: Log = quiet,
    cluster: str | None = None,
) -> BuildReport:
    """Build the articles under `paths` into `store`; unchanged documents are skipped, changed ones replaced.

    `cluster` parses on a Dask cluster (kg/cluster.py: a scheduler's address, or local[:N]) instead of `jobs`
    local processes; everything else is the same.
    """
    started = time.perf_counter()
    paths = list(paths)
    report = BuildReport()
    # Readers from other processes see the store as it was when opened, then as it is after each stored batch.
    publish: Callable[[], None] = getattr(store, "publish_snapshot", lambda: None)
    store.replace_graph(ONTOLOGY_GRAPH, stored_ontology())
    ledger = open_ledger(store, minter, log)
    states = load_states(ledger)
    gc.freeze()
    drop_orphans(store, states, minter, log)
    inputs = scan_inputs(paths, model_name(nlp), report)
    input_paths = {i.path for i in inputs.values()}
    stale = [d for d, s in states.items() if s.path in input_paths and d not in inputs]
    todo = {d for d, i in inputs.items() if force or d not in states or (states[d].fingerprint, states[d].path) != (i.fingerprint, i.path)}
    forget_documents(store, ledger, stale, minter)
    for doc_id in stale:
        log(f"removed {minter.document(doc_id)} (its file changed)")
        del states[doc_id]
    report.skipped = len(inputs) - len(todo)
    report.removed = len(stale)
    if on_start:
        on_start(len(todo))
    templates: dict[str, str] = {}
    batch: list[Parsed] = []
    batch_bytes = 0
    batch_limit = load_batch_bytes(sum(inputs[d].length for d in todo))

    def load(records: list[Parsed]) -> list[tuple[Parsed, Failure]]:
        failed = store_batch(store, records)
        unstored = {record.iri for record, _ in failed}
        stored = [record for record in records if record.iri not in unstored]
        ledger.add([(r.state.doc_id, encode_state(r.state), r.template) for r in stored])
        for record in stored:
            log(f"stored {record.iri}")
        publish()
        return failed

    def load_last(records: list[Parsed]) -> None:
        if failed := load(records):
            raise _Unstored(failed)

    def forget_unstored(failed: list[tuple[Parsed, Failure]]) -> None:
        """Documents counted as stored by take_batch that the store refused."""
        for record, failure in failed:
            del states[record.state.doc_id], templates[record.state.doc_id]
            report.documents -= 1
            record_failure(report, failure)

    partial: set[str] = set()  # long documents whose graph is being written in parts
    alone: tuple[str, Resolution] | None = None  # the last record's own resolution, if it came with one

    def store_part(part: Part) -> None:
        """A part of a long document's graph; the first replaces its graph, and the state of the version it
        replaces goes first, so that a build stopped before the document is whole leaves a graph without state.
        Stored at once, after the batch under way, not behind the parse: there, a part's load beside the
        assembling of the document's last pieces took a 20-MB build from 922 to 995 MB for no gain in time."""
        behind.settle()
        if part.first:
            if part.doc_id in states:
                ledger.remove([part.doc_id])
                del states[part.doc_id]
                templates.pop(part.doc_id, None)
            store.load_graphs([(part.iri, part.ntriples)])
            partial.add(part.doc_id)
        elif part.doc_id in partial:
            store.add_to_graph(part.iri, part.ntriples)

    def fail(failure: Failure) -> None:
        record_failure(report, failure)
        if failure.doc_id in partial:  # nothing of a document that failed half stored stays in the graph
            behind.settle()
            partial.discard(failure.doc_id)
            store.update(f"DROP SILENT GRAPH <{minter.document(failure.doc_id)}>")

    def take_batch() -> list[Parsed]:
        """The batch, counted as stored: the caller stores it before anything else is written."""
        nonlocal batch, batch_bytes
        records, batch, batch_bytes = batch, [], 0
        for record in records:
            states[record.state.doc_id] = record.state
            templates[record.state.doc_id] = record.template
            report.documents += 1
        gc.freeze()
        return records

    with ThreadPoolExecutor(1, thread_name_prefix="kg-store") as writer:
        # Batches are written on this thread while the parsers go on: a 32-MB load takes the build's thread a
        # second or more, long enough for the parsers to run out of batches (they slept 4-6% of a 2,225-article
        # build, 0-1% since).
        behind = _Behind(writer)
        if todo:  # nothing to parse: the model is never loaded
            jobs = max(1, min(jobs, work_units(todo, inputs, batch_size)))  # no more processes than batches
            sources = _sources(paths, inputs, set(todo), VALIDATION_SAMPLE if validate else 0)
            if cluster:
                from kg.cluster import parse_on  # Dask is an optional extra, imported only for a cluster build

                records = parse_on(cluster, nlp, sources, rules, minter, workers=jobs, batch_size=batch_size)
            else:
                records = parse_documents(nlp, sources, rules, minter, jobs=jobs, batch_size=batch_size,
                                          part_bytes=LONG_DOCUMENT_PART_BYTES, documents=len(todo))
            with closing(records) as parsed:
                try:
                    for record in parsed:
                        if isinstance(record, Failure):
                            fail(record)
                            continue
                        if isinstance(record, Part):
                            try:
                                store_part(record)
                            except StoreFull:
                                raise
                            except Exception as error:
                                fail(fault(record.path, "storing", error, record.doc_id))
                            continue
                        if record.extends and record.state.doc_id not in partial:
                            continue  # storing its graph failed
                        partial.discard(record.state.doc_id)
                        alone = (record.state.doc_id, record.resolution) if record.resolution is not None else None
                        if not report.documents and not batch:
                            preload_stories()  # the parsers are under way: finish's imports cost nothing after them
                        log(f"parsed {record.state.path}")
                        batch.append(record)
                        if record.violations is not None:
                            report.violations = (report.violations or 0) + record.violations
                            report.validated += 1
                        if on_document:
                            on_document(record.state)
                        batch_bytes += len(record.ntriples)
                        if batch_bytes >= batch_limit:
                            behind.submit(load, take_batch(), then=forget_unstored)
                except KeyboardInterrupt:  # Ctrl-C keeps what was parsed
                    behind.settle()
                    forget_unstored(load(take_batch()))
                    raise
        behind.settle()

        # The last documents are loaded while resolution and events, which need only their states, are computed.
        last = take_batch()
        storing = writer.submit(load_last, last) if last else None
        if report.documents or stale or ledger.stamp() != stamp(states, rules):
            try:
                # A long document built alone was resolved on its own already: resolving the store is the same.
                known = alone[1] if alone is not None and list(states) == [alone[0]] else None
                report.entities = len(finish(store, ledger, states, rules, minter, log, templates, storing,
                                             Writes(writer), known).entities)
            except _Unstored as unstored:  # raised before finish wrote anything: resolve again without them
                forget_unstored(unstored.failures)
                report.entities = len(finish(store, ledger, states, rules, minter, log, templates,
                                             writes=Writes(writer)).entities)
            compacting = writer.submit(compact, store, log)  # the counts below are read meanwhile
        else:
            compacting = None
            report.entities = count_entities(store, minter)
        report.actions = sum(s.actions for s in states.values())
        report.events = count_events(store, minter)
        report.triples = len(store)
        if compacting is not None:
            compacting.result()
    report.seconds = time.perf_counter() - started
    return report


@sparing
def forget(store: Store, doc_ids: Iterable[str], rules: Rules, minter: Minter, log: Log = quiet) -> BuildReport:
    """Remove documents and redo resolution over the rest, as if they had never been built."""
    started = time.perf_counter()
    report = BuildReport()
    ledger = open_ledger(store, minter, log)
    states = load_states(ledger)
    gc.freeze()
    drop_orphans(store, states, minter, log)
    gone = [d for d in doc_ids if d in states]
    forget_documents(store, ledger, gone, minter)
    for doc_id in gone:
        log(f"removed {minter.document(doc_id)}")
        del states[doc_id]
    report.entities = len(finish(store, ledger, states, rules, minter, log).entities)
    compact(store, log)
    report.removed = len(gone)
    report.actions = sum(s.actions for s in states.values())
    report.events = count_events(store, minter)
    report.triples = len(store)
    report.seconds = time.perf_counter() - started
    return report


def find_documents(store: Store, target: str, minter: Minter) -> list[str]:
    """Document ids a user means by `target`: a document IRI, an id, or an input file's path."""
    states = load_states(open_ledger(store, minter))
    doc_prefix = str(minter.document(""))
    if target.startswith(doc_prefix) and target[len(doc_prefix):] in states:
        return [target[len(doc_prefix):]]
    if target in states:
        return [target]
    path = Path(target).resolve()
    return sorted(d for d, s in states.items()
                  if s.path == str(path) or Path(s.path).is_relative_to(path) or is_line_of(s.path, str(path)))


__all__ = ["ONTOLOGY_GRAPH", "build", "find_documents", "forget"]
