"""The seeds against their hand-written gold (bench/gold/seeds.yaml): every fact, merge and place."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def evaluation():
    spec = importlib.util.spec_from_file_location("eval_seeds", ROOT / "bench/eval_seeds.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scored(evaluation, seeds_store):
    from kg.store import open_store
    from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

    gold = evaluation.load_gold(ROOT / "bench/gold/seeds.yaml")
    with open_store(str(seeds_store), read_only=True, prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        graph = evaluation.read_graph(store)
    misses: list[str] = []
    rows = {**evaluation.score_entities(gold, graph, misses), **evaluation.score_facts(gold, graph, misses),
            **evaluation.score_places(gold, graph, misses)}
    return rows, misses


def test_every_gold_fact_is_found(scored):
    rows, misses = scored
    assert rows["facts (recall)"][1] == 1.0, [m for m in misses if m.startswith("fact")]


def test_every_alias_is_merged_and_nothing_over_merged(scored):
    rows, misses = scored
    precision, recall, _ = rows["merges (pairwise)"]
    assert (precision, recall) == (1.0, 1.0), [m for m in misses if "merged" in m]


def test_no_action_has_its_direction_reversed(scored):
    rows, _ = scored
    assert rows["  reversed pairs"][0] == 0


def test_places_lie_where_the_text_says(scored):
    rows, _ = scored
    assert rows["located in"][1] == 1.0


def test_hostile_pairs_stay_as_precise_as_before_open_class_actions(scored):
    rows, _ = scored
    precision, recall, _ = rows["hostile agent/target pairs"]
    assert precision == 1.0 and recall >= 0.6
