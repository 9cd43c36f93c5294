"""The embedded store, on disk and in memory."""

import re
import signal
import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.errors import QueryError, StoreError
from kg.store import AskResult, GraphResult, SelectResult, open_store

EX = "http://example.org/"
HOSTILE = 'He said "no" \\ then """left""" >\n\u200f'
TRIPLES = [
    (URIRef(EX + "jane"), URIRef(EX + "name"), Literal("Jane")),
    (URIRef(EX + "jane"), URIRef(EX + "note"), Literal(HOSTILE)),
]


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    with open_store("memory:" if request.param == "memory" else str(tmp_path / "db")) as s:
        yield s


def test_replacing_a_graph_twice_leaves_one_copy(store):
    store.replace_graph(EX + "g", TRIPLES)
    store.replace_graph(EX + "g", TRIPLES)
    assert len(store) == 2 and store.graphs() == [EX + "g"]


@pytest.mark.parametrize("blank", [False, True], ids=["iris", "blank-nodes"])
def test_replacing_a_graph_leaves_exactly_the_new_triples(store, blank):
    """Replacing writes only the difference where it can; the result must be the new graph, whatever was there."""
    from rdflib import BNode

    subject = BNode() if blank else URIRef(EX + "jane")
    first = [*TRIPLES, (subject, URIRef(EX + "age"), Literal(41))]
    second = [TRIPLES[1], (subject, URIRef(EX + "age"), Literal(42)), (URIRef(EX + "joe"), URIRef(EX + "name"), Literal("Joe", lang="en"))]
    store.replace_graph(EX + "other", TRIPLES[:1])
    store.replace_graph(EX + "g", first)
    store.replace_graph(EX + "g", second)
    stored = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{EX}g> {{ ?s ?p ?o }} }}").graph
    expected = Graph()
    for triple in second:
        expected.add(triple)
    assert isomorphic(stored, expected)
    store.replace_graph(EX + "g", [])
    assert store.graphs() == [EX + "other"] and len(store) == 1


def test_queries_see_the_union_of_named_graphs(store):
    store.replace_graph(EX + "g1", TRIPLES[:1])
    store.replace_graph(EX + "g2", TRIPLES[1:])
    result = store.query("SELECT ?p WHERE { ?s ?p ?o } ORDER BY ?p")
    assert isinstance(result, SelectResult) and [r[0] for r in result.rows] == [URIRef(EX + "name"), URIRef(EX + "note")]


def test_bindings_are_rdf_terms_not_text(store):
    store.replace_graph(EX + "g", TRIPLES)
    injection = Literal('"} ; DROP ALL ; #')
    result = store.query("SELECT ?s WHERE { ?s ?p ?name }", {"name": injection})
    assert result.rows == [] and len(store) == 2
    assert store.query("SELECT ?s WHERE { ?s ?p ?name }", {"name": Literal("Jane")}).rows == [(URIRef(EX + "jane"),)]


def test_ask_and_construct_results(store):
    store.replace_graph(EX + "g", TRIPLES)
    assert store.query("ASK { ?s ?p 'Jane' }") == AskResult(True)
    graph = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(graph, GraphResult) and len(graph.graph) == 2


@pytest.mark.parametrize(
    "query, message",
    [("SELECT ?s WHERE { ?s foo:bar ?o }", "unknown prefix 'foo:'"), ("SELEC ?s WHERE { ?s ?p ?o }", "line 1, column")],
)
def test_bad_queries_raise_one_line_query_errors(store, query, message):
    with pytest.raises(QueryError, match=message) as error:
        store.query(query)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")])
def test_dumps_parse_back_to_the_same_graph(store, fmt, rdflib_format):
    store.replace_graph(EX + "g", TRIPLES)
    parsed = Graph().parse(data=store.dump(fmt).decode("utf-8"), format=rdflib_format)
    expected = Graph()
    for t in TRIPLES:
        expected.add(t)
    assert isomorphic(parsed, expected)


def hold_store(folder, *, read_only: bool) -> subprocess.Popen:
    """Another process that opens the store and keeps it open until killed."""
    script = (f"from kg.store import open_store\ns = open_store({str(folder)!r}, read_only={read_only})\n"
              "print('open', flush=True)\nimport time\ntime.sleep(600)")
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open"
    return holder


def test_a_store_being_written_is_busy_for_writers_and_a_snapshot_for_readers_until_the_writer_dies(tmp_path):
    folder = tmp_path / "db"
    with open_store(str(folder)) as s:
        s.replace_graph(EX + "g", TRIPLES)
    writer = hold_store(folder, read_only=False)
    try:
        with pytest.raises(StoreError) as error:
            open_store(str(folder))
        assert str(error.value) == f"store '{folder}' is busy (a build is running: pid {writer.pid}); try again when it ends"
        with open_store(str(folder), read_only=True) as reader:  # the snapshot the writer published when it opened
            assert reader.snapshot is not None and len(reader) == 2
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    with open_store(str(folder), read_only=True) as s:  # SIGKILL released the lock; the data is intact
        assert len(s) == 2


def test_readers_share_a_store_and_keep_writers_out(tmp_path):
    folder = tmp_path / "db"
    with open_store(str(folder)) as s:
        s.replace_graph(EX + "g", TRIPLES)
    reader = hold_store(folder, read_only=True)
    try:
        with open_store(str(folder), read_only=True) as s:
            assert len(s) == 2
        with pytest.raises(StoreError, match="is open in another kg process"):
            open_store(str(folder))
    finally:
        reader.kill()
        reader.wait()


def test_a_graph_is_loaded_whole_or_not_at_all(store):
    good = b"<http://example.org/a> <http://example.org/p> \"1\" .\n"
    with pytest.raises(StoreError, match="loading graph <http://example.org/g> failed"):
        store.load_graph(EX + "g", good * 50 + b"<http://example.org/a> <broken\n" + good)
    assert len(store) == 0 and store.graphs() == []
    store.load_graph(EX + "g", good)
    store.load_graph(EX + "g", good.replace(b'"1"', b'"2"'))
    assert [str(r[0]) for r in store.query("SELECT ?o WHERE { ?s ?p ?o }").rows] == ["2"]


def test_graphs_loaded_together_are_the_graphs_loaded_one_by_one(store):
    def data(n: int) -> bytes:  # no newline at the end, and a literal that looks like a line's end
        return b'<http://example.org/a> <http://example.org/p> "%d .\\n" .\n<http://example.org/a> <http://example.org/q> "%d" .' % (n, n)

    store.load_graph(EX + "g0", data(99))
    store.load_graphs([(EX + f"g{n}", data(n)) for n in range(3)] + [(EX + "blank", b'_:x <http://example.org/p> "b" .')])
    with open_store("memory:") as one_by_one:
        for n in range(3):
            one_by_one.load_graph(EX + f"g{n}", data(n))
        one_by_one.load_graph(EX + "blank", b'_:x <http://example.org/p> "b" .')
        assert store.dump("nquads").count(b"\n") == 7
        assert isomorphic_quads(store.dump("nquads"), one_by_one.dump("nquads"))


def test_a_bad_graph_in_a_batch_is_named_and_the_graphs_before_it_are_whole(store):
    good = b'<http://example.org/a> <http://example.org/p> "1" .\n'
    with pytest.raises(StoreError, match="loading graph <http://example.org/bad> failed"):
        store.load_graphs([(EX + "good", good * 3), (EX + "bad", good + b"<http://example.org/a> <broken\n")])
    assert store.graphs() == [EX + "good"] and len(store) == 1


def isomorphic_quads(left: bytes, right: bytes) -> bool:
    """The same quads, whatever the blank nodes are called (there is at most one per graph here)."""
    def lines(dump: bytes) -> list[bytes]:
        return sorted(re.sub(rb"_:\S+", b"_:b", dump).splitlines())

    return lines(left) == lines(right)


def test_a_failing_service_call_is_a_store_error(store):
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    for run in (lambda: store.query(service), lambda: store.query_serialized(service, "json")):
        with pytest.raises(StoreError, match="query failed"):
            run()
