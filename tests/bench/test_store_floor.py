"""bench/store_floor.py end to end on the seeds' store: every quad written again as a build writes it, timed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[2]


def test_it_writes_every_quad_again_and_times_each_step(seeds_store):
    quads = len(ox.Store.read_only(str(seeds_store)))
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "store_floor.py"), str(seeds_store), "--rounds", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    counted = re.search(r": ([\d,]+) quads in (\d+) loads .*, ([\d,]+) in the events' graph in (\d+) loads",
                        done.stdout)
    assert counted, done.stdout
    others, events = int(counted[1].replace(",", "")), int(counted[3].replace(",", ""))
    assert others + events == quads and events > 0 and int(counted[2]) == int(counted[4]) == 1
    rounds = re.findall(r"round \d: documents and entities ([\d.]+) s \(([\d.]+) s CPU\), events ([\d.]+) s "
                        r"\(([\d.]+) s CPU\), compaction ([\d.]+) s", done.stdout)
    assert len(rounds) == 2 and all(float(wall) > 0 for found in rounds for wall in found[::2])
    assert re.search(r"after the last document .*: median [\d.]+ s wall, lowest [\d.]+", done.stdout)


def test_a_missing_store_is_one_line(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "store_floor.py"), str(tmp_path / "none")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "none: no store there" in done.stderr and "Traceback" not in done.stderr
