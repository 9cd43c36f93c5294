"""bench/extract_stages.py end to end on three seed articles (in a subprocess: it wraps kg's extraction stages in place)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_stage_gets_a_cpu_time_within_the_whole():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "extract_stages.py"), str(ROOT / "seeds"), "--articles", "3",
                           "--rounds", "2"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "3 articles, best of 2 rounds (CPU s)"
    stages = {m[1].strip(): float(m[2]) for line in lines[1:] if (m := re.match(r"\s+(.+?)\s+([\d.]+)$", line))}
    assert {"extract_mentions", "extract_actions", "extraction in all"} <= set(stages)
    assert 0 < stages["extract_actions"] <= stages["extraction in all"]


def test_a_missing_folder_is_one_line():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "extract_stages.py"), "/nonexistent/folder"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "no such corpus folder" in done.stderr
