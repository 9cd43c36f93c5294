"""Fault isolation: a document that makes kg fail at any stage is reported and left out; the rest is built."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language
from tiny_corpus import canonical, write_corpus

import kg.ingest
import kg.nlp.extract
import kg.parse
from kg.buildstate import open_state
from kg.cli import cli
from kg.errors import StoreError
from kg.iri import Minter
from kg.pipeline import build, load_states
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

MINTER = Minter(DEFAULT_BASE_IRI)
DOCS = range(7)
BAD = 3  # the document every fault is injected into
MARK = f"Report number {BAD}."


def memory_store():
    return open_store("memory:", prefixes=prefixes_with_base(DEFAULT_BASE_IRI))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, nlp, rules):
    """The documents, and the dataset a clean build of all of them but the bad one gives."""
    docs = write_corpus(tmp_path_factory.mktemp("faults") / "docs", DOCS)
    with memory_store() as store:
        build([docs / f"doc{i:03d}.txt" for i in DOCS if i != BAD], store, nlp, rules, MINTER, validate=False)
        clean = canonical(store.dump("nquads"))
    return docs, clean


@Language.component("kg_test_fault")
def _fails_on_the_bad_document(doc):
    if MARK in doc.text:
        raise ValueError("injected parser fault")
    return doc


TEST_PROCESS = os.getpid()


@Language.component("kg_test_crash")
def _kills_its_worker_on_the_bad_document(doc):
    """A parser worker killed on the bad document, as the kernel kills one that runs out of memory."""
    if MARK in doc.text and os.getpid() != TEST_PROCESS:
        os.kill(os.getpid(), signal.SIGKILL)
    return doc


def inject(stage: str, monkeypatch, nlp, store, bad: Path) -> None:
    """Make kg raise on the bad document at `stage` (the parser workers fork with the fault in place)."""
    if stage == "reading":
        real_read = kg.ingest.read_document

        def read(path, *args, **kwargs):
            if path.name == f"doc{BAD:03d}.txt":
                raise UnicodeError("injected reading fault")
            return real_read(path, *args, **kwargs)

        monkeypatch.setattr(kg.ingest, "read_document", read)
    elif stage == "parsing":
        nlp.add_pipe("kg_test_fault", last=True)
    elif stage == "crash":
        nlp.add_pipe("kg_test_crash", last=True)
    elif stage == "extraction":
        real_extract = kg.nlp.extract.extract_doc

        def extract(doc, article, rules):
            if MARK in article.text:
                raise KeyError("injected extraction fault")
            return real_extract(doc, article, rules)

        monkeypatch.setattr(kg.nlp.extract, "extract_doc", extract)
    elif stage == "mapping":
        real_map = kg.parse.map_document

        def map_document(extraction, *args):
            if MARK in extraction.article.text:
                raise IndexError("injected mapping fault")
            return real_map(extraction, *args)

        monkeypatch.setattr(kg.parse, "map_document", map_document)
    elif stage == "storing":
        real_load = store.load_graphs
        graph = str(MINTER.document(kg.ingest.read_article(bad).id))

        def load_graphs(graphs):
            if any(name == graph for name, _ in graphs):
                raise StoreError("injected storing fault")
            return real_load(graphs)

        monkeypatch.setattr(store, "load_graphs", load_graphs)


STAGES = ["reading", "parsing", "extraction", "mapping", "storing"]


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "two-workers"])
@pytest.mark.parametrize("stage", STAGES)
def test_a_fault_at_any_stage_costs_only_its_document(corpus, nlp, rules, monkeypatch, stage, jobs):
    docs, clean = corpus
    bad = docs / f"doc{BAD:03d}.txt"
    with memory_store() as store:
        inject(stage, monkeypatch, nlp, store, bad)
        try:
            report = build([docs], store, nlp, rules, MINTER, jobs=jobs, batch_size=2, validate=False)
        finally:
            for name in ("kg_test_fault", "kg_test_crash"):
                if name in nlp.pipe_names:
                    nlp.remove_pipe(name)
        assert report.documents == len(DOCS) - 1
        [failure] = report.failed
        assert failure.startswith(f"{bad}: {stage} failed (")
        assert "injected" in failure and "\n" not in failure
        [trace] = report.tracebacks
        assert trace.startswith(f"{bad}\ndocument id: ") and "Traceback (most recent call last)" in trace
        assert all(s.path != str(bad) for s in load_states(open_state(store, MINTER)).values())
        assert canonical(store.dump("nquads")) == clean


def test_a_document_that_kills_its_parser_process_costs_only_itself(corpus, nlp, rules, monkeypatch):
    docs, clean = corpus
    bad = docs / f"doc{BAD:03d}.txt"
    with memory_store() as store:
        inject("crash", monkeypatch, nlp, store, bad)
        try:
            report = build([docs], store, nlp, rules, MINTER, jobs=2, batch_size=2, validate=False)
        finally:
            nlp.remove_pipe("kg_test_crash")
        assert report.documents == len(DOCS) - 1
        assert report.failed == [f"{bad}: parsing killed the parser process (out of memory, or a crash in spaCy)"]
        [trace] = report.tracebacks
        assert trace.startswith(f"{bad}\ndocument id: ") and "BrokenProcessPool" in trace
        assert canonical(store.dump("nquads")) == clean


def test_kg_build_prints_one_line_logs_the_traceback_in_the_store_and_exits_2(corpus, tmp_path, monkeypatch):
    docs, _ = corpus
    real_map = kg.parse.map_document

    def map_document(extraction, *args):
        if MARK in extraction.article.text:
            raise IndexError("injected mapping fault")
        return real_map(extraction, *args)

    monkeypatch.setattr(kg.parse, "map_document", map_document)
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["build", str(docs), "--store", str(store), "--jobs", "2", "--batch-size", "2",
                                      "--no-validate"], obj={})
    assert result.exit_code == 2, result.output
    bad = docs / f"doc{BAD:03d}.txt"
    lines = result.output.strip().splitlines()
    assert f"skipped {bad}: mapping failed (IndexError: injected mapping fault)" in lines
    assert f"1 document failed by kg's own fault: the tracebacks are in {store / 'build-errors.log'}" in lines
    assert any(line.startswith(f"built {len(DOCS) - 1} documents into {store} (1 failed)") for line in lines)
    log = (store / "build-errors.log").read_text()
    assert str(bad) in log and "document id: " in log and "IndexError: injected mapping fault" in log
    assert "Traceback (most recent call last)" in log
