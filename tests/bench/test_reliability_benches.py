"""bench/stopping.py and bench/serve_load.py end to end on the seeds: they run and print their tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.mark.model
def test_the_stopping_bench_times_every_canned_query_both_ways(seeds_store):
    done = subprocess.run([sys.executable, str(BENCH / "stopping.py"), str(seeds_store), "--rounds", "1"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| `")]
    from kg.queries import load_queries

    assert len(rows) == len(load_queries()) + 1 and all(" ms (" in row for row in rows)  # and ASK


@pytest.mark.model
def test_the_load_bench_serves_clients_without_errors(seeds_store):
    done = subprocess.run([sys.executable, str(BENCH / "serve_load.py"), str(seeds_store), "--clients", "2",
                           "--seconds", "2"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "errors: 0" in done.stdout and "latency, all queries: median" in done.stdout
