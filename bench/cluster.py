"""Benchmark parsing on a Dask cluster against the local process pool, and loading a graph into SPARQL servers.

    python bench/cluster.py throughput [CORPUS] [--articles 1000] [--rounds 2] [--builds "--jobs 2,--cluster local:2"]
    python bench/cluster.py load [CORPUS] [--articles 2225] [--jobs 2] [--store BUILT_STORE]
    python bench/cluster.py idle [--seconds 30]

`throughput` copies the first N articles of CORPUS (default ../shared/corpus/bbc-news, taken in turn from each
folder) to a scratch folder and builds them into a fresh store with each of --builds (default `kg build --jobs 2`,
`--cluster local:2` and `--cluster local:1`), in alternating order round after round, so that all suffer the
machine's load alike. Each build runs in its own process, which reports its own CPU time (the driver: reading,
storing, resolution, and for a LocalCluster the scheduler) apart from that of its workers.

`load` builds the articles once into an embedded store, then loads every graph of it into a throwaway `oxigraph
serve` and Virtuoso (bench/virtuoso.py, when installed) the way a build does (RemoteStore.load_graphs, 8 MB of
N-Triples a call), by the Graph Store Protocol and, for comparison, by SPARQL updates, and checks the triple count.

`idle` measures what Dask's housekeeping costs an idle LocalCluster of 2 workers, by default and with kg's settings.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
import virtuoso  # noqa: E402
from run import articles, copy_articles, free_port, wait_for_port  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BATCH_BYTES = 32_000_000  # as kg/pipeline.py LOAD_BATCH_BYTES
KG_GRAPHS = "https://w3id.org/kgnews/"
BUILDS = ["--jobs 2", "--cluster local:2", "--cluster local:1"]
SERVERS = ("oxigraph", "virtuoso")
PROTOCOLS = {"GSP": "Graph Store Protocol", "SPARQL Update": "SPARQL Update (before)"}


def child_build(argv: list[str]) -> None:
    """In the measured process: run `kg build ARGV` and print this process's own CPU time and its children's."""
    from kg.cli import cli

    try:
        cli(["build", *argv], obj={})
    except SystemExit as stop:
        if stop.code not in (0, None):
            raise
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"driver_cpu": own.ru_utime + own.ru_stime, "workers_cpu": children.ru_utime + children.ru_stime}))


def timed_build(folder: Path, store: Path, options: list[str]) -> dict:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "child", str(folder), "--store", str(store), "--no-validate",
                           *options], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"kg build {' '.join(options)} failed: {done.stderr.strip()[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    built = next(line for line in done.stderr.splitlines() if line.startswith("built "))
    figures.update(seconds=seconds, documents=int(built.split()[1]), summary=built)
    return figures


def throughput(corpus: Path, count: int, rounds: int, builds: list[str], scratch: Path) -> None:
    """Build the first `count` articles with each of `builds` (kg build options), in turn, `rounds` times."""
    folder = copy_articles(articles(corpus)[:count], scratch / "articles")
    configs = {options: options.split() for options in builds}
    runs: dict[str, list[dict]] = {name: [] for name in configs}
    order = list(configs)
    for number in range(rounds):
        for name in order if number % 2 == 0 else order[::-1]:
            store = scratch / "store"
            shutil.rmtree(store, ignore_errors=True)
            figures = timed_build(folder, store, configs[name])
            runs[name].append(figures)
            print(f"round {number + 1} {name}: {figures['seconds']:.1f} s, driver CPU {figures['driver_cpu']:.1f} s, "
                  f"workers CPU {figures['workers_cpu']:.1f} s; {figures['summary']}", flush=True)
    documents = runs[order[0]][0]["documents"]
    local = statistics.median(r["seconds"] for r in runs[order[0]])
    print(f"\n{count} articles ({documents} documents), {rounds} alternating rounds, medians; machine shared with "
          "other work\n")
    print("| build | wall s | docs/s | ratio to --jobs | driver CPU s | driver CPU ms/doc | workers CPU s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, found in runs.items():
        seconds = statistics.median(r["seconds"] for r in found)
        driver = statistics.median(r["driver_cpu"] for r in found)
        print(f"| {name} | {seconds:.1f} | {documents / seconds:.1f} | {local / seconds:.2f} | {driver:.1f} | "
              f"{1000 * driver / documents:.1f} | {statistics.median(r['workers_cpu'] for r in found):.1f} |")


def batches(graphs: dict[str, bytes]) -> list[list[tuple[str, bytes]]]:
    """The graphs in loads of about BATCH_BYTES, as a build sends them."""
    found, batch, size = [], [], 0
    for item in graphs.items():
        batch.append(item)
        size += len(item[1])
        if size >= BATCH_BYTES:
            found.append(batch)
            batch, size = [], 0
    return found + ([batch] if batch else [])


def time_load(url: str, graphs: dict[str, bytes], triples: int, protocol: str) -> str:
    from kg.errors import KgError
    from kg.store import open_store

    try:
        return _time_load(url, graphs, triples, protocol)
    except KgError as error:  # the server refuses the load: say so, and what it said
        with open_store(url) as store:
            for graph in graphs:
                store.update(f"DROP SILENT GRAPH <{graph}>")
        return f"fails: {str(error)[:120]}"


def _time_load(url: str, graphs: dict[str, bytes], triples: int, protocol: str) -> str:
    from kg.store import open_store

    with open_store(url) as store:
        if protocol == "SPARQL Update":
            store._graph_store = None  # what kg sent before the Graph Store Protocol
        started = time.perf_counter()
        for number, batch in enumerate(batches(graphs), 1):
            began = time.perf_counter()
            store.load_graphs(batch)
            largest = max(len(data) for _, data in batch)
            print(f"  {protocol} batch {number}: {len(batch)} graphs, {sum(len(d) for _, d in batch) / 1e6:.1f} MB "
                  f"(largest graph {largest / 1e6:.1f} MB) in {time.perf_counter() - began:.1f} s", file=sys.stderr,
                  flush=True)
        seconds = time.perf_counter() - started
        (count,) = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                               f"FILTER(STRSTARTS(STR(?g), '{KG_GRAPHS}')) }}").rows[0]
        for graph in graphs:
            store.update(f"DROP SILENT GRAPH <{graph}>")
    check = "" if int(count) == triples else f" (the server holds {count} triples, not {triples})"
    return f"{seconds:.1f} s, {triples / seconds:,.0f} triples/s{check}"


def load(corpus: Path, count: int, jobs: int, scratch: Path, built: Path | None = None,
         servers: tuple[str, ...] = SERVERS, protocols: tuple[str, ...] = tuple(PROTOCOLS),
         virtuoso_settings: dict[str, str] | None = None) -> None:
    """Load the graph of the first `count` articles (or the store `built` already) into the servers."""
    store_dir = built or scratch / "store"
    if built is None:
        folder = copy_articles(articles(corpus)[:count], scratch / "articles")
        print(timed_build(folder, store_dir, ["--jobs", str(jobs)])["summary"], flush=True)
    graphs = graphs_of(store_dir)
    triples = sum(map(lines, graphs.values()))
    print(f"\n{len(graphs)} graphs, {triples:,} triples, {sum(map(len, graphs.values())) / 1e6:.0f} MB of N-Triples, "
          f"loaded {BATCH_BYTES // 1_000_000} MB a call; machine shared with other work\n")
    print("| server | " + " | ".join(PROTOCOLS[p] for p in protocols) + " |")
    print("|---|" + "---|" * len(protocols))
    if "oxigraph" in servers:
        port = free_port()
        server = subprocess.Popen([str(Path(sys.executable).parent / "oxigraph"), "serve", "--location",
                                   str(scratch / "oxigraph"), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_port(port, timeout=60.0)
            url = f"http://127.0.0.1:{port}"
            print("| oxigraph serve | " + " | ".join(time_load(url, graphs, triples, p) for p in protocols) + " |",
                  flush=True)
        finally:
            server.terminate()
            server.wait()
    if "virtuoso" in servers and virtuoso.available():
        with virtuoso.running(scratch / "virtuoso", virtuoso_settings) as running:
            try:
                print("| Virtuoso | " + " | ".join(time_load(running.url, graphs, triples, p) for p in protocols)
                      + " |", flush=True)
            finally:
                print(f"Virtuoso's log:\n{running.log_tail()}", file=sys.stderr, flush=True)


def sizes(built: Path, scratch: Path, virtuoso_settings: dict[str, str]) -> None:
    """How Virtuoso's time to take one request grows with its size: single graphs of growing size by the Graph Store
    Protocol and by SPARQL Update (DROP + INSERT), and updates of many small documents' INSERT DATA (what relinking
    sends) of growing size. A request still unanswered after 300 s (kg's client time-out) is reported as such."""
    from kg.store import open_store

    graphs = graphs_of(built)
    by_size = sorted(graphs.items(), key=lambda item: len(item[1]))
    wanted = [0.05e6, 0.2e6, 1e6, 4e6, 16e6, float("inf")]
    picked = {min(by_size, key=lambda item: abs(len(item[1]) - size) if size != float("inf") else -len(item[1]))[0]
              for size in wanted}
    small = [item for item in by_size if 10_000 < len(item[1]) < 100_000]
    print("| request | MB | triples | Graph Store PUT s | SPARQL Update s |")
    print("|---|---:|---:|---:|---:|")
    with virtuoso.running(scratch / "virtuoso", virtuoso_settings) as running, open_store(running.url) as store:
        for graph, data in sorted(((g, graphs[g]) for g in picked), key=lambda item: len(item[1])):
            put = _timed(lambda: store.load_graph(graph, data))
            store._graph_store = None  # SPARQL Update from here on
            update = _timed(lambda: store.load_graph(graph, data))
            store._graph_store = store.endpoints.graph_store
            print(f"| one graph | {len(data) / 1e6:.2f} | {lines(data):,} | {put} | {update} |", flush=True)
        for size in (0.25e6, 0.5e6, 1e6, 2e6):
            chosen, total = [], 0
            for item in small:
                if total >= size:
                    break
                chosen.append(item)
                total += len(item[1])
            text = " ;\n".join(f"INSERT DATA {{ GRAPH <{g}> {{ {d.decode('utf-8')} }} }}" for g, d in chosen)
            print(f"| {len(chosen)} graphs' INSERT DATA in one update | {len(text) / 1e6:.2f} | "
                  f"{sum(lines(d) for _, d in chosen):,} | | {_timed(lambda: store.update(text))} |", flush=True)
        print(f"Virtuoso's log:\n{running.log_tail()}", file=sys.stderr, flush=True)


def lines(data: bytes) -> int:
    return data.count(b"\n") + 1


def _timed(action) -> str:
    from kg.errors import KgError

    started = time.perf_counter()
    try:
        action()
    except KgError as error:
        return f"fails after {time.perf_counter() - started:.1f} s: {str(error)[:90]}"
    return f"{time.perf_counter() - started:.1f}"


def graphs_of(built: Path) -> dict[str, bytes]:
    """Each named graph of an embedded store as N-Triples."""
    from kg.store import open_store

    with open_store(str(built), read_only=True) as embedded:
        dump = embedded.dump("nquads")
    lines: dict[str, list[str]] = {}
    for quad in ox.parse(dump, format=ox.RdfFormat.N_QUADS):
        lines.setdefault(quad.graph_name.value, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    return {graph: "\n".join(found).encode("utf-8") for graph, found in lines.items()}


def idle(seconds: float) -> None:
    """CPU that an idle LocalCluster of 2 workers costs the process that started it and its worker processes,
    with Dask's defaults and with kg's QUIET settings."""
    import logging

    import dask
    import psutil
    from distributed import Client, LocalCluster

    from kg.cluster import QUIET

    def cpu(process: psutil.Process) -> float:
        return sum(process.cpu_times()[:2])

    print(f"| settings | driver CPU s per {seconds:.0f} s | workers' and nannies' CPU s per {seconds:.0f} s |")
    print("|---|---:|---:|")
    for name, settings in (("Dask's defaults", {}), ("kg's QUIET", QUIET)):
        with dask.config.set(settings), LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                                     dashboard_address=None, silence_logs=logging.ERROR) as cluster:
            with Client(cluster):
                me = psutil.Process()
                children = me.children(recursive=True)
                before, before_children = cpu(me), {c.pid: cpu(c) for c in children}
                time.sleep(seconds)
                spent = sum(cpu(c) - before_children[c.pid] for c in children)
                print(f"| {name} | {cpu(me) - before:.2f} | {spent:.2f} |", flush=True)


def main() -> None:
    if sys.argv[1:2] == ["child"]:
        child_build(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["throughput", "load", "sizes", "idle"])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus" / "bbc-news")
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--store", type=Path, help="load: a store already built, instead of building the articles")
    parser.add_argument("--seconds", type=float, default=30, help="idle: seconds to watch each idle cluster")
    parser.add_argument("--jobs", type=int, default=2, help="load: processes of the build")
    parser.add_argument("--servers", type=lambda text: tuple(text.split(",")), default=SERVERS,
                        help=f"load: servers to load into, comma-separated (default: {','.join(SERVERS)})")
    parser.add_argument("--virtuoso", action="append", default=[], metavar="NAME=VALUE",
                        help="load: a virtuoso.ini setting for the throwaway Virtuoso (repeatable)")
    parser.add_argument("--protocols", type=lambda text: tuple(text.split(",")), default=tuple(PROTOCOLS),
                        help=f"load: how to send the graphs, comma-separated (default: {','.join(PROTOCOLS)})")
    parser.add_argument("--builds", type=lambda text: text.split(","), default=BUILDS,
                        help=f"throughput: kg build options to compare, comma-separated (default: {','.join(BUILDS)})")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-cluster-") as scratch:
        if options.what == "idle":
            idle(options.seconds)
        elif options.what == "sizes":
            sizes(options.store, Path(scratch), dict(setting.split("=", 1) for setting in options.virtuoso))
        elif options.what == "throughput":
            throughput(options.corpus, options.articles or 1000, options.rounds, options.builds, Path(scratch))
        else:
            load(options.corpus, options.articles or 2225, options.jobs, Path(scratch), options.store, options.servers,
                 options.protocols, dict(setting.split("=", 1) for setting in options.virtuoso))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
