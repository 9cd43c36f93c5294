"""The scoring rules of bench/eval_srl.py on hand-made inputs: which QA-SRL answers are names, and which gold
entities a kg mention types (MEANTIME)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from kg.model import Action, Article, EntityKind, Extraction, Mention

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def srl():
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("eval_srl", ROOT / "bench" / "eval_srl.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("answer, named", [
    ("Edgar Lungu , the Zambian President", True),
    ("Prime Minister of the United Kingdom David Cameron", True),
    ("the Tories", True),
    ("I", False),
    ("`` We", False),
    ("Webster 's wet , muddy hoodie", False),
    ("their base in Helmand", False),
    ("that the US would provide assistance", False),
])
def test_an_answer_is_a_name_when_its_head_is_capitalised(srl, answer, named):
    tokens = ["Then", *answer.split(" "), "acted", "."]
    assert srl.is_name(tokens, 1, 1 + len(answer.split(" "))) is named


def test_the_first_definition_counts_any_capitalised_word(srl):
    tokens = "Then their base in Helmand closed .".split()
    assert srl.is_name(tokens, 1, 5, any_capital=True) and not srl.is_name(tokens, 1, 5)


def test_a_name_inside_another_entitys_name_types_that_entity_only(srl):
    """The airline "China Eastern" inside the board's name "China Eastern 's board": the board is nested, not mistyped."""
    words = ["China", "Eastern", "'s", "board", "met", "."]
    spans, position = {}, 0
    for n, word in enumerate(words, 1):
        spans[f"t{n}"] = (position, position + len(word))
        position += len(word) + 1
    doc = srl.Document("d", " ".join(words), spans, {t: 0 for t in spans})
    doc.mention_tokens = {"airline": ["t1", "t2"], "board": ["t1", "t2", "t3", "t4"]}
    doc.entity_of = {"airline": ("E1", EntityKind.ORGANIZATION), "board": ("E2", EntityKind.PERSON)}
    doc.names = doc.named = {"airline", "board"}
    mention = Mention("d", "China Eastern", EntityKind.ORGANIZATION, 0, 13, 0)
    score = srl.MeantimeScore()
    srl.score_meantime(doc, Extraction(Article("d", "d", doc.text), mentions=(mention,)), score)
    assert (score.entities, score.entities_typed, score.nested) == (1, 1, 1)


def tiny_document(srl, words: list[str], mentions: dict[str, tuple[int, int]]):
    spans, position = {}, 0
    for n, word in enumerate(words, 1):
        spans[f"t{n}"] = (position, position + len(word))
        position += len(word) + 1
    doc = srl.Document("d", " ".join(words), spans, {t: 0 for t in spans})
    doc.mention_tokens = {m: [f"t{n}" for n in range(first, last + 1)] for m, (first, last) in mentions.items()}
    return doc


def test_a_kg_mention_stands_for_a_gold_participant_only_through_its_head(srl):
    """Pairs are matched on heads: "Los Angeles" in "Los Angeles based Northrop Grumman" is a modifier, "Northrop" part
    of the head name; "Boeing" in "the many Boeing employees" stands for the description it names."""
    words = "Los Angeles based Northrop Grumman and the many Boeing employees".split()
    doc = tiny_document(srl, words, {"firm": (1, 5), "staff": (7, 10)})
    chars = lambda first, last: doc.chars([f"t{n}" for n in range(first, last + 1)])  # noqa: E731
    assert not srl.stands_for(doc, "firm", chars(1, 2))
    assert srl.stands_for(doc, "firm", chars(4, 4))
    assert srl.stands_for(doc, "staff", chars(9, 9))


def test_a_qasrl_pair_is_found_only_when_one_action_gives_both_answers(srl):
    """"Microsoft bought LinkedIn": the who-answer Microsoft and the what-answer LinkedIn on the verb bought form a
    gold pair; kg finds it only with one action whose agent and target cover them, in that direction."""
    tokens = "Microsoft bought LinkedIn .".split(" ")
    offsets = [0, 10, 17, 26]
    answers = {("s", 1, "agent"): [(0, 1)], ("s", 1, "patient"): [(2, 3)]}
    microsoft = Mention("s", "Microsoft", EntityKind.ORGANIZATION, 0, 9, 0)
    linkedin = Mention("s", "LinkedIn", EntityKind.ORGANIZATION, 17, 25, 0)

    def scored(agent, target):
        action = Action("s", "bought", "buy", "Acquire", 10, 16, 0, 0, 27, "", agent=agent, target=target)
        score = srl.PairScore()
        srl.score_qasrl_pairs("s", answers, tokens, offsets, [action], score)
        return score.gold, score.found, score.kg, score.right

    assert scored(microsoft, linkedin) == (1, 1, 1, 1)
    assert scored(linkedin, microsoft) == (1, 0, 1, 0)  # reversed
    assert scored(microsoft, None) == (1, 0, 0, 0)  # no target: no pair


def test_the_combined_meantime_score_sums_both_topics(srl):
    airbus = srl.MeantimeScore(gold_pairs=10, pairs_found=7, kg_pairs=10, kg_pairs_right=7, errors=["a"])
    stock = srl.MeantimeScore(gold_pairs=1, pairs_found=0, kg_pairs=1, kg_pairs_right=0, errors=["b"])
    total = srl.combined([airbus, stock])
    assert (total.gold_pairs, total.pairs_found, total.kg_pairs, total.kg_pairs_right) == (11, 7, 11, 7)
    assert total.errors == ["a", "b"]
    assert airbus.kg_pairs == 10  # the topics' own scores are left as they were
