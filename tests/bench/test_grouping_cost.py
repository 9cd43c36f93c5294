"""bench/grouping_cost.py end to end on a store of the seeds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "grouping_cost.py"


def test_it_times_the_grouping_of_a_built_store(tmp_path):
    store = tmp_path / "store"
    built = subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "--store", str(store)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    done = subprocess.run([sys.executable, str(SCRIPT), str(store), "--rounds", "2"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    found = re.match(r"(\d+) documents, (\d+) reports, (\d+) events: grouping takes ([\d.]+) s CPU at the first call, "
                     r"([\d.]+) s \(median of 2\) later", done.stdout)
    assert found, done.stdout
    documents, reports, events = (int(found.group(i)) for i in (1, 2, 3))
    assert documents >= 5 and reports > events > 0


def test_a_missing_store_is_one_line(tmp_path):
    done = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "nothing")], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and "no such store" in done.stderr
