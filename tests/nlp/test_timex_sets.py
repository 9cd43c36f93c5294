"""kg.nlp.timex.sets: recurring times as TimeML SETs, with quant and freq."""

from __future__ import annotations

import doctest
from datetime import date

import pytest

from kg.nlp.timex import interpret, sets

SAT = date(2022, 9, 3)


@pytest.mark.parametrize(
    "text, value, quant, freq",
    [
        ("every morning", "XXXX-XX-XXTMO", "EVERY", None),
        ("annually", "XXXX", None, None),
        ("daily", "XXXX-XX-XX", None, None),
        ("hourly", "PT1H", None, None),
        ("each winter", "XXXX-WI", "EACH", None),
        ("each July", "XXXX-07", "EACH", None),
        ("every Thursday", "XXXX-WXX-4", "EVERY", None),
        ("every night", "XXXX-XX-XXTNI", "EVERY", None),
        ("each evening", "XXXX-XX-XXTEV", "EACH", None),
        ("every two nights", "P2D", "EVERY", None),
        ("on Tuesday nights", "XXXX-WXX-2TNI", None, None),
        ("Mondays", "XXXX-WXX-1", None, None),
        ("weekends", "XXXX-WXX-WE", None, None),
        ("each year", "P1Y", "EACH", None),
        ("every month", "P1M", "EVERY", None),
        ("every two weeks", "P2W", "EVERY", None),
        ("every other week", "P2W", "EVERY", None),
        ("twice a year", "P1Y", None, "2X"),
        ("three times a day", "P1D", None, "3X"),
    ],
)
def test_recurrences_are_sets(text, value, quant, freq):
    reading = interpret(text, SAT)
    assert (reading.timex_type, reading.timex, reading.quant, reading.freq) == ("SET", value, quant, freq)
    assert reading.value is None


@pytest.mark.parametrize("text", ["a year", "Tuesday", "Tuesday night", "the morning", "this week"])
def test_single_times_are_not_sets(text):
    assert interpret(text, SAT).timex_type != "SET"


def test_docstring_examples_hold():
    assert doctest.testmod(sets).failed == 0


@pytest.mark.parametrize(
    "text, value, freq",
    [("twice daily", "XXXX-XX-XX", "2X"), ("every few years", "PXY", None), ("bi-weekly", "P2W", None),
     ("three times weekly", "XXXX-WXX", "3X")],
)
def test_recurrence_adverbs_with_a_count_and_vague_steps(text, value, freq):
    reading = interpret(text, SAT)
    assert (reading.timex_type, reading.timex, reading.freq) == ("SET", value, freq)


def test_a_counted_run_of_seasons_or_weekdays_recurs():
    assert interpret("the past three summers", SAT).timex == "XXXX-SU"
    assert interpret("the last two Sundays", SAT).timex == "XXXX-WXX-7"


def test_every_other_weekday_recurs():
    reading = interpret("every other Saturday", SAT)
    assert (reading.timex_type, reading.timex, reading.quant) == ("SET", "XXXX-WXX-6", "EVERY")
