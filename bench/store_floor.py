"""The store's own share of a build: a built store's quads written again the way a build writes them, alone.

    python bench/store_floor.py STORE [--rounds 3]

Reads every quad of STORE (a store `kg build` made; `bench/ratio.py --keep STORE` leaves one) and, --rounds times
into a fresh scratch store, writes them as a build does with nothing else running: the documents' graphs and the
entities' graph in bulk loads of kg/pipeline.py's LOAD_BATCH_BYTES of N-Quads, then the events' graph in loads of
kg/finish.py's EVENT_PART quads, then the compaction (kg/finish.py compact). Prints the wall and CPU seconds of each
step (CPU of the whole process: Oxigraph loads and compacts on threads of its own). The events' loads and the
compaction can only start once every document is parsed and grouped into events, so their wall time is a floor
under a build's tail that no Python in kg moves: compare it with what bench/ratio.py says a ratio allows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.finish import EVENT_PART  # noqa: E402
from kg.iri import Minter  # noqa: E402
from kg.pipeline import LOAD_BATCH_BYTES  # noqa: E402
from kg.vocab import DEFAULT_BASE_IRI  # noqa: E402

STEPS = ("documents and entities", "events", "compaction")


def split_quads(store: Path) -> tuple[list[bytes], list[bytes]]:
    """The store's N-Quads lines: the events' graph apart from everything else."""
    events = f"<{Minter(DEFAULT_BASE_IRI).events_graph()}> .".encode()
    dumped = ox.Store.read_only(str(store)).dump(format=ox.RdfFormat.N_QUADS)
    lines = [line for line in dumped.split(b"\n") if line]
    return [line for line in lines if not line.endswith(events)], [line for line in lines if line.endswith(events)]


def batches(lines: list[bytes], limit: int) -> list[bytes]:
    """The lines joined into texts of about `limit` bytes."""
    texts, part, size = [], [], 0
    for line in lines:
        part.append(line)
        size += len(line) + 1
        if size >= limit:
            texts.append(b"\n".join(part))
            part, size = [], 0
    if part:
        texts.append(b"\n".join(part))
    return texts


def replay(documents: list[bytes], events: list[bytes], folder: Path) -> dict[str, tuple[float, float]]:
    """Wall and CPU seconds of each step, writing into a fresh store in `folder`."""
    store = ox.Store(str(folder))
    spent = {}
    for name, write in ((STEPS[0], lambda: [store.bulk_load(text, format=ox.RdfFormat.N_QUADS) for text in documents]),
                        (STEPS[1], lambda: [store.bulk_load(text, format=ox.RdfFormat.N_QUADS) for text in events]),
                        (STEPS[2], store.optimize)):
        started, used = time.perf_counter(), time.process_time()
        write()
        spent[name] = (time.perf_counter() - started, time.process_time() - used)
    del store
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.store.is_dir():
        parser.error(f"{args.store}: no store there")
    other, event_lines = split_quads(args.store)
    documents = batches(other, LOAD_BATCH_BYTES)
    events = [b"\n".join(event_lines[i:i + EVENT_PART]) for i in range(0, len(event_lines), EVENT_PART)]
    print(f"{args.store}: {len(other):,} quads in {len(documents)} loads of up to {LOAD_BATCH_BYTES / 1e6:.0f} MB, "
          f"{len(event_lines):,} in the events' graph in {len(events)} loads of {EVENT_PART:,}; pyoxigraph "
          f"{ox.__version__}, load average {os.getloadavg()[0]:.1f}", flush=True)
    rounds = []
    with tempfile.TemporaryDirectory(prefix="kg-store-floor-") as scratch:
        for n in range(1, args.rounds + 1):
            folder = Path(scratch) / f"round-{n}"
            rounds.append(replay(documents, events, folder))
            shutil.rmtree(folder)
            print(f"round {n}: " + ", ".join(f"{name} {wall:.2f} s ({cpu:.2f} s CPU)"
                                            for name, (wall, cpu) in rounds[-1].items()), flush=True)
    after = [r[STEPS[1]][0] + r[STEPS[2]][0] for r in rounds]
    print(f"after the last document (the events' loads and the compaction): median {statistics.median(after):.2f} s "
          f"wall, lowest {min(after):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
