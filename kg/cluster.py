"""Parse on a Dask distributed cluster: the per-document job of kg/parse.py, run on other machines' cores.

The build process sends documents a chunk at a time to the cluster's workers and receives the same records
the local process pool gives (Parsed, or a Failure with its traceback), in the same order, so that storing,
incremental builds, `kg forget` and resolution do not know where the parsing ran. Each worker loads the spaCy
model once, when the build registers itself with it (a worker plugin; a worker that restarts loads it again).
A worker that dies loses nothing: the scheduler runs its chunks again elsewhere. A chunk that keeps killing its
workers is parsed again one document a task, so that only the document that kills them fails.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator

import dask
from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin, get_worker

from kg.errors import ClusterError, NlpError
from kg.ingest import Failure
from kg.iri import Minter
from kg.nlp.rules import Rules
from kg.parse import Parsed, Source, _batches, _Job, _parse

# Chunks queued per worker thread: enough that no worker waits between chunks, few enough that the results
# waiting for the build to store them stay small.
_IN_FLIGHT_PER_THREAD = 2
LOCAL = "local"
# Seconds a build waits for a cluster with no worker to get one.
WORKER_WAIT = 60
# Dask's housekeeping, made rarer: by default a LocalCluster of 2 idle workers cost the build process 0.9-1.3 s of
# CPU and its worker processes 1.3-2.0 s every 30 s (event-loop ticks every 20 ms, stack sampling every 10 ms, system
# and memory monitors); with these, 0.25 and 0.22 s (bench/cluster.py idle).
# Set for this process (client, and a LocalCluster's scheduler and workers, which inherit it); a remote
# cluster's workers take them from their own configuration (README).
QUIET = {
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.monitor-interval": "5s",
}


def model_to_load(nlp) -> str:
    """What a worker passes to spacy.load: the name a LazyPipeline was given, else the package's name."""
    from kg.nlp import LazyPipeline

    if isinstance(nlp, LazyPipeline):
        return nlp.model
    return f"{nlp.meta['lang']}_{nlp.meta['name']}"


@functools.cache
def _pipeline(model: str):
    """The model, loaded once per worker process however many builds use it."""
    from kg.nlp import load_pipeline

    return load_pipeline(model)


@dataclass
class _Parser(WorkerPlugin):
    """A worker plugin: what every chunk of one build needs, sent once to each worker and set up there."""

    model: str
    model_name: str
    rules: Rules
    minter: Minter
    batch_size: int
    job: _Job | None = None

    def setup(self, worker=None) -> None:
        from kg.pipeline import model_name

        nlp = _pipeline(self.model)
        if model_name(nlp) != self.model_name:  # a worker with another version would build another graph
            raise NlpError(f"worker has model {model_name(nlp)}, the build expects {self.model_name}")
        self.job = _Job(nlp, self.rules, self.minter, self.batch_size)

    def teardown(self, worker=None) -> None:
        self.job = None


def _parse_chunk(plugin: str, sources: list[Source]) -> list[Parsed | Failure]:
    """In a worker: one chunk, start to finish, exactly as a local parser process does it."""
    parser = get_worker().plugins[plugin]
    if parser.job is None:
        parser.setup()
    return list(_parse(parser.job, sources))


def parse_address(address: str) -> tuple[str, int | None]:
    """('local', N or None) for `local[:N]`, else (the scheduler's address, None).

    >>> parse_address("local:3"), parse_address("tcp://10.0.0.5:8786")
    (('local', 3), ('tcp://10.0.0.5:8786', None))
    """
    if address == LOCAL:
        return LOCAL, None
    if address.startswith(f"{LOCAL}:"):
        count = address[len(LOCAL) + 1:]
        if not count.isdigit() or int(count) < 1:
            raise ClusterError(f"--cluster {address}: expected local:N with N a number of workers, 1 or more")
        return LOCAL, int(count)
    if "://" not in address:
        raise ClusterError(f"--cluster {address}: expected a scheduler address like tcp://HOST:8786, or local[:N]")
    return address, None


@contextmanager
def connect(address: str, workers: int) -> Iterator[Client]:
    """A client of the cluster at `address`; `local[:N]` starts a LocalCluster of N (else `workers`) processes."""
    where, count = parse_address(address)
    with dask.config.set(QUIET):
        yield from _connect(where, count or workers)


def _connect(where: str, workers: int) -> Iterator[Client]:
    if where == LOCAL:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(where, timeout="30s")
    except OSError as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {where}: {e}") from e
    with client:
        yield client


def parse_on_cluster(client: Client, model: str, model_name: str, sources: Iterable[Source], rules: Rules,
                     minter: Minter, batch_size: int = 16) -> Iterator[Parsed | Failure]:
    """Records ready to store for `sources`, in their order, parsed by the workers of `client`'s cluster."""
    name = f"kg-parser-{uuid.uuid4().hex}"
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT)
    except TimeoutError:
        raise ClusterError(f"the Dask cluster at {client.scheduler.address} has no worker") from None
    try:
        client.register_plugin(_Parser(model, model_name, rules, minter, batch_size), name=name)
        threads = sum(client.nthreads().values()) or 1
        in_flight: deque[tuple[list[Source], object]] = deque()
        for chunk in _batches(sources, batch_size):
            in_flight.append((chunk, client.submit(_parse_chunk, name, chunk, pure=False)))
            if len(in_flight) >= threads * _IN_FLIGHT_PER_THREAD:
                yield from _oldest(client, name, in_flight)
        while in_flight:
            yield from _oldest(client, name, in_flight)
    finally:
        client.unregister_worker_plugin(name)


def parse_on(address: str, nlp, sources: Iterable[Source], rules: Rules, minter: Minter, *, workers: int,
             batch_size: int = 16) -> Iterator[Parsed | Failure]:
    """parse_on_cluster on the cluster at `address` (see connect), connected for as long as records are read."""
    from kg.pipeline import model_name

    with connect(address, workers) as client:
        yield from parse_on_cluster(client, model_to_load(nlp), model_name(nlp), sources, rules, minter, batch_size)


def _oldest(client: Client, plugin: str, in_flight: deque) -> list[Parsed | Failure]:
    """The records of the oldest chunk in flight; a chunk that killed workers again and again (the scheduler
    gave up on it) is parsed again one document a task, and a document that still kills its worker fails."""
    chunk, future = in_flight.popleft()
    try:
        return future.result()
    except KilledWorker:
        pass
    records: list[Parsed | Failure] = []
    for source in chunk:
        try:
            records += client.submit(_parse_chunk, plugin, [source], pure=False).result()
        except KilledWorker as e:
            path = source.article.path
            records.append(Failure(path, f"{path}: parsing killed the cluster's worker (out of memory, or a crash in "
                                         "spaCy)", source.article.id, f"{type(e).__name__}: {e}\n"))
    if len(chunk) > 1 and all(isinstance(r, Failure) and "killed the cluster's worker" in r.reason for r in records):
        raise NlpError("the cluster's workers keep dying (out of memory?); try a smaller --batch-size")
    return records


__all__ = ["ClusterError", "connect", "model_to_load", "parse_address", "parse_on", "parse_on_cluster"]
