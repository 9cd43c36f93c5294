"""Where a canned query's wall time goes in the embedded store: on the CPU, waiting for a CPU, or asleep.

    python bench/query_time.py STORE [--repeat 31] [NAME ...]

Runs each canned query (default: who-acted-against-whom; bound as bench/run.py binds them) REPEAT times through
kg's store in this process, after one warm-up run, as bench/growth.py times it, and reads the thread's scheduler
figures (/proc/thread-self/schedstat, Linux) around each run: wall = on CPU + waiting in the run queue (the
machine's other work) + the rest (asleep: disk, locks). Then it splits the CPU: Oxigraph evaluating the query and
decoding its solutions (pyoxigraph straight, solutions read as tuples), and kg turning them into rdflib terms
(kg/store/convert.py rows_of). Prints median / p95 in milliseconds, with the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import pyoxigraph as ox
import run

from kg.queries import load_queries
from kg.store import open_store
from kg.store.convert import rows_of
from kg.store.oxigraph import with_values

SCHEDSTAT = Path("/proc/thread-self/schedstat")


def scheduler_ms() -> tuple[float, float]:
    """This thread's time on a CPU and waiting in the run queue so far, in ms."""
    on_cpu, waiting, _ = SCHEDSTAT.read_text().split()
    return int(on_cpu) / 1e6, int(waiting) / 1e6


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):,.1f} / {run.percentile(values, 0.95):,.1f}"


def cpu_ms(job, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        job()
        times.append((time.process_time() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--repeat", type=int, default=31)
    parser.add_argument("names", nargs="*", default=["who-acted-against-whom"])
    args = parser.parse_intermixed_args()
    queries = load_queries()
    if unknown := sorted(set(args.names) - set(queries)):
        parser.exit(2, f"query_time.py: no canned query named {', '.join(unknown)}\n")
    if not args.store.is_dir():
        parser.exit(2, f"query_time.py: no store folder '{args.store}'\n")
    if not SCHEDSTAT.exists():
        parser.exit(2, "query_time.py: needs Linux's /proc/thread-self/schedstat for the scheduler figures\n")
    print(f"{args.store}, {args.repeat} runs each; load average {os.getloadavg()[0]:.1f} at the start")
    print("| query | rows | wall | on CPU | run-queue wait | asleep | Oxigraph CPU | to rdflib CPU |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    with open_store(str(args.store), read_only=True) as store:
        bindings = run.query_bindings(store)
        raw = ox.Store.read_only(str(args.store))
        for name in args.names:
            sparql = with_values(queries[name].text, bindings[name])
            rows = len(store.query(queries[name].text, bindings[name]).rows)
            walls, on_cpu, waits = [], [], []
            for _ in range(args.repeat):
                started, (cpu0, wait0) = time.perf_counter(), scheduler_ms()
                store.query(queries[name].text, bindings[name])
                (cpu1, wait1), wall = scheduler_ms(), (time.perf_counter() - started) * 1000
                walls.append(wall)
                on_cpu.append(cpu1 - cpu0)
                waits.append(wait1 - wait0)
            asleep = [w - c - q for w, c, q in zip(walls, on_cpu, waits)]

            def solutions():
                return [tuple(s) for s in raw.query(sparql, prefixes=store.prefixes, use_default_graph_as_union=True)]

            decoded = solutions()
            oxigraph, converting = cpu_ms(solutions, args.repeat), cpu_ms(lambda: rows_of(decoded), args.repeat)
            print(f"| {name} | {rows:,} | {spread(walls)} | {spread(on_cpu)} | {spread(waits)} | {spread(asleep)} "
                  f"| {spread(oxigraph)} | {spread(converting)} |", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
