"""bench/event_cost.py end to end on a copy of the seeds' store: the event steps and what they add to the tail."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "event_cost.py"


def test_it_times_the_event_steps_and_the_tail_with_and_without_them(seeds_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(seeds_store, store)
    done = subprocess.run([sys.executable, str(SCRIPT), str(store), "--rounds", "1", "--tail-rounds", "1",
                           "--build-seconds", "60", "--build-cpu", "100"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    found = re.search(r"(\d+) documents, (\d+) action reports, (\d+) events .* (\d+) event triples", done.stdout)
    assert found, done.stdout
    documents, reports, events, triples = (int(found.group(i)) for i in range(1, 5))
    assert documents == 5 and reports > events > 0 and triples > 10 * events
    tail = {name: float(wall) for name, wall in re.findall(r"  (with the events|without them) +([\d.]+) +[\d.]+ s",
                                                           done.stdout)}
    assert set(tail) == {"with the events", "without them"} and all(s > 0 for s in tail.values())
    assert re.search(r"what the events add +-?[\d.]+ +-?[\d.]+ s", done.stdout)
    assert re.search(r"event steps in all +[\d.]+ +[\d.]+ s", done.stdout)
    assert re.search(r"share of a build's 100.0 s of CPU +-?[\d.]+ %", done.stdout)


def test_the_store_keeps_its_events_after_the_replay(seeds_store, tmp_path):
    """The replay leaves the store as a build leaves it: events and entities written, the last run with events."""
    from kg.store import open_store

    store = tmp_path / "store"
    shutil.copytree(seeds_store, store)
    done = subprocess.run([sys.executable, str(SCRIPT), str(store), "--rounds", "1", "--tail-rounds", "1"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    with open_store(str(store), read_only=True) as opened:
        count = opened.query("SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/kgnews/ontology#Event> }")
    assert int(count.rows[0][0]) > 0
