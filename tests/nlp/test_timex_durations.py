"""kg.nlp.timex.durations: stretches of time as ISO 8601 durations, anchored where the text says."""

from __future__ import annotations

import doctest
from datetime import date

import pytest

from kg.nlp.timex import durations, interpret, numbers

SAT = date(2022, 9, 3)


@pytest.mark.parametrize(
    "text, value",
    [
        ("90 days", "P90D"),
        ("five years", "P5Y"),
        ("a decade", "P10Y"),
        ("two decades", "P20Y"),
        ("a week", "P1W"),
        ("two-year", "P2Y"),
        ("8-month-old", "P8M"),
        ("a three-year period", "P3Y"),
        ("eight trading days", "P8D"),
        ("two full years", "P2Y"),
        ("18 months", "P18M"),
        ("two hours", "PT2H"),
        ("a few minutes", "PTXM"),
        ("half an hour", "PT30M"),
        ("an hour and a half", "PT1H30M"),
        ("a minute and a half", "PT1M30S"),
        ("2 1/2 years", "P2Y6M"),
        ("one and a half years", "P1Y6M"),
        ("several years", "PXY"),
        ("a couple of years", "P2Y"),
        ("weeks", "PXW"),
        ("decades", "PXE"),
        ("centuries", "PXC"),
        ("the first nine months", "P9M"),
        ("two quarters", "P2Q"),
    ],
)
def test_counted_and_plural_units_are_durations(text, value):
    reading = interpret(text, SAT)
    assert (reading.timex_type, reading.timex) == ("DURATION", value)
    assert reading.value is None and reading.granularity is None  # not a calendar position


@pytest.mark.parametrize(
    "text, value, begin, end",
    [
        ("the past two years", "P2Y", None, "2022-09-03"),
        ("the last five days", "P5D", None, "2022-09-03"),
        ("recent weeks", "PXW", None, "2022-09-03"),
        ("the past few weeks", "PXW", None, "2022-09-03"),
        ("the next two weeks", "P2W", "2022-09-03", None),
        ("the coming months", "PXM", "2022-09-03", None),
        ("the next few days", "PXD", "2022-09-03", None),
    ],
)
def test_past_and_next_stretches_are_anchored_at_publication(text, value, begin, end):
    reading = interpret(text, SAT)
    assert (reading.timex_type, reading.timex, reading.begin_point, reading.end_point) == ("DURATION", value, begin, end)


@pytest.mark.parametrize(
    "text, mod",
    [("nearly two years", "LESS_THAN"), ("more than four hours", "MORE_THAN"), ("at least 30 days", "EQUAL_OR_MORE"),
     ("up to 180 days", "EQUAL_OR_LESS"), ("about a decade", "APPROX"), ("two years or so", "APPROX"),
     ("over the past two years", None)],
)
def test_qualifying_words_become_the_mod(text, mod):
    reading = interpret(text, SAT)
    assert reading.timex_type == "DURATION" and reading.mod == mod


@pytest.mark.parametrize("text", ["last year", "the past year", "last week", "the year", "two weeks ago", "a year earlier"])
def test_a_single_named_period_or_a_count_back_stays_a_date(text):
    assert interpret(text, SAT).timex_type == "DATE"


def test_a_stretch_counted_from_another_event_is_a_duration_without_anchor():
    reading = interpret("three days later", SAT)
    assert (reading.timex_type, reading.timex, reading.begin_point, reading.end_point) == ("DURATION", "P3D", None, None)


def test_docstring_examples_hold():
    assert doctest.testmod(durations).failed == 0
    assert doctest.testmod(numbers).failed == 0


@pytest.mark.parametrize(
    "text, timex",
    [("two to three weeks", "P2W"), ("the next 12 to 18 months", "P12M"), ("one or two years", "P1Y")],
)
def test_a_range_of_counts_is_written_as_its_first_count(text, timex):
    assert interpret(text, SAT).timex == timex


@pytest.mark.parametrize("text", ["a while", "for a while", "some time", "a long time", "a fairly lengthy period"])
def test_a_stretch_without_a_unit_is_an_unknown_duration(text):
    reading = interpret(text, SAT)
    assert (reading.timex_type, reading.timex) == ("DURATION", "PXX")


def test_a_hedge_inside_a_count_back_is_its_mod():
    reading = interpret("a week or so ago", SAT)
    assert (reading.timex_type, reading.timex, reading.mod) == ("DATE", "2022-08-27", "APPROX")


@pytest.mark.parametrize(
    "text, mod", [("the early 1990s", "START"), ("the mid-1990s", "MID"), ("the late '80s", "END"),
                  ("the end of the decade", "END")],
)
def test_a_phase_of_a_decade_is_its_mod(text, mod):
    reading = interpret(text, SAT)
    assert (reading.timex_type, reading.granularity, reading.mod) == ("DATE", "decade", mod)


def test_counts_with_thousands_and_ranges_with_and():
    published = date(2005, 3, 1)
    assert interpret("about 6,000 years", published).timex == "P6000Y"
    assert interpret("between two and three hours", published).timex == "PT2H"  # a range: its first count
    assert interpret("one hundred and five days", published).timex == "P105D"


def test_days_earlier_count_from_another_event_but_a_year_earlier_compares_periods():
    published = date(2007, 5, 3)
    assert (interpret("four days earlier", published).timex_type, interpret("four days earlier", published).timex) == (
        "DURATION", "P4D")
    assert interpret("a few days earlier", published).timex == "PXD"
    assert interpret("a year earlier", published).timex == "2006"


@pytest.mark.parametrize(
    "text, value",
    [
        ("two hours, 23 minutes and 10 seconds", "PT2H23M10S"),
        ("14 minutes 32.93 seconds", "PT14M32.93S"),
        ("1 hour 30 minutes", "PT1H30M"),
        ("week-long", "P1W"),
        ("a year-long", "P1Y"),
        ("two successive quarters", "P2Q"),
        ("the two previous quarters", "P2Q"),
    ],
)
def test_counted_units_in_a_row_and_unit_long_are_one_stretch(text, value):
    assert interpret(text, date(2005, 3, 1)).timex == value


def test_a_list_of_counts_is_no_compound_stretch():
    assert interpret("12 and 14 years", None).timex == "P12Y"


@pytest.mark.parametrize(
    "text, value",
    [
        ("a quarter-century", "P25Y"),
        ("a half-century", "P50Y"),
        ("a half hour", "PT30M"),
        ("a quarter hour", "PT15M"),
        ("two millennia", "P2000Y"),
        ("millennia", "PXL"),
        ("a single day", "P1D"),
        ("single-day", "P1D"),
    ],
)
def test_a_fraction_of_a_unit_latin_plurals_and_single_units_are_durations(text, value):
    reading = interpret(text, SAT)
    assert (reading.timex_type, reading.timex) == ("DURATION", value)


def test_a_fraction_of_a_unit_back_from_publication_ends_there():
    reading = interpret("the past half-century", SAT)
    assert (reading.timex, reading.end_point) == ("P50Y", "2022-09-03")
    assert interpret("the first quarter", SAT).timex_type == "DATE"  # a quarter alone is still a calendar quarter


def test_uncounted_units_coordinated_read_as_the_first():
    assert interpret("weeks or months", SAT).timex == "PXW"
    assert interpret("recent weeks and months", SAT).end_point == "2022-09-03"
    assert interpret("two weeks or months", SAT).timex_type != "DURATION"


def test_a_fraction_before_a_plural_unit_is_no_stretch():
    assert interpret("a half months", SAT).timex_type != "DURATION"


def test_these_past_units_end_at_publication_and_those_days_are_the_past():
    reading = interpret("these past few months", SAT)
    assert (reading.timex, reading.end_point) == ("PXM", "2022-09-03")
    assert interpret("these days", SAT).timex == "PRESENT_REF"
    assert interpret("in those days", SAT).timex == "PAST_REF"


@pytest.mark.parametrize("text, timex", [("five years' time", "P5Y"), ("a week's time", "P1W"),
                                         ("about eight months' time", "P8M")])
def test_a_stretch_and_time_after_it_is_the_stretch(text, timex):
    assert interpret(text, None).timex == timex


@pytest.mark.parametrize("text", ["night time", "full time", "the first time", "half time"])
def test_time_after_a_word_that_counts_nothing_is_no_stretch(text):
    assert interpret(text, None).timex_type != "DURATION"


def test_a_fraction_of_a_unit_is_that_part_of_it():
    assert interpret("the past quarter of a century", None).timex == "P25Y"
    assert interpret("half of a year", None).timex == "P6M"


@pytest.mark.parametrize("text, timex", [("30-40 hours", "PT30H"), ("all day", "P1D"), ("all year", "P1Y")])
def test_a_hyphenated_range_of_counts_and_all_of_a_unit(text, timex):
    assert interpret(text, None).timex == timex


@pytest.mark.parametrize("text, timex", [("week's end", "2022-W35"), ("month-end", "2022-09"), ("year-end", "2022"),
                                         ("last year's end", "2021")])
def test_a_unit_and_its_end_is_the_end_of_the_current_unit(text, timex):
    reading = interpret(text, date(2022, 9, 3))
    assert (reading.timex, reading.mod) == (timex, "END")


@pytest.mark.parametrize("text, mod", [("10 or more years", "EQUAL_OR_MORE"), ("two or fewer days", "EQUAL_OR_LESS"),
                                       ("three days or less", "EQUAL_OR_LESS")])
def test_an_open_count_is_the_mod(text, mod):
    reading = interpret(text, None)
    assert (reading.timex_type, reading.mod) == ("DURATION", mod)


@pytest.mark.parametrize("text, timex", [("7 ½ minutes", "PT7M30S"), ("4½ months", "P4M15D"), ("4-1/2-month", "P4M15D")])
def test_fractions_written_as_one_character_or_hyphenated_count(text, timex):
    assert interpret(text, None).timex == timex
