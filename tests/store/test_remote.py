"""A store behind a real Oxigraph server on loopback behaves like the embedded store."""

from __future__ import annotations

import socket
import subprocess

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from serving import KG, OXIGRAPH, free_port, running

from kg.errors import QueryError, StoreError
from kg.store import AskResult, GraphResult, SelectResult, open_store
from kg.store.remote import RemoteStore

EX = "http://example.org/"
G = "https://w3id.org/kgnews/resource/graph/test-"  # kg's graphs are those under its base IRI
HOSTILE = 'He said "no" \\ then """left""" >\n\u200f'
TRIPLES = [
    (URIRef(EX + "jane"), URIRef(EX + "name"), Literal("Jane")),
    (URIRef(EX + "jane"), URIRef(EX + "note"), Literal(HOSTILE)),
]


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    """A read-write Oxigraph server started through `kg serve --write` on a free port."""
    port = free_port()
    location = tmp_path_factory.mktemp("remote") / "store"
    with running([*KG, "serve", "--write", "--store", str(location), "--port", str(port)], port):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def store(server_url):
    with open_store(server_url) as s:
        s.update("DROP SILENT ALL")
        yield s


def test_open_store_dispatches_urls_to_the_remote_store(store):
    assert isinstance(store, RemoteStore) and store.endpoints.query.endswith("/query")


def test_counts_graph_lists_and_dumps_hold_only_kgs_graphs(store):
    store.replace_graph(G + "g", TRIPLES[:1])
    store.replace_graph(EX + "servers-own", TRIPLES)  # as Virtuoso's system graphs
    quads = ox.parse(store.dump("nquads"), format=ox.RdfFormat.N_QUADS)
    assert len(store) == 1 and store.graphs() == [G + "g"] and {q.graph_name.value for q in quads} == {G + "g"}


def test_replacing_a_graph_twice_leaves_one_copy(store):
    store.replace_graph(G + "g", TRIPLES)
    store.replace_graph(G + "g", TRIPLES)
    assert len(store) == 2 and store.graphs() == [G + "g"]


def test_queries_see_the_union_of_named_graphs(store):
    store.replace_graph(G + "g1", TRIPLES[:1])
    store.replace_graph(G + "g2", TRIPLES[1:])
    result = store.query("SELECT ?p WHERE { ?s ?p ?o } ORDER BY ?p")
    assert isinstance(result, SelectResult) and [r[0] for r in result.rows] == [URIRef(EX + "name"), URIRef(EX + "note")]


def test_hostile_literals_round_trip(store):
    store.replace_graph(G + "g", TRIPLES)
    rows = store.query("SELECT ?o WHERE { ?s <http://example.org/note> ?o }").rows
    assert rows == [(Literal(HOSTILE),)]


def test_bindings_are_rdf_terms_not_text(store):
    store.replace_graph(G + "g", TRIPLES)
    injection = Literal('"} ; DROP ALL ; #')
    assert store.query("SELECT ?s WHERE { ?s ?p ?name }", {"name": injection}).rows == [] and len(store) == 2
    assert store.query("SELECT ?s WHERE { ?s ?p ?name }", {"name": Literal("Jane")}).rows == [(URIRef(EX + "jane"),)]


def test_kg_prefixes_are_declared_for_the_server(store):
    store.replace_graph(G + "g", [(URIRef(EX + "jane"), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("J"))])
    assert store.query("SELECT ?l WHERE { ?s skos:prefLabel ?l }").rows == [(Literal("J"),)]


def test_ask_and_construct_results(store):
    store.replace_graph(G + "g", TRIPLES)
    assert store.query("ASK { ?s ?p 'Jane' }") == AskResult(True)
    graph = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(graph, GraphResult) and len(graph.graph) == 2


@pytest.mark.parametrize(
    "query, message",
    [("SELECT ?s WHERE { ?s foo:bar ?o }", "unknown prefix 'foo:'"), ("SELECT ?s\nWHER { ?s ?p ?o }", "line 2, column")],
)
def test_bad_queries_raise_one_line_errors_at_the_users_line(store, query, message):
    with pytest.raises(QueryError, match=message) as error:
        store.query(query)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")])
def test_dumps_parse_back_to_the_same_graph(store, fmt, rdflib_format):
    store.replace_graph(G + "g", TRIPLES)
    parsed = Graph().parse(data=store.dump(fmt).decode("utf-8"), format=rdflib_format)
    expected = Graph()
    for t in TRIPLES:
        expected.add(t)
    assert isomorphic(parsed, expected)


def test_nquads_dump_keeps_named_graphs(store):
    store.replace_graph(G + "g1", TRIPLES[:1])
    store.replace_graph(G + "g2", TRIPLES[1:])
    quads = ox.parse(store.dump("nquads"), format=ox.RdfFormat.N_QUADS)
    assert {q.graph_name.value for q in quads} == {G + "g1", G + "g2"}


@pytest.mark.parametrize("fmt, marker", [("json", b'"bindings"'), ("csv", b"s\r\n"), ("tsv", b"?s\n")])
def test_serialized_results_in_standard_formats(store, fmt, marker):
    store.replace_graph(G + "g", TRIPLES[:1])
    assert marker in store.query_serialized("SELECT ?s WHERE { ?s ?p ?o }", fmt)


def test_a_read_only_store_refuses_updates(server_url, store):
    with open_store(server_url, read_only=True) as reader:
        with pytest.raises(StoreError, match="read-only"):
            reader.replace_graph(G + "g", TRIPLES)
    assert len(store) == 0


def test_an_unreachable_endpoint_is_a_one_line_error():
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint http://127.0.0.1:"):
        open_store(f"http://127.0.0.1:{free_port()}")


def test_a_server_that_does_not_answer_in_time_is_a_one_line_error_that_says_so():
    with socket.socket() as silent:  # accepts the connection, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        with pytest.raises(StoreError, match=r"/query did not answer within 0.5 s: the server is busy"):
            RemoteStore(f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=0.5)


def test_a_server_without_a_union_default_graph_is_refused_with_the_fix(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running([OXIGRAPH, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"], port):
        httpx.post(f"{url}/update", data={"update": "INSERT DATA { GRAPH <http://example.org/g> { <x:a> <x:b> <x:c> } }"})
        with pytest.raises(StoreError, match="--union-default-graph"):
            open_store(url)


def run_kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *args], capture_output=True, text=True, timeout=300)


@pytest.mark.model
def test_building_into_a_server_gives_the_same_answers_as_the_embedded_store(tmp_path, seeds_store):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running([*KG, "serve", "--write", "--store", str(tmp_path / "served"), "--port", str(port)], port):
        built = run_kg("build", "seeds", "--store", url)
        assert built.returncode == 0, built.stderr
        remote = run_kg("query", "who-acted-against-whom", "--store", url, "--format", "csv")
    embedded = run_kg("query", "who-acted-against-whom", "--store", str(seeds_store), "--format", "csv")
    assert remote.returncode == 0 and embedded.returncode == 0, remote.stderr + embedded.stderr
    rows = remote.stdout.splitlines()
    assert len(rows) > 1 and sorted(rows) == sorted(embedded.stdout.splitlines())


def test_load_graph_replaces_a_graph_with_n_triples(store):
    store.replace_graph(G + "g", TRIPLES)
    store.load_graph(G + "g", b'<http://example.org/joe> <http://example.org/name> "Joe" .\n_:b <http://example.org/name> "B" .\n')
    names = {str(r[0]) for r in store.query("SELECT ?n WHERE { ?s <http://example.org/name> ?n }").rows}
    assert names == {"Joe", "B"} and len(store) == 2 and store.graphs() == [G + "g"]


def test_load_graphs_replaces_each_graph(store):
    store.replace_graph(G + "g", TRIPLES)
    store.load_graphs([(G + "g", b'<http://example.org/joe> <http://example.org/name> "Joe" .'),
                       (G + "h", b'<http://example.org/ann> <http://example.org/name> "Ann" .\n')])
    names = {str(r[0]) for r in store.query("SELECT ?n WHERE { ?s <http://example.org/name> ?n }").rows}
    assert names == {"Joe", "Ann"} and len(store) == 2 and store.graphs() == [G + "g", G + "h"]
