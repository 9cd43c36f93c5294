"""Where incremental builds keep their bookkeeping: beside the user's graph, never in it.

Each stored document has a summary (kg/docstate.py: its source path, fingerprint, mentions and the entities
they are linked to) and a link template, and the entities' graph has a stamp naming the documents it was
resolved from. None of it is a fact about the news, and the summary holds the builder's file paths, so it is
kept where queries, the shell and exports do not look:

- an embedded store keeps it in a SQLite file in the store folder (STORE/build-state.sqlite; a memory: store in
  memory). Oxigraph never sees it, so neither do queries, `kg serve`, the snapshots readers use, nor exports.
- a remote store keeps it off the server, whose queries see all its graphs (kg/remotestate.py): in a SQLite file
  on the building machine, or in a SPARQL dataset of its own that every builder shares, one named graph per
  document under BASE/graph/build-state/.

A document's graph is written before its state and its state removed before its graph, so a build killed in
between leaves at worst a graph without state, which the next build drops (`drop_orphans`).
"""

from __future__ import annotations

import sqlite3
from typing import Callable, Iterable, Iterator, Protocol, Sequence

from rdflib import Literal, URIRef

from kg.errors import StoreError
from kg.iri import Minter
from kg.store import is_remote
from kg.store.base import SelectResult, Store
from kg.store.convert import ntriples
from kg.vocab import KG

SUMMARY = KG.buildSummary
TEMPLATE = KG.linkTemplate
RESOLVED = KG.resolvedDocuments
Log = Callable[[str], None]


class BuildState(Protocol):
    """The bookkeeping of one store; summaries and templates are the text kg/docstate.py encodes."""

    def summaries(self) -> dict[str, str]:
        """Document id -> summary, for every stored document."""

    def template(self, doc_id: str) -> str: ...

    def stamp(self) -> str | None: ...

    def set_stamp(self, value: str) -> None: ...

    def add(self, entries: Sequence[tuple[str, str, str]]) -> None:
        """Keep (document id, summary, template) of documents whose graphs were just stored."""

    def relink(self, store: Store, batch: Sequence[tuple[str, str, str]]) -> None:
        """Apply (document id, new summary, SPARQL update of its graph) together: a document is never half relinked."""

    def remove(self, doc_ids: Iterable[str]) -> None: ...

    def quads(self) -> list[tuple]:
        """All of it as RDF (s, p, o, graph), for `kg export --include-internal`."""


def state_graph(minter: Minter) -> URIRef:
    """The graph the state is exported in (and where a remote store keeps its stamp)."""
    return URIRef(f"{minter.base}graph/build-state")


def _as_quads(minter: Minter, summaries: dict[str, str], template: Callable[[str], str], stamp: str | None) -> list[tuple]:
    graph = state_graph(minter)
    quads = []
    for doc_id, summary in sorted(summaries.items()):
        doc = minter.document(doc_id)
        quads += [(doc, SUMMARY, Literal(summary), graph), (doc, TEMPLATE, Literal(template(doc_id)), graph)]
    if stamp is not None:
        quads.append((minter.resolution_graph(), RESOLVED, Literal(stamp), graph))
    return quads


# The state is written on the store's writer thread while the build's thread runs Python (resolution, grouping
# events), and SQLite hands the GIL back after each statement: one statement a document (executemany) then waited
# up to Python's switch interval (5 ms) each, and a batch of relinks took 1 s instead of 0.06 (2,225 BBC articles:
# their tail 0.35-0.45 s shorter on average). Rows are therefore written this many to a statement (three
# parameters each, within SQLite's oldest limit of 999).
_ROWS_PER_STATEMENT = 300


def _chunks(rows: Sequence, size: int = _ROWS_PER_STATEMENT) -> Iterator[Sequence]:
    return (rows[start:start + size] for start in range(0, len(rows), size))


class SqliteState:
    """The state of an embedded store, in a SQLite database the store opened (OxigraphStore.state_database)."""

    def __init__(self, db: sqlite3.Connection, minter: Minter):
        self.db = db
        self.minter = minter

    def summaries(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT id, summary FROM document"))

    def template(self, doc_id: str) -> str:
        row = self.db.execute("SELECT template FROM document WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise StoreError(f"no build state for document {doc_id}")
        return row[0]

    def stamp(self) -> str | None:
        row = self.db.execute("SELECT value FROM setting WHERE name = 'resolved'").fetchone()
        return row[0] if row else None

    def set_stamp(self, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO setting VALUES ('resolved', ?)", (value,))

    def add(self, entries: Sequence[tuple[str, str, str]]) -> None:
        with self.db:
            for part in _chunks(entries):
                self.db.execute(f"INSERT OR REPLACE INTO document VALUES {','.join(['(?, ?, ?)'] * len(part))}",
                                [value for entry in part for value in entry])

    def relink(self, store: Store, batch: Sequence[tuple[str, str, str]]) -> None:
        """The summaries change in a transaction that commits only once the graphs' update has: a build killed
        before leaves both as they were; one killed between the two commits leaves graphs already linked as
        the summaries will say again, which the next relinking (same documents, same resolution) leaves alone."""
        with self.db:
            for part in _chunks(batch):
                whens, ids = " ".join(["WHEN ? THEN ?"] * len(part)), ",".join("?" * len(part))
                self.db.execute(f"UPDATE document SET summary = CASE id {whens} END WHERE id IN ({ids})",
                                [v for doc_id, summary, _ in part for v in (doc_id, summary)] + [d for d, _, _ in part])
            store.update(" ;\n".join(update for _, _, update in batch))

    def remove(self, doc_ids: Iterable[str]) -> None:
        with self.db:
            self.db.executemany("DELETE FROM document WHERE id = ?", [(d,) for d in doc_ids])

    def quads(self) -> list[tuple]:
        return _as_quads(self.minter, self.summaries(), self.template, self.stamp())


SCHEMA = """
CREATE TABLE IF NOT EXISTS document (id TEXT PRIMARY KEY, summary TEXT NOT NULL, template TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS setting (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def open_database(path: str, *, read_only: bool) -> sqlite3.Connection:
    """The state database at `path` (":memory:" for a memory: store); read-only, a missing one reads as empty."""
    try:
        if read_only and path != ":memory:":
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, check_same_thread=False)
        else:
            db = sqlite3.connect(path, timeout=30, check_same_thread=False)
            db.executescript(SCHEMA)
        db.execute("SELECT 1 FROM document LIMIT 1")
        return db
    except sqlite3.OperationalError as e:
        if read_only:
            empty = sqlite3.connect(":memory:", check_same_thread=False)
            empty.executescript(SCHEMA)
            return empty
        raise StoreError(f"cannot open the build state '{path}': {e}") from e
    except sqlite3.DatabaseError as e:
        raise StoreError(f"the build state '{path}' is damaged ({e}); delete it and build again with --force") from e


class GraphState:
    """The state of a remote store kept in a SPARQL store of its own (and, by an older kg, on the server itself):
    one named graph per document, and the stamp in the state graph."""

    def __init__(self, store: Store, minter: Minter):
        self.store = store
        self.minter = minter
        self.prefix = f"{state_graph(minter)}/"

    def graph(self, doc_id: str) -> str:
        return f"{self.prefix}{doc_id}"

    def _rows(self, sparql: str) -> list[tuple]:
        result = self.store.query(sparql)
        assert isinstance(result, SelectResult)
        return list(result.rows)

    def summaries(self) -> dict[str, str]:
        rows = self._rows(f"SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?d <{SUMMARY}> ?s }} FILTER(STRSTARTS(STR(?g), \"{self.prefix}\")) }}")
        return {str(g)[len(self.prefix):]: str(s) for g, s in rows}

    def templates(self) -> dict[str, str]:
        """Document id -> link template, for every document, in one query."""
        rows = self._rows(f"SELECT ?g ?t WHERE {{ GRAPH ?g {{ ?d <{TEMPLATE}> ?t }} FILTER(STRSTARTS(STR(?g), \"{self.prefix}\")) }}")
        return {str(g)[len(self.prefix):]: str(t) for g, t in rows}

    def template(self, doc_id: str) -> str:
        doc = self.minter.document(doc_id)
        rows = self._rows(f"SELECT ?t WHERE {{ GRAPH <{self.graph(doc_id)}> {{ <{doc}> <{TEMPLATE}> ?t }} }}")
        if not rows:
            raise StoreError(f"no build state for document {doc_id}")
        return str(rows[0][0])

    def stamp(self) -> str | None:
        graph = state_graph(self.minter)
        rows = self._rows(f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ <{self.minter.resolution_graph()}> <{RESOLVED}> ?s }} }}")
        return str(rows[0][0]) if rows else None

    def set_stamp(self, value: str) -> None:
        self.store.replace_graph(str(state_graph(self.minter)), [(self.minter.resolution_graph(), RESOLVED, Literal(value))])

    def _triples(self, doc_id: str, summary: str, template: str) -> list[tuple]:
        doc = self.minter.document(doc_id)
        return [(doc, SUMMARY, Literal(summary)), (doc, TEMPLATE, Literal(template))]

    def add(self, entries: Sequence[tuple[str, str, str]]) -> None:
        self.store.load_graphs([(self.graph(d), ntriples(self._triples(d, s, t)).encode("utf-8")) for d, s, t in entries])

    def relink(self, store: Store, batch: Sequence[tuple[str, str, str]]) -> None:
        """The graphs' changes, then the new summaries: a build killed between the two leaves graphs already
        linked as the summaries will say again, which the next relinking leaves alone (as SqliteState's)."""
        updates = []
        for doc_id, summary, _ in batch:
            graph, doc = f"<{self.graph(doc_id)}>", self.minter.document(doc_id)
            updates += [f"DELETE WHERE {{ GRAPH {graph} {{ <{doc}> <{SUMMARY}> ?summary }} }}",
                        f"INSERT DATA {{ GRAPH {graph} {{ {ntriples([(doc, SUMMARY, Literal(summary))])} }} }}"]
        store.update(" ;\n".join(update for _, _, update in batch))
        self.store.update(" ;\n".join(updates))

    def remove(self, doc_ids: Iterable[str]) -> None:
        drops = [f"DROP SILENT GRAPH <{self.graph(d)}>" for d in doc_ids]
        if drops:
            self.store.update(" ;\n".join(drops))

    def quads(self) -> list[tuple]:
        return _as_quads(self.minter, self.summaries(), self.template, self.stamp())


def open_state(store: Store, minter: Minter) -> BuildState:
    """The bookkeeping beside `store`: the SQLite database the store names (an embedded store's in its folder),
    else the SPARQL store it names (a remote store's, kg/remotestate.py)."""
    elsewhere = getattr(store, "state_store", lambda: None)()
    if elsewhere is not None:
        return GraphState(elsewhere, minter)
    database = getattr(store, "state_database", lambda: None)()
    if database is None:
        raise StoreError(f"the store {store!r} has nowhere to keep its build state")
    return SqliteState(database, minter)


def with_state(store: Store, minter: Minter, prefixes: dict[str, str]) -> Store:
    """What `kg query --include-internal` and `kg shell --include-internal` read: a copy of the store in memory
    with its build state as the graph BASE/graph/build-state (the state never enters the store)."""
    from kg.store.oxigraph import OxigraphStore

    copy = OxigraphStore("memory:", prefixes=prefixes)
    state = _nquads(open_state(store, minter).quads())
    copy.load_dataset(store.dump("nquads") + state)
    return copy


def _nquads(quads: Iterable[tuple]) -> bytes:
    return "".join(f"{ntriples([q[:3]])[:-1]}<{q[3]}> .\n" for q in quads).encode("utf-8")


def migrate(store: Store, state: BuildState, log: Log) -> int:
    """Move the bookkeeping a store built by an older kg keeps inside each document's graph (the summary and
    template on the document's node) into `state`; returns how many documents moved."""
    result = store.query(f"SELECT ?d ?s ?t WHERE {{ GRAPH ?d {{ ?d <{SUMMARY}> ?s ; <{TEMPLATE}> ?t }} }}")
    assert isinstance(result, SelectResult)
    entries = [(str(d).rsplit("/", 1)[-1], str(s), str(t)) for d, s, t in result.rows]
    if not entries:
        return 0
    state.add(entries)
    store.update(f"DELETE WHERE {{ GRAPH ?d {{ ?d <{SUMMARY}> ?s }} }} ;\n"
                 f"DELETE WHERE {{ GRAPH ?d {{ ?d <{TEMPLATE}> ?t }} }} ;\n"
                 f"DELETE WHERE {{ GRAPH ?g {{ ?g <{RESOLVED}> ?stamp }} }}")
    log(f"moved the build state of {len(entries)} documents out of their graphs (a store built by an older kg)")
    return len(entries)


def drop_orphans(store: Store, kept: Iterable[str], minter: Minter, log: Log) -> list[str]:
    """Drop the graphs of documents stored without their state (a build killed between the two writes): they
    take no part in resolution, so they must not stay in the graph; a build of their files stores them again.
    A remote store with documents and no state at all was built from elsewhere: that is an error, not orphans."""
    result = store.query(f"SELECT ?d WHERE {{ GRAPH ?d {{ ?d a <{KG.Document}> }} }}")
    assert isinstance(result, SelectResult)
    prefix, known = str(minter.document("")), set(kept)
    orphans = sorted(str(d)[len(prefix):] for (d,) in result.rows
                     if str(d).startswith(prefix) and str(d)[len(prefix):] not in known)
    location = getattr(store, "location", "")
    if orphans and not known and is_remote(location):
        from kg.remotestate import refuse_unknown_documents

        raise refuse_unknown_documents(location, getattr(store, "state", ""), len(orphans))
    if orphans:
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{minter.document(d)}>" for d in orphans))
        log(f"dropped {len(orphans)} documents stored without their build state (an interrupted build)")
    return orphans
