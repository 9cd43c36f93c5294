"""Parsing documents into records ready to store, in this process or in forked workers."""

from __future__ import annotations

import os
import threading
from types import SimpleNamespace

import pyoxigraph as ox
from tiny_corpus import write_corpus

from kg.ingest import iter_articles
from kg.iri import Minter
from kg.model import Article
from kg.parse import Source, _Job, _units, parse_documents
from kg.resolve import resolve
from kg.vocab import DEFAULT_BASE_IRI, KG

MINTER = Minter(DEFAULT_BASE_IRI)


def sources(folder) -> list[Source]:
    return [Source(a, a.path, "fp") for a in iter_articles([folder]) if isinstance(a, Article)]


def test_workers_give_the_same_records_in_the_same_order_as_one_process(tmp_path, nlp, rules):
    docs = sources(write_corpus(tmp_path / "docs", range(9)))
    alone = list(parse_documents(nlp, docs, rules, MINTER, jobs=1, batch_size=2))
    forked = list(parse_documents(nlp, docs, rules, MINTER, jobs=2, batch_size=2))
    assert [r.state.doc_id for r in forked] == [s.article.id for s in docs]
    assert [_comparable(r) for r in forked] == [_comparable(r) for r in alone]


def test_the_last_batches_shrink_so_that_the_processes_finish_together(tmp_path):
    docs = sources(write_corpus(tmp_path / "docs", range(40)))
    job = _Job(SimpleNamespace(max_length=1_000_000), None, MINTER, 8)
    # the last 2 batches per process (32 documents) go 2 at a time
    assert [len(u) for u in _units(job, docs, jobs=2, documents=40)] == [8] + [2] * 16
    assert [len(u) for u in _units(job, docs, jobs=2)] == [8] * 5  # how many there are is not known
    assert [len(u) for u in _units(job, docs, jobs=1, documents=40)] == [8] * 5  # one process has nobody to wait for
    assert [s for u in _units(job, docs, jobs=2, documents=40) for s in u] == docs


def test_the_workers_are_gone_when_parsing_ends(tmp_path, nlp, rules):
    docs = sources(write_corpus(tmp_path / "docs", range(6)))
    before = set(threading.enumerate())
    children = _children()
    list(parse_documents(nlp, docs, rules, MINTER, jobs=2, batch_size=1))
    assert _children() == children
    assert set(threading.enumerate()) == before  # the pool's Python threads; native libraries may keep their own


def test_a_record_is_a_whole_document_graph_linked_as_if_it_stood_alone(tmp_path, nlp, rules):
    [source] = sources(write_corpus(tmp_path / "docs", [1]))
    [record] = parse_documents(nlp, [source], rules, MINTER)
    graph = ox.Store()
    graph.load(record.ntriples, format=ox.RdfFormat.N_TRIPLES)
    assert not list(graph.quads_for_pattern(None, ox.NamedNode(str(KG.buildSummary)), None))  # kept beside the graph
    state = record.state
    alone = resolve([state.as_extraction()], rules.company_suffixes)
    assert record.state.applied == tuple(alone.entity_of[m.key] for m in state.mentions)
    refers = {q.object.value for q in graph.quads_for_pattern(None, ox.NamedNode(str(KG.refersTo)), None)}
    assert refers == {str(MINTER.entity_for_key(k)) for k in record.state.applied}


def _comparable(record):
    return record.iri, sorted(record.ntriples.splitlines()), record.state


def _children() -> set[int]:
    """This process's child processes, from /proc."""
    me = str(os.getpid())
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if f.read().rsplit(")", 1)[1].split()[1] == me:
                        found.add(int(entry))
            except OSError:
                continue
    return found


def test_a_unit_handed_on_after_a_worker_died_fails_as_the_pool_did():
    """A parser process can die between two units: handing on the next must not raise, but give a future that
    fails as the pool did, so that the units in flight are parsed again (kg/parse.py _Workers.oldest)."""
    import time
    from concurrent.futures.process import BrokenProcessPool

    from kg.parse import _Workers

    workers = _Workers(1)
    try:
        assert workers.pool.submit(os.getpid).result() != os.getpid()
        os.kill(next(iter(workers.pool._processes)), 9)
        deadline = time.monotonic() + 10
        while not workers.pool._broken and time.monotonic() < deadline:
            time.sleep(0.01)
        assert isinstance(workers.submit([]).exception(timeout=10), BrokenProcessPool)
    finally:
        workers.pool.shutdown(wait=True, cancel_futures=True)


def test_the_last_pieces_of_a_long_document_go_one_at_a_time_when_nothing_comes_after_it():
    job = _Job(SimpleNamespace(max_length=100), None, MINTER, 8)
    long = Source(Article("long", "long.txt", "word " * 1_000), "long.txt", "fp")  # 50 pieces of 100 characters
    short = Source(Article("short", "short.txt", "A short one."), "short.txt", "fp")
    # 16 pieces (2 units of 4 per process) one at a time at the end
    assert [len(u) for u in _units(job, [long], jobs=2, documents=1)] == [4] * 8 + [2] + [1] * 16
    assert [len(u) for u in _units(job, [long, short], jobs=2, documents=2)] == [4] * 12 + [2, 1]
    assert [len(u) for u in _units(job, [long], jobs=2)] == [4] * 12 + [2]  # how many documents there are is not known
    assert [len(u) for u in _units(job, [long], jobs=1, documents=1)] == [4] * 12 + [2]
    assert [p.offset for u in _units(job, [long], jobs=2, documents=1) for p in u] == list(range(0, 5_000, 100))
