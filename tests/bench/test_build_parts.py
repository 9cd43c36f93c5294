"""bench/build_parts.py end to end on three seed articles (in a subprocess: it wraps kg's stages in place)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_stage_gets_a_cpu_time_and_the_rest_is_spacy():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "build_parts.py"), str(ROOT / "seeds"), "--articles", "3"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    head, _, table = done.stdout.partition("| stage |")
    assert re.match(r"3 documents, [\d,]+ triples: [\d.]+ s CPU in all; spaCy and reading [\d.]+ s", head)
    rows = [line.split("|")[1:-1] for line in table.splitlines()[2:]]
    stages = {name.strip(): float(seconds) for name, _, seconds, _ in rows}
    assert {"extraction", "grouping events", "compacting the store", "storing documents"} <= set(stages)
    assert stages["extraction"] > 0 and stages["storing documents"] > 0


def test_a_missing_folder_is_one_line():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "build_parts.py"), "/nonexistent/folder"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "no such corpus folder" in done.stderr
