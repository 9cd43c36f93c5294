"""How the canned queries grow with the graph: a store copied N times without parsing, timed at 1x and Nx.

    python bench/growth.py STORE --copies 10 --scratch DIR [--repeat 5] [--virtuoso] [--queries NAME,NAME]

STORE is a built store (e.g. `kg build ../shared/corpus/bbc-news --store /tmp/scale-bbc --jobs 2`). Its N-Quads
export is loaded COPIES times into DIR/grown (bulk load, then compacted), each copy with every resource IRI
(documents, mentions, sentences, actions, events, entities, graph names) moved under BASE/copyK/, so the grown
graph is COPIES disjoint worlds; the ontology graph is stored once. Then every canned query (queries/*.rq, bound
as bench/run.py binds them) is timed on both stores: embedded (kg's own store, in this process; wall and CPU)
and through `kg serve` (wall), and with --virtuoso in Virtuoso too (bench/virtuoso.py, bulk-loaded from the same
export; at 1x only, as loading takes long). Prints a Markdown table with each query's rows, median and p95 at 1x and Nx, and Nx/1x of the medians.
--copies 0 times the store itself only (no grown copy); --queries times only the canned queries named. With
--copies 0, --interleave opens every backend at once and takes each query's runs in turns (embedded, kg serve,
Virtuoso, embedded, ...), so that the machine's changing load falls on all of them alike.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import run
import virtuoso

from kg.queries import load_queries
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI

ONTOLOGY_GRAPH = b"<https://w3id.org/kgnews/ontology> .\n"


@dataclass(frozen=True)
class Timing:
    rows: int
    median_ms: float
    p95_ms: float
    cpu_ms: float | None = None  # median CPU of this process (embedded only)


def copy_of(nquads: bytes, copy: int, base: str = DEFAULT_BASE_IRI) -> bytes:
    """The export as copy number `copy`: resource IRIs moved under BASE/copyK/ (copy 0 is the export itself);
    copies after the first leave out the ontology graph, which every copy shares."""
    if copy == 0:
        return nquads
    old, new = f"<{base}".encode(), f"<{base}copy{copy}/".encode()
    return b"".join(line.replace(old, new) for line in nquads.splitlines(keepends=True)
                    if not line.endswith(ONTOLOGY_GRAPH))


def grow(nquads: bytes, target: Path, copies: int) -> float:
    """Bulk-load `copies` copies of the export into a new store at `target` and compact it; seconds taken."""
    started = time.perf_counter()
    with open_store(str(target)) as store:
        for copy in range(copies):
            store.load_dataset(copy_of(nquads, copy))
        store.optimize()
    return time.perf_counter() - started


def timed(run_query: Callable[[], object], repeat: int, budget_s: float, warmup: bool) -> tuple[int, float, float, float]:
    """Rows, median wall ms, p95 wall ms and median CPU ms of up to `repeat` runs (fewer past `budget_s`),
    after one warm-up run when asked."""
    rows = len(run_query().rows) if warmup else None
    walls, cpus = [], []
    while len(walls) < repeat and sum(walls) / 1000 < budget_s:
        wall, cpu = time.perf_counter(), time.process_time()
        result = run_query()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        rows = len(result.rows) if rows is None else rows
    return rows, statistics.median(walls), run.percentile(walls, 0.95), statistics.median(cpus)


def time_all(store, bindings: dict, settings: argparse.Namespace, cpu: bool, names: list[str]) -> dict[str, Timing]:
    timings = {}
    for name, query in load_queries().items():
        if name not in names:
            continue
        rows, median, p95, cpu_ms = timed(lambda: store.query(query.text, bindings[name]), settings.repeat,
                                          settings.budget, settings.warmup)
        timings[name] = Timing(rows, median, p95, cpu_ms if cpu else None)
    return timings


def measure(store_dir: Path, settings: argparse.Namespace, use_virtuoso: bool, log: Callable[[str], None]
            ) -> dict[str, dict[str, Timing]]:
    """Every canned query on one store: embedded, through `kg serve` (queries whose embedded median is over
    --serve-limit seconds left out) and, when asked, in Virtuoso."""
    by_backend = {}
    names = [name for name in load_queries() if not settings.queries or name in settings.queries]
    with open_store(str(store_dir), read_only=True) as embedded:
        bindings = run.query_bindings(embedded)
        log(f"{store_dir}: embedded")
        by_backend["embedded"] = time_all(embedded, bindings, settings, True, names)
    served = [name for name, timing in by_backend["embedded"].items() if timing.median_ms <= settings.serve_limit * 1000]
    port = run.free_port()
    server = subprocess.Popen([*run.KG, "serve", "--store", str(store_dir), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        run.wait_for_port(port, timeout=120)
        log(f"{store_dir}: kg serve")
        with open_store(f"http://127.0.0.1:{port}", read_only=True) as remote:
            by_backend["kg serve"] = time_all(remote, bindings, settings, False, served)
    finally:
        server.terminate()
        server.wait()
    if use_virtuoso:
        log(f"{store_dir}: Virtuoso (bulk-loading the N-Quads export)")
        with open_store(str(store_dir), read_only=True) as embedded:
            nquads = embedded.dump("nquads")
        folder = settings.scratch / f"virtuoso-{store_dir.name}"
        with virtuoso.running(folder) as server_v:
            started = time.perf_counter()
            server_v.load_nquads(nquads)
            log(f"Virtuoso loaded in {time.perf_counter() - started:.1f} s")
            del nquads
            with open_store(server_v.url, read_only=True) as remote:
                by_backend["Virtuoso"] = time_all(remote, bindings, settings, False, names)
        shutil.rmtree(folder, ignore_errors=True)
    return by_backend


def measure_interleaved(store_dir: Path, settings: argparse.Namespace, use_virtuoso: bool,
                        log: Callable[[str], None]) -> dict[str, dict[str, Timing]]:
    """Every canned query on one store, each backend open at once and each query's runs taken in turns, so the
    load of the moment weighs on every backend alike: embedded (wall and CPU), `kg serve` and Virtuoso (wall)."""
    names = [name for name in load_queries() if not settings.queries or name in settings.queries]
    with ExitStack() as stack:
        backends = {"embedded": stack.enter_context(open_store(str(store_dir), read_only=True))}
        bindings = run.query_bindings(backends["embedded"])
        port = run.free_port()
        server = subprocess.Popen([*run.KG, "serve", "--store", str(store_dir), "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stack.callback(server.wait)
        stack.callback(server.terminate)
        run.wait_for_port(port, timeout=120)
        backends["kg serve"] = stack.enter_context(open_store(f"http://127.0.0.1:{port}", read_only=True))
        if use_virtuoso:
            log(f"{store_dir}: Virtuoso (bulk-loading the N-Quads export)")
            folder = settings.scratch / f"virtuoso-{store_dir.name}"
            stack.callback(shutil.rmtree, folder, ignore_errors=True)
            server_v = stack.enter_context(virtuoso.running(folder))
            server_v.load_nquads(backends["embedded"].dump("nquads"))
            backends["Virtuoso"] = stack.enter_context(open_store(server_v.url, read_only=True))
        timings: dict[str, dict[str, Timing]] = {backend: {} for backend in backends}  # kg serve: under --serve-limit
        for name in names:
            query = load_queries()[name]
            started = time.perf_counter()
            backends["embedded"].query(query.text, bindings[name])  # always warmed: a slow query skips kg serve
            taking = {backend: store for backend, store in backends.items()
                      if backend != "kg serve" or time.perf_counter() - started <= settings.serve_limit}
            log(f"{store_dir}: {name}, {', '.join(taking)} in turns")
            if settings.warmup:
                for backend, store in taking.items():
                    if backend != "embedded":
                        store.query(query.text, bindings[name])
            walls = {backend: [] for backend in taking}
            cpus, rows = [], {}
            while min(map(len, walls.values())) < settings.repeat and sum(walls["embedded"]) / 1000 < settings.budget:
                for backend, store in taking.items():
                    wall, cpu = time.perf_counter(), time.process_time()
                    result = store.query(query.text, bindings[name])
                    walls[backend].append((time.perf_counter() - wall) * 1000)
                    if backend == "embedded":
                        cpus.append((time.process_time() - cpu) * 1000)
                    rows[backend] = len(result.rows)
            for backend, times in walls.items():
                timings[backend][name] = Timing(rows[backend], statistics.median(times), run.percentile(times, 0.95),
                                                statistics.median(cpus) if backend == "embedded" else None)
    return timings


def _cell(timing: Timing) -> str:
    cpu = f", CPU {timing.cpu_ms:,.0f}" if timing.cpu_ms is not None else ""
    return f"{timing.median_ms:,.0f} / {timing.p95_ms:,.0f}{cpu}"


def table(small: dict[str, dict[str, Timing]], large: dict[str, dict[str, Timing]], copies: int) -> str:
    lines = [f"| backend | query | rows 1x | rows {copies}x | ms 1x (median / p95) | ms {copies}x (median / p95) "
             f"| {copies}x / 1x |", "|---|---|---:|---:|---:|---:|---:|"]
    for backend in dict.fromkeys([*small, *large]):
        for name in dict.fromkeys([*small.get(backend, {}), *large.get(backend, {})]):
            one, many = small.get(backend, {}).get(name), large.get(backend, {}).get(name)
            growth = f"{many.median_ms / max(one.median_ms, 0.001):.1f}" if one and many else ""
            lines.append(f"| {backend} | {name} | {f'{one.rows:,}' if one else ''} | {f'{many.rows:,}' if many else ''} "
                         f"| {_cell(one) if one else 'not timed'} | {_cell(many) if many else 'not timed'} | {growth} |")
    return "\n".join(lines)


def table_of_one(timings: dict[str, dict[str, Timing]]) -> str:
    """The figures of one store (--copies 0): rows, median and p95 wall ms, and embedded CPU ms."""
    lines = ["| backend | query | rows | ms (median / p95) |", "|---|---|---:|---:|"]
    lines += [f"| {backend} | {name} | {timing.rows:,} | {_cell(timing)} |"
              for backend, by_name in timings.items() for name, timing in by_name.items()]
    return "\n".join(lines)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--scratch", type=Path, required=True, help="folder for the grown store (reused if there)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query, after one warm-up run")
    parser.add_argument("--budget", type=float, default=60.0, help="stop timing a query after this many seconds")
    parser.add_argument("--no-warmup", dest="warmup", action="store_false", help="no warm-up run before the timed ones")
    parser.add_argument("--serve-limit", type=float, default=float("inf"),
                        help="through kg serve, leave out queries whose embedded median is over this many seconds")
    parser.add_argument("--virtuoso", action="store_true", help="time Virtuoso too, on the 1x store (bench/virtuoso.py)")
    parser.add_argument("--queries", type=lambda text: [n for n in text.split(",") if n], default=[],
                        help="comma-separated canned queries to time (default: all)")
    parser.add_argument("--interleave", action="store_true",
                        help="with --copies 0: every backend open at once, each query's runs taken in turns")
    args = parser.parse_args()
    if args.interleave and args.copies:
        parser.exit(2, "growth.py: --interleave times one store; give --copies 0 with it\n")
    unknown = sorted(set(args.queries) - set(load_queries()))
    if unknown:
        parser.exit(2, f"growth.py: no canned query named {', '.join(unknown)}\n")
    if not args.store.is_dir():
        parser.exit(2, f"growth.py: no store folder '{args.store}'\n")
    if args.virtuoso and not virtuoso.available():
        parser.exit(2, "growth.py: --virtuoso, but Virtuoso (virtuoso-opensource) is not installed\n")
    grown = args.scratch / "grown"
    with open_store(str(args.store), read_only=True) as source:
        triples = len(source)
        if args.copies and not grown.exists():
            log(f"growing {args.store} {args.copies} times into {grown}")
            seconds = grow(source.dump("nquads"), grown, args.copies)
            log(f"grown in {seconds:.1f} s")
    if not args.copies:
        print(f"{args.store}: {triples:,} triples; load average {os.getloadavg()[0]:.1f} at the start")
        measured = measure_interleaved if args.interleave else measure
        print(table_of_one(measured(args.store, args, args.virtuoso, log)))
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
        return
    with open_store(str(grown), read_only=True) as store:
        grown_triples = len(store)
    print(f"{args.store}: {triples:,} triples; {args.copies} copies: {grown_triples:,} triples")
    small = measure(args.store, args, args.virtuoso, log)
    print(table(small, {}, args.copies), flush=True)  # the 1x figures, in case the Nx run is stopped
    large = measure(grown, args, False, log)
    print(table(small, large, args.copies))


if __name__ == "__main__":
    main()
