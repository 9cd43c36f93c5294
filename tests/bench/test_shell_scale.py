"""bench/shell_scale.py on the seeds, in a real pseudo-terminal: the second shell completes from the saved data."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_two_starts_time_start_up_tab_and_describe(seeds_store):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "shell_scale.py"), str(seeds_store), "--starts", "2"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"the most connected entity is \w", done.stdout)
    rows = re.findall(r"^\| (\d) \| (empty|saved) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| [\d.]+ \|$", done.stdout,
                      re.MULTILINE)
    assert [(start, cache) for start, cache, *_ in rows] == [("1", "empty"), ("2", "saved")]
    for *_, startup, tab, first_page, everything in rows:
        assert all(int(ms.replace(",", "")) > 0 for ms in (startup, tab, first_page, everything))
        assert int(first_page.replace(",", "")) <= int(everything.replace(",", ""))


def test_a_missing_store_is_one_line(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "shell_scale.py"), str(tmp_path / "none")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "no store folder" in done.stderr
