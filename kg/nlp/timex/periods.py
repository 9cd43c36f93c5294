"""Parts of the year and longer periods, placed against the publication date (pure): quarters and halves
("the third quarter of 1989", "fiscal 1998's second half", "the last half"), seasons, decades and centuries.

Tried by kg.nlp.timex.dates.normalize after its own rules, in file order.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from kg.nlp.timex.calendar import UNPLACED, Value, iso_week, month_year, shift, year_of
from kg.nlp.timex.registry import Rule, registry
from kg.nlp.timex.words import (
    DECADES, MONTH, MONTH_NAME, MONTHS, OFFSETS, ORDINAL, ORDINALS, REL, SEASON_START, SEASONS, YEAR_REF, one_of,
)

RULES: list[tuple[re.Pattern, Rule]] = []
rule = registry(RULES)


@rule(
    r"(?:comparable |corresponding |same )?(?:year ago|year earlier|prior year|previous year)"
    rf"(?: {ORDINAL})? quarter"
)
def _year_ago_quarter(m: re.Match, published: date | None) -> Value | None:
    """"The year-ago quarter": the latest quarter ended (or the one named), a year back."""
    if published is None:
        return UNPLACED
    if m["ordinal"]:
        value, _ = _part_of_year(ORDINALS[m["ordinal"]], "quarter", None, published)
    else:
        value, _ = shift(published, "quarter", -1)
    year, label = value.split("-")
    return f"{int(year) - 1}-{label}", "quarter"


@rule(
    rf"(?:fiscal |financial )?{ORDINAL} (?:fiscal |financial )?(?P<part>quarter|half)"
    rf"(?:(?: of| in|,)? (?:fiscal |calendar )?{YEAR_REF})?"
)
def _quarter(m: re.Match, published: date | None) -> Value | None:
    """"The third quarter (of 1989)": without a year, the latest such quarter begun."""
    return _part_of_year(ORDINALS[m["ordinal"]], m["part"], m["year"], published)


@rule(rf"(?:fiscal )?{YEAR_REF} (?:fiscal )?{ORDINAL} (?P<part>quarter|half)")
def _year_quarter(m: re.Match, published: date | None) -> Value | None:
    """"1989 third quarter", "this year's third quarter"."""
    return _part_of_year(ORDINALS[m["ordinal"]], m["part"], m["year"], published)


@rule(rf"(?:(?P<first>{MONTH_NAME})\.? (?:to )?)?{MONTH} quarter(?:(?: of| in|,)? (?:fiscal |calendar )?{YEAR_REF})?")
def _months_quarter(m: re.Match, published: date | None) -> Value | None:
    """"The September quarter", "the July-to-September quarter": the calendar quarter named by its months (the last,
    or the first and the last), without a year the latest such begun; a quarter off the calendar's stays unplaced."""
    last = MONTHS.index(m["month"][:3]) + 1
    first = MONTHS.index(m["first"][:3]) + 1 if m["first"] else last - 2
    if last % 3 or first != last - 2:
        return UNPLACED
    return _part_of_year(last // 3, "quarter", m["year"], published)


@rule(r"q(?P<n>[1-4])(?: (?P<year>\d{4}))?|(?P<year_first>\d{4}) q(?P<n_last>[1-4])")
def _q_quarter(m: re.Match, published: date | None) -> Value | None:
    """"Q3 2022", "2022 Q3"."""
    year = m["year"] or m["year_first"]
    return _part_of_year(int(m["n"] or m["n_last"]), "quarter", year, published)


def _part_of_year(n: int, part: str, year: str | None, published: date | None) -> Value:
    """The `n`th quarter or half (-1: the last) of `year`, or without one the latest such begun by publication."""
    n = n if n > 0 else 2 if part == "half" else 4
    if part == "half" and n > 2:
        return UNPLACED
    label = f"Q{n}" if part == "quarter" else f"H{n}"
    if year is not None:
        number = year_of(year, published)
        return (f"{number}-{label}", part) if number else UNPLACED
    if published is None:
        return UNPLACED
    first_month = (n - 1) * (3 if part == "quarter" else 6) + 1
    return f"{published.year - (first_month > published.month)}-{label}", part


@rule(rf"{ORDINAL} month (?:of|in) {YEAR_REF}")
def _month_of(m: re.Match, published: date | None) -> Value | None:
    """"The first month of the year", "the last month of 2004": that month of the year."""
    year = year_of(m["year"], published)
    n = ORDINALS[m["ordinal"]]
    n = 13 + n if n < 0 else n
    return (f"{year}-{n:02d}", "month") if year and 1 <= n <= 12 else UNPLACED


@rule(rf"{ORDINAL} week (?:of|in) (?:{MONTH})?(?:(?(month),? |){YEAR_REF})?")
def _week_of(m: re.Match, published: date | None) -> Value | None:
    """"The last week of 2003", "the first week of April": the ISO week most of whose days lie in that month or year
    (ISO 8601's own rule for a year's first week)."""
    n = ORDINALS[m["ordinal"]]
    year = year_of(m["year"], published) if m["year"] else None
    if m["month"]:
        month = MONTHS.index(m["month"][:3]) + 1
        year = year or (month_year(month, published) if published else None)
        if year is None:
            return UNPLACED
        first, last = date(year, month, 1), date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    elif year is not None and m["year"] != "":
        first, last = date(year, 1, 1), date(year, 12, 31)
    else:
        return UNPLACED
    day = last - timedelta(days=3) if n < 0 else first + timedelta(days=3 + 7 * (n - 1))
    return iso_week(day), "week"


@rule(rf"(?:{REL} )?(?P<season>spring|summer|fall|autumn|winter)(?: of)?(?: {YEAR_REF})?")
def _season(m: re.Match, published: date | None) -> Value | None:
    """"Last summer", "the fall of 1998": TIMEX3 season codes SP, SU, FA, WI."""
    code = SEASONS[m["season"]]
    if m["year"]:
        year = year_of(m["year"], published)
        return (f"{year}-{code}", "season") if year else UNPLACED
    if published is None:
        return UNPLACED
    start, way, year = SEASON_START[code], OFFSETS.get(m["rel"], 0), published.year
    if way < 0:  # the latest one that has ended
        year -= start + 3 > published.month
    elif way > 0:  # the first one not yet begun
        year += start <= published.month
    return f"{year}-{code}", "season"


_DECADE_AHEAD = 2


@rule(rf"(?P<digits>\d{{3}})0'?s|'?(?P<digit>\d)0'?s|(?P<word>{one_of(DECADES)})")
def _decade(m: re.Match, published: date | None) -> Value | None:
    """The 1990s, the '80s, the eighties: TIMEX3 writes a decade as its first three digits."""
    if m["digits"]:
        return m["digits"], "decade"
    if published is None:
        return UNPLACED
    digit = int(m["digit"]) if m["digit"] else DECADES.index(m["word"]) + 2
    decade = published.year // 100 * 10 + digit
    # The latest such decade begun, or about to begin ("the early '90s" said in 1989, "the '00s" in 1999).
    begun = [d for d in (decade + 10, decade, decade - 10) if d * 10 <= published.year + _DECADE_AHEAD]
    return str(begun[0]), "decade"


@rule(r"(?P<n>\d{1,2})(?:st|nd|rd|th) century")
def _century(m: re.Match, published: date | None) -> Value | None:
    """The 20th century is "19" in TIMEX3."""
    return f"{int(m['n']) - 1:02d}", "century"

