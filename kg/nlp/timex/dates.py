"""Resolve a time expression against the article's publication date (pure).

`normalize(text, published)` returns a TIMEX3-style value and its granularity:
``("2022-09-03", "day")``, ``("2022-W35", "week")``, ``("2022-09", "month")``,
``("2022-Q3", "quarter")``, ``("2022-H1", "half")``, ``("2022-SU", "season")``,
``("2022", "year")``, ``("199", "decade")`` (the 1990s), ``("19", "century")``, or
``(None, None)`` when the expression cannot be placed on the calendar: durations ("two
weeks"), anaphora ("that day", "the following year", "three days later"), sets ("daily").
Vague references ("now", "recently", "the future") get TimeML's ``PRESENT_REF``,
``PAST_REF`` or ``FUTURE_REF`` with granularity None: check the granularity before treating
a value as a date.

News conventions come first, as a registry of small rules tried in order; dateparser parses
the remaining calendar dates (written-out and numeric).  Without a publication date only
absolute expressions get a value.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import chain

from dateutil.easter import easter

from kg.nlp.timex.calendar import (
    MONTHS_AHEAD,
    UNPLACED,
    Value,
    by_tense,
    day_year,
    iso_week,
    month_year,
    nearest_month,
    on_year,
    shift,
    time_of_day_on,
    toward,
    weekday_near,
    year_of,
)
from kg.nlp.timex.parsed import parse_calendar
from kg.nlp.timex.periods import RULES as PERIOD_RULES
from kg.nlp.timex.registry import Rule, registry
from kg.nlp.timex.words import (
    ANAPHORA,
    ANCHOR,
    BARE,
    BARE_SEASON,
    EASTER,
    HOLIDAY_NAMES,
    HOLIDAYS,
    MONTH,
    MONTHS,
    MOVABLE,
    OFFSETS,
    QTY,
    REFERENCE_OF,
    REL,
    UNIT,
    WEEKDAY,
    WEEKDAYS,
    YEAR_REF,
    clean,
    is_duration,
    quantity,
    split_time_of_day,
    strip_frames,
)

REFERENCES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})

_RULES: list[tuple[re.Pattern, Rule]] = []
rule = registry(_RULES)


@lru_cache(maxsize=8192)
def normalize(text: str, published: date | None, tense: int = 0) -> Value:
    """Return the TIMEX3 value and granularity of `text`, read on `published`.

    `tense` is the tense of the clause the expression sits in (-1 past, 1 future, 0 unknown):
    it decides which way a bare weekday, month or day ("Tuesday", "April", "Oct. 23") points.
    Results are cached; `normalize.cache_clear()` empties the cache.

    >>> normalize("Saturday evening", date(2022, 9, 3))
    ('2022-09-03', 'day')
    >>> normalize("late August", date(2022, 9, 3))
    ('2022-08', 'month')
    >>> normalize("the last 48 hours", date(2022, 9, 3))
    (None, None)
    """
    if isinstance(published, datetime):
        published = published.date()
    cleaned = clean(text)
    if cleaned == "may" and "May" not in text:  # the modal verb, not the month
        return UNPLACED
    core = strip_frames(cleaned)
    if ref := REFERENCE_OF.get(core) or REFERENCE_OF.get(cleaned):
        return (ref, None) if published else UNPLACED
    core, time_of_day = split_time_of_day(core)
    if time_of_day and core in ("", "this", "last"):
        return time_of_day_on(core, time_of_day, published)
    if not core or ANAPHORA.match(core):
        return UNPLACED
    for pattern, rule in chain(_RULES, PERIOD_RULES):
        match = pattern.fullmatch(core)
        if match and (value := rule(match, published)) is not None:
            if tense > 0 and BARE.fullmatch(core):
                return toward(value, published, weekday=re.fullmatch(WEEKDAY, core) is not None)
            if BARE.fullmatch(core):  # in a past clause, only next month is still ahead ("told of cuts in May")
                return nearest_month(value, published, MONTHS_AHEAD if tense == 0 else 1)
            if tense and BARE_SEASON.fullmatch(core):
                return by_tense(value, published, tense)
            if tense and published and core in HOLIDAY_NAMES:  # "will open at Christmas", said in March
                return nearest_holiday(core, published, tense)
            if tense > 0 and published and core == "weekend":  # "the vote will take place at the weekend"
                return _weekend(published, 0)
            return value
    if is_duration(core) or not ANCHOR.search(core) or _ORDINAL_ALONE.fullmatch(core):
        return UNPLACED  # "Joss Stone was 40th": a rank, which dateparser would read as the year 1940
    return parse_calendar(core, published, clock=time_of_day == "clock")



# --- rules, most specific first (then kg.nlp.timex.periods: quarters, halves, seasons, decades, centuries) ---

@rule(r"(?:(?P<step>day (?:before|after)) )?(?P<day>today|tonight|tomorrow|yesterday)")
def _named_day(m: re.Match, published: date | None) -> Value | None:
    """Today, tonight, yesterday, tomorrow, the day before yesterday."""
    if published is None:
        return UNPLACED
    shift = {"tomorrow": 1, "yesterday": -1}.get(m["day"], 0)
    shift += {"day before": -1, "day after": 1}.get(m["step"], 0)
    return (published + timedelta(days=shift)).isoformat(), "day"


@rule(
    r"(?P<past>recent|past|last|previous|prior)?(?P<future>coming|upcoming|future|next)?"
    r"(?: (?:few|several|many))? (?:days|weeks|months|years|quarters|decades)(?: and \w+)?"
)
def _vague_stretch(m: re.Match, published: date | None) -> Value | None:
    """"Recent years", "the coming months", "the past few weeks": the past or future at large.

    A counted stretch ("the past three years") is a duration and reaches no rule here.
    """
    if published is None:
        return UNPLACED
    return ("PAST_REF" if m["past"] else "FUTURE_REF"), None


@rule(rf"{QTY} {UNIT}s? (?P<way>ago|earlier|back|from now|from today|hence|later|after|before)")
def _ago(m: re.Match, published: date | None) -> Value | None:
    """Count back (or forward) from publication: "two weeks ago", "a year earlier".

    "Three days later", "a week before" and "four days earlier" count from some other event: not placed (a stretch,
    as TimeBank writes "a day earlier"); "a year earlier" and "a quarter earlier" compare reporting periods.
    """
    if published is None or m["way"] in ("later", "after", "before"):
        return UNPLACED
    if m["way"] == "earlier" and m["unit"] not in ("year", "quarter"):
        return UNPLACED
    sign = 1 if m["way"] in ("from now", "from today", "hence") else -1
    if (amount := quantity(m["qty"])) is None:
        return ("PAST_REF" if sign < 0 else "FUTURE_REF"), None
    return shift(published, m["unit"], sign * amount, point=True)


@rule(rf"(?:{REL} )?(?:fiscal |financial |calendar )?{UNIT}")
def _relative_unit(m: re.Match, published: date | None) -> Value | None:
    """This week, last month, next year, the past year, the current quarter, the year."""
    if published is None:
        return UNPLACED
    if m["unit"] == "weekend":
        return _weekend(published, OFFSETS.get(m["rel"]))
    if m["rel"] is None:  # in the news "the year" and "the decade" are this one; "the quarter" the latest ended
        by = {"year": 0, "decade": 0, "quarter": -1}.get(m["unit"])
        return UNPLACED if by is None else shift(published, m["unit"], by)
    return shift(published, m["unit"], OFFSETS[m["rel"]])


def _weekend(published: date, way: int | None) -> Value:
    """"The weekend" is the latest begun, "this weekend" the one of this week, "next weekend" the coming one.

    >>> _weekend(date(1990, 8, 15), None), _weekend(date(1990, 8, 15), 0)
    (('1990-W32-WE', 'week'), ('1990-W33-WE', 'week'))
    """
    if way == 0:
        saturday = published + timedelta(days=5 - published.weekday())
    else:
        saturday = weekday_near(published, 5, way or 0)
    return f"{iso_week(saturday)}-WE", "week"


@rule(rf"(?:{REL} )?{WEEKDAY}")
def _weekday(m: re.Match, published: date | None) -> Value | None:
    """A weekday: the latest on or before publication; "last" strictly before; "next" after."""
    if published is None:
        return UNPLACED
    day = weekday_near(published, WEEKDAYS.index(m["weekday"]), OFFSETS.get(m["rel"], 0))
    return day.isoformat(), "day"


_ORDINAL_ALONE = re.compile(r"(?:the )?(?:[4-9]\d|3[2-9]|\d{3,})(?:st|nd|rd|th)")  # no day of a month
_YEAR_IN = re.compile(r"\d{4}|'\d\d")


@rule(rf"(?:{REL} )?{WEEKDAY},? (?P<date>.*\d.*|{MONTH}.*)")
def _weekday_and_date(m: re.Match, published: date | None) -> Value | None:
    """"Monday, Oct. 26": the date decides; the weekday picks its year when the date names none ("Sunday 23
    December", read in September 2013, is 2012's, the nearest 23 December on a Sunday)."""
    found, granularity = normalize(m["date"], published)
    if found is None or granularity != "day" or _YEAR_IN.search(m["date"]):
        return found, granularity
    day, weekday = date.fromisoformat(found), WEEKDAYS.index(m["weekday"])
    if day.weekday() == weekday:
        return found, granularity
    years = [d for d in (on_year(day, day.year + by) for by in (-1, 1))
             if d and d.weekday() == weekday and (published is None or abs((d - published).days) <= 366)]
    return (years[0].isoformat(), "day") if years else (found, granularity)


@rule(rf"{REL} (?P<date>{MONTH} \d\d?(?:st|nd|rd|th)?)")
def _relative_date(m: re.Match, published: date | None) -> Value | None:
    """"Last Oct. 23" is the one before publication, "next March 6" the one after."""
    value, granularity = normalize(m["date"], published)
    if granularity != "day" or not (way := OFFSETS[m["rel"]]):
        return value, granularity
    day = date.fromisoformat(value)
    days = [on_year(day, published.year + y) for y in (-1, 0, 1)]
    days = [d for d in days if d and (d - published).days * way > 0]
    return min(days, key=lambda d: abs(d - published)).isoformat(), "day"


@rule(r"week (?:of|beginning|starting|ending) (?P<day>.+)")
def _week_of(m: re.Match, published: date | None) -> Value | None:
    """"The week of March 6": the ISO week of that day."""
    value, granularity = normalize(m["day"], published)
    return (iso_week(date.fromisoformat(value)), "week") if granularity == "day" else None


@rule(rf"(?:{REL} )?(?P<holiday>[a-z ]+?)(?: (?:of )?(?P<year>\d{{4}}))?")
def _holiday(m: re.Match, published: date | None) -> Value | None:
    """Christmas, Thanksgiving, Easter: in the year given, else the nearest to publication."""
    if m["holiday"] not in HOLIDAY_NAMES:
        return None
    if m["year"]:
        return _holiday_in(m["holiday"], int(m["year"])).isoformat(), "day"
    if published is None:
        return UNPLACED
    return nearest_holiday(m["holiday"], published, OFFSETS.get(m["rel"], 0))


def nearest_holiday(holiday: str, published: date, way: int) -> Value:
    """The holiday nearest publication: before it (`way` -1), after it (1) or either way (0); "last Christmas" or a
    past clause's "Christmas" (kg.nlp.timex.dates.normalize) said on Christmas Day is the year before.

    >>> nearest_holiday("christmas", date(2005, 3, 1), 0), nearest_holiday("christmas", date(2005, 3, 1), 1)
    (('2004-12-25', 'day'), ('2005-12-25', 'day'))
    """
    days = [_holiday_in(holiday, published.year + y) for y in (-1, 0, 1)]
    days = [d for d in days if way == 0 or (d - published).days * way > 0]
    return min(days, key=lambda d: abs(d - published)).isoformat(), "day"


def _holiday_in(holiday: str, year: int) -> date:
    if holiday in HOLIDAYS:
        return date(year, *HOLIDAYS[holiday])
    if holiday in EASTER:  # Western Easter, by dateutil's computus
        return easter(year) + timedelta(days=EASTER[holiday])
    month, weekday, nth = MOVABLE[holiday]
    if nth < 0:
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


@rule(
    r"(?:(?:fiscal|financial|calendar|model|school|academic)(?: year)? |year |fy ?)?(?P<year>\d{4}|'\d\d)"
    r"(?: (?:fiscal|financial|model) year| fiscal)?|fy ?(?P<short>\d\d)"
)
def _calendar_year(m: re.Match, published: date | None) -> Value | None:
    """A year on its own, "fiscal 1989", "'89", "FY2004", "FY05", "the 2004 model year"."""
    year = year_of(m["year"] or f"'{m['short']}", published)
    return (str(year), "year") if year and 1000 <= year <= 2199 else UNPLACED


_YEAR_MONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])")


@rule(r"\d{4} ?[-/] ?(?:\d\d|\d{4})|\d{4} (?:to|and|or) \d{4}")
def _year_range(m: re.Match, published: date | None) -> Value | None:
    """"1990-91", "2004-05", "1989 to 1992": a span, not a point (but "2022-09" is a month, unless its two digits
    are the next year's: "the 2004-05 season")."""
    next_year = _YEAR_MONTH.fullmatch(m[0]) and int(m[0][-2:]) == (int(m[0][:4]) + 1) % 100
    return None if _YEAR_MONTH.fullmatch(m[0]) and not next_year else UNPLACED


@rule(r"\d{1,2} ?[-–] ?\d{1,2}")
def _score(m: re.Match, published: date | None) -> Value | None:
    """"Italy led 9-8", "a 3-1 win": a score or a range of numbers, which dateparser would read as a day."""
    return UNPLACED


# The commonest written-out dates skip dateparser, which takes about a millisecond a call.
@rule(rf"{MONTH} (?P<day>\d\d?)(?:st|nd|rd|th)?(?:,? {YEAR_REF})?")
def _month_day(m: re.Match, published: date | None) -> Value | None:
    """"Oct. 23", "October 23rd, 1989", "Oct. 23 next year": without a year, the nearest such day."""
    return _calendar_day(_year_named(m, published), MONTHS.index(m["month"][:3]) + 1, int(m["day"]), published)


@rule(rf"(?P<day>\d\d?)(?:st|nd|rd|th)? (?:of )?{MONTH}(?:,? ?{YEAR_REF})?")
def _day_month(m: re.Match, published: date | None) -> Value | None:
    """"23 October 1989", "the 3rd of September", "14 March next year"."""
    return _calendar_day(_year_named(m, published), MONTHS.index(m["month"][:3]) + 1, int(m["day"]), published)


def _year_named(m: re.Match, published: date | None) -> str | None:
    """The year a date names: "1989", "'89", "next year" (None when it names none or cannot be placed)."""
    if m["year"] is None:
        return None
    year = year_of(m["year"], published)
    return str(year) if year else None


@rule(r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)")
def _iso_date(m: re.Match, published: date | None) -> Value | None:
    """"2022-09-03"."""
    return _calendar_day(m["year"], int(m["month"]), int(m["day"]), published)


@rule(r"(?P<month>\d\d?)/(?P<day>\d\d?)/(?P<year>\d\d|\d{4})")
def _numeric_date(m: re.Match, published: date | None) -> Value | None:
    """"7/8/07", "12/01/1997": month, day, year as US news writes them; a two-digit year in the century that puts it
    nearest before publication (up to ten years ahead)."""
    year = m["year"] if len(m["year"]) == 4 else year_of("'" + m["year"], published)
    return _calendar_day(str(year), int(m["month"]), int(m["day"]), published) if year else UNPLACED


def _calendar_day(year: str | None, month: int, day: int, published: date | None) -> Value:
    if year is None and published is None:
        return UNPLACED
    try:
        found = date(int(year) if year else 2000, month, day)  # 2000 has a 29 February
    except ValueError:
        return UNPLACED
    if year is None:
        found = on_year(found, day_year(month, day, published)) or found
    return found.isoformat(), "day"


@rule(rf"(?:{REL} )?{MONTH}(?:,? (?:of )?{YEAR_REF})?")
def _month(m: re.Match, published: date | None) -> Value | None:
    """A month: with a year; "last/next August"; bare, the latest not after publication."""
    month = MONTHS.index(m["month"][:3]) + 1
    if m["year"]:
        year = year_of(m["year"], published)
    elif published is None:
        return UNPLACED
    elif m["rel"] in ("this", "current", "present"):
        year = published.year
    else:
        year = month_year(month, published, OFFSETS.get(m["rel"], 0))
    return (f"{year:04d}-{month:02d}", "month") if year else UNPLACED
