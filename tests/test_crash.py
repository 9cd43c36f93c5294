"""Crash safety and concurrency with real processes: `kg build` killed by SIGKILL, readers during a build."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from tiny_corpus import canonical, write_corpus

from kg.buildstate import open_state
from kg.docstate import decode_template, link_triples
from kg.iri import Minter
from kg.pipeline import build, load_states
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

MINTER = Minter(DEFAULT_BASE_IRI)
KG = [sys.executable, "-m", "kg"]
EARLY = range(0, 24, 2)  # built before the build that is killed, so that build also relinks them
ALL = range(24)


def open_disk(path: Path):
    return open_store(str(path), prefixes=prefixes_with_base(DEFAULT_BASE_IRI))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, nlp, rules):
    """The documents, a store holding the early half, and the dataset a clean build of all of them gives."""
    root = tmp_path_factory.mktemp("crash")
    docs = write_corpus(root / "docs", EARLY)
    with open_disk(root / "early-store") as store:
        build([docs], store, nlp, rules, MINTER, validate=False)
    write_corpus(docs, ALL)
    with open_disk(root / "clean-store") as store:
        build([docs], store, nlp, rules, MINTER, validate=False)
        clean = canonical(store.dump("nquads"))
    return root, docs, clean


def start_build(docs: Path, store: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([*KG, "build", str(docs), "--store", str(store), "-v", "--no-validate", *extra],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, start_new_session=True)


def wait_for(process: subprocess.Popen, prefix: str, count: int) -> None:
    """Read the build's log until the count-th line starting with prefix."""
    seen = 0
    for line in process.stderr:
        seen += line.startswith(prefix)
        if seen == count:
            return
    raise AssertionError(f"the build ended before {count} '{prefix}' lines (exit status {process.wait()})")


def assert_whole_documents(store_path: Path) -> None:
    """Every document with a summary and template beside the graph has all the links its summary says it has (a
    graph stored without them, by a build killed between the two writes, is dropped by the next build)."""
    with open_disk(store_path) as store:
        ledger = open_state(store, MINTER)
        states = load_states(ledger)
        assert len({s.path for s in states.values()}) == len(states), "a file is stored twice"
        for doc_id, state in states.items():
            doc = MINTER.document(doc_id)
            assert state.applied is not None
            links = link_triples(decode_template(ledger.template(doc_id)), state.applied, MINTER)
            stored = set(store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{doc}> {{ ?s ?p ?o }} }}").graph)
            assert links <= stored, f"{state.path} is missing links"


# (log line prefix, how many of them, parser processes): moments to kill a build at.
KILL_POINTS = [
    ("parsed", 4, "2"),
    ("stored https://w3id.org/kgnews/resource/document/", 3, "1"),
    ("relinked", 2, "1"),
]


def assert_busy(store_path: Path, docs: Path, pid: int) -> None:
    """While a build holds the store, a second build fails at once with one clear line, and a query reads the
    snapshot the build published (kg/store/snapshot.py)."""
    other = subprocess.run([*KG, "build", str(docs), "--store", str(store_path)], capture_output=True, text=True,
                           timeout=60)
    assert other.returncode == 1
    assert other.stderr.strip().splitlines() == [
        f"Error: store '{store_path}' is busy (a build is running: pid {pid}); try again when it ends"]
    query = subprocess.run([*KG, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?d a kg:Document }", "--store",
                            str(store_path), "--format", "csv"], capture_output=True, text=True, timeout=60)
    assert query.returncode == 0, query.stderr
    assert int(query.stdout.split()[1]) >= len(EARLY)


def assert_group_ends(group: int) -> None:
    """The build's parser workers exit once the build is dead; they do not linger holding memory."""
    for _ in range(100):
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError("parser workers outlived their build")


def test_builds_killed_at_several_moments_leave_whole_documents_and_a_rebuild_equals_a_clean_build(corpus, tmp_path, nlp, rules):
    """Also: while the first build is held mid-way (SIGSTOP), other kg processes are told the store is busy."""
    root, docs, clean = corpus
    stores = [tmp_path / f"store{i}" for i in range(len(KILL_POINTS))]
    for store_path in stores:
        shutil.copytree(root / "early-store", store_path)
    # All builds start at once (loading spaCy is most of their time); each is killed at its own moment.
    processes = [start_build(docs, store_path, "--jobs", jobs, "--batch-size", "2")
                 for store_path, (_, _, jobs) in zip(stores, KILL_POINTS)]

    def kill_at(i: int) -> None:
        process, (prefix, count, _) = processes[i], KILL_POINTS[i]
        wait_for(process, prefix, count)
        if i == 0:  # the build with parser workers: hold it, check it blocks others, then kill the build alone
            os.killpg(process.pid, signal.SIGSTOP)
            assert_busy(stores[0], docs, process.pid)
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            assert_group_ends(process.pid)
            return
        os.killpg(process.pid, signal.SIGKILL)

    try:
        with ThreadPoolExecutor(len(processes)) as pool:  # one watcher per build, so each dies at its moment
            list(pool.map(kill_at, range(len(processes))))
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    for store_path, process, point in zip(stores, processes, KILL_POINTS):
        assert process.returncode == -signal.SIGKILL, point
        assert_whole_documents(store_path)
        with open_disk(store_path) as store:
            build([docs], store, nlp, rules, MINTER, validate=False)
            assert canonical(store.dump("nquads")) == clean, point
