"""Building: incremental builds equal clean builds, unchanged documents are skipped, forget works."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from tiny_corpus import canonical, write_corpus

from kg.buildstate import open_state
from kg.errors import StoreError
from kg.finish import RELINK_BATCH_BYTES
from kg.iri import Minter
from kg.mapping import Mapper
from kg.model import Article
from kg.pipeline import (
    LAST_BATCH_FRACTION,
    LOAD_BATCH_BYTES,
    MIN_LOAD_BATCH_BYTES,
    NTRIPLES_PER_CHARACTER,
    ONTOLOGY_GRAPH,
    VALIDATION_SAMPLE,
    build,
    find_documents,
    forget,
    load_batch_bytes,
    load_states,
)
from kg.resolve import resolve
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

ROOT = Path(__file__).resolve().parents[1]

MINTER = Minter(DEFAULT_BASE_IRI)


def memory_store():
    return open_store("memory:", prefixes=prefixes_with_base(DEFAULT_BASE_IRI))


def clean_build(folder: Path, nlp, rules) -> dict[str, object]:
    with memory_store() as store:
        build([folder], store, nlp, rules, MINTER, validate=False)
        return canonical(store.dump("nquads"))


def entity_keys(store) -> set[str]:
    rows = store.query(f"SELECT ?e WHERE {{ GRAPH <{MINTER.resolution_graph()}> {{ ?e skos:prefLabel ?l }} }}").rows
    return {str(r[0]) for r in rows}


def test_document_graphs_equal_a_direct_mapping_of_the_same_resolution(tmp_path, nlp, rules):
    """The placeholder-and-template route gives what mapping with the final resolution gives."""
    from kg.ingest import iter_articles
    from kg.nlp.extract import extract_doc

    folder = write_corpus(tmp_path / "docs", range(12))
    articles = [a for a in iter_articles([folder]) if isinstance(a, Article)]
    extractions = [extract_doc(nlp(a.text), a, rules) for a in articles]
    resolution = resolve(extractions, rules.company_suffixes)
    mapper = Mapper(resolution, MINTER)
    with memory_store() as store:
        build([folder], store, nlp, rules, MINTER)
        for ex in extractions:
            doc = MINTER.document(ex.article.id)
            stored = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{doc}> {{ ?s ?p ?o }} }}").graph
            expected = Graph()
            for triple in mapper.document(ex):
                expected.add(triple)
            assert isomorphic(stored, expected), ex.article.path
        entities = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{MINTER.resolution_graph()}> {{ ?s ?p ?o }} }}").graph
    expected = Graph()
    for e in resolution.entities:
        for triple in mapper.entity(e):
            expected.add(triple)
    assert isomorphic(entities, expected)


def test_a_document_state_and_template_survive_the_store_codec(tmp_path, nlp, rules):
    from kg.docstate import (
        decode_state,
        decode_template,
        encode_state,
        encode_template,
        map_document,
    )
    from kg.ingest import iter_articles
    from kg.nlp.extract import extract_doc

    (article,) = [a for a in iter_articles([write_corpus(tmp_path / "docs", [5])]) if isinstance(a, Article)]
    mapped = map_document(extract_doc(nlp(article.text), article, rules), article.path, MINTER, "f")
    assert mapped.state.mentions and mapped.state.aliases is not None and mapped.template
    assert decode_state(article.id, str(encode_state(mapped.state))) == mapped.state
    assert set(decode_template(str(encode_template(mapped.template)))) == set(mapped.template)


def test_relinking_changes_exactly_what_differs_between_the_linked_templates():
    """Two mentions of one action can share a triple once linked: moving one of them must not delete it."""
    from rdflib import Literal, URIRef

    from kg.docstate import encode_template, link_triples, relink_ntriples
    from kg.store.convert import ntriples

    pending = str(MINTER.entity_for_key("x-kg-pending/"))
    action, agent, label = URIRef("http://example.org/a1"), URIRef("http://example.org/agent"), URIRef("http://example.org/l")
    template = [(action, agent, URIRef(pending + "0")), (action, agent, URIRef(pending + "1")),
                (URIRef(pending + "2"), label, Literal("x", lang="en"))]
    encoded = str(encode_template(template))
    for old, new in [(("org/a", "org/b", "person/c"), ("org/b", "org/b", "person/d")),
                     (("org/b", "org/b", "person/c"), ("org/a", "org/b", "person/c")),
                     (("org/a", "org/b", "person/c"), ("org/a", "org/a", "person/c")),
                     (("org/a", "org/b", "person/c"), ("org/a", "org/b", "person/c")),
                     (None, ("org/a", "org/b", "person/c"))]:
        before = link_triples(template, old, MINTER) if old else set()
        after = link_triples(template, new, MINTER)
        removed, added = (text.splitlines() for text in relink_ntriples(encoded, old, new, MINTER))
        assert (set(removed), set(added)) == (set(ntriples(before - after).splitlines()),
                                              set(ntriples(after - before).splitlines()))
        assert len(removed) == len(set(removed)) and len(added) == len(set(added))


def test_an_unchanged_document_is_skipped_and_the_graph_stays_the_same(tmp_path, nlp, rules):
    folder = write_corpus(tmp_path / "docs", range(6))
    with memory_store() as store:
        first = build([folder], store, nlp, rules, MINTER)
        before = canonical(store.dump("nquads"))
        second = build([folder], store, nlp, rules, MINTER)
        assert (first.documents, first.skipped) == (6, 0)
        assert (second.documents, second.skipped) == (0, 6)
        assert canonical(store.dump("nquads")) == before
        assert second.entities == first.entities and second.actions == first.actions


@pytest.mark.parametrize("batch_bytes", [1, RELINK_BATCH_BYTES], ids=["one-document-per-update", "batched"])
def test_incremental_builds_equal_a_clean_build_of_the_final_documents(tmp_path, nlp, rules, monkeypatch, batch_bytes):
    monkeypatch.setattr("kg.finish.RELINK_BATCH_BYTES", batch_bytes)
    folder = tmp_path / "docs"
    with memory_store() as store:
        build([write_corpus(folder, range(1, 12, 2))], store, nlp, rules, MINTER, validate=False)
        lines: list[str] = []
        report = build([write_corpus(folder, range(12))], store, nlp, rules, MINTER, validate=False, log=lines.append)
        assert (report.documents, report.skipped) == (6, 6)
        assert any(line.startswith("relinked") for line in lines), "the added documents should change earlier links"
        assert canonical(store.dump("nquads")) == clean_build(folder, nlp, rules)

        changed = folder / "doc003.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + "Acme Inc sued Hooli in Tokyo.\n", encoding="utf-8")
        report = build([folder], store, nlp, rules, MINTER, validate=False)
        assert (report.documents, report.skipped, report.removed) == (1, 11, 1)
        assert canonical(store.dump("nquads")) == clean_build(folder, nlp, rules)

        for name in ("doc005.txt", "doc006.txt"):
            forget(store, find_documents(store, str(folder / name), MINTER), rules, MINTER)
            (folder / name).unlink()
        assert canonical(store.dump("nquads")) == clean_build(folder, nlp, rules)


def test_a_document_is_logged_as_relinked_once_its_new_links_are_stored(tmp_path, nlp, rules):
    folder = tmp_path / "docs"

    def summary(store, doc: str) -> str:
        return open_state(store, MINTER).summaries()[doc.rsplit("/", 1)[-1]]

    with memory_store() as store:
        build([write_corpus(folder, range(1, 12, 2))], store, nlp, rules, MINTER, validate=False)
        logged: dict[str, str] = {}

        def log(line: str) -> None:
            if line.startswith("relinked "):
                doc = line.split()[1]
                logged[doc] = summary(store, doc)

        build([write_corpus(folder, range(12))], store, nlp, rules, MINTER, validate=False, log=log)
        assert logged, "the added documents should change earlier links"
        assert logged == {doc: summary(store, doc) for doc in logged}


def test_a_document_is_found_by_path_iri_or_id(tmp_path, nlp, rules):
    folder = write_corpus(tmp_path / "docs", range(3))
    with memory_store() as store:
        build([folder], store, nlp, rules, MINTER)
        (doc_id,) = find_documents(store, str(folder / "doc001.txt"), MINTER)
        assert find_documents(store, doc_id, MINTER) == [doc_id]
        assert find_documents(store, str(MINTER.document(doc_id)), MINTER) == [doc_id]
        assert len(find_documents(store, str(folder), MINTER)) == 3
        assert find_documents(store, str(tmp_path / "elsewhere.txt"), MINTER) == []


def test_changed_metadata_rebuilds_the_document(tmp_path, nlp, rules):
    folder = write_corpus(tmp_path / "docs", range(2))
    with memory_store() as store:
        build([folder], store, nlp, rules, MINTER)
        (folder / "manifest.yaml").write_text("documents:\n  - file: doc000.txt\n    published: 2023-01-02\n", encoding="utf-8")
        report = build([folder], store, nlp, rules, MINTER)
        assert (report.documents, report.skipped) == (1, 1)
        issued = store.query("SELECT ?d WHERE { ?doc dcterms:issued ?d }").rows
        assert sorted(str(r[0]) for r in issued) == ["2023-01-02", "2024-05-02"]


def test_the_summary_counts_what_the_store_holds(tmp_path, nlp, rules):
    folder = write_corpus(tmp_path / "docs", range(4))
    with memory_store() as store:
        report = build([folder], store, nlp, rules, MINTER)
        actions = store.query("SELECT (COUNT(?a) AS ?n) WHERE { ?a kg:source ?d ; kg:trigger ?t }").rows[0][0]
        assert report.actions == int(actions) and report.triples == len(store)
        assert report.entities == len(entity_keys(store))
        assert report.violations == 0 and report.validated == VALIDATION_SAMPLE
        assert ONTOLOGY_GRAPH in store.graphs()


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_build_checks_its_first_documents_and_the_entities_they_name_against_the_shapes(tmp_path, nlp, rules,
                                                                                             monkeypatch, jobs):
    """The parser processes validate; a shape every entity breaks must be reported by the build."""
    strict = Graph().parse(format="turtle", data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <http://example.org/EveryEntityNeedsANote> a sh:NodeShape ; sh:targetSubjectsOf skos:prefLabel ;
            sh:property [ sh:path skos:note ; sh:minCount 1 ] .""")
    monkeypatch.setattr("kg.ontology.load_shapes", lambda: strict)
    folder = write_corpus(tmp_path / "docs", range(8))
    with memory_store() as store:
        report = build([folder], store, nlp, rules, MINTER, jobs=jobs, batch_size=2)
    assert report.validated == VALIDATION_SAMPLE and report.violations > 0
    with memory_store() as store:
        assert build([folder], store, nlp, rules, MINTER, validate=False).violations is None


def test_parsing_in_two_processes_gives_the_same_graph(tmp_path, nlp, rules):
    folder = write_corpus(tmp_path / "docs", range(8))
    with memory_store() as store:
        build([folder], store, nlp, rules, MINTER, jobs=2, batch_size=2, validate=False)
        assert canonical(store.dump("nquads")) == clean_build(folder, nlp, rules)


def test_a_build_that_stops_midway_keeps_the_documents_it_parsed_and_the_next_one_finishes(tmp_path, nlp, rules):
    folder = write_corpus(tmp_path / "docs", range(8))

    def stop_after_three(state):
        stop_after_three.seen += 1
        if stop_after_three.seen == 3:
            raise KeyboardInterrupt

    stop_after_three.seen = 0
    with memory_store() as store:
        with pytest.raises(KeyboardInterrupt):
            build([folder], store, nlp, rules, MINTER, jobs=2, batch_size=2, validate=False, on_document=stop_after_three)
        assert len(load_states(open_state(store, MINTER))) == 3
        report = build([folder], store, nlp, rules, MINTER, validate=False)
        assert (report.documents, report.skipped) == (5, 3)
        assert canonical(store.dump("nquads")) == clean_build(folder, nlp, rules)


@pytest.mark.parametrize("batch_bytes", [1, LOAD_BATCH_BYTES], ids=["a-load-per-document", "one-load"])
def test_documents_loaded_in_batches_give_the_graph_of_a_clean_build(tmp_path, nlp, rules, monkeypatch, batch_bytes):
    monkeypatch.setattr("kg.pipeline.LOAD_BATCH_BYTES", batch_bytes)
    folder = write_corpus(tmp_path / "docs", range(5))
    with memory_store() as store:
        loads, added = [], []
        monkeypatch.setattr(store, "load_graphs", lambda graphs, load=store.load_graphs: loads.append(len(graphs)) or load(graphs))
        monkeypatch.setattr(store, "add_to_graph", lambda graph, data, add=store.add_to_graph: added.append(graph) or add(graph, data))
        build([folder], store, nlp, rules, MINTER, validate=False)
        # the ontology, the documents, then the entities' graph (new graphs are bulk loads); the events' graph is
        # bulk-loaded in parts
        assert loads == [1] + ([1] * 5 if batch_bytes == 1 else [5]) + [1]
        assert added == [str(MINTER.events_graph())]
        assert canonical(store.dump("nquads")) == clean_build(folder, nlp, rules)


@pytest.mark.parametrize("characters", [400_000, 773_546, 1_500_000, 1_950_000, 4_817_614, 30_000_000])
def test_a_build_stores_its_graph_in_full_batches_and_a_small_last_one(characters):
    """The last batch is loaded after the last parse: it is about a fifth of the others, which are at most
    LOAD_BATCH_BYTES and no more than the graph needs (BBC articles: 35 bytes of N-Triples a character)."""
    expected = characters * NTRIPLES_PER_CHARACTER
    limit = load_batch_bytes(characters)
    full, last = divmod(expected, limit)
    assert MIN_LOAD_BATCH_BYTES <= limit <= LOAD_BATCH_BYTES
    assert full == max(1, round(expected / LOAD_BATCH_BYTES)) or limit == LOAD_BATCH_BYTES
    assert last <= LAST_BATCH_FRACTION * limit * 1.01 or limit == LOAD_BATCH_BYTES


def test_a_small_build_is_stored_in_one_batch():
    assert load_batch_bytes(10_000) == MIN_LOAD_BATCH_BYTES > 10_000 * NTRIPLES_PER_CHARACTER


def refuse_document(store, monkeypatch, marker: bytes) -> None:
    """The store refuses every load that holds the document with `marker` in its text."""
    real = store.load_graphs

    def load_graphs(graphs):
        if any(marker in data for _, data in graphs):
            raise StoreError("loading graph <x> failed: refused")
        return real(graphs)

    monkeypatch.setattr(store, "load_graphs", load_graphs)


def test_a_failed_load_stops_the_build_before_it_writes_and_keeps_what_was_stored(tmp_path, nlp, rules, monkeypatch):
    folder = tmp_path / "docs"
    with memory_store() as store:
        build([write_corpus(folder, range(2))], store, nlp, rules, MINTER, validate=False)
        before = canonical(store.dump("nquads"))

        def disk_full(graphs):
            raise StoreError("loading graph <x> failed: disk full")

        monkeypatch.setattr(store, "load_graphs", disk_full)
        with pytest.raises(StoreError, match="disk full"):
            build([write_corpus(folder, range(4))], store, nlp, rules, MINTER, validate=False)
        assert canonical(store.dump("nquads")) == before


@pytest.mark.parametrize("batch_bytes", [1, LOAD_BATCH_BYTES], ids=["an-earlier-batch", "the-last-batch"])
def test_a_document_the_store_refuses_is_reported_and_the_rest_resolved_without_it(
        tmp_path, nlp, rules, monkeypatch, batch_bytes):
    """Earlier batches are stored on the writer thread while the parse goes on, the last one while finish computes
    (kg/finish.py): either way a refusal costs only its document, and nothing written rests on it."""
    monkeypatch.setattr("kg.pipeline.LOAD_BATCH_BYTES", batch_bytes)
    write_corpus(tmp_path / "rest", [0, 1, 2, 4])
    folder = write_corpus(tmp_path / "docs", range(5))
    with memory_store() as store:
        refuse_document(store, monkeypatch, b"doc003")
        report = build([folder], store, nlp, rules, MINTER, validate=False)
        assert report.documents == 4 and len(report.failed) == 1 and "refused" in report.failed[0]
        assert canonical(store.dump("nquads")) == clean_build(tmp_path / "rest", nlp, rules)


def test_a_document_whose_extraction_fails_is_reported_and_the_others_are_built(tmp_path, nlp, rules, monkeypatch):
    import kg.nlp.extract

    real = kg.nlp.extract.extract_doc

    def fails_on_report_3(doc, article, rules):
        if "Report number 3." in article.text:
            raise ValueError("no such thing")
        return real(doc, article, rules)

    monkeypatch.setattr(kg.nlp.extract, "extract_doc", fails_on_report_3)  # the workers fork with it
    folder = write_corpus(tmp_path / "docs", range(7))
    with memory_store() as store:
        report = build([folder], store, nlp, rules, MINTER, jobs=2, batch_size=2, validate=False)
        assert report.documents == 6 and len(load_states(open_state(store, MINTER))) == 6
    [failure] = report.failed
    assert failure.startswith(str(folder / "doc003.txt") + ": extraction failed (ValueError: no such thing)")


def run_without_spacy(argv: list[str]) -> subprocess.CompletedProcess:
    """Run `kg ARGV` in a fresh interpreter and fail if spaCy (or its machinery) was imported."""
    script = (
        "import sys\nfrom kg.cli import cli\n"
        f"try:\n    cli({argv!r}, obj={{}})\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'torch'))\n"
        "assert not heavy, heavy[:5]\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


@pytest.mark.parametrize("command", [["query", "SELECT ?s WHERE { ?s a kg:Person } LIMIT 1"], ["shell", "-c", "\\prefixes"]])
def test_query_and_shell_do_not_import_spacy(seeds_store, command):
    run_without_spacy([*command, "--store", str(seeds_store)])


def test_a_build_with_nothing_to_parse_never_loads_the_model(seeds_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(seeds_store, store)
    done = run_without_spacy(["build", str(ROOT / "seeds"), "--store", str(store)])
    assert "0 documents" in done.stderr and "5 unchanged" in done.stderr


def test_a_build_compacts_the_store_after_writing_everything(tmp_path, nlp, rules, monkeypatch):
    folder = write_corpus(tmp_path / "docs", range(4))
    compacted: list[list[str]] = []  # the graphs in the store at each compaction
    with open_store(str(tmp_path / "store"), prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        real = store.optimize
        monkeypatch.setattr(store, "optimize", lambda: (compacted.append(store.graphs()), real()))
        report = build([folder], store, nlp, rules, MINTER, validate=False)
        assert len(compacted) == 1 and compacted[0] == store.graphs()
        assert {str(MINTER.events_graph()), str(MINTER.resolution_graph())} <= set(compacted[0])
        build([folder], store, nlp, rules, MINTER, validate=False)  # nothing written: nothing to compact
        assert len(compacted) == 1
        forget(store, sorted(load_states(open_state(store, MINTER)))[:1], rules, MINTER)
        assert len(compacted) == 2 and len(compacted[1]) == len(compacted[0]) - 1
        assert len(store) < report.triples


def test_a_store_whose_derived_graphs_are_older_gets_them_again_though_no_document_changed(seeds_store, tmp_path,
                                                                                          nlp, rules, monkeypatch):
    """A store built before kg:Confrontation existed lists no hostile events until its events are derived again:
    the stamp names the derived graphs' version, so the next build does that without parsing anything."""
    import kg.finish

    location = tmp_path / "store"
    shutil.copytree(seeds_store, location)
    confrontations = "SELECT (COUNT(*) AS ?n) WHERE { ?e a kg:Confrontation }"
    with open_store(str(location), prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        ledger = open_state(store, MINTER)
        store.update(f"DELETE WHERE {{ GRAPH <{MINTER.events_graph()}> {{ ?e a kg:Confrontation }} }}")
        monkeypatch.setattr(kg.finish, "DERIVED_GRAPHS_VERSION", 1)
        ledger.set_stamp(kg.finish.stamp(load_states(ledger), rules))
        monkeypatch.undo()
        assert int(store.query(confrontations).rows[0][0]) == 0
        report = build([ROOT / "seeds"], store, nlp, rules, MINTER, validate=False)
        assert report.documents == 0
        assert int(store.query(confrontations).rows[0][0]) > 0
