"""bench/eval_time.py: the MEANTIME reader, the TempEval-3 pairing and error lists, and the script end to end."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from tests.bench.test_eval_scripts import CORPUS, load

MEANTIME = CORPUS / "meantime-dev"
BOEING = MEANTIME / "intra-doc_annotation" / "corpus_airbus" / "106653_Boeing_pushes_back_737_replacement_development.xml"


@pytest.fixture(scope="module")
def scorer():
    return load("eval_time")


@pytest.mark.skipif(not BOEING.is_file(), reason="no MEANTIME corpus")
def test_meantime_document_leaves_out_its_dateline_and_keeps_annotated_sentences(scorer):
    doc = scorer.load_meantime_document(BOEING)
    assert doc.part == "MEANTIME" and doc.dct == date(2008, 5, 24)
    assert "May 24" not in doc.text  # the dateline is the creation time, outside the text as in TimeML
    assert doc.text.startswith("Boeing pushes back 737 replacement development\n\nUnited States airframer")
    found = {(t.text, t.type, t.value) for t in doc.timexes}
    assert {("two years", "DURATION", "P2Y"), ("several years", "DURATION", "PXY")} <= found
    assert all(doc.text[t.start : t.end] == t.text for t in doc.timexes)
    assert all(t.type != "DATE" or t.value != "2008-05-24" for t in doc.timexes)


def test_pairing_scores_strict_relaxed_and_lists_errors(scorer):
    T = scorer.Timex
    gold = (T(0, 9, "last week", "DATE", "2022-W35"), T(20, 27, "Tuesday", "DATE", "2022-09-06"),
            T(40, 47, "90 days", "DURATION", "P90D"))
    doc = scorer.Document("TimeBank", "d", date(2022, 9, 7), "x" * 60, gold)
    preds = [T(0, 9, "last week", "DATE", "2022-W35"), T(17, 27, "on Tuesday", "DATE", "2022-08-30"),
             T(50, 55, "today", "DATE", "2022-09-07")]
    errors: list[str] = []
    c = scorer.score([doc], [preds], errors)
    assert (c["strict"], c["relaxed"], c["value"], c["predicted"], c["gold"]) == (1, 2, 1, 3, 3)
    kinds = Counter(line.split("\t")[3].split()[0] for line in errors)
    assert kinds == Counter({"missed": 1, "spurious": 1, "extent": 1, "value": 1})
    by_kind = {k: n for k, n in c.items() if k.startswith("error ")}
    assert by_kind == {"error extent missed (DURATION)": 1, "error false positive (DATE)": 1,
                       "error extent cut differently": 1, "error value: anchoring (right granularity, wrong period)": 1}


def test_wrong_values_are_sorted_by_kind(scorer):
    T = scorer.Timex
    kind = lambda gold, got: scorer.value_error(T(0, 1, "x", *gold), T(0, 1, "x", *got))  # noqa: E731
    assert kind(("DATE", "1988-Q3"), ("DATE", "1988")).startswith("value: granularity")
    assert kind(("DATE", "PAST_REF"), ("DATE", "1988")).startswith("value: vague reference")
    assert kind(("DATE", "1989-WXX"), ("DATE", "1989-W43")).startswith("value: gold left unspecified")
    assert kind(("DURATION", "P1Y"), ("DATE", "1988")) == "type: gold DURATION, got DATE"
    assert kind(("SET", "P1W"), ("SET", "XXXX-WXX")) == "value: SET"


@pytest.mark.skipif(not MEANTIME.is_dir(), reason="no MEANTIME corpus")
def test_script_runs_on_meantime(scorer, capsys):
    scorer.main(["--parts", "MEANTIME", "--limit", "2", "--errors", "3", "--categories", "--directions"])
    out = capsys.readouterr().out
    assert "MEANTIME airbus + stock (4 documents" in out and "value F1 (TempEval-3, all types)" in out
    assert "Errors on MEANTIME by kind" in out
    counts = re.findall(r"(?:before|same|after) (\d+)", out.split("Bare weekdays")[1].split("Errors on")[0])
    assert len(counts) == 9 and sum(map(int, counts)) > 0


def test_unknown_part_is_one_line(scorer):
    with pytest.raises(SystemExit, match="unknown part"):
        scorer.main(["--parts", "Gigaword"])


def test_offsets_and_conventions_of_wrong_values(scorer):
    assert scorer.value_offset("1998-02-03", "1998-02-10") == "day +7"
    assert scorer.value_offset("1998-02", "1997-02") == "year -1"
    assert scorer.value_offset("1998-02-03", "1998-W06") is None  # shapes differ: no offset
    assert scorer.convention("1998-02-03", "1998-02-03TNI") == "a day for a part of it"
    assert scorer.convention("1998-W7", "1998-W07") == "one-digit week"
    assert scorer.convention("1998-XX", "1998") == "left unspecified"
    assert scorer.convention("1998-02-03", "1998-02-10") is None


@pytest.mark.skipif(not MEANTIME.is_dir(), reason="no MEANTIME corpus")
def test_shapes_print_offsets_and_the_value_f1_with_conventions(scorer, capsys):
    scorer.main(["--parts", "MEANTIME", "--limit", "3", "--shapes"])
    out = capsys.readouterr().out
    assert "were they right" in out and "unpaired, by type and value shape" in out and "how far kg's lies" in out
