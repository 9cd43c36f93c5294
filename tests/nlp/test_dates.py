"""Time expressions resolved against a publication date: tables of text → (value, granularity)."""

from __future__ import annotations

import ast
import doctest
from datetime import date, datetime
from pathlib import Path

import pytest

from kg.nlp.timex import calendar, dates, interpret, words
from kg.nlp.timex.dates import normalize

SAT = date(2022, 9, 3)  # a Saturday


@pytest.mark.parametrize(
    "text, published, value",
    [
        ("Saturday", SAT, "2022-09-03"),  # published on a Saturday: that very day
        ("Saturday evening", SAT, "2022-09-03"),
        ("on Sunday morning", SAT, "2022-08-28"),
        ("Friday", SAT, "2022-09-02"),
        ("last Wednesday", SAT, "2022-08-31"),
        ("last Saturday", SAT, "2022-08-27"),
        ("next Tuesday", SAT, "2022-09-06"),
        ("this coming Sunday", SAT, "2022-09-04"),
        ("today", SAT, "2022-09-03"),
        ("tonight", SAT, "2022-09-03"),
        ("yesterday", SAT, "2022-09-02"),
        ("yesterday afternoon", SAT, "2022-09-02"),
        ("tomorrow", SAT, "2022-09-04"),
        ("the day before yesterday", SAT, "2022-09-01"),
        ("this morning", SAT, "2022-09-03"),
        ("last night", SAT, "2022-09-02"),
        ("10 p.m.", SAT, "2022-09-03"),
        ("9 a.m. EDT Friday", SAT, "2022-09-02"),
        ("two weeks ago", SAT, "2022-08-20"),
        ("three days ago", SAT, "2022-08-31"),
        ("Sept. 3, 2022", SAT, "2022-09-03"),
        ("September 3", SAT, "2022-09-03"),
        ("Aug. 28", SAT, "2022-08-28"),
        ("on Aug. 28", SAT, "2022-08-28"),
        ("Monday, Aug. 29", SAT, "2022-08-29"),
        ("2022-09-01", SAT, "2022-09-01"),
        ("Jan. 5", date(2022, 12, 20), "2023-01-05"),  # a day without a year: the nearest one
        ("Dec. 28", date(2023, 1, 4), "2022-12-28"),
        ("last Oct. 23", date(1999, 4, 19), "1998-10-23"),
        ("Christmas", date(2023, 1, 5), "2022-12-25"),
        ("Thanksgiving", date(2022, 11, 30), "2022-11-24"),
    ],
)
def test_day_expressions_resolve_to_a_day(text, published, value):
    assert normalize(text, published) == (value, "day")


@pytest.mark.parametrize(
    "text, value",
    [
        ("this week", "2022-W35"),
        ("earlier this week", "2022-W35"),
        ("last week", "2022-W34"),
        ("the last week", "2022-W34"),
        ("next week", "2022-W36"),
        ("the week of Aug. 15", "2022-W33"),
    ],
)
def test_week_expressions_resolve_to_an_iso_week(text, value):
    assert normalize(text, SAT) == (value, "week")


@pytest.mark.parametrize(
    "text, value",
    [("the weekend", "2022-W35-WE"), ("last weekend", "2022-W34-WE"), ("this weekend", "2022-W35-WE"),
     ("next weekend", "2022-W36-WE")],
)
def test_weekends_are_the_weekend_of_an_iso_week(text, value):
    assert normalize(text, SAT) == (value, "week")


@pytest.mark.parametrize(
    "text, value",
    [
        ("last month", "2022-08"),
        ("this month", "2022-09"),
        ("August", "2022-08"),
        ("late August", "2022-08"),
        ("in early September", "2022-09"),
        ("mid-October", "2022-10"),  # a bare month in a clause of unknown tense: the nearest one
        ("mid-February", "2022-02"),
        ("September 2022", "2022-09"),
        ("Sept. of 2021", "2021-09"),
        ("last September", "2021-09"),
        ("next January", "2023-01"),
        ("January this year", "2022-01"),
        ("the end of last month", "2022-08"),
    ],
)
def test_month_expressions_resolve_to_a_month(text, value):
    assert normalize(text, SAT) == (value, "month")


@pytest.mark.parametrize(
    "text, value, granularity",
    [
        ("the third quarter", "2022-Q3", "quarter"),
        ("third-quarter", "2022-Q3", "quarter"),
        ("the fourth quarter", "2021-Q4", "quarter"),  # the latest fourth quarter begun
        ("the first quarter of 2021", "2021-Q1", "quarter"),
        ("this year's second quarter", "2022-Q2", "quarter"),
        ("last quarter", "2022-Q2", "quarter"),
        ("the year-ago quarter", "2021-Q2", "quarter"),
        ("Q2 2020", "2020-Q2", "quarter"),
        ("the first half", "2022-H1", "half"),
        ("the first half of the year", "2022-H1", "half"),
        ("the first half of the fiscal year", "2022-H1", "half"),
        ("the second quarter of last fiscal year", "2021-Q2", "quarter"),
        ("the last half of 1989", "1989-H2", "half"),
        ("the final quarter of 2021", "2021-Q4", "quarter"),
        ("fiscal 2021's second half", "2021-H2", "half"),
        ("last summer", "2022-SU", "season"),
        ("this fall", "2022-FA", "season"),
        ("next spring", "2023-SP", "season"),
        ("the winter of 1994", "1994-WI", "season"),
    ],
)
def test_parts_of_a_year_use_timex3_codes(text, value, granularity):
    assert normalize(text, SAT) == (value, granularity)


@pytest.mark.parametrize(
    "text, published, tense, value",
    [
        ("in the summer", date(2022, 10, 20), 1, "2023-SU"),  # "will open in the summer", said in October
        ("the summer", date(2022, 2, 3), -1, "2021-SU"),  # "was built in the summer", said in February
        ("the winter", date(2022, 1, 10), -1, "2021-WI"),  # the winter that began in December
        ("the fall", date(2022, 10, 26), 1, "2022-FA"),  # the one under way
        ("the summer", date(2022, 2, 3), 0, "2022-SU"),  # no tense: the year of publication
    ],
)
def test_a_season_without_its_year_takes_the_year_the_tense_points_to(text, published, tense, value):
    assert normalize(text, published, tense) == (value, "season")


@pytest.mark.parametrize(
    "text, published, value",
    [
        ("7/8/07", date(2007, 7, 9), "2007-07-08"),
        ("3/15/98", date(1998, 1, 7), "1998-03-15"),
        ("12/01/1997", date(1998, 1, 7), "1997-12-01"),
        ("1/2/03", date(1998, 1, 7), "2003-01-02"),  # a two-digit year up to ten years ahead
        ("12/01/89", date(2022, 9, 3), "1989-12-01"),
    ],
)
def test_numeric_dates_read_month_day_and_year(text, published, value):
    assert normalize(text, published) == (value, "day")


def test_a_numeric_date_that_is_no_day_has_no_value():
    assert normalize("13/2/98", SAT) == (None, None)


@pytest.mark.parametrize(
    "text, value, granularity",
    [
        ("2019", "2019", "year"),
        ("in 2019", "2019", "year"),
        ("since the end of 2019", "2019", "year"),
        ("last year", "2021", "year"),
        ("late last year", "2021", "year"),
        ("this year", "2022", "year"),
        ("next year", "2023", "year"),
        ("the year", "2022", "year"),
        ("fiscal 2021", "2021", "year"),
        ("'89", "1989", "year"),
        ("five years ago", "2017", "year"),
        ("nineteen ninety-six", "1996", "year"),
        ("the 1990s", "199", "decade"),
        ("the early 1980s", "198", "decade"),
        ("the '80s", "198", "decade"),
        ("the twenties", "202", "decade"),
        ("the 20th century", "19", "century"),
        ("the decade", "202", "decade"),
        ("the 1990's", "199", "decade"),
    ],
)
def test_years_decades_and_centuries(text, value, granularity):
    assert normalize(text, SAT) == (value, granularity)


@pytest.mark.parametrize(
    "text, value",
    [
        ("now", "PRESENT_REF"),
        ("right now", "PRESENT_REF"),
        ("currently", "PRESENT_REF"),
        ("recently", "PAST_REF"),
        ("in the past", "PAST_REF"),
        ("several years ago", "PAST_REF"),
        ("the future", "FUTURE_REF"),
        ("soon", "FUTURE_REF"),
        ("recent weeks", "PAST_REF"),
        ("the next few days", "FUTURE_REF"),
        ("the near term", "FUTURE_REF"),
    ],
)
def test_vague_references_have_a_timeml_token_and_no_granularity(text, value):
    assert normalize(text, SAT) == (value, None)
    assert value in dates.REFERENCES


@pytest.mark.parametrize(
    "text",
    [
        "the last 48 hours",
        "over half a year",
        "five years",
        "two days",
        "a month",
        "weeks",
        "the past four months",
        "two-day",
        "that day",
        "the same day",
        "the following year",
        "then",
        "the day",
        "the week",
        "the morning",
        "overnight",
        "daily",
        "every Monday",
        "Tuesday nights",
        "between 1994 and 1997",
        "1990-91",
        "52",
        "may",  # the modal verb
        "the time",
        "",
        "   ",
    ],
)
def test_durations_anaphora_and_non_dates_are_not_placed(text):
    assert normalize(text, SAT) == (None, None)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2019", ("2019", "year")),
        ("September 2022", ("2022-09", "month")),
        ("Sept. 3, 2022", ("2022-09-03", "day")),
        ("the third quarter of 2021", ("2021-Q3", "quarter")),
        ("the 1990s", ("199", "decade")),
        ("Saturday", (None, None)),
        ("Aug. 28", (None, None)),
        ("August", (None, None)),
        ("last year", (None, None)),
        ("two weeks ago", (None, None)),
        ("'89", (None, None)),
        ("now", (None, None)),
        ("10 p.m.", (None, None)),
    ],
)
def test_without_a_publication_date_only_absolute_expressions_get_a_value(text, expected):
    assert normalize(text, None) == expected


def test_a_datetime_publication_counts_as_its_date():
    assert normalize("today", datetime(2022, 9, 3, 23, 30)) == ("2022-09-03", "day")


def test_results_are_the_same_on_a_second_call():
    assert normalize("Aug. 28", SAT) == normalize("Aug. 28", SAT) == ("2022-08-28", "day")


@pytest.mark.parametrize(
    "tense, value", [(-1, "2021-05"), (0, "2022-05"), (1, "2022-05")],
)
def test_a_bare_month_said_in_march_points_by_tense(tense, value):
    assert normalize("in May", date(2022, 3, 10), tense) == (value, "month")


def test_timex_modules_do_not_import_spacy():
    for path in Path(dates.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
        }
        assert "spacy" not in imported, path.name


def test_docstring_examples_hold():
    for module in (dates, words, calendar):
        assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize("text", ["year-end", "year's end", "by year end", "the end of the year"])
def test_a_part_written_after_its_year_is_that_year_with_its_mod(text):
    from kg.nlp.timex import interpret

    reading = interpret(text, SAT)
    assert (reading.timex, reading.mod) == ("2022", "END")


@pytest.mark.parametrize(
    "text, value",
    [("March eighth", "2022-03-08"), ("this coming Sunday, September eleventh", "2022-09-11"),
     ("the twenty-first of May", "2022-05-21"), ("Oct. thirty-first", "2022-10-31")],
)
def test_days_of_the_month_written_as_ordinal_words(text, value):
    assert normalize(text, SAT) == (value, "day")


def test_a_day_of_the_month_ahead_in_a_future_clause_is_no_weekday():
    """"Will be held on 27 February", read on March 1: the day just gone (written before publication), never a
    week later as a weekday would be; one further back is next year's."""
    assert normalize("27 February", date(2005, 3, 1), 1) == ("2005-02-27", "day")
    assert normalize("Feb. 10", date(2005, 3, 1), 1) == ("2006-02-10", "day")
    assert normalize("Monday", date(2005, 3, 2), 1) == ("2005-03-07", "day")


def test_a_season_of_two_years_and_a_score_are_no_months():
    assert normalize("2004-05", date(2005, 3, 1)) == (None, None)
    assert normalize("2022-09", date(2005, 3, 1)) == ("2022-09", "month")
    assert normalize("9-8", date(2005, 3, 1)) == (None, None)


def test_a_holiday_points_the_way_of_its_clause():
    assert normalize("Christmas", date(2005, 3, 1), 1) == ("2005-12-25", "day")
    assert normalize("Easter", date(2005, 3, 1), -1) == ("2004-04-11", "day")
    assert normalize("Christmas", date(2005, 3, 1)) == ("2004-12-25", "day")


def test_a_weekday_picks_the_year_of_a_date_named_without_one():
    published = date(2013, 9, 16)
    assert normalize("Sunday 23 December", published) == ("2012-12-23", "day")
    assert normalize("Monday 23 December", published) == ("2013-12-23", "day")


def test_a_day_and_month_take_a_year_named_relative_to_publication():
    published = date(2005, 3, 1)
    assert normalize("14 March next year", published) == ("2006-03-14", "day")
    assert normalize("March 14 last year", published) == ("2004-03-14", "day")


@pytest.mark.parametrize(
    "text, published, value",
    [
        ("the early '90s", date(1989, 11, 1), "199"),  # the decade about to begin
        ("the '80s", date(1989, 11, 1), "198"),
        ("the '20s", date(2013, 1, 1), "192"),
        ("the '00s", date(1999, 6, 1), "200"),
    ],
)
def test_a_two_digit_decade_is_the_latest_begun_or_about_to_begin(text, published, value):
    assert normalize(text, published)[0] == value


@pytest.mark.parametrize(
    "text, value",
    [("the last week of 2003", "2003-W52"), ("the last week of December 2004", "2004-W53"),
     ("the first week of 2005", "2005-W01"), ("the second week of March 2005", "2005-W10"),
     ("the first week of Dec. 2004", "2004-W49")],
)
def test_a_week_of_a_month_or_year_is_the_iso_week_most_of_it_lies_in(text, value):
    assert interpret(text, date(2005, 3, 1)).timex == value


@pytest.mark.parametrize(
    "text, value",
    [("the September quarter", "2022-Q3"), ("the July-to-September quarter", "2022-Q3"),
     ("the October-December quarter", "2021-Q4"), ("the December quarter of 2004", "2004-Q4"),
     ("the November quarter", None), ("the August-to-October quarter", None)],
)
def test_a_quarter_named_by_its_months_is_that_calendar_quarter(text, value):
    assert normalize(text, SAT)[0] == value


@pytest.mark.parametrize("text, value", [("the first month of the year", "2022-01"), ("the last month of 2004", "2004-12"),
                                         ("the third month of last year", "2021-03")])
def test_a_month_of_a_year_counted_by_ordinal(text, value):
    assert normalize(text, SAT)[0] == value


@pytest.mark.parametrize("published, value", [(date(2010, 6, 15), "2008-02-29"), (date(2011, 12, 1), "2012-02-29")])
def test_29_february_named_without_a_year_is_the_nearest_leap_day_not_a_crash(published, value):
    assert normalize("February 29", published)[0] == value


def test_a_financial_quarter_is_a_fiscal_one():
    assert normalize("the first financial quarter", SAT)[0] == "2022-Q1"
