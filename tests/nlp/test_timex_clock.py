"""kg.nlp.timex.clock and TIME readings: times of day kept after the date, not cut to the day."""

from __future__ import annotations

import doctest
from datetime import date

import pytest

import kg.nlp.timex
from kg.nlp.timex import clock, interpret

SAT = date(2022, 9, 3)  # a Saturday


@pytest.mark.parametrize(
    "text, timex, day",
    [
        ("8 PM", "2022-09-03T20:00", "2022-09-03"),
        ("10:30 a.m.", "2022-09-03T10:30", "2022-09-03"),
        ("Friday afternoon", "2022-09-02TAF", "2022-09-02"),
        ("15:00 GMT Saturday", "2022-09-03T15:00Z", "2022-09-03"),
        ("Sunday night", "2022-08-28TNI", "2022-08-28"),
        ("this morning", "2022-09-03TMO", "2022-09-03"),
        ("last night", "2022-09-02TNI", "2022-09-02"),
        ("tonight", "2022-09-03TNI", "2022-09-03"),
        ("noon Thursday", "2022-09-01T12:00", "2022-09-01"),
        ("midnight Friday", "2022-09-02T24:00", "2022-09-02"),
        ("9 a.m. EDT Friday", "2022-09-02T09:00", "2022-09-02"),
    ],
)
def test_a_time_of_day_is_kept_and_the_calendar_value_is_its_day(text, timex, day):
    reading = interpret(text, SAT)
    assert (reading.timex_type, reading.timex, reading.value, reading.granularity) == ("TIME", timex, day, "day")


def test_a_part_of_day_with_no_day_is_a_time_without_value():
    reading = interpret("the morning", SAT)
    assert (reading.timex_type, reading.timex) == ("TIME", None)


def test_mid_afternoon_keeps_its_mod():
    reading = interpret("mid-afternoon yesterday", SAT)
    assert (reading.timex, reading.mod) == ("2022-09-02TAF", "MID")


def test_docstring_examples_hold():
    assert doctest.testmod(clock).failed == 0
    assert doctest.testmod(kg.nlp.timex).failed == 0


@pytest.mark.parametrize(
    "text, timex",
    [("1530 GMT", "2022-09-03T15:30Z"), ("0800 GMT Friday", "2022-09-02T08:00Z"), ("5 a.m. local time", "2022-09-03T05:00"),
     ("2 p.m. (1900 GMT)", "2022-09-03T14:00")],
)
def test_wire_service_clock_times(text, timex):
    reading = interpret(text, date(2022, 9, 3))
    assert (reading.timex_type, reading.timex) == ("TIME", timex)


@pytest.mark.parametrize(
    "text, value",
    [
        ("8:30 tonight", "2022-09-03T20:30"),
        ("2 o'clock this afternoon", "2022-09-03T14:00"),
        ("10 o'clock this morning", "2022-09-03T10:00"),
        ("08:30 tonight", "2022-09-03T08:30"),  # written with its zero: a 24-hour clock
        ("7 p.m. ET", "2022-09-03T19:00"),
    ],
)
def test_a_twelve_hour_clock_takes_the_part_of_the_day_named_and_eastern_time_is_a_zone(text, value):
    assert interpret(text, SAT).timex == value



@pytest.mark.parametrize(
    "text, value",
    [("three o'clock in the morning", "2022-09-03T03:00"), ("seven in the evening", "2022-09-03T19:00"),
     ("ten at night", "2022-09-03T22:00")],
)
def test_an_hour_in_words_with_its_part_of_the_day_is_a_clock_time(text, value):
    assert interpret(text, SAT).timex == value
