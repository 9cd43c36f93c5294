"""`kg export`: choose what to export (all graphs, one graph, one document, a CONSTRUCT), leave out what only
incremental builds need, and write it in a stable form: the same store always exports the same bytes.

The build state lives beside the user's graph (kg/buildstate.py); `--include-internal` adds it, in its own graph.
Statements with an internal property are still left out of the store's data: a store an older kg built keeps its
build state in the documents' graphs, or a server's internal graphs, until its next build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from datetime import datetime, timezone

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg import __version__
from kg.buildstate import open_state
from kg.errors import KgError
from kg.iri import Minter
from kg.jsonld import to_jsonld
from kg.ontology import ONTOLOGY_IRI
from kg.readable import kind_prefixes, write_trig, write_turtle
from kg.store.base import AskResult, GraphResult, Store
from kg.store.convert import to_oxigraph
from kg.vocab import INTERNAL_PROPERTIES

FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")
_NAMES = {"turtle": "Turtle", "ntriples": "N-Triples", "nquads": "N-Quads", "trig": "TriG", "jsonld": "JSON-LD"}
_INTERNAL_NT = {f"<{p}>".encode() for p in INTERNAL_PROPERTIES}
_NOT_INTERNAL = f"FILTER (?p NOT IN ({', '.join(f'<{p}>' for p in INTERNAL_PROPERTIES)}))"


@dataclass(frozen=True)
class Selection:
    """What to export: everything (the default), one named graph, one document's graph, or a CONSTRUCT query."""

    graph: str | None = None
    document: str | None = None
    query: str | None = None  # SPARQL text
    query_name: str = ""
    include_internal: bool = False

    @property
    def whole(self) -> bool:
        return self.graph is None and self.document is None and self.query is None

    def describe(self, graph: str | None) -> str:
        what = (f"graph <{graph}>" if self.graph else f"document {self.document} (graph <{graph}>)" if self.document
                else f"CONSTRUCT {self.query_name}" if self.query else "all graphs")
        kept = "with the build state kept beside the graph" if self.include_internal else \
            "facts only (the build state kept beside the graph is left out; --include-internal adds it)"
        return f"{what}; {kept}"


def export(store: Store, fmt: str, prefixes: dict[str, str], base_iri: str, selection: Selection = Selection(),
           *, source: str = "", timestamp: bool = False) -> bytes:
    """The selection in format `fmt`; Turtle and TriG readable and ordered, N-Triples and N-Quads streamed."""
    if fmt not in FORMATS:
        raise KgError(f"unknown export format '{fmt}'; use one of: {', '.join(FORMATS)}")
    if fmt in ("ntriples", "nquads") and selection.whole:
        data = _without_internal_lines(store.dump(fmt))
        return data + _sorted_lines(internal_quads(store, base_iri, selection, None), fmt)
    graph = named_graph(store, selection, base_iri) if selection.graph or selection.document else None
    quads = selected_quads(store, selection, graph) + internal_quads(store, base_iri, selection, graph)
    if fmt == "jsonld":
        merged = Graph()
        for s, p, o, _ in quads:
            merged.add((s, p, o))
        return to_jsonld(merged, prefixes)
    if fmt in ("ntriples", "nquads"):
        return _sorted_lines(quads, fmt)
    header = [f"kg {__version__} export ({_NAMES[fmt]}) of store '{source}': {selection.describe(graph)}",
              f"{len(quads):,} statements; the same store exports the same bytes"]
    if timestamp:
        header.append(f"exported {datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')}")
    header = [" ".join(line.split()) for line in header]  # a name with a line break must not end the comment
    all_prefixes = {**prefixes, **kind_prefixes(base_iri, prefixes)}
    writer = write_trig if fmt == "trig" else write_turtle
    return writer(quads, all_prefixes, header, Minter(base_iri).base, ONTOLOGY_IRI)


def streams(store: Store, fmt: str, selection: Selection) -> bool:
    """Whether the store can write this export straight to a file (`dump_into`), nothing held in memory: a whole
    N-Triples or N-Quads export of an embedded store, whose build state is beside the graph, not in it."""
    if fmt not in ("ntriples", "nquads") or not selection.whole or selection.include_internal:
        return False
    if getattr(store, "dump_into", None) is None:
        return False
    holds_internal = store.query(f"ASK {{ GRAPH ?g {{ ?s ?p ?o VALUES ?p {{ {' '.join(f'<{p}>' for p in INTERNAL_PROPERTIES)} }} }} }}")
    return isinstance(holds_internal, AskResult) and not holds_internal.value  # else a store an older kg built


def source_name(location: str) -> str:
    """How the header names the store: an endpoint's URL, or a folder's name (never its path, which is the
    builder's own business)."""
    from kg.store import is_remote

    return location if is_remote(location) or location == "memory:" else Path(location).name


def selected_quads(store: Store, selection: Selection, graph: str | None) -> list[tuple]:
    """The selection's facts as (s, p, o, graph) rdflib terms (`graph`: the one named graph selected);
    a CONSTRUCT's have no graph."""
    if selection.query is not None:
        result = store.query(selection.query)
        if not isinstance(result, GraphResult):
            raise KgError(f"{selection.query_name}: kg export --query needs a CONSTRUCT or DESCRIBE query")
        return [(s, p, o, None) for s, p, o in result.graph if p not in INTERNAL_PROPERTIES]
    if selection.whole:
        kg_graphs = getattr(store, "kg_graphs_filter", "")  # a server's own graphs are not kg's to export
        rows = store.query(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o {_NOT_INTERNAL} }} {kg_graphs} }}").rows
        return [tuple(row) for row in rows]
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o {_NOT_INTERNAL} }} }}").rows
    return [(s, p, o, URIRef(graph)) for s, p, o in rows]


def internal_quads(store: Store, base_iri: str, selection: Selection, graph: str | None) -> list[tuple]:
    """The build state --include-internal adds: all of it, or the selected document's; none for a query."""
    if not selection.include_internal or selection.query is not None or selection.graph is not None:
        return []
    quads = open_state(store, Minter(base_iri)).quads()
    return quads if graph is None else [q for q in quads if str(q[0]) == graph]


def named_graph(store: Store, selection: Selection, base_iri: str) -> str:
    """The graph --graph or --document names: an IRI, a short name (events, resolution, ontology), or a document
    id or file name."""
    graphs = store.graphs()
    minter = Minter(base_iri)
    if selection.document is not None:
        wanted = selection.document
        candidates = [str(minter.document(wanted))] + sorted(str(d) for d, f in _files(store) if str(f) == wanted)
        found = [c for c in candidates if c in graphs]
        if not found:
            raise KgError(f"no document '{wanted}' in the store; give its id (as in {minter.document('ID')}) or file name")
        return found[0]
    name = selection.graph or ""
    short = {"ontology": ONTOLOGY_IRI, "resolution": str(minter.resolution_graph()), "events": str(minter.events_graph())}
    iri = short.get(name, name)
    if iri not in graphs:
        raise KgError(f"no graph '{name}' in the store; use an IRI, or one of: {', '.join(short)}")
    return iri


def _files(store: Store) -> list[tuple]:
    return store.query("SELECT ?d ?f WHERE { GRAPH ?d { ?d kg:fileName ?f } }").rows


def _without_internal_lines(data: bytes) -> bytes:
    """N-Triples / N-Quads without internal statements: one statement a line, and a subject holds no space, so
    the second field is the predicate."""
    return b"".join(line for line in data.splitlines(keepends=True) if _kept(line))


def _kept(line: bytes) -> bool:
    fields = line.split(b" ", 2)
    return len(fields) < 2 or fields[1] not in _INTERNAL_NT


def _sorted_lines(quads: list[tuple], fmt: str) -> bytes:
    if fmt == "ntriples":
        statements = {ox.Triple(*(to_oxigraph(t) for t in q[:3])) for q in quads}
        data = ox.serialize(statements, format=ox.RdfFormat.N_TRIPLES)
    else:
        statements = {ox.Quad(*(to_oxigraph(t) for t in q[:3]), to_oxigraph(q[3]) if q[3] else ox.DefaultGraph())
                      for q in quads}
        data = ox.serialize(statements, format=ox.RdfFormat.N_QUADS)
    return b"".join(sorted(data.splitlines(keepends=True)))
