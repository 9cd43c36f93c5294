"""What incremental builds keep lives beside the user's graph (kg/buildstate.py): queries, the shell, canned
queries and exports never see it or the builder's paths unless asked; a store an older kg built is migrated by
its next build; a document stored without its state (an interrupted build) is dropped and built again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal
from serving import KG as KG_COMMAND
from serving import free_port, running
from tiny_corpus import canonical, write_corpus

from kg.buildstate import _ROWS_PER_STATEMENT, open_state
from kg.docstate import decode_state
from kg.errors import QueryError
from kg.iri import Minter
from kg.pipeline import build, forget
from kg.queries import load_queries
from kg.remotestate import sidecar
from kg.store import open_store
from kg.store.convert import ntriples
from kg.vocab import DEFAULT_BASE_IRI, INTERNAL_PROPERTIES, KG, prefixes_with_base

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MINTER = Minter(DEFAULT_BASE_IRI)
INTERNAL_NAMES = [str(p).rsplit("#", 1)[-1] for p in INTERNAL_PROPERTIES]


def run_kg(*args: str, stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300, input=stdin)
    assert done.returncode == 0, done.stderr
    return done.stdout


def assert_private(text: str) -> None:
    """Nothing of the build state and no file system path of the builder's."""
    leaked = [name for name in INTERNAL_NAMES if name in text]
    assert not leaked and str(SEEDS) not in text and "/tmp/" not in text, leaked


def open_disk(path: Path):
    return open_store(str(path), prefixes=prefixes_with_base(DEFAULT_BASE_IRI))


@pytest.mark.model
def test_queries_canned_queries_and_the_shell_see_no_build_state_unless_asked(seeds_store):
    store = str(seeds_store)
    everything = run_kg("query", "--store", store, "--format", "tsv", "SELECT * WHERE { ?s ?p ?o }")
    named = run_kg("query", "--store", store, "--format", "tsv", "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert everything.count("\n") > 5000 and named.count("\n") >= everything.count("\n")
    assert_private(everything + named)
    for name in sorted(load_queries()):
        if name != "reports":  # needs a parameter
            assert_private(run_kg("query", "--store", store, "--format", "csv", name))
    shell = run_kg("shell", "--store", store, stdin="\\d\n\\describe Keffals\nSELECT * WHERE { ?s ?p ?o } LIMIT 50000;\n")
    assert "kg:agent" in shell and "Clara Sorrenti" in shell
    assert_private(shell)
    asked = run_kg("query", "--store", store, "--include-internal", "--format", "csv",
                   f"SELECT ?s WHERE {{ ?s <{KG.buildSummary}> ?o FILTER(CONTAINS(?o, '{SEEDS}')) }}")
    assert len(asked.splitlines()) == 1 + 5  # every seed's summary holds its path, where only kg looks
    in_shell = run_kg("shell", "--store", store, "--include-internal", "-c", f"SELECT ?t WHERE {{ ?d <{KG.linkTemplate}> ?t }}")
    assert "(5 rows)" in in_shell


def old_layout(store, minter: Minter) -> None:
    """Put the build state back where kg kept it before: on each document's node, in its graph, with the stamp
    in the entities' graph, and the state database emptied."""
    ledger = open_state(store, minter)
    for doc_id, summary in ledger.summaries().items():
        doc = minter.document(doc_id)
        triples = [(doc, KG.buildSummary, Literal(summary)), (doc, KG.linkTemplate, Literal(ledger.template(doc_id)))]
        store.update(f"INSERT DATA {{ GRAPH <{doc}> {{ {ntriples(triples)} }} }}")
    graph = minter.resolution_graph()
    store.update(f"INSERT DATA {{ GRAPH <{graph}> {{ <{graph}> <{KG.resolvedDocuments}> \"{ledger.stamp()}\" }} }}")
    ledger.remove(list(ledger.summaries()))


@pytest.mark.model
def test_a_store_built_by_an_older_kg_is_migrated_by_its_next_build(tmp_path, nlp, rules):
    folder = write_corpus(tmp_path / "docs", range(4))
    with open_disk(tmp_path / "store") as store:
        build([folder], store, nlp, rules, MINTER, validate=False)
        before = canonical(store.dump("nquads"))
        states = open_state(store, MINTER).summaries()
        old_layout(store, MINTER)
        assert canonical(store.dump("nquads")) != before
    for fmt in ("nquads", "ntriples", "turtle"):  # exports leave it out before the migration too
        data = run_kg("export", "--store", str(tmp_path / "store"), "--format", fmt)
        assert "doc001.txt" in data and not [name for name in INTERNAL_NAMES if name in data]
    with open_disk(tmp_path / "store") as store:
        logged: list[str] = []
        report = build([folder], store, nlp, rules, MINTER, validate=False, log=logged.append)
        assert (report.documents, report.skipped) == (0, 4)  # nothing parsed again
        assert any(line.startswith("moved the build state of 4 documents") for line in logged)
        assert canonical(store.dump("nquads")) == before
        assert open_state(store, MINTER).summaries() == states


@pytest.mark.model
def test_a_document_stored_without_its_state_is_dropped_and_built_again(tmp_path, nlp, rules):
    folder = write_corpus(tmp_path / "docs", range(4))
    with open_disk(tmp_path / "store") as store:
        build([folder], store, nlp, rules, MINTER, validate=False)
        before = canonical(store.dump("nquads"))
        ledger = open_state(store, MINTER)
        lost = sorted(ledger.summaries())[0]
        ledger.remove([lost])  # as if the build died after storing the graph, before keeping its state
        logged: list[str] = []
        report = build([folder], store, nlp, rules, MINTER, validate=False, log=logged.append)
        assert (report.documents, report.skipped) == (1, 3)
        assert any(line.startswith("dropped 1 documents stored without their build state") for line in logged)
        assert canonical(store.dump("nquads")) == before


@pytest.mark.model
def test_a_remote_store_keeps_its_state_off_the_server_so_queries_and_exports_see_only_facts(tmp_path, nlp, rules):
    folder = write_corpus(tmp_path / "docs", range(4))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    internal = f"SELECT ?s WHERE {{ {' UNION '.join(f'{{ ?s <{p}> ?o }}' for p in INTERNAL_PROPERTIES)} }}"
    with running([*KG_COMMAND, "serve", "--write", "--store", str(tmp_path / "served"), "--port", str(port)], port):
        with open_store(url, prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
            build([folder], store, nlp, rules, MINTER, validate=False)
            again = build([folder], store, nlp, rules, MINTER, validate=False)
            assert (again.documents, again.skipped) == (0, 4)
            states = {d: decode_state(d, s) for d, s in open_state(store, MINTER).summaries().items()}
            assert {Path(s.path).name for s in states.values()} == {f"doc{i:03d}.txt" for i in range(4)}
            forget(store, [sorted(states)[0]], rules, MINTER)
            assert len(open_state(store, MINTER).summaries()) == 3
            assert not store.query(internal).rows and sidecar(url).is_file()  # on this machine, not the server
        assert run_kg("query", "--store", url, "--format", "csv", internal).split() == ["s"]
        for name in sorted(load_queries()):
            if name != "reports":  # needs a parameter
                assert_private(run_kg("query", name, "--store", url, "--format", "csv"))
        asked = run_kg("query", "--store", url, "--include-internal", "--format", "csv",
                       f"SELECT (COUNT(*) AS ?n) WHERE {{ ?d <{KG.linkTemplate}> ?t }}")
        assert asked.split() == ["n", "3"]
        for fmt in ("nquads", "turtle"):
            data = run_kg("export", "--store", url, "--format", fmt)
            assert "doc001.txt" in data or "doc002.txt" in data
            assert not [name for name in INTERNAL_NAMES if name in data] and str(tmp_path) not in data


def test_adding_and_relinking_more_documents_than_one_statement_holds_changes_every_one_named(tmp_path):
    """The state is written a few hundred rows per SQL statement (kg/buildstate.py): a batch of more writes every
    row, and relinking changes the summaries it names once the graphs' update has, and no other."""
    with open_disk(tmp_path / "store") as store:
        ledger = open_state(store, MINTER)
        ids = [f"doc{n}" for n in range(_ROWS_PER_STATEMENT * 2 + 7)]
        ledger.add([(d, f"old {d}", f"template {d}") for d in ids])
        assert ledger.summaries() == {d: f"old {d}" for d in ids}
        relinked = ids[1:]
        updates = [f"INSERT DATA {{ GRAPH <{MINTER.document(d)}> {{ <{MINTER.document(d)}> <{KG.text}> \"{d}\" }} }}"
                   for d in relinked]
        ledger.relink(store, [(d, f"new {d}", update) for d, update in zip(relinked, updates)])
        assert ledger.summaries() == {d: (f"new {d}" if d in relinked else f"old {d}") for d in ids}
        assert ledger.template(ids[-1]) == f"template {ids[-1]}"
        assert len(store) == len(relinked)


def test_a_relink_whose_graph_update_fails_changes_no_summary(tmp_path):
    with open_disk(tmp_path / "store") as store:
        ledger = open_state(store, MINTER)
        ledger.add([("a", "old a", "t"), ("b", "old b", "t")])
        with pytest.raises(QueryError):
            ledger.relink(store, [("a", "new a", "INSERT DATA { not sparql"), ("b", "new b", "")])
        assert ledger.summaries() == {"a": "old a", "b": "old b"}
