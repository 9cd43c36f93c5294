"""Graphs loaded into real SPARQL servers (`oxigraph serve`, Virtuoso Open Source) answer every canned query with
the rows of the embedded store, and a build into Virtuoso writes the graph a local build does."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from serving import OXIGRAPH, free_port, running
from tiny_corpus import canonical, write_corpus

from kg.buildstate import state_graph
from kg.iri import Minter
from kg.pipeline import build
from kg.queries import load_queries
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import virtuoso  # noqa: E402  (bench/virtuoso.py starts a throwaway server)

pytestmark = [pytest.mark.model, pytest.mark.slow]
PREFIXES = prefixes_with_base(DEFAULT_BASE_IRI)
MINTER = Minter(DEFAULT_BASE_IRI)
KG_GRAPHS = "https://w3id.org/kgnews/"
BUILD_STATE = str(state_graph(MINTER))  # a server keeps the build state in graphs under it
BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


@pytest.fixture(scope="module")
def virtuoso_url(tmp_path_factory):
    if not virtuoso.available():
        pytest.skip("Virtuoso Open Source is not installed (Debian: apt-get install virtuoso-opensource; .ci/run does)")
    with virtuoso.running(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server.url


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory):
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    with running([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                  "--union-default-graph"], port):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(params=["oxigraph serve", "virtuoso"])
def server(request):
    url = request.getfixturevalue("oxigraph_url" if request.param == "oxigraph serve" else "virtuoso_url")
    with open_store(url, prefixes=PREFIXES) as store:
        store.update("DROP SILENT GRAPH <x:nothing>")  # the store answers updates
        for graph in store.graphs():
            if graph.startswith(KG_GRAPHS):
                store.update(f"DROP SILENT GRAPH <{graph}>")
        yield store


def graphs_of(nquads: bytes) -> dict[str, bytes]:
    """Each named graph's N-Triples, as a build hands them to the store."""
    lines: dict[str, list[str]] = {}
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        lines.setdefault(quad.graph_name.value, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    return {graph: "\n".join(found).encode("utf-8") for graph, found in lines.items()}


def same_value(term):
    """A boolean in its canonical form: Virtuoso keeps booleans as numbers and gives back "0", not "false"."""
    if isinstance(term, ox.Literal) and term.datatype == BOOLEAN and term.value in ("0", "1"):
        return ox.Literal("true" if term.value == "1" else "false", datatype=BOOLEAN)
    return term


def kg_graphs(store) -> dict:
    """canonical() of kg's graphs of facts only: Virtuoso keeps graphs of its own beside them (with blank nodes that
    pyoxigraph does not parse: Virtuoso names them nodeID://...), and a server keeps kg's build state in graphs an
    embedded store keeps in SQLite (kg/buildstate.py)."""
    found = store.query_serialized(f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                                   f"FILTER(STRSTARTS(STR(?g), '{KG_GRAPHS}') && !STRSTARTS(STR(?g), '{BUILD_STATE}')) }}",
                                   "json")
    quads = [ox.Quad(q["s"], q["p"], same_value(q["o"]), q["g"])
             for q in ox.parse_query_results(found, ox.QueryResultsFormat.JSON)]
    return canonical(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))


def rows(store, query: str, bindings: dict) -> Counter:
    return Counter(tuple(str(term) for term in row) for row in store.query(query, bindings).rows)


def canned_bindings(embedded) -> dict[str, dict]:
    """A value for each canned query's parameter: the most mentioned entity, the most reported event."""
    from rdflib import Literal

    label = embedded.query("SELECT ?l WHERE { ?e rdfs:label ?l ; kg:hasMention ?m } GROUP BY ?l "
                           "ORDER BY DESC(COUNT(?m)) ?l LIMIT 1").rows[0][0]
    event = embedded.query("SELECT ?e WHERE { ?e a kg:Event ; kg:reportCount ?n } ORDER BY DESC(?n) ?e LIMIT 1").rows[0][0]
    return {"mentions": {"label": Literal(str(label))}, "reports": {"event": event}}


def test_every_canned_query_gives_the_rows_of_the_embedded_store(seeds_store, server):
    with open_store(str(seeds_store), read_only=True, prefixes=PREFIXES) as embedded:
        server.load_graphs(sorted(graphs_of(embedded.dump("nquads")).items()))
        assert kg_graphs(server) == canonical(embedded.dump("nquads"))
        bindings = canned_bindings(embedded)
        for name, query in load_queries().items():
            expected = rows(embedded, query.text, bindings.get(name, {}))
            assert expected, name
            assert rows(server, query.text, bindings.get(name, {})) == expected, name


def test_a_build_into_the_server_writes_the_graph_of_an_embedded_build(tmp_path, nlp, rules, server):
    folder = write_corpus(tmp_path / "docs", range(5))
    build([folder], server, nlp, rules, MINTER, validate=False)
    write_corpus(folder, range(5, 7))  # the second build relinks documents of the first
    build([folder], server, nlp, rules, MINTER, validate=False)
    with open_store("memory:", prefixes=PREFIXES) as embedded:
        build([folder], embedded, nlp, rules, MINTER, validate=False)
        assert kg_graphs(server) == canonical(embedded.dump("nquads"))
