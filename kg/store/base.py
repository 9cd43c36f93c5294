"""What every store backend offers, and the result types that cross the store boundary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence, Union

from rdflib import Graph
from rdflib.term import Identifier, Node

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class SelectResult:
    variables: tuple[str, ...]
    rows: Sequence[tuple[Identifier | None, ...]]


@dataclass(frozen=True)
class AskResult:
    value: bool


@dataclass(frozen=True)
class GraphResult:
    graph: Graph


QueryResult = Union[SelectResult, AskResult, GraphResult]

# SPARQL results formats a backend serialises itself (W3C JSON, CSV, TSV, XML).
RESULT_FORMATS = ("json", "csv", "tsv", "xml")
# RDF formats for dumps and CONSTRUCT results.
RDF_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")


class Store(Protocol):
    """A quad store; each document's facts live in a named graph, queries see their union."""

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """Atomically replace the named graph `graph` with `triples`."""

    def replace_graph_ntriples(self, graph: str, text: str) -> None:
        """replace_graph with the triples as N-Triples text (how builds write the events' graph)."""

    def load_graph(self, graph: str, data: bytes) -> None:
        """Atomically replace the named graph `graph` with N-Triples `data` (how builds write documents)."""

    def load_graphs(self, graphs: Sequence[tuple[str, bytes]]) -> None:
        """Replace each named graph with its N-Triples; a store may write them together, but never half a graph."""

    def add_to_graph(self, graph: str, data: bytes) -> None:
        """Add N-Triples to the named graph `graph` (a long document's graph is written in parts)."""

    def query(self, sparql: str, bindings: dict[str, Identifier] | None = None) -> QueryResult:
        """Run a SPARQL query over the union of all graphs."""

    def query_serialized(self, sparql: str, fmt: str, bindings: dict[str, Identifier] | None = None) -> bytes:
        """Run a query and return its results in a standard format (RESULT_FORMATS or RDF_FORMATS)."""

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update."""

    def dump(self, fmt: str) -> bytes:
        """Serialise the whole store (datasets formats keep named graphs)."""

    def graphs(self) -> list[str]:
        """Return the IRIs of the named graphs."""

    def __len__(self) -> int: ...

    def close(self) -> None: ...
