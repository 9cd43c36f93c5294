"""Parse, extract and map documents, in worker processes when there is more than one core to use.

Each worker does the whole per-document job (nlp.pipe, extraction, mapping to N-Triples) and sends back
a compact record ready to store. Parsed spaCy Docs never cross a process boundary, as they do with
spaCy's own `n_process`, and the build process itself only stores. Workers are forked from the build
after the model is loaded, so they share it and start at once; the build keeps a few batches in flight,
so memory does not grow with the corpus. A document longer than spaCy's max_length goes to the workers as pieces,
a few at a time, which they parse, extract and map like documents, so that one long document uses every worker;
the build process renumbers their sentences and entities in order and stores them (kg/pieces.py).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from collections import deque
from contextlib import closing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from itertools import islice
from typing import Iterable, Iterator, Union

from kg.docstate import (
    applied_keys,
    document_graph,
    encode_template,
    map_document,
)
from kg.errors import NlpError
from kg.ingest import Failure, fault
from kg.iri import Minter
from kg.mapping import Mapper, Triple
from kg.model import Article
from kg.nlp import LazyPipeline
from kg.nlp.rules import Rules
from kg.pieces import PIECES_PER_UNIT, Assembler, Piece, PieceTexts, map_pieces, pieces
from kg.records import Parsed, Part, Source
from kg.resolve import Resolution, resolve
from kg.store.convert import ntriples

_PR_SET_PDEATHSIG = 1
# Batches queued per worker: enough that no worker waits for work, few enough that memory stays flat.
_IN_FLIGHT_PER_WORKER = 2
# SHACL validation (pyshacl) costs about 0.5 s for 2,000 triples, so a document marked for it is checked only
# up to this size; `kg validate` checks everything.
VALIDATION_BUDGET = 2_000


@dataclass(frozen=True)
class _Job:
    """What every worker needs; set before the workers fork, so they inherit it instead of unpickling it."""

    nlp: object
    rules: Rules
    minter: Minter
    batch_size: int


_job: _Job | None = None


# Batches per process that are parsed a quarter at a time when the documents are about to run out (_units).
_ENDING_BATCHES = 2

# A unit of work for a parser process: a batch of documents, or a batch of pieces of one long document.
Unit = Union[list[Source], list[Piece]]
Record = Union[Parsed, Part, Failure]


def parse_documents(nlp, sources: Iterable[Source], rules: Rules, minter: Minter, *, jobs: int = 1,
                    batch_size: int = 16, part_bytes: int = 8_000_000, documents: int | None = None) -> Iterator[Record]:
    """Records ready to store for `sources`, in their order; `jobs` > 1 parses in that many forked processes.
    `documents`, how many sources there are, lets the last batches shrink so that the processes finish together.

    A document longer than spaCy's max_length is parsed in pieces, batches of them spread over the processes like
    documents, and comes as Parts of its graph (about `part_bytes` of N-Triples each) then its record
    (kg/pieces.py). A document whose parsing, extraction or mapping raises (a bug in kg, or in spaCy on an odd
    text) is a Failure record with its traceback, and the others go on.
    """
    job = _Job(nlp, rules, minter, batch_size)
    if jobs <= 1:
        done = ((unit, _parse_unit(job, _payload(unit))) for unit in _units(job, sources))
    else:
        done = _parse_in_workers(job, _units(job, sources, jobs, documents), jobs)
    assembler = Assembler(minter, rules, part_bytes)
    with closing(done):  # a build that stops reading stops the workers
        for unit, outcomes in done:
            if unit and isinstance(unit[0], Piece):
                for piece, outcome in zip(unit, outcomes):
                    yield from assembler.take(piece, outcome)
            else:
                yield from outcomes


def _units(job: _Job, sources: Iterable[Source], jobs: int = 1, documents: int | None = None) -> Iterator[Unit]:
    """Batches of documents, in order; a document longer than max_length as batches of its pieces.

    With `documents` (how many sources there are) and several processes, the batches of the last documents are a
    quarter of the size: a whole batch left to one process at the end keeps the other cores idle meanwhile (on
    BBC articles a batch of 16 is about 1.5 s of parsing)."""
    max_length = job.nlp.max_length
    batch: list[Source] = []
    left = documents if documents is not None and jobs > 1 else None
    for source in sources:
        if len(source.article.text) <= max_length:
            batch.append(source)
            ending = left is not None and left <= _ENDING_BATCHES * jobs * job.batch_size
            if len(batch) >= (max(1, job.batch_size // 4) if ending else job.batch_size):
                yield batch
                left = left - len(batch) if left is not None else None
                batch = []
            continue
        if left is not None:
            left -= 1
        if batch:
            yield batch
            batch = []
        yield from _piece_units(pieces(source, max_length), jobs if left == 0 else 1)
    if batch:
        yield batch


def _piece_units(found: Iterable[Piece], jobs: int) -> Iterator[list[Piece]]:
    """A long document's pieces, PIECES_PER_UNIT at a time; with several processes and nothing after it, its last
    pieces (_ENDING_BATCHES units per process) one at a time, so that the processes end together: a unit left to
    one process at the end (about 2 s of parsing on BBC text) keeps the other cores idle meanwhile, and the
    document's end waits for it. Only those last pieces are held back, not the whole document's."""
    held = _ENDING_BATCHES * jobs * PIECES_PER_UNIT if jobs > 1 else 0
    window: deque[Piece] = deque()
    for piece in found:
        window.append(piece)
        if len(window) >= held + PIECES_PER_UNIT:
            yield [window.popleft() for _ in range(PIECES_PER_UNIT)]
    if len(window) > held:
        yield [window.popleft() for _ in range(len(window) - held)]
    yield from _batches(window, 1)


def _payload(unit: Unit) -> list[Source] | PieceTexts:
    """What a parser process needs of a unit: a batch of pieces goes without the document they come from."""
    if unit and isinstance(unit[0], Piece):
        return PieceTexts(tuple(piece.article for piece in unit), tuple(piece.offset for piece in unit))
    return unit


def _parse_unit(job: _Job, payload: list[Source] | PieceTexts) -> list:
    """Records of a batch of documents; mapped pieces (or Failures) of a batch of pieces."""
    if isinstance(payload, PieceTexts):
        return map_pieces(job.nlp, payload, job.rules, job.minter)
    return list(_parse(job, payload))


def _parse(job: _Job, sources: Iterable[Source]) -> Iterator[Parsed | Failure]:
    """Records for `sources`, a batch at a time: when parsing a batch raises (spaCy does not say which document
    failed), its documents are parsed again one by one, so that only the failing one is lost."""
    for batch in _batches(sources, job.batch_size):
        try:
            records = list(_parse_stream(job, batch))
        except Exception as error:
            if len(batch) == 1:
                records = [fault(batch[0].article.path, "parsing", error, batch[0].article.id)]
            else:
                records = [record for source in batch for record in _parse(job, [source])]
        yield from records


def _parse_stream(job: _Job, sources: Iterable[Source]) -> Iterator[Parsed | Failure]:
    from kg.nlp.extract import extract_articles

    sources = iter(sources)
    pending: deque[Source] = deque()
    failures: dict[str, Failure] = {}

    def articles() -> Iterator[Article]:
        for source in sources:
            pending.append(source)
            yield source.article

    def failed(article: Article, error: Exception) -> None:
        found = fault(article.path, "extraction", error, article.id)
        failures[article.id] = replace(found, reason=f"{found.reason}; run kg extract {article.path} to see where")

    for extraction in extract_articles(job.nlp, articles(), job.rules, job.batch_size, on_error=failed):
        while (source := pending.popleft()).article.id in failures:
            yield failures.pop(source.article.id)
        try:
            record: Parsed | Failure = _record(job, source, extraction)
        except Exception as error:  # a bug in mapping one document must not stop the others
            record = fault(source.article.path, "mapping", error, source.article.id)
        yield record
    yield from (failures[source.article.id] for source in pending)


def _record(job: _Job, source: Source, extraction) -> Parsed:
    """One extracted document mapped to RDF, ready to store."""
    mapped = map_document(extraction, source.path, job.minter, source.fingerprint)
    # Stored linked to the entities it would have on its own, so that storing overlaps parsing; resolution
    # over all documents then relinks the few mentions it decides otherwise (121 of 5,565 on 250 BBC articles).
    alone = resolve([mapped.state.as_extraction()], job.rules.company_suffixes, job.rules.short_names)
    keys = applied_keys(mapped.state, alone)
    graph = document_graph(mapped, keys, job.minter)
    violations = shape_violations(graph, alone, job.minter) if source.validate and len(graph) <= VALIDATION_BUDGET else None
    return Parsed(str(mapped.iri), ntriples(graph).encode("utf-8"), replace(mapped.state, applied=keys),
                  encode_template(mapped.template), violations)


def shape_violations(graph: list[Triple], alone: Resolution, minter: Minter) -> int:
    """SHACL violations in a document's graph and the entities it names (`alone`: as it is stored), as mapped.

    Checking here, in the parser's process, keeps pyshacl off the build process's critical path.
    """
    from rdflib import Graph

    from kg.ontology import validate

    data = Graph()
    for triple in graph:
        data.add(triple)
    for triple in Mapper(alone, minter).entity_triples():
        data.add(triple)
    return len(validate(data).results)


def _parse_in_worker(payload: list[Source] | PieceTexts) -> list:
    """In a worker: one unit, start to finish."""
    assert _job is not None, "workers are forked after the job is set"
    return _parse_unit(_job, payload)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def _parse_in_workers(job: _Job, units: Iterable[Unit], jobs: int) -> Iterator[tuple[Unit, list]]:
    global _job
    if isinstance(job.nlp, LazyPipeline):  # load the model once, here, so that the forked workers share it
        job = replace(job, nlp=job.nlp.load())
    _job = job
    workers = _Workers(jobs)
    in_flight: deque[tuple[Unit, Future]] = deque()
    finished = False
    try:
        for unit in units:
            in_flight.append((unit, workers.submit(unit)))
            if len(in_flight) >= jobs * _IN_FLIGHT_PER_WORKER:
                yield from workers.oldest(in_flight)
        while in_flight:
            done = workers.oldest(in_flight)
            if not in_flight:  # the processes end before the last unit is handed on, which may end a long document
                workers.pool.shutdown(wait=True)  # (kg/pieces.py): their memory is free for what comes after
            yield from done
        finished = True
    finally:
        _job = None
        workers.pool.shutdown(wait=finished, cancel_futures=True)  # on failure, do not wait for batches nobody reads


class _Workers:
    """The pool of parser processes, replaced when one of them dies (killed for memory, or a crash in spaCy)."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker)

    def submit(self, unit: Unit) -> Future:
        """The unit handed to a parser process; when one has died since the last unit, a future that fails as
        the pool did, so that oldest() parses it again with the units in flight."""
        try:
            return self.pool.submit(_parse_in_worker, _payload(unit))
        except BrokenProcessPool as broken:
            failed: Future = Future()
            failed.set_exception(broken)
            return failed

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._start()

    def oldest(self, in_flight: deque[tuple[Unit, Future]]) -> list[tuple[Unit, list]]:
        """The oldest unit in flight with its outcomes. When a worker died, every unit in flight is lost with the
        pool: their documents (or pieces) are parsed again one at a time in a new pool, so that one that kills its
        worker again is a Failure and costs only itself (a piece, its document). If every one of them does,
        parsing itself is broken."""
        try:
            outcomes = in_flight[0][1].result()
            return [(in_flight.popleft()[0], outcomes)]
        except BrokenProcessPool:
            lost = [unit for unit, _ in in_flight]
            in_flight.clear()
        self._restart()
        done: list[tuple[Unit, list]] = []
        killers = 0
        for unit in lost:
            outcomes: list = []
            for item in unit:
                try:
                    outcomes += self.pool.submit(_parse_in_worker, _payload([item])).result()
                except BrokenProcessPool as e:
                    self._restart()
                    killers += 1
                    article = item.source.article if isinstance(item, Piece) else item.article
                    outcomes.append(Failure(article.path, f"{article.path}: parsing killed the parser process (out "
                                            "of memory, or a crash in spaCy)", article.id, f"{type(e).__name__}: {e}\n"))
            done.append((unit, outcomes))
        if killers == sum(len(unit) for unit in lost) > 1:
            raise NlpError("parser processes keep dying (out of memory?); try fewer --jobs or a smaller --batch-size")
        return done


def _start_worker() -> None:
    """Workers die with the build (even killed by SIGKILL) and leave Ctrl-C to it. What a worker inherits (the
    model, whatever the build holds) lives as long as it does: frozen (gc.freeze), no collection walks it again,
    and its pages stay shared with the build process instead of being copied when a collection touches them."""
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when the build closes the pool
        pass
    if os.getppid() == 1:  # the build died before prctl took effect
        os._exit(1)


__all__ = ["Source", "Parsed", "Part", "parse_documents"]
