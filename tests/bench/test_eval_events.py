"""The pure parts of bench/eval_events.py (ECB+ event coreference) and bench/eval_event_dates.py (event dates),
on hand-made inputs and single corpus files, and each script end to end on a few documents."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from kg.events import resolve_events
from kg.model import Action, Article, EntityKind, Extraction, Mention, TimeValue
from tests.bench.test_eval_scripts import CORPUS, load

ECBPLUS = CORPUS / "ecbplus"
MEANTIME = CORPUS / "meantime-dev"


@pytest.fixture(scope="module")
def events():
    return load("eval_events")


@pytest.fixture(scope="module")
def dates():
    return load("eval_event_dates")


# eval_events
def test_topic_ranges(events):
    assert events.topic_range("36-45") == list(range(36, 46))
    assert events.topic_range("1, 23-24") == [1, 23, 24]


@pytest.mark.skipif(not ECBPLUS.is_dir(), reason="no ECB+ corpus")
def test_one_ecbplus_file_gives_its_action_mentions_and_clusters(events):
    (doc,) = events.load_corpus(ECBPLUS, [36], limit=1)
    assert doc.name == "36_1ecb.xml"
    actions = {g.m_id: g for g in events.actions_of(doc)}
    assert actions["23"].text == "arrested" and actions["23"].cluster == actions["24"].cluster  # one instance
    assert actions["18"].cluster.startswith("unlinked:")  # in no relation: a gold singleton
    start, end = events.gold_span(doc, actions["23"])
    assert doc.text[start:end] == "arrested"


def toy_document(events, name="1_1ecb.xml"):
    """'Police arrested Smith . Smith fled' with gold actions 'arrested' (cluster A) and 'fled' (B)."""
    tokens = [(1, 1, "Police"), (2, 1, "arrested"), (3, 1, "Smith"), (4, 1, "."), (5, 2, "Smith"), (6, 2, "fled")]
    text, spans = load("eval_coref").detokenize(tokens)
    gold = [events.GoldMention(name, "1", "ACTION_OCCURRENCE", (2,), 1, "A", "arrested"),
            events.GoldMention(name, "2", "ACTION_OCCURRENCE", (6,), 2, "B", "fled")]
    return events.Document(name, name.split("_")[0], text, spans, {t: s for t, s, _ in tokens}, frozenset({1, 2}),
                           tuple(gold))


def test_gold_mentions_take_kg_action_at_their_trigger_else_a_generic_lemma(events):
    doc = toy_document(events)
    police = Mention(doc.name, "Police", EntityKind.ORGANIZATION, 0, 6, 0)
    smith = Mention(doc.name, "Smith", EntityKind.PERSON, 16, 21, 0)
    start = doc.text.index("arrested")
    arrest = Action(doc.name, "arrested", "arrest", "Arrest", start, start + 8, 0, 0, 22, "", agent=police,
                    target=smith, time=TimeValue("Monday", 0, 0, "2020-01-06", "day"), tense=-1)
    extraction = Extraction(Article(doc.name, doc.name, doc.text), (police, smith), (), (arrest,))
    parsed = events.Parsed(doc, extraction, {(doc.name, "1"): "arrest", (doc.name, "2"): "flee"}, Counter())
    entity_of = {police.key: "organization/police", smith.key: "person/smith"}
    reports = events.gold_mention_reports([parsed], entity_of)
    arrested, fled = reports[(doc.name, "1")], reports[(doc.name, "2")]
    assert (arrested.action_class, arrested.agent, arrested.target, arrested.time_value, arrested.generic) == \
        ("Arrest", "organization/police", "person/smith", "2020-01-06", False)
    assert (fled.action_class, fled.lemma, fled.agent, fled.generic) == ("OtherAction", "flee", None, True)
    assert arrested.key != fled.key


def test_scores_of_a_hand_built_clustering(events):
    gold = {"a": 1, "b": 1, "c": 2, "d": 3}
    perfect = events.score("perfect", gold, gold)
    assert perfect.conll == pytest.approx(1.0)
    lumped = events.score("one cluster", gold, {m: 0 for m in gold})
    assert lumped.scores["MUC"].r == 1.0 and lumped.scores["MUC"].p == pytest.approx(1 / 3)
    spurious = events.score("predicted", gold, {**gold, "x": 9})  # a kg mention gold does not have
    assert spurious.scores["B3"].p < 1.0 and spurious.scores["B3"].r == 1.0


def test_participantless_reports_merge_within_a_story_only(events):
    from kg.events import Report

    reports = {
        "g1": Report("d1", 5, "OtherAction", "quake", "quake", generic=True),
        "g2": Report("d2", 5, "OtherAction", "quake", "earthquake", generic=True),
        "g3": Report("d3", 5, "OtherAction", "quake", "quake", generic=True),
    }
    plain = events.event_labels(resolve_events(reports.values()))
    assert len({plain[r.key] for r in reports.values()}) == 3  # without stories, only within a document
    built = events.as_built(reports, {"d1": "s1", "d2": "s1", "d3": "s2"})
    label = events.event_labels(resolve_events(built.values()))
    assert label[built["g1"].key] == label[built["g2"].key] != label[built["g3"].key]


def test_gold_stories_are_the_halves_of_a_topic(events):
    docs = [events.Document(name, "1", "", {}, {}, frozenset(), ()) for name in ("1_1ecb.xml", "1_2ecb.xml", "1_1ecbplus.xml")]
    story = events.gold_stories([events.Parsed(d, Extraction(Article(d.name, d.name, "")), {}, Counter()) for d in docs])
    assert story["1_1ecb.xml"] == story["1_2ecb.xml"] != story["1_1ecbplus.xml"]


def test_stories_group_documents_that_name_the_same_entities(events):
    parsed = []
    entity_of = {}
    for name, people in [("a", ["p1", "p2"]), ("b", ["p1", "p2"]), ("c", ["p3", "p4"]), ("d", ["p3", "p4", "p5"])]:
        mentions = tuple(Mention(name, p, EntityKind.PERSON, 10 * i, 10 * i + 2, 0) for i, p in enumerate(people))
        entity_of.update({m.key: f"person/{m.text}" for m in mentions})
        doc = events.Document(name, "1", "", {}, {}, frozenset(), ())
        parsed.append(events.Parsed(doc, Extraction(Article(name, name, ""), mentions), {}, Counter()))
    story = events.stories(parsed, entity_of, events.load_event_rules())
    assert story["a"] == story["b"] != story["c"] == story["d"]


# eval_event_dates
def test_links_that_put_an_event_inside_a_time_fix_its_date(dates):
    times = {"t0": "1998-01-08", "t1": "1998"}
    links = [("INCLUDES", "t0", "e1"), ("IS_INCLUDED", "e2", "t1"), ("BEFORE", "e3", "t0"),
             ("INCLUDES", "e4", "t0"), ("IS_INCLUDED", "e5", "t1"), ("SIMULTANEOUS", "e5", "t0")]
    assert dates.dates_of(links, times) == {"e1": "1998-01-08", "e2": "1998", "e5": "1998-01-08"}


def test_granularity_and_the_comparison_rule(dates):
    assert [dates.granularity(v) for v in ("1998-01-08", "1998-W02", "1998-01", "1998-Q1", "1998", "199X")] == \
        ["day", "week", "month", "quarter", "year", None]
    assert dates.same_date("1998-01-08", "day", "1998-Q1", "quarter")
    assert dates.same_date("1998-01-08", "day", "1998-W02", "week")
    assert not dates.same_date("1998-01", "month", "1998-01-08", "day")  # coarser than gold: wrong
    assert not dates.same_date("1998-02-08", "day", "1998-01", "month")
    assert not dates.same_date(None, None, "1998", "year")


TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TOY</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">01/08/1998</TIMEX3></DCT>
<TEXT>
Rebels <EVENT eid="e1" class="OCCURRENCE">attacked</EVENT> the town
<TIMEX3 tid="t1" type="DATE" value="1998-01-06">on Tuesday</TIMEX3>,
officials <EVENT eid="e2" class="REPORTING">said</EVENT>.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
<TLINK lid="l2" relType="BEFORE" eventInstanceID="ei2" relatedToTime="t0"/>
</TimeML>"""


def test_timeml_events_get_offsets_and_gold_dates(dates, tmp_path):
    path = tmp_path / "TOY.tml"
    path.write_text(TIMEML, encoding="utf-8")
    doc = dates.load_timeml(path, "TimeBank")
    assert doc.published == date(1998, 1, 8)
    attacked, said = doc.events
    assert doc.text[attacked.start:attacked.end] == "attacked" and (attacked.value, attacked.granularity) == \
        ("1998-01-06", "day")
    assert said.text == "said" and said.value is None  # BEFORE the DCT fixes no date


@pytest.mark.skipif(not MEANTIME.is_dir(), reason="no MEANTIME corpus")
def test_one_meantime_file_dates_events_by_the_creation_time(dates):
    path = sorted((MEANTIME / "intra-doc_annotation" / "corpus_airbus").glob("100911_*.xml"))[0]
    doc = dates.load_meantime(path, "airbus")
    assert doc.published == date(2008, 3, 1)
    defeat = next(g for g in doc.events if g.eid == "23")  # the DCT INCLUDES it
    assert doc.text[defeat.start:defeat.end] == "defeated" and defeat.value == "2008-03-01"


@pytest.mark.skipif(not MEANTIME.is_dir(), reason="no MEANTIME corpus")
def test_meantime_event_mentions_get_their_cross_document_instance(dates):
    path = sorted((MEANTIME / "intra-doc_annotation" / "corpus_airbus").glob("100911_*.xml"))[0]
    doc = dates.load_meantime(path, "airbus")
    instance = {doc.text[start:end]: i for start, end, i in doc.instances}
    assert instance["defeat"] == instance["defeated"]  # the headline's and the text's defeat: one happening
    assert instance["defeat"] != instance["said"]


def test_cross_document_pairs_count_right_wrong_and_missed_merges(dates):
    Kg, Doc = dates.KgAction, dates.Document
    docs = [Doc("a", "airbus", "", date(2008, 1, 1), (), ((0, 5, "I1"), (10, 15, "I2"))),
            Doc("b", "airbus", "", date(2008, 1, 2), (), ((0, 5, "I1"), (10, 15, "I2")))]
    actions = {"a": [Kg(0, 5, "won", None, None, None, "E1"), Kg(10, 15, "said", None, None, None, "E2")],
               "b": [Kg(0, 5, "won", None, None, None, "E1"), Kg(10, 15, "said", None, None, None, "E1")]}
    assert dates.cross_document_pairs(docs, actions) == {"right": 1, "wrong": 1, "missed": 1}


def test_alignment_is_one_to_one_by_largest_overlap(dates):
    Kg, Gold = dates.KgAction, dates.GoldEvent
    actions = [Kg(0, 5, "fired", None, None, None), Kg(0, 12, "fired upon", None, None, None)]
    golds = [Gold("e1", 0, 12, "fired upon", None, None), Gold("e2", 0, 5, "fired", None, None)]
    pairs = {a.trigger: g.eid for a, g in dates.align(actions, golds)}
    assert pairs == {"fired upon": "e1", "fired": "e2"}


# end to end
@pytest.mark.model
@pytest.mark.skipif(not ECBPLUS.is_dir(), reason="no ECB+ corpus")
def test_events_script_runs(events, capsys):
    events.main(["--topics", "36", "--limit", "2"])
    out = capsys.readouterr().out
    assert "kg events, gold mentions" in out and "same lemma in gold topic" in out


@pytest.mark.model
@pytest.mark.skipif(not MEANTIME.is_dir(), reason="no MEANTIME corpus")
def test_dates_script_runs(dates, capsys):
    dates.main(["--halves", "airbus", "--limit", "2"])
    out = capsys.readouterr().out
    assert "airbus: 2 documents" in out and "accuracy" in out


def test_missing_corpus_is_one_line(events, dates, tmp_path):
    arguments = {events: ["--corpus", str(tmp_path)], dates: ["--meantime", str(tmp_path), "--halves", "stock"]}
    for module, args in arguments.items():
        with pytest.raises(SystemExit) as stop:
            module.main(args)
        assert str(tmp_path) in str(stop.value) and "\n" not in str(stop.value)


def test_the_missed_trigger_count_needs_the_corpus(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "bench" / "ecb_missed_triggers.py"
    done = subprocess.run([sys.executable, str(script), "--corpus", str(tmp_path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1 and "no ECB+ corpus at" in done.stderr
