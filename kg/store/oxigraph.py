"""The embedded store: Oxigraph on disk (a folder) or in memory."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from contextlib import contextmanager
from typing import Iterable, Iterator, Sequence

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier

import time

from kg.errors import QueryCancelled, QueryError, QueryTimeout, StoreError, StoreFull
from kg.queries import undeclared_prefixes
from kg.store.base import AskResult, GraphResult, QueryResult, SelectResult, Triple
from kg.store.convert import ntriples, rows_of, to_oxigraph, to_rdflib
from kg.store.faults import damaged, write_error
from kg.store.lock import StoreLock
from kg.store.snapshot import SnapshotLease, prune, publish
from kg.stoppable import (
    RDF_FORMAT_OF,
    TRANSPORT,
    ChildError,
    FormatError,
    QueryProcesses,
    QueryStopped,
    parse_transport,
    serialize_result,
)
from kg.vocab import PREFIXES

__all__ = ["RDF_FORMAT_OF", "OxigraphStore", "with_values"]
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
# RocksDB keeps what is written in memory tables until they fill, and a store has a dozen of them, so a
# process loading 2,000 BBC articles' graphs grew to 951 MB. Flushing after every this many bytes loaded
# keeps it at 328 MB for the same CPU time (25 s); flushing every 4 MB gave 266 MB but cost 32 s, as RocksDB
# then compacts more small files in the background.
FLUSH_EVERY_BYTES = 16_000_000
# The file in a store folder where builds keep their bookkeeping (kg/buildstate.py).
STATE_FILE = "build-state.sqlite"
# Seconds a reader waits for a writer that has just taken the store to publish its first snapshot.
SNAPSHOT_WAIT = 2.0


def _position_message(error: SyntaxError, sparql: str, prefixes: dict[str, str]) -> str:
    """Turn Oxigraph's 'error at L:C: expected …' into a short line that quotes the offending spot."""
    unknown = undeclared_prefixes(sparql, prefixes)
    if unknown:
        return f"unknown prefix '{unknown[0]}:'; declare it with PREFIX {unknown[0]}: <...>"
    text = str(error).replace("\n", " ")
    match = re.match(r"error at (\d+):(\d+): (.*)", text)
    if not match:
        return text
    line, column, rest = int(match[1]), int(match[2]), match[3]
    rest = re.sub(r"\s+", " ", rest)
    if len(rest) > 120:
        rest = rest[:117] + "..."
    lines = sparql.splitlines() or [""]
    near = lines[line - 1][max(0, column - 1) : column + 19] if line <= len(lines) else ""
    return f"line {line}, column {column}: {rest}" + (f" (near '{near.strip()}')" if near.strip() else "")


def with_values(sparql: str, bindings: dict[str, Identifier] | None) -> str:
    r"""Bind variables with a trailing VALUES clause of serialised RDF terms (never pasted text).

    >>> from rdflib import Literal
    >>> with_values("SELECT ?s { ?s ?p ?o }", {"o": Literal("x } DROP ALL #")})
    'SELECT ?s { ?s ?p ?o }\nVALUES (?o) { ("x } DROP ALL #") }'
    """
    if not bindings:
        return sparql
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(to_oxigraph(term)) for term in bindings.values())
    return f"{sparql.rstrip()}\nVALUES ({names}) {{ ({terms}) }}"


def _as_nquads(graph: str, ntriples: bytes) -> bytes:
    r"""N-Triples put in `graph`: a line ends with " ." only at its end, as N-Triples escape line breaks.

    >>> _as_nquads("http://example.org/g", b'<http://example.org/a> <http://example.org/b> "x .\\n" .')
    b'<http://example.org/a> <http://example.org/b> "x .\\n" <http://example.org/g> .\n'
    """
    return (ntriples.rstrip(b"\n") + b"\n").replace(b" .\n", b" <%s> .\n" % graph.encode("utf-8"))


class OxigraphStore:
    """A Store backed by pyoxigraph; the default graph of every query is the union of all graphs.

    A `stoppable` store (read-only, on disk) runs its queries in child processes (kg/stoppable.py), so that
    `timeout` (seconds, None for none) and cancel() really stop them. A read-only store opened while a build
    writes the folder reads the build's latest snapshot (kg/store/snapshot.py); `snapshot` is then its lease.
    """

    def __init__(self, location: str, *, read_only: bool = False, prefixes: dict[str, str] | None = None,
                 stoppable: bool = False):
        self.location = location
        self.read_only = read_only
        self.prefixes = prefixes or dict(PREFIXES)
        self.timeout: float | None = None
        self.snapshot: SnapshotLease | None = None
        self._lock = None
        if location != "memory:":
            self._lock, self.snapshot = self._take(location, read_only)
        self._unflushed = 0
        self._processes: QueryProcesses | None = None
        self._state_db: sqlite3.Connection | None = None
        path = str(self.snapshot.path) if self.snapshot else location
        try:
            if location == "memory:":
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(path)
            else:
                self._store = ox.Store(location)
        except RuntimeError as e:  # what pyoxigraph raises when RocksDB finds its files corrupt or missing
            self._release()
            raise damaged(location, e) from None
        except OSError as e:
            self._release()
            if isinstance(full := write_error(location, "opening it", e), StoreFull):
                raise full from e
            hint = " (is another kg process using it?)" if "lock" in str(e).lower() else ""
            raise StoreError(f"cannot open store '{location}': {e}{hint}") from e
        if stoppable and read_only and location != "memory:":
            self._processes = QueryProcesses(path, self.prefixes)
        if location != "memory:" and not read_only:
            self.publish_snapshot()  # readers see the store as it is until this process publishes again

    @staticmethod
    def _take(location: str, read_only: bool) -> tuple[StoreLock | None, SnapshotLease | None]:
        """kg's lock on the store, or for a reader while a writer has it, a lease on the writer's latest snapshot
        (waiting up to SNAPSHOT_WAIT seconds for the writer to publish one, as it does when it opens the store)."""
        deadline = time.monotonic() + SNAPSHOT_WAIT
        while True:
            try:
                return StoreLock(location, exclusive=not read_only).acquire(), None
            except StoreError:
                if not read_only:
                    raise
                if (lease := SnapshotLease.take(location)) is not None:
                    return None, lease
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @property
    def stoppable(self) -> bool:
        """Whether a time-out or cancel() stops a query (else it runs to its end)."""
        return self._processes is not None

    def cancel(self, thread: int | None = None) -> bool:
        """Stop the query running on `thread` (default: all); True if one was stopped."""
        return self._processes.cancel(thread) if self._processes is not None else False

    def _in_child(self, sparql: str, bindings: dict[str, Identifier] | None, fmt: str) -> tuple[str, bytes]:
        assert self._processes is not None
        try:
            return self._processes.run(("query", with_values(sparql, bindings), fmt), self.timeout)
        except ChildError as e:
            if e.kind == "syntax":
                raise QueryError(_position_message(SyntaxError(str(e)), sparql, self.prefixes)) from None
            if e.kind == "format":
                raise QueryError(str(e)) from None
            if e.kind == "damaged":
                raise damaged(self.location, e) from None
            raise StoreError(f"query failed: {e}") from None
        except QueryStopped as e:
            if e.reason == "timeout":
                raise QueryTimeout(f"query stopped after {e.seconds:.1f} s: it ran longer than the time-out "
                                   f"({self.timeout:g} s)") from None
            raise QueryCancelled("query cancelled") from None

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        self.replace_graph_ntriples(graph, ntriples(triples))

    def replace_graph_ntriples(self, graph: str, text: str) -> None:
        name = ox.NamedNode(graph)
        if not self._store.contains_named_graph(name):
            # A new graph is bulk-loaded (all of it or none of it): the entities' graph of a first build (20,000
            # triples at 400 BBC articles) took 0.66 s of CPU as a transaction of Quads.
            self.load_graphs([(graph, text.encode("utf-8"))])
            return
        # One update is one transaction: readers never see the graph half replaced.
        self._run_update(self._replacement(name, text))

    @contextmanager
    def _writing(self, doing: str, *, syntax: bool = False) -> Iterator[None]:
        """Say what failed while `doing` a write: the disk (full or not writable), RocksDB's files (damaged), or,
        with `syntax`, the data itself."""
        try:
            yield
        except OSError as e:
            raise write_error(self.location, doing, e) from e
        except RuntimeError as e:
            raise damaged(self.location, e) from None
        except SyntaxError as e:
            if not syntax:
                raise
            raise StoreError(f"{doing} failed: {e}") from e

    def _replacement(self, name: ox.NamedNode, text: str) -> str:
        """The update that turns graph `name` into the N-Triples `text`: only the difference when neither side has
        blank nodes, as resolution and linking rewrite big graphs little (rewriting the 54,835 entity triples of
        2,127 BBC articles took 4.2 s; reading them and writing the difference takes 1.5 s)."""
        old = list(self._store.quads_for_pattern(None, None, None, name))
        blank = "_:" in text or any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in old)
        if blank or not text:  # DELETE DATA cannot name blank nodes
            return f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{text}\n}} }}"
        before = set(ox.serialize((q.triple for q in old), format=ox.RdfFormat.N_TRIPLES).decode("utf-8").splitlines())
        after = set(text.splitlines())
        removed, added = "\n".join(before - after), "\n".join(after - before)
        return f"DELETE DATA {{ GRAPH {name} {{\n{removed}\n}} }} ;\nINSERT DATA {{ GRAPH {name} {{\n{added}\n}} }}"

    def load_graph(self, graph: str, data: bytes) -> None:
        """Replace the named graph `graph` with N-Triples, in one transaction; parsed natively when it is new."""
        name = ox.NamedNode(graph)
        if self._store.contains_named_graph(name):
            self._run_update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{data.decode('utf-8')}\n}} }}")
            return
        with self._writing(f"loading graph <{graph}>", syntax=True):
            self._store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
        self._unflushed += len(data)
        if self._unflushed >= FLUSH_EVERY_BYTES:
            self.flush()

    def load_graphs(self, graphs: Sequence[tuple[str, bytes]]) -> None:
        """Store many graphs of N-Triples at once (how builds write a batch of documents).

        New graphs go in one bulk load, which writes index files and hands them to RocksDB in one ingestion,
        so all of them appear or none does; it costs half the CPU of a transaction per graph (6.4 s against
        14.4-16.8 s for the 2,127 BBC articles' 817,174 triples, 4 MB at a time). The data is expected to be
        N-Triples as kg.store.convert.ntriples writes them, every term already checked by Oxigraph, so the bulk
        load does not check IRIs and language tags again (1.2 s of those 6.4); syntax is still checked. Existing
        graphs and graphs with blank nodes (a bulk load would merge same-named ones across graphs) are replaced
        one by one.
        """
        new: list[tuple[str, bytes]] = []
        for graph, data in graphs:
            if b"_:" in data or self._store.contains_named_graph(ox.NamedNode(graph)):
                self.load_graph(graph, data)
            else:
                new.append((graph, data))
        if not new:
            return
        quads = b"".join(_as_nquads(graph, data) for graph, data in new)
        try:
            self._store.bulk_load(quads, format=ox.RdfFormat.N_QUADS, lenient=True)
        except OSError as e:
            if isinstance(error := write_error(self.location, f"loading {len(new)} graphs", e), StoreFull):
                raise error from e
            self._load_each(new)
        except RuntimeError as e:
            raise damaged(self.location, e) from None
        except SyntaxError:
            self._load_each(new)

    def add_to_graph(self, graph: str, data: bytes) -> None:
        """Add N-Triples to a graph in one bulk load (as load_graphs writes new graphs)."""
        with self._writing(f"adding to graph <{graph}>", syntax=True):
            self._store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph), lenient=True)

    def load_dataset(self, data: bytes) -> None:
        """Add N-Quads (another store's dump) in one bulk load."""
        try:
            self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except OSError as e:
            raise write_error(self.location, "loading a dataset", e) from e

    def _load_each(self, new: list[tuple[str, bytes]]) -> None:
        """Load graphs one by one, to name the graph that fails."""
        for graph, data in new:
            self.load_graph(graph, data)

    def _execute(self, sparql: str, bindings: dict[str, Identifier] | None):
        try:
            return self._store.query(
                with_values(sparql, bindings), prefixes=self.prefixes, use_default_graph_as_union=True
            )
        except SyntaxError as e:
            raise QueryError(_position_message(e, sparql, self.prefixes)) from e
        except OSError as e:
            raise StoreError(f"query failed: {e}") from e
        except RuntimeError as e:
            raise damaged(self.location, e) from None

    def query(self, sparql: str, bindings: dict[str, Identifier] | None = None) -> QueryResult:
        if self._processes is not None:
            shape, data = self._in_child(sparql, bindings, TRANSPORT)
            if shape == "ask":
                return AskResult(data == b"true")
            return self._collect(parse_transport(shape, data))
        # Results are computed while they are read, so a failing SERVICE call surfaces here, not in _execute.
        try:
            return self._collect(self._execute(sparql, bindings))
        except OSError as e:
            raise StoreError(f"query failed: {e}") from e
        except RuntimeError as e:
            raise damaged(self.location, e) from None

    def _collect(self, result) -> QueryResult:
        """kg's result for a pyoxigraph one (or the triples of a graph result, as a list)."""
        if isinstance(result, ox.QueryBoolean):
            return AskResult(bool(result))
        if isinstance(result, (ox.QueryTriples, list)):
            graph = Graph()
            for prefix, iri in self.prefixes.items():
                graph.bind(prefix, iri)
            for t in result:
                graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return GraphResult(graph)
        variables = tuple(v.value for v in result.variables)
        return SelectResult(variables, rows_of(result))

    def query_serialized(self, sparql: str, fmt: str, bindings: dict[str, Identifier] | None = None) -> bytes:
        if self._processes is not None:
            return self._in_child(sparql, bindings, fmt)[1]
        try:
            return serialize_result(self._execute(sparql, bindings), fmt, self.prefixes)
        except FormatError as e:
            raise QueryError(str(e)) from None
        except OSError as e:
            raise StoreError(f"query failed: {e}") from e
        except RuntimeError as e:
            raise damaged(self.location, e) from None

    def update(self, sparql: str) -> None:
        self._run_update(sparql)

    def _run_update(self, sparql: str) -> None:
        try:
            self._store.update(sparql, prefixes=self.prefixes)
        except SyntaxError as e:
            raise QueryError(_position_message(e, sparql, self.prefixes)) from e
        except OSError as e:
            raise write_error(self.location, "updating", e) from e
        except RuntimeError as e:
            raise damaged(self.location, e) from None

    def dump(self, fmt: str) -> bytes:
        if fmt not in RDF_FORMAT_OF:
            raise StoreError(f"unknown export format '{fmt}'; use one of: {', '.join(RDF_FORMAT_OF)}")
        rdf_format = RDF_FORMAT_OF[fmt]
        if rdf_format.supports_datasets and fmt != "jsonld":
            return self._store.dump(format=rdf_format, prefixes=self.prefixes)
        return self.query_serialized(_UNION, fmt)

    def dump_into(self, fmt: str, output) -> None:
        """Write N-Triples (the union of the graphs) or N-Quads of the whole store to the binary file `output` as
        Oxigraph reads it: memory stays flat however big the store."""
        if fmt not in ("ntriples", "nquads"):
            raise StoreError(f"cannot stream '{fmt}'; use ntriples or nquads")
        try:
            if fmt == "nquads":
                self._store.dump(output, format=ox.RdfFormat.N_QUADS)
            else:
                ox.serialize(self._execute(_UNION, None), output, format=ox.RdfFormat.N_TRIPLES)
        except RuntimeError as e:
            raise damaged(self.location, e) from None

    def graphs(self) -> list[str]:
        try:
            return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))
        except RuntimeError as e:
            raise damaged(self.location, e) from None

    def __len__(self) -> int:
        try:
            return len(self._store)
        except RuntimeError as e:
            raise damaged(self.location, e) from None

    def flush(self) -> None:
        if self.location != "memory:" and not self.read_only:
            try:
                self._store.flush()
            except OSError as e:
                raise write_error(self.location, "flushing", e) from e
        self._unflushed = 0

    def optimize(self) -> None:
        """Compact the store. Builds bulk-load documents a batch at a time, each batch its own sorted files that
        a lookup must search in turn; compacted, the 2,225-article BBC store answered queries in half the CPU
        (who-acted-against-whom 100 -> 38 ms) for ~3 s of compaction. A build and `kg forget` run it last."""
        if self.location == "memory:" or self.read_only:
            return
        with self._writing("compacting"):
            self._store.optimize()

    def state_database(self) -> sqlite3.Connection:
        """Where builds keep their bookkeeping: beside the graph, out of every query's sight (kg/buildstate.py)."""
        if self._state_db is None:
            from kg.buildstate import open_database

            path = ":memory:" if self.location == "memory:" else str(Path(self.location) / STATE_FILE)
            self._state_db = open_database(path, read_only=self.read_only)
        return self._state_db

    def publish_snapshot(self) -> None:
        """Let readers see the store as it is now while this process goes on writing (see kg/store/snapshot.py)."""
        if self.location == "memory:" or self.read_only:
            return
        try:
            publish(self.location, self._store.backup)
        except OSError as e:
            error = write_error(self.location, "publishing a snapshot for readers", e)
            if isinstance(error, StoreFull):
                raise error from e  # else readers just see an older snapshot

    def close(self) -> None:
        try:
            if self._processes is not None:
                self._processes.close()
            if self._state_db is not None:
                self._state_db.close()
            self.flush()
            del self._store
            if self.location != "memory:" and not self.read_only:
                prune(self.location)  # the store itself is readable again
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if self.snapshot is not None:
            self.snapshot.release()
            self.snapshot = None

    def __enter__(self) -> OxigraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
