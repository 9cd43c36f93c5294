"""A store behind a SPARQL 1.1 endpoint (Oxigraph server, Fuseki, Virtuoso, GraphDB, Neptune...).

Two URL forms name an endpoint:

- ``http(s)://HOST[:PORT][/DATASET]`` is a dataset's base URL with the Oxigraph/Fuseki layout:
  queries go to ``BASE/query`` and updates to ``BASE/update`` (what ``kg serve`` offers);
- ``sparql+http(s)://HOST[:PORT]/PATH`` is one URL that takes both queries and updates
  (Virtuoso's and Neptune's ``/sparql``).

Queries and updates go through the SPARQL 1.1 Protocol, so any conforming server works. Whole graphs (what a
build writes) go through the Graph Store Protocol when the server offers it where kg looks (``BASE/store``:
Oxigraph, ``kg serve``; ``…/sparql-graph-crud`` beside a ``…/sparql`` endpoint: Virtuoso): an Oxigraph batch
of documents is one N-Quads POST, a Virtuoso one is one PUT per graph, each parsed by the server's own RDF
loader instead of its SPARQL parser. A server that answers there with 404 or 405 gets SPARQL updates instead.
kg reads the union of the named graphs as the default graph; the server must be set up that way
(``kg serve`` and ``oxigraph serve --union-default-graph`` are; Virtuoso, GraphDB and Neptune are by default).
kg's graphs are those under the base IRI and the ontology's: counts, graph lists and dumps leave out the rest
(Virtuoso's own system graphs, whose blank nodes it names ``nodeID://...``). The build state is not on the server
(kg/remotestate.py says where it is), so whatever queries the server sees only the facts.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Iterable, Sequence

import httpx
import pyoxigraph as ox
from pygments.lexers import SparqlLexer
from pygments.token import Keyword
from rdflib import Graph
from rdflib.term import Identifier

from kg.errors import QueryError, StoreError
from kg.ontology import ONTOLOGY_IRI
from kg.queries import declared_prefixes, undeclared_prefixes, used_prefixes
from kg.store.base import (
    RDF_FORMATS,
    RESULT_FORMATS,
    AskResult,
    GraphResult,
    QueryResult,
    SelectResult,
    Triple,
)
from kg.store.convert import ntriples, to_rdflib
from kg.store.oxigraph import RDF_FORMAT_OF, with_values
from kg.store.oxigraph import _as_nquads as as_nquads
from kg.vocab import DEFAULT_BASE_IRI, PREFIXES

_RESULT_MEDIA = {fmt: ox.QueryResultsFormat.from_extension(fmt).media_type for fmt in RESULT_FORMATS}
_GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_UNION_CHECK = "ASK { ?s ?p ?o }", "ASK { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class Endpoints:
    """Where queries, updates and whole graphs go; `datasets`: the graph store takes N-Quads of many graphs."""

    query: str
    update: str
    graph_store: str | None = None
    datasets: bool = False


def endpoints(location: str) -> Endpoints:
    """Where queries, updates and whole graphs go for a store URL (see the module docstring).

    >>> endpoints("http://localhost:7878")
    Endpoints(query='http://localhost:7878/query', update='http://localhost:7878/update', graph_store='http://localhost:7878/store', datasets=True)
    >>> endpoints("sparql+https://db.example.org/sparql")
    Endpoints(query='https://db.example.org/sparql', update='https://db.example.org/sparql', graph_store='https://db.example.org/sparql-graph-crud', datasets=False)
    """
    if location.lower().startswith("sparql+"):
        url = location[len("sparql+"):]
        return Endpoints(url, url, f"{url}-graph-crud" if url.rstrip("/").endswith("/sparql") else None)
    base = location.rstrip("/")
    return Endpoints(f"{base}/query", f"{base}/update", f"{base}/store", True)


def query_form(sparql: str) -> str:
    r"""SELECT, ASK, CONSTRUCT or DESCRIBE: servers need to be told which result format to send.

    >>> query_form("PREFIX ex: <http://e/#SELECT> # ASK\nconstruct { ?s ?p ?o } WHERE { { SELECT ?s {} } }")
    'CONSTRUCT'
    """
    for kind, value in SparqlLexer().get_tokens(sparql):
        if kind in Keyword and value.upper() in ("SELECT", "ASK", *_GRAPH_FORMS):
            return value.upper()
    return "SELECT"


def _one_line(text: str, limit: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _unshifted(message: str, shift: int) -> str:
    """Report Oxigraph's 'error at LINE:COLUMN' against the user's text, not the prologue kg added.

    >>> _unshifted("error at 15:8: expected one of VERSION", 14)
    'line 1, column 8: expected one of VERSION'
    """
    match = re.match(r"error at (\d+):(\d+): (.*)", message)
    if not match:
        return message
    return f"line {max(1, int(match[1]) - shift)}, column {match[2]}: {match[3]}"


def _insert_ntriples(graph: ox.NamedNode, data: str) -> str:
    """INSERT ... WHERE {} rather than INSERT DATA: some servers (Virtuoso) refuse blank nodes in DATA."""
    return f"INSERT {{ GRAPH {graph} {{\n{data}\n}} }} WHERE {{}}"


class RemoteStore:
    """A Store that speaks the SPARQL 1.1 Protocol to a server; same behaviour as the embedded store."""

    def __init__(
        self,
        location: str,
        *,
        read_only: bool = False,
        prefixes: dict[str, str] | None = None,
        timeout: float = 300.0,
        state: str = "",
    ):
        self.location = location
        self.read_only = read_only
        self.prefixes = prefixes or dict(PREFIXES)
        self.state = state  # where the build state lives: "" (this machine's file for the URL), a path or a URL
        self._state_db: sqlite3.Connection | None = None
        self._state_store: RemoteStore | None = None
        base = self.prefixes.get("kgr", DEFAULT_BASE_IRI)
        self._kg_graphs = f"FILTER(STRSTARTS(STR(?g), {ox.Literal(base)}) || ?g = {ox.NamedNode(ONTOLOGY_IRI)})"
        self.endpoints = endpoints(location)
        self._graph_store = self.endpoints.graph_store
        self._client = httpx.Client(timeout=timeout, follow_redirects=True)
        try:
            self._check_union_default_graph()
        except Exception:
            self._client.close()
            raise

    def _check_union_default_graph(self) -> None:
        """Fail early, with the fix, when the server's default graph is not the union of its graphs."""
        default_has_data, named_have_data = (self._ask(q) for q in _UNION_CHECK)
        if named_have_data and not default_has_data:
            raise StoreError(
                f"the SPARQL endpoint at '{self.location}' does not query the union of its named graphs; "
                "start it with 'kg serve' or 'oxigraph serve --union-default-graph'"
            )

    def _ask(self, sparql: str) -> bool:
        result = self.query(sparql)
        return isinstance(result, AskResult) and result.value

    def _with_prefixes(self, sparql: str) -> str:
        """Declare the kg prefixes the text uses but does not declare (the server does not know them)."""
        unknown = undeclared_prefixes(sparql, self.prefixes)
        if unknown:
            raise QueryError(f"unknown prefix '{unknown[0]}:'; declare it with PREFIX {unknown[0]}: <...>")
        declared = set(declared_prefixes(sparql))
        needed = [p for p in used_prefixes(sparql) if p not in declared]
        return "".join(f"PREFIX {p}: <{self.prefixes[p]}>\n" for p in needed) + sparql

    def _post(self, url: str, form: dict[str, str], accept: str | None = None, shift: int = 0) -> httpx.Response:
        """POST a query or update; `shift` is how many prologue lines kg added, for error positions."""
        headers = {"Accept": accept} if accept else {}
        try:
            response = self._client.post(url, data=form, headers=headers)
        except httpx.TimeoutException as e:
            raise StoreError(self._no_answer(url)) from e
        except httpx.HTTPError as e:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {e}") from e
        if response.status_code == 400:
            raise QueryError(_unshifted(_one_line(response.text), shift) or "the server rejected the query")
        if response.status_code in (401, 403, 405):
            raise StoreError(f"{url} refused the request ({response.status_code}): {_one_line(response.text)}")
        if response.status_code == 406:
            raise QueryError(f"the server cannot write this result as {accept}")
        if response.status_code >= 300:
            raise StoreError(f"{url} answered {response.status_code}: {_one_line(response.text)}")
        return response

    def _no_answer(self, url: str) -> str:
        """A time-out is not an unreachable server: it is busy, or (Virtuoso) waits on locks a failed update kept."""
        return (f"{url} did not answer within {self._client.timeout.read:g} s: the server is busy, or waits on a lock "
                "(Virtuoso keeps those of an update it failed)")

    def _request_query(self, sparql: str, accept: str, bindings: dict[str, Identifier] | None) -> httpx.Response:
        text = self._with_prefixes(with_values(sparql, bindings))
        return self._post(self.endpoints.query, {"query": text}, accept, shift=text.count("\n") - sparql.count("\n"))

    def query(self, sparql: str, bindings: dict[str, Identifier] | None = None) -> QueryResult:
        is_graph = query_form(sparql) in _GRAPH_FORMS
        accept = RDF_FORMAT_OF["ntriples"].media_type if is_graph else _RESULT_MEDIA["json"]
        response = self._request_query(sparql, accept, bindings)
        media = response.headers.get("content-type", "").split(";")[0].strip()
        results_format = ox.QueryResultsFormat.from_media_type(media)
        rdf_format = ox.RdfFormat.from_media_type(media)
        if (rdf_format if is_graph else results_format) is None:
            raise StoreError(f"{self.endpoints.query} answered with unexpected content type '{media}'")
        if not is_graph:
            return self._results(ox.parse_query_results(response.content, results_format))
        graph = Graph()
        for prefix, iri in self.prefixes.items():
            graph.bind(prefix, iri)
        for t in ox.parse(response.content, rdf_format):
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return GraphResult(graph)

    @staticmethod
    def _results(parsed: ox.QuerySolutions | ox.QueryBoolean) -> QueryResult:
        if isinstance(parsed, ox.QueryBoolean):
            return AskResult(bool(parsed))
        variables = tuple(v.value for v in parsed.variables)
        return SelectResult(variables, [tuple(to_rdflib(s[v]) for v in variables) for s in parsed])

    def query_serialized(self, sparql: str, fmt: str, bindings: dict[str, Identifier] | None = None) -> bytes:
        if query_form(sparql) in _GRAPH_FORMS:
            if fmt not in RDF_FORMAT_OF:
                raise QueryError(f"a graph result cannot be written as '{fmt}'; use one of: {', '.join(RDF_FORMAT_OF)}")
            media = RDF_FORMAT_OF[fmt].media_type
        elif fmt not in _RESULT_MEDIA:
            raise QueryError(f"query results cannot be written as '{fmt}'; use one of: {', '.join(_RESULT_MEDIA)}")
        else:
            media = _RESULT_MEDIA[fmt]
        return self._request_query(sparql, media, bindings).content

    def update(self, sparql: str) -> None:
        text = self._with_prefixes(sparql)
        self._write(text, shift=text.count("\n") - sparql.count("\n"))

    def _write(self, text: str, shift: int = 0) -> None:
        """Send an update; kg's own updates spell every IRI out, so they skip the prefix scan (large texts)."""
        if self.read_only:
            raise StoreError(f"the store '{self.location}' is open read-only")
        self._post(self.endpoints.update, {"update": text}, shift=shift)

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        self.replace_graph_ntriples(graph, ntriples(triples))

    def replace_graph_ntriples(self, graph: str, text: str) -> None:
        self.load_graph(graph, text.encode("utf-8"))

    def load_graph(self, graph: str, data: bytes) -> None:
        """Replace a graph with N-Triples in one request (a Graph Store PUT, else one update): readers never
        see it half replaced."""
        if self._graph_store_put(graph, data):
            return
        name = ox.NamedNode(graph)
        self._write(f"DROP SILENT GRAPH {name} ;\n{_insert_ntriples(name, data.decode('utf-8'))}")

    def load_graphs(self, graphs: Sequence[tuple[str, bytes]]) -> None:
        """Replace many graphs: on a server whose graph store takes N-Quads, one update drops them all and one POST
        loads them (a build killed between the two leaves their documents unstored, and the next build parses them
        again); elsewhere one request per graph, since servers cap the size of an update."""
        if self.endpoints.datasets and self._graph_store is not None and graphs:
            self._write(" ;\n".join(f"DROP SILENT GRAPH {ox.NamedNode(graph)}" for graph, _ in graphs))
            body = b"".join(as_nquads(graph, data) for graph, data in graphs)
            if self._send_graph_store("POST", None, body, "application/n-quads"):
                return
        for graph, data in graphs:
            self.load_graph(graph, data)

    def add_to_graph(self, graph: str, data: bytes) -> None:
        """Add N-Triples to a graph: a Graph Store POST, else one update."""
        if self._graph_store is not None and self._send_graph_store("POST", graph, data, "application/n-triples"):
            return
        self._write(_insert_ntriples(ox.NamedNode(graph), data.decode("utf-8")))

    def _graph_store_put(self, graph: str, data: bytes) -> bool:
        return self._graph_store is not None and self._send_graph_store("PUT", graph, data, "application/n-triples")

    def _send_graph_store(self, method: str, graph: str | None, body: bytes, media: str) -> bool:
        """Send whole graphs to the Graph Store Protocol endpoint; False (and SPARQL updates from now on) when the
        server has none there."""
        if self.read_only:
            raise StoreError(f"the store '{self.location}' is open read-only")
        url = self._graph_store
        try:
            response = self._client.request(method, url, params={"graph": graph} if graph else None, content=body,
                                            headers={"Content-Type": media})
        except httpx.TimeoutException as e:
            raise StoreError(self._no_answer(url)) from e
        except httpx.HTTPError as e:
            raise StoreError(f"cannot reach the graph store {url}: {e}") from e
        if response.status_code in (404, 405):
            self._graph_store = None
            return False
        if response.status_code >= 300:
            raise StoreError(f"{url} answered {response.status_code} to a {method} of "
                             f"{'<' + graph + '>' if graph else 'graphs'}: {_one_line(response.text)}")
        return True

    def dump(self, fmt: str) -> bytes:
        """Fetch every quad with one query and serialise it locally, so any endpoint can be exported."""
        if fmt not in RDF_FORMATS:
            raise StoreError(f"unknown export format '{fmt}'; use one of: {', '.join(RDF_FORMATS)}")
        every_quad = f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._kg_graphs} }}"
        quads = ox.parse_query_results(self.query_serialized(every_quad, "json"), ox.QueryResultsFormat.JSON)
        local = ox.Store()
        local.extend(ox.Quad(q["s"], q["p"], q["o"], q["g"]) for q in quads)
        rdf_format = RDF_FORMAT_OF[fmt]
        if rdf_format.supports_datasets and fmt != "jsonld":
            return local.dump(format=rdf_format, prefixes=self.prefixes)
        union = local.query(_UNION, use_default_graph_as_union=True)
        return ox.serialize(union, format=rdf_format, prefixes=self.prefixes)

    @property
    def kg_graphs_filter(self) -> str:
        """A FILTER on ?g keeping kg's graphs only: a server (Virtuoso) may hold graphs of its own."""
        return self._kg_graphs

    def graphs(self) -> list[str]:
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._kg_graphs} }}").rows
        return sorted(str(g) for (g,) in rows)

    def __len__(self) -> int:
        (count,) = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._kg_graphs} }}").rows[0]
        return int(count)

    def state_database(self) -> sqlite3.Connection | None:
        """The SQLite database of the build state, when it is a file (this machine's for the URL, or a path)."""
        from kg.remotestate import state_file
        from kg.buildstate import open_database

        if self._state_db is None and (path := state_file(self.location, self.state)) is not None:
            if not self.read_only:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._state_db = open_database(str(path), read_only=self.read_only)
        return self._state_db

    def state_store(self) -> RemoteStore | None:
        """The SPARQL store of the build state, when it is one (a dataset every builder shares)."""
        from kg.remotestate import state_url

        if self._state_store is None and (url := state_url(self.location, self.state)) is not None:
            self._state_store = RemoteStore(url, read_only=self.read_only, prefixes=self.prefixes)
        return self._state_store

    def close(self) -> None:
        self._client.close()
        if self._state_db is not None:
            self._state_db.close()
        if self._state_store is not None:
            self._state_store.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
