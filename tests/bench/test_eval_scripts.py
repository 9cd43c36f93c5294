"""The scoring in bench/eval_direction.py and bench/eval_coref.py on hand-made inputs, and each script end to end."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def direction():
    return load("eval_direction")


@pytest.fixture(scope="module")
def coref():
    return load("eval_coref")


# eval_direction
ACTORS = """<!-- toy actors -->
ARNOR_  [ARN]
GONDOR [GON]
+MINAS_TIRITH
ARGENTIN  [ARG]
GOLLUM  # a comment
+SMEAGOL
\t[HOB < 950601]
\t[HOBREB > 990816]
BOROMIR  [---]
"""
AGENTS = """!PERSON! = MAN, MEN
CONGRESS!PERSON! [~LEG]
POLICE {} [ ~COP]
"""
RECORDS = """<Validation><Sentences>
<Sentence date="19950101" id="DEMO-00" category="DEMO">
<EventCoding sourcecode="ARN" targetcode="GONCOP" eventcode="064"></EventCoding>
<Text>Arnor is about to restore ties with the Gondor police.</Text>
</Sentence>
<Sentence date="19950102" id="PASSIVE-01" category="MODIFY">
<EventCoding noevents="true"></EventCoding>
<Text>Nothing happened.</Text>
</Sentence>
</Sentences></Validation>"""


@pytest.fixture(scope="module")
def dictionary(direction):
    return direction.Dictionary(direction.load_actors(ACTORS), direction.load_agents(AGENTS))


def test_records_keep_date_category_and_codings(direction):
    first, second = direction.load_records(RECORDS)
    assert (first.id, first.category, first.published) == ("DEMO-00", "DEMO", date(1995, 1, 1))
    assert first.codings == (direction.Coding("ARN", "GONCOP", "064"),)
    assert second.codings == () and second.group_id == "PASSIVE"


def test_codes_name_actors_synonyms_and_agents(direction, dictionary):
    words = lambda code: sorted(" ".join(n.words) for n in dictionary.names(code))
    assert words("GON") == ["gondor", "minas tirith"]
    assert words("HOBREB") == ["gollum", "smeagol"]
    assert words("GONCOP") == ["gondor", "minas tirith", "police"]
    assert words("---LEG") == ["congressman", "congressmen"]
    assert words("---") == [] and "---" not in dictionary.actors


def test_names_match_by_words_both_ways_and_by_stem(direction, dictionary):
    assert direction.matches("the Gondor police", dictionary.names("GON"))
    assert direction.matches("Tirith", dictionary.names("GON"))
    assert direction.matches("Argentina", dictionary.names("ARG"))  # ARGENTIN has no final "_"
    assert not direction.matches("Arnorian", dictionary.names("ARN"))  # ARNOR_ does
    assert not direction.matches("Gondor", dictionary.names("ARN"))


def test_direction_is_scored_found_reversed_and_on_noevents(direction, dictionary):
    record, empty = direction.load_records(RECORDS)
    Pair = direction.Pair
    found, _ = direction.score_record(record, [Pair("Arnor", "Gondor police", "Cooperate")], dictionary, {"Cooperate": {"06"}})
    assert (found["found"], found["correct"], found["produced"], found["cameo_ok"]) == (1, 1, 1, 1)
    swapped, errors = direction.score_record(record, [Pair("Gondor", "Arnor")], dictionary, {})
    assert (swapped["reversed"], swapped["correct"], swapped["produced"]) == (1, 0, 1)
    assert errors and "reversed" in errors[0]
    unmentioned, _ = direction.score_record(record, [], dictionary, {}, mentioned=["Arnor"])
    assert unmentioned["missed_no_mention"] == 1
    noise, _ = direction.score_record(empty, [Pair("Arnor", "Gondor")], dictionary, {})
    assert (noise["noevent_produced"], noise["produced"], noise["gold"]) == (1, 0, 0)


# eval_coref: the example of Pradhan et al. (2014), "Scoring coreference partitions of predicted mentions",
# key {a b c} {d e f g}, response {a b} {c d} {f g h i}; their values: MUC R .40 P .40, B3 R .42 P .50,
# CEAF-e R .65 P .43.
KEY = {m: 1 for m in "abc"} | {m: 2 for m in "defg"}
RESPONSE = {"a": 1, "b": 1, "c": 2, "d": 2} | {m: 3 for m in "fghi"}


def test_muc_textbook_values(coref):
    s = coref.muc(KEY, RESPONSE)
    assert (round(s.r, 2), round(s.p, 2)) == (0.40, 0.40)
    whole = coref.muc({m: 1 for m in "abcd"}, {"a": 1, "b": 1, "c": 2, "d": 2})  # Vilain et al. 1995
    assert (whole.r, whole.p) == (pytest.approx(2 / 3), 1.0)


def test_b_cubed_textbook_values(coref):
    s = coref.b_cubed(KEY, RESPONSE)
    assert (round(s.r, 2), round(s.p, 2)) == (0.42, 0.50)


def test_ceaf_e_textbook_values(coref):
    s = coref.ceaf_e(KEY, RESPONSE)
    assert (round(s.r, 2), round(s.p, 2)) == (0.65, 0.43)


def test_pairwise_counts_over_merges_and_cross_document_pairs(coref):
    key = {("d1", "a"): 1, ("d1", "b"): 1, ("d2", "c"): 1, ("d2", "d"): 2}
    response = {m: 0 for m in key}  # everything in one entity
    s = coref.pairwise(key, response)
    assert (s.p_num, s.p_den, s.r_den) == (3, 6, 3)  # 3 right merges, 3 over-merges
    x = coref.pairwise(key, response, split=coref.document)
    assert (x.p_num, x.p_den, x.r_den) == (2, 4, 2)
    total = coref.score_all(key, response)["pairs"] + coref.score_all(key, key)["pairs"]
    assert (total.p_num, total.p_den) == (6, 9)


def test_detokenized_offsets_point_at_the_tokens(coref):
    tokens = [(1, 0, "Tara"), (2, 0, "Reid"), (3, 0, "’"), (4, 0, "s"), (5, 0, "rehab"), (6, 0, "."), (7, 1, "Yes")]
    text, spans = coref.detokenize(tokens)
    assert text == "Tara Reid’s rehab.\n\nYes"
    assert [text[s:e] for s, e in spans.values()] == [t for _, _, t in tokens]


def test_alignment_is_one_to_one_by_largest_overlap(coref):
    text, spans = coref.detokenize([(1, 0, "Tara"), (2, 0, "Reid"), (3, 0, "smiled")])
    gold = [coref.GoldMention("d", "m1", "HUMAN_PART_PER", (1, 2), 0, "c1", "Tara Reid"),
            coref.GoldMention("d", "m2", "HUMAN_PART_PER", (2,), 0, "c2", "Reid")]
    doc = coref.Document("d", "1", text, spans, {1: 0, 2: 0, 3: 0}, frozenset({0}), tuple(gold))
    aligned = coref.align(doc, [(5, 9), (0, 9)], gold)  # "Reid", "Tara Reid"
    assert aligned[1].m_id == "m1" and aligned[0].m_id == "m2"


# end to end
@pytest.mark.model
@pytest.mark.skipif(not (CORPUS / "petrarch2-validation").is_dir(), reason="no PETRARCH2 corpus")
def test_direction_script_runs(direction, capsys):
    direction.main(["--limit", "4"])
    out = capsys.readouterr().out
    assert "kg, oracle verbs + names" in out and "ALL" in out


@pytest.mark.model
@pytest.mark.skipif(not (CORPUS / "ecbplus").is_dir(), reason="no ECB+ corpus")
def test_coref_script_runs(coref, capsys):
    coref.main(["--topics", "1", "--annotated-only"])
    out = capsys.readouterr().out
    assert "ECB+: 1 topics" in out and "kg resolve (aligned)" in out


def test_missing_corpus_is_one_line(direction, coref, tmp_path):
    for module in (direction, coref):
        with pytest.raises(SystemExit) as stop:
            module.main(["--corpus", str(tmp_path)])
        assert str(tmp_path) in str(stop.value) and "\n" not in str(stop.value)
