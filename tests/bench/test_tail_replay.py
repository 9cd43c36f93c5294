"""bench/tail_replay.py on the seeds: the tail replayed on a checkpoint gives the graph a whole build gives."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from tiny_corpus import canonical

from kg.store import open_store

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "tail_replay.py"


def run(*args: str) -> str:
    done = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


def dump(location: Path) -> dict:
    with open_store(str(location), read_only=True) as store:
        return canonical(store.dump("nquads"))


@pytest.mark.model
def test_a_checkpointed_build_replays_its_tail_into_the_graph_of_a_whole_build(seeds_store, tmp_path):
    saved, kept = tmp_path / "checkpoint", tmp_path / "replayed"
    assert "5 documents stored, their tail not run" in run("checkpoint", str(ROOT / "seeds"), str(saved))
    with open_store(str(saved), read_only=True) as store:  # the documents, and nothing derived from them yet
        graphs = store.graphs()
    assert sum("/document/" in g for g in graphs) == 5 and not any(g.endswith(("/events", "/resolution")) for g in graphs)
    out = run("replay", str(saved), "--rounds", "2", "--keep", str(kept))
    rounds = re.findall(r"round (\d): finish ([\d.]+) s, compaction ([\d.]+) s, tail ([\d.]+) s wall", out)
    assert [r[0] for r in rounds] == ["1", "2"] and all(float(r[3]) > 0 for r in rounds)
    assert dump(kept) == dump(seeds_store)
