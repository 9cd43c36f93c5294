"""Parse, extract and map documents, in worker processes when there is more than one core to use.

Each worker does the whole per-document job (nlp.pipe, extraction, mapping to N-Triples) and sends back
a compact record ready to store. Parsed spaCy Docs never cross a process boundary, as they do with
spaCy's own `n_process`, and the build process itself only stores. Workers are forked from the build
after the model is loaded, so they share it and start at once; the build keeps a few batches in flight,
so memory does not grow with the corpus.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from itertools import islice
from typing import Iterable, Iterator

from kg.docstate import (
    DocState,
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
from kg.resolve import Resolution, resolve
from kg.store.convert import ntriples

_PR_SET_PDEATHSIG = 1
# Batches queued per worker: enough that no worker waits for work, few enough that memory stays flat.
_IN_FLIGHT_PER_WORKER = 2
# SHACL validation (pyshacl) costs about 0.5 s for 2,000 triples, so a document marked for it is checked only
# up to this size; `kg validate` checks everything.
VALIDATION_BUDGET = 2_000


@dataclass(frozen=True)
class Source:
    """An article to parse, with what its stored state records about the input; `validate` asks for a SHACL check."""

    article: Article
    path: str
    fingerprint: str
    validate: bool = False


@dataclass(frozen=True)
class Parsed:
    """A document ready to store: its whole graph in N-Triples, its state (with the keys it is linked to), and
    its encoded link template, which the build keeps beside the store (kg/buildstate.py) and in memory so that
    relinking needs no store query, and the number of
    SHACL violations when the source asked for a check (None when it did not or the document was too big)."""

    iri: str
    ntriples: bytes
    state: DocState
    template: str
    violations: int | None = None


@dataclass(frozen=True)
class _Job:
    """What every worker needs; set before the workers fork, so they inherit it instead of unpickling it."""

    nlp: object
    rules: Rules
    minter: Minter
    batch_size: int


_job: _Job | None = None


def parse_documents(nlp, sources: Iterable[Source], rules: Rules, minter: Minter, *, jobs: int = 1,
                    batch_size: int = 16) -> Iterator[Parsed | Failure]:
    """Records ready to store for `sources`, in their order; `jobs` > 1 parses in that many forked processes.

    A document whose parsing, extraction or mapping raises (a bug in kg, or in spaCy on an odd text) is a
    Failure record with its traceback, and the others go on.
    """
    job = _Job(nlp, rules, minter, batch_size)
    if jobs <= 1:
        yield from _parse(job, sources)
        return
    yield from _parse_in_workers(job, sources, jobs)


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


def _parse_batch(batch: list[Source]) -> list[Parsed | Failure]:
    """In a worker: one batch, start to finish."""
    assert _job is not None, "workers are forked after the job is set"
    return list(_parse(_job, batch))


def _batches(sources: Iterable[Source], size: int) -> Iterator[list[Source]]:
    sources = iter(sources)
    while batch := list(islice(sources, size)):
        yield batch


def _parse_in_workers(job: _Job, sources: Iterable[Source], jobs: int) -> Iterator[Parsed | Failure]:
    global _job
    if isinstance(job.nlp, LazyPipeline):  # load the model once, here, so that the forked workers share it
        job = replace(job, nlp=job.nlp.load())
    _job = job
    workers = _Workers(jobs)
    in_flight: deque[tuple[list[Source], Future]] = deque()
    finished = False
    try:
        for batch in _batches(sources, job.batch_size):
            in_flight.append((batch, workers.pool.submit(_parse_batch, batch)))
            if len(in_flight) >= jobs * _IN_FLIGHT_PER_WORKER:
                yield from workers.oldest(in_flight)
        while in_flight:
            yield from workers.oldest(in_flight)
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

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._start()

    def oldest(self, in_flight: deque[tuple[list[Source], Future]]) -> list[Parsed | Failure]:
        """The records of the oldest batch in flight. When a worker died, every batch in flight is lost with the
        pool: their documents are parsed again one at a time in a new pool, so that a document that kills its
        worker again is a Failure and costs only itself. If every one of them does, parsing itself is broken."""
        try:
            records = in_flight[0][1].result()
            in_flight.popleft()
            return records
        except BrokenProcessPool:
            lost = [source for batch, _ in in_flight for source in batch]
            in_flight.clear()
        records: list[Parsed | Failure] = []
        killers = 0
        self._restart()
        for source in lost:
            try:
                records += self.pool.submit(_parse_batch, [source]).result()
            except BrokenProcessPool as e:
                self._restart()
                killers += 1
                path = source.article.path
                records.append(Failure(path, f"{path}: parsing killed the parser process (out of memory, or a crash "
                                             "in spaCy)", source.article.id, f"{type(e).__name__}: {e}\n"))
        if killers == len(lost) > 1:
            raise NlpError("parser processes keep dying (out of memory?); try fewer --jobs or a smaller --batch-size")
        return records


def _start_worker() -> None:
    """Workers die with the build (even killed by SIGKILL) and leave Ctrl-C to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when the build closes the pool
        pass
    if os.getppid() == 1:  # the build died before prctl took effect
        os._exit(1)


__all__ = ["Source", "Parsed", "parse_documents"]
