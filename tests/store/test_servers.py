"""Graphs loaded into real SPARQL servers (`oxigraph serve`, Virtuoso Open Source) answer every canned query with
the rows of the embedded store; builds from two machines sharing a state store write the graph a local build does,
and the server holds none of the build state (kg/remotestate.py), which an older kg's server has moved off."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from serving import OXIGRAPH, free_port, running
from tiny_corpus import canonical, write_corpus

from kg.buildstate import GraphState, open_state, state_graph
from kg.errors import StoreError
from kg.iri import Minter
from kg.pipeline import build, open_ledger
from kg.remotestate import refuse_state_on_server, sidecar
from kg.queries import load_queries
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, INTERNAL_PROPERTIES, prefixes_with_base

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import virtuoso  # noqa: E402  (bench/virtuoso.py starts a throwaway server)

pytestmark = [pytest.mark.model, pytest.mark.slow]
PREFIXES = prefixes_with_base(DEFAULT_BASE_IRI)
MINTER = Minter(DEFAULT_BASE_IRI)
KG_GRAPHS = "https://w3id.org/kgnews/"
BUILD_STATE = str(state_graph(MINTER))  # an older kg kept the build state on the server, in graphs under it
INTERNAL = f"SELECT ?s WHERE {{ {' UNION '.join(f'{{ ?s <{p}> ?o }}' for p in INTERNAL_PROPERTIES)} }}"
BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


@pytest.fixture(scope="module")
def virtuoso_url(tmp_path_factory):
    if not virtuoso.available():
        pytest.skip("Virtuoso Open Source is not installed (Debian: apt-get install virtuoso-opensource; .ci/run does)")
    with virtuoso.running(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server.url


def oxigraph_serve(tmp_path_factory, name: str):
    """`oxigraph serve` over a fresh dataset in a temporary folder: its URL while it runs."""
    port = free_port()
    location = tmp_path_factory.mktemp(name)
    with running([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                  "--union-default-graph"], port):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory):
    yield from oxigraph_serve(tmp_path_factory, "oxigraph")


@pytest.fixture(scope="module")
def state_url(tmp_path_factory):
    """A second `oxigraph serve`: the build state's own dataset, which builders on several machines share."""
    yield from oxigraph_serve(tmp_path_factory, "state")


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


def test_an_action_class_with_two_paths_up_lists_its_actions_once_in_every_engine(seeds_store, server):
    """kg:Sue is both hostile and legal, two paths up to kg:Action: SPARQL's paths are sets, so `actions` lists a suit
    once; Virtuoso returns a class once a path, which listed every suit twice until the query took each class once."""
    suit, document = f"{DEFAULT_BASE_IRI}action/suit-1", f"{DEFAULT_BASE_IRI}document/suit"
    kg = "https://w3id.org/kgnews/ontology#"
    lines = (f"<{suit}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{kg}Sue> .\n"
             f"<{suit}> <{kg}trigger> \"sued\" .\n<{suit}> <{kg}source> <{document}> .\n"
             f"<{suit}> <{kg}evidence> <{suit}/evidence> .\n<{suit}/evidence> <{kg}text> \"A viewer sued the network.\" .")
    with open_store(str(seeds_store), read_only=True, prefixes=PREFIXES) as embedded:
        graphs = sorted(graphs_of(embedded.dump("nquads")).items())
    with open_store("memory:", prefixes=PREFIXES) as alone:
        for store in (alone, server):
            store.load_graphs([*graphs, (document, lines.encode("utf-8"))])
        query = load_queries()["actions"].text
        expected = rows(alone, query, {})
        assert sum(1 for row in expected.elements() if row[0] == suit) == 1
        assert rows(server, query, {}) == expected


def test_two_machines_sharing_a_state_store_build_the_graph_of_an_embedded_build(tmp_path, nlp, rules, server,
                                                                                  state_url, monkeypatch):
    with open_store(state_url) as state:
        state.update("DROP SILENT ALL")
    folder = write_corpus(tmp_path / "docs", range(5))
    with open_store(server.location, prefixes=PREFIXES, state=state_url) as first:
        build([folder], first, nlp, rules, MINTER, validate=False)
    write_corpus(folder, range(5, 7))  # the second build relinks documents of the first
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "second machine"))
    with open_store(server.location, prefixes=PREFIXES, state=state_url) as second:
        report = build([folder], second, nlp, rules, MINTER, validate=False)
        assert (report.documents, report.skipped) == (2, 5) and len(open_state(second, MINTER).summaries()) == 7
    assert not server.query(INTERNAL).rows
    with open_store("memory:", prefixes=PREFIXES) as embedded:
        build([folder], embedded, nlp, rules, MINTER, validate=False)
        assert kg_graphs(server) == canonical(embedded.dump("nquads"))
        dumped = sum(1 for _ in ox.parse(server.dump("nquads"), format=ox.RdfFormat.N_QUADS))
        assert len(server) == dumped == len(embedded)  # kg's graphs only: not Virtuoso's own
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "third machine"))  # no state for the server here
    before = kg_graphs(server)
    with open_store(server.location, prefixes=PREFIXES) as third:
        with pytest.raises(StoreError, match="holds 7 documents but there is no build state for them at "):
            build([folder], third, nlp, rules, MINTER, validate=False)
    assert kg_graphs(server) == before  # refused before touching a document


def test_a_server_an_older_kg_built_has_its_state_moved_off_it(seeds_store, server):
    """An older kg kept the state in graphs under BASE/graph/build-state/ on the server itself."""
    with open_store(str(seeds_store), read_only=True, prefixes=PREFIXES) as embedded:
        server.load_graphs(sorted(graphs_of(embedded.dump("nquads")).items()))
        seeds = open_state(embedded, MINTER)
        summaries, stamp = seeds.summaries(), seeds.stamp()
        old = GraphState(server, MINTER)
        old.add([(doc_id, summary, seeds.template(doc_id)) for doc_id, summary in summaries.items()])
        old.set_stamp(stamp)
    with pytest.raises(StoreError, match="keeps its build state on the server, where queries see it"):
        refuse_state_on_server(server, server.location)
    logged: list[str] = []
    moved = open_ledger(server, MINTER, logged.append)
    assert logged == [f"moved the build state of {len(summaries)} documents off the server, where queries saw it "
                      "(a store built by an older kg)"]
    assert (moved.summaries(), moved.stamp()) == (summaries, stamp) and sidecar(server.location).is_file()
    assert not server.query(INTERNAL).rows and not [g for g in server.graphs() if g.startswith(BUILD_STATE)]
    refuse_state_on_server(server, server.location)


def test_a_readable_export_of_a_server_holds_kg_s_graphs_only(seeds_store, server):
    """Turtle and TriG read every graph of the server: Virtuoso's own (with nodeID:// blank nodes) must stay out."""
    from kg.export import export

    with open_store(str(seeds_store), read_only=True, prefixes=PREFIXES) as embedded:
        server.load_graphs(sorted(graphs_of(embedded.dump("nquads")).items()))
        expected = export(embedded, "trig", PREFIXES, DEFAULT_BASE_IRI).splitlines()[1]  # "N statements; ..."
    trig = export(server, "trig", PREFIXES, DEFAULT_BASE_IRI)
    assert trig.splitlines()[1] == expected and b"nodeID" not in trig
    assert len(ox.Dataset(ox.parse(trig, format=ox.RdfFormat.TRIG))) == int(expected.split()[1].replace(b",", b""))
