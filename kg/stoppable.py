"""Queries that a time-out or Ctrl-C really stops: each runs in a child process that is killed to stop it.

pyoxigraph evaluates a query in Rust and cannot be interrupted, so a query run in the shell's own process
keeps a core busy until it ends (never, for a careless cross product). A QueryProcess is a small child
Python (pyoxigraph and the standard library only, so it starts in about 0.1 s) that opens the store
read-only and answers one query at a time over a socket, sending results back in Oxigraph's own
serialisations, which the parent parses natively. Stopping a query kills its child; the next query starts
a new one. The parent holds kg's store lock for its children, which exit when it dies.

This module must stay light: the child imports it, and nothing from kg.store (which loads rdflib).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection

import pyoxigraph as ox

RDF_FORMAT_OF = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
RESULT_FORMAT_OF = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
# How results cross from the child: SELECT as TSV (terms in N-Triples syntax, nothing lost), graphs as N-Triples.
TRANSPORT = "transport"
_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class FormatError(ValueError):
    """A result cannot be written in the asked format (a graph as CSV, a table as Turtle)."""


class QueryStopped(Exception):
    """The query was stopped: `reason` is 'timeout' or 'cancelled'."""

    def __init__(self, reason: str, seconds: float):
        super().__init__(reason)
        self.reason = reason
        self.seconds = seconds


class ChildError(Exception):
    """The query failed in the child: `kind` is 'syntax' (a SyntaxError), 'format', 'store' (an OSError) or
    'damaged' (RocksDB found corrupt files)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def serialize_result(result, fmt: str, prefixes: dict[str, str]) -> bytes:
    """A pyoxigraph query result in one of kg's format names (or TRANSPORT)."""
    if isinstance(result, ox.QueryTriples):
        if fmt == TRANSPORT:
            fmt = "ntriples"
        if fmt not in RDF_FORMAT_OF:
            raise FormatError(f"a graph result cannot be written as '{fmt}'; use one of: {', '.join(RDF_FORMAT_OF)}")
        return ox.serialize(result, format=RDF_FORMAT_OF[fmt], prefixes=prefixes)
    if fmt == TRANSPORT:
        fmt = "tsv"
    if fmt not in RESULT_FORMAT_OF:
        raise FormatError(f"query results cannot be written as '{fmt}'; use one of: {', '.join(RESULT_FORMAT_OF)}")
    return result.serialize(format=RESULT_FORMAT_OF[fmt])


def parse_transport(kind: str, data: bytes):
    """The child's TRANSPORT bytes back as pyoxigraph results (QuerySolutions, QueryBoolean or Triples)."""
    if kind == "graph":
        return [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    return ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV)


class QueryProcess:
    """One child process with the store at `location` open read-only."""

    def __init__(self, location: str):
        parent, child = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.stoppable", os.path.abspath(location), str(child.fileno()), str(os.getpid())],
            pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True,  # the terminal's Ctrl-C is the parent's to handle
            cwd=_PACKAGE_ROOT,  # `-m` looks in the working folder first: there, `kg` is this package
        )
        child.close()
        self.connection = Connection(parent.detach())
        self.stopped: str | None = None

    def run(self, request: tuple, timeout: float | None) -> tuple[str, bytes]:
        """Send a request and wait for its answer at most `timeout` seconds (None: as long as it takes)."""
        started = time.monotonic()
        try:
            self.connection.send(request)
            if timeout is not None and not self.connection.poll(timeout):
                self.stop("timeout")
            reply = self.connection.recv()
        except (EOFError, OSError) as e:
            self.connection.close()
            if self.stopped:
                raise QueryStopped(self.stopped, time.monotonic() - started) from None
            status = self.process.poll()
            raise ChildError("store", f"the query process ended unexpectedly (exit status {status})") from e
        if reply[0] == "error":
            raise ChildError(reply[1], reply[2])
        return reply[1], reply[2]

    def stop(self, reason: str) -> None:
        """Kill the child (from any thread): the query it runs ends at once, and run() sees its socket close."""
        self.stopped = self.stopped or reason
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    @property
    def alive(self) -> bool:
        return self.stopped is None and self.process.poll() is None


class QueryProcesses:
    """Query processes for one store, one per thread querying at once; idle ones are kept for the next query.

    One is started at once, so the first query does not wait for it.
    """

    def __init__(self, location: str, prefixes: dict[str, str]):
        self.location = location
        self.prefixes = prefixes
        self._lock = threading.Lock()
        self._idle: list[QueryProcess] = [QueryProcess(location)]
        self._busy: dict[int, QueryProcess] = {}

    def run(self, request: tuple, timeout: float | None) -> tuple[str, bytes]:
        """Run a request (see _serve) in an idle process; QueryStopped when it times out or is cancelled."""
        with self._lock:
            while self._idle and not self._idle[-1].alive:
                dead = self._idle.pop()
                dead.stop("dead")
                dead.connection.close()
            worker = self._idle.pop() if self._idle else QueryProcess(self.location)
            self._busy[threading.get_ident()] = worker
        try:
            return worker.run((*request, self.prefixes), timeout)
        finally:
            with self._lock:
                del self._busy[threading.get_ident()]
                if worker.alive:
                    self._idle.append(worker)

    def cancel(self, thread: int | None = None) -> bool:
        """Stop the query running for `thread` (default: every running query); True if one was running."""
        with self._lock:
            workers = [w for t, w in self._busy.items() if thread is None or t == thread]
        for worker in workers:
            worker.stop("cancelled")
        return bool(workers)

    def close(self) -> None:
        with self._lock:
            idle, busy = list(self._idle), list(self._busy.values())
            self._idle.clear()
        for worker in idle:
            worker.stop("closed")
            worker.connection.close()
        for worker in busy:  # their run() closes the connection
            worker.stop("closed")


def _serve(connection: Connection, location: str) -> None:
    """The child's loop: open the store read-only, then answer requests until the parent goes away."""
    try:
        store, opening_error = ox.Store.read_only(location), None
    except (OSError, RuntimeError) as e:
        store, opening_error = None, str(e)
    while True:
        try:
            kind, sparql, fmt, prefixes = connection.recv()
        except EOFError:
            return
        if store is None:
            connection.send(("error", "store", opening_error))
            continue
        try:
            result = store.query(sparql, prefixes=prefixes, use_default_graph_as_union=True)
            if isinstance(result, ox.QueryBoolean) and fmt == TRANSPORT:
                reply = ("ok", "ask", b"true" if result else b"false")
            else:
                shape = "graph" if isinstance(result, ox.QueryTriples) else "select"
                reply = ("ok", shape, serialize_result(result, fmt, prefixes))
        except SyntaxError as e:
            reply = ("error", "syntax", str(e))
        except FormatError as e:
            reply = ("error", "format", str(e))
        except OSError as e:
            reply = ("error", "store", str(e))
        except RuntimeError as e:  # RocksDB found corrupt files
            reply = ("error", "damaged", str(e))
        connection.send(reply)


def _die_with_parent(parent: int) -> None:
    """Exit as soon as the parent is gone, even in the middle of a query (pyoxigraph releases the GIL while it
    evaluates). PR_SET_PDEATHSIG would not do: it fires when the parent's *thread* that started the child ends."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_die_with_parent, args=(int(sys.argv[3]),), daemon=True).start()
    _serve(Connection(int(sys.argv[2])), sys.argv[1])
