"""Where a remote store's build state can live (kg/remotestate.py), measured on a built graph.

    python bench/state_store.py --store BUILT_STORE [--repeat 3] [--servers oxigraph,virtuoso]

Loads the graph of an embedded store (the BBC one: `kg build ../shared/corpus/bbc-news --store DIR`) into a
throwaway `oxigraph serve` (and Virtuoso, bench/virtuoso.py, when installed), then for each server:

- query cost of hiding state on the server: a join over the union (what kg runs) against the same join with every
  user graph listed in FROM (what keeping the state on the server, hidden from queries, would need);
- writing the whole build state (each document's summary and link template) and reading every summary back (what
  each incremental build does first): in the server's own graphs (kg before), in a second `oxigraph serve` (a
  shared `--state-store URL`) and in a SQLite file on the builder's machine (the default);
- moving an older kg's state off the server into the SQLite file (what a server built before does once).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))
import virtuoso  # noqa: E402
from cluster import batches  # noqa: E402
from run import free_port, wait_for_port  # noqa: E402

from kg.buildstate import GraphState, SqliteState, open_database, open_state  # noqa: E402
from kg.iri import Minter  # noqa: E402
from kg.queries import load_queries  # noqa: E402
from kg.remotestate import move_from_server  # noqa: E402
from kg.store import open_store  # noqa: E402
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base  # noqa: E402

LIMIT = 120.0  # seconds a request may take: the FROM-listing query may take far longer
MINTER = Minter(DEFAULT_BASE_IRI)
PREFIXES = prefixes_with_base(DEFAULT_BASE_IRI)
JOIN = ("SELECT ?agentLabel ?targetLabel {FROM} WHERE {{ ?a kg:agent ?x ; kg:target ?y . "
        "?x skos:prefLabel ?agentLabel . ?y skos:prefLabel ?targetLabel }}")


def seconds(action: Callable[[], object], repeat: int = 1) -> float:
    """The median wall time of `repeat` runs of `action`."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@contextmanager
def oxigraph_serve(folder: Path) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "oxigraph"), "serve", "--location", str(folder),
                               "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, timeout=60.0)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait()


def measure(name: str, url: str, graphs: dict[str, bytes], entries: list[tuple[str, str, str]], scratch: Path,
            repeat: int) -> None:
    from kg.store.remote import RemoteStore

    with RemoteStore(url, prefixes=PREFIXES, state=str(scratch / f"{name}-unused.sqlite"), timeout=LIMIT) as server:
        for batch in batches(graphs):
            server.load_graphs(batch)
        users = server.graphs()
        union = seconds(lambda: server.query(JOIN.format(FROM="")), repeat)
        listed = JOIN.format(FROM=" ".join(f"FROM <{g}>" for g in users))
        rows = len(server.query(JOIN.format(FROM="")).rows)
        try:
            hidden = f"{seconds(lambda: server.query(listed), repeat):.2f} s"
        except Exception as error:  # noqa: BLE001 - the server refuses the query: say what it said
            hidden = f"fails: {str(error)[:80]}"
        print(f"| {name} | {len(users):,} graphs | join over the union: {union:.2f} s ({rows:,} rows) | "
              f"the same with the user's graphs in FROM: {hidden} |", flush=True)
        froms = " ".join(f"FROM <{g}>" for g in users)
        for query, canned in sorted(load_queries().items()):
            if query in ("reports", "mentions"):  # they need a parameter
                continue
            top = re.search(r"(?m)^WHERE\b", canned.text)
            plain = seconds(lambda: server.query(canned.text), repeat)
            try:
                listed_text = canned.text[:top.start()] + froms + "\n" + canned.text[top.start():]
                with_from = f"{seconds(lambda: server.query(listed_text), repeat):.2f} s"
            except Exception as error:  # noqa: BLE001 - the server refuses or gives up: say what it said
                with_from = f"fails: {str(error)[:80]}"
            print(f"| {name} | canned `{query}` | over the union: {plain:.2f} s | user's graphs in FROM: {with_from} |",
                  flush=True)
        on_server = GraphState(server, MINTER)
        write = seconds(lambda: on_server.add(entries))
        read = seconds(lambda: on_server.summaries(), repeat)
        print(f"| {name} | state in the server's own graphs (before) | write {write:.1f} s | "
              f"read every summary {read:.2f} s |", flush=True)
        sidecar = SqliteState(open_database(str(scratch / f"{name}-moved.sqlite"), read_only=False), MINTER)
        moved = seconds(lambda: move_from_server(server, sidecar, MINTER, lambda _: None))
        print(f"| {name} | moving it off the server into a SQLite file | {moved:.1f} s | "
              f"{len(sidecar.summaries()):,} documents |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="an embedded store already built")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--servers", default="oxigraph,virtuoso")
    options = parser.parse_args()
    with open_store(str(options.store), read_only=True, prefixes=PREFIXES) as embedded:
        dump = embedded.dump("nquads")
        state = open_state(embedded, MINTER)
        entries = [(d, s, state.template(d)) for d, s in sorted(state.summaries().items())]
    import pyoxigraph as ox

    lines: dict[str, list[str]] = {}
    for quad in ox.parse(dump, format=ox.RdfFormat.N_QUADS):
        lines.setdefault(quad.graph_name.value, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    graphs = {graph: "\n".join(found).encode("utf-8") for graph, found in lines.items()}
    size = sum(len(s) + len(t) for _, s, t in entries) / 1e6
    print(f"{len(graphs):,} graphs; build state of {len(entries):,} documents, {size:.1f} MB; medians of "
          f"{options.repeat} runs for reads and queries; machine shared with other work\n")
    with tempfile.TemporaryDirectory(prefix="kg-bench-state-") as folder:
        scratch = Path(folder)
        local = SqliteState(open_database(str(scratch / "sidecar.sqlite"), read_only=False), MINTER)
        print(f"| SQLite file on the builder's machine (the default) | write {seconds(lambda: local.add(entries)):.2f} s | "
              f"read every summary {seconds(local.summaries, options.repeat):.2f} s |", flush=True)
        with oxigraph_serve(scratch / "state") as state_url, open_store(state_url) as state_store:
            shared = GraphState(state_store, MINTER)
            print(f"| a second `oxigraph serve` (--state-store URL) | write {seconds(lambda: shared.add(entries)):.1f} s "
                  f"| read every summary {seconds(shared.summaries, options.repeat):.2f} s |", flush=True)
        if "oxigraph" in options.servers:
            with oxigraph_serve(scratch / "oxigraph") as url:
                measure("oxigraph serve", url, graphs, entries, scratch, options.repeat)
        if "virtuoso" in options.servers and virtuoso.available():
            with virtuoso.running(scratch / "virtuoso") as running:
                measure("Virtuoso", running.url, graphs, entries, scratch, options.repeat)


if __name__ == "__main__":
    main()
