"""kg.nlp.untagged_times: clock times, counted stretches and recurrences the model leaves untagged."""

from __future__ import annotations

from datetime import date

import pytest

from kg.model import Article
from kg.nlp.times import extract_times

PUBLISHED = date(1998, 8, 7)  # a Friday


@pytest.fixture()
def untagged(nlp, rules):
    """Read `text` with the model's DATE and TIME entities removed: only the shape finders are left."""

    def run(text: str) -> list[tuple[str, str, str | None]]:
        doc = nlp(text)
        doc.ents = [e for e in doc.ents if e.label_ not in ("DATE", "TIME")]
        return [(t.text, t.timex_type, t.timex) for t in extract_times(doc, Article("t", "t", text, PUBLISHED), rules)]

    return run


@pytest.mark.parametrize(
    "text, found",
    [
        ("Tourists come to the island every year.", ("every year", "SET", "P1Y")),
        ("Officials meet every two years to review it.", ("every two years", "SET", "P2Y")),
        ("Every Sunday, the family goes to church.", ("Every Sunday", "SET", "XXXX-WXX-7")),
        ("The flights leave twice a week.", ("twice a week", "SET", "P1W")),
        ("Patients take the drug three times a day.", ("three times a day", "SET", "P1D")),
        ("The plant makes 5,000 cars a year.", ("a year", "SET", "P1Y")),
        ("He earns $50,000 per year.", ("per year", "SET", "P1Y")),
        ("Prices rose 3 percent a month.", ("a month", "SET", "P1M")),
    ],
)
def test_recurrences_and_rates_are_sets(untagged, text, found):
    assert untagged(text) == [found]


def test_a_time_unit_after_per_is_a_unit_of_measure(untagged):
    assert untagged("The chip runs 15 million instructions per second, at 60 miles an hour.") == []


def test_a_clock_time_with_its_zone_is_a_time_on_the_day_of_publication(untagged):
    assert untagged("The index was down 3% at 16:08 UTC.") == [("16:08 UTC", "TIME", "1998-08-07T16:08Z")]


def test_a_wire_clock_needs_its_zone(untagged):
    assert untagged("At 0800 GMT the banks acted; 1530 people were there.") == [("0800 GMT", "TIME", "1998-08-07T08:00Z")]


def test_a_numeric_date_the_model_tags_as_a_number_is_a_date(untagged):
    assert untagged("The deal was signed on 3/15/98 in Paris, not 3/15.") == [("3/15/98", "DATE", "1998-03-15")]


def test_a_plural_unit_after_a_preposition_is_a_vague_stretch(untagged):
    assert untagged("The index fell 100 points in just minutes.") == [("minutes", "DURATION", "PTXM")]


def test_the_time_being_is_the_present(nlp, rules):
    text = "The downturn will continue for the time being."
    found = [(t.text, t.timex) for t in extract_times(nlp(text), Article("t", "t", text, PUBLISHED), rules)]
    assert found == [("the time being", "PRESENT_REF")]


def test_a_dotted_clock_needs_its_zone(untagged):
    found = untagged("The bomb went off at 08.23 BST; the shares rose 12.50 to 300.")
    assert found == [("08.23 BST", "TIME", "1998-08-07T08:23")]


@pytest.mark.parametrize(
    "text, found",
    [
        ("Guards patrol the streets nightly.", [("nightly", "SET", "XXXX-XX-XXTNI")]),
        ("The drug must be taken twice daily.", [("twice daily", "SET", "XXXX-XX-XX")]),
        ("The index is revised three times weekly.", [("three times weekly", "SET", "XXXX-WXX")]),
        ("The nightly news covered the story.", []),
        ("He writes for the Daily Mail.", []),
    ],
)
def test_a_recurrence_adverb_is_a_set_and_before_a_noun_none(untagged, text, found):
    assert untagged(text) == found


@pytest.mark.parametrize("text", ["The Economist, a weekly, said the plan would fail.",
                                  "The company declared its regular quarterly of 10 cents."])
def test_a_recurrence_word_as_a_noun_names_a_thing(nlp, rules, text):
    assert extract_times(nlp(text), Article("t", "t", text, PUBLISHED), rules) == []
