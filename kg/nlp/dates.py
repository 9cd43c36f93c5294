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
from typing import Callable

Value = tuple[str | None, str | None]
Rule = Callable[[re.Match, date | None], "Value | None"]

UNPLACED: Value = (None, None)
REFERENCES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})


def _one_of(words: list[str] | str) -> str:
    return "|".join(words.split() if isinstance(words, str) else words)


# --- vocabulary ----------------------------------------------------------------------------

_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAYS = "mon tues wednes thurs fri satur sun".split()
_WEEKDAY = rf"(?P<weekday>{_one_of(_WEEKDAYS)})day"
_UNIT = r"(?P<unit>day|week|weekend|month|quarter|year|decade|centur(?:y|ie)|hour|minute|second)"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_ORDINALS |= {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_ORDINAL = rf"(?P<ordinal>{_one_of(list(_ORDINALS))})"
_ONES = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBERS = {w: n for n, w in enumerate(["zero", *_ONES, *_TEENS])} | {
    w: 10 * n for n, w in enumerate(_TENS, 2)
}
_QTY = (
    r"(?P<qty>\d+(?:\.\d+)?|(?:a )?(?:few|couple(?: of)?|number of)|several|some|many|an?"
    rf"|half an?|(?:{_one_of(list(_NUMBERS))})(?: (?:{_one_of(list(_NUMBERS))}))?)"
)
_OFFSETS = {"last": -1, "past": -1, "previous": -1, "prior": -1, "preceding": -1,
            "this past": -1, "latest": -1, "most recent": -1,
            "next": 1, "coming": 1, "upcoming": 1, "this coming": 1,
            "this": 0, "current": 0, "present": 0}  # fmt: skip
_REL = rf"(?P<rel>{_one_of(sorted(_OFFSETS, key=len, reverse=True))})"
_YEAR_REF = rf"(?P<year>\d{{4}}|'\d\d|(?:{_one_of(list(_OFFSETS))}) year)"
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_DECADES = "twenties thirties forties fifties sixties seventies eighties nineties".split()
_PARTS_OF_DAY = r"\b(?:morning|afternoon|evening|night|overnight|noon|midnight|midday|dawn|dusk)\b"
_CLOCK = r"\d{1,2}(?::\d\d)? ?[ap]\.?m\b\.?|\d{1,2}:\d\d|o'clock|\b(?:[ecmp][sd]t|gmt|utc)\b"
_SPOKEN_YEAR = re.compile(
    rf"\b(?P<century>eighteen|nineteen) (?:(?P<teen>{_one_of(_TEENS)})"
    rf"|(?P<tens>{_one_of(_TENS)})(?: (?P<one>{_one_of(_ONES)}))?|hundred)\b"
    rf"|\btwo thousand(?: and)?(?: (?P<small>{_one_of(_ONES + _TEENS)}))?\b"
)
# Holidays on a fixed (month, day), and movable ones on the nth (-1: last) weekday of a month.
_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year day": (1, 1), "new year eve": (12, 31), "independence day": (7, 4),
             "fourth of july": (7, 4), "halloween": (10, 31), "valentine day": (2, 14)}  # fmt: skip
_MOVABLE = {"thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4),
            "labor day": (9, 0, 1), "memorial day": (5, 0, -1)}  # fmt: skip

# Leading words that hedge or frame an expression without changing what it refers to.
_FRAMES = re.compile(
    r"(?:as (?:early|late|recently|of)|(?:the )?(?:end|beginning|start|middle|rest|close"
    r"|turn|remainder|course) of|(?:more|less|no (?:later|earlier)) than|at least|some time"
    r"|in|on|by|since|at|during|from|until|till|through|throughout|of|for|before|after|over"
    r"|around|about|approximately|roughly|nearly|almost|sometime|just|only|early|earlier|late"
    r"|later|mid|the|its|their|our|his|her|again|starting|beginning|ending|full|barely|,) "
)
# First words that tie an expression to some other time than publication, or make it a set.
_ANAPHORA = re.compile(r"(?:that|those|following|same|such|each|every|any|which|what|then)\b")
# dateparser guesses wildly; it only sees texts that name something on the calendar.
_ANCHOR = re.compile(
    rf"\d{{4}}|\d[/.-]\d|\d(?:st|nd|rd|th)\b|\b{_MONTH}|\b{_WEEKDAY}\b"
    r"|\b(?:today|tonight|yesterday|tomorrow|ago|hence)\b"
)
# Expressions whose year or week the tense decides: a weekday, a month, a month and day.
_BARE = re.compile(rf"{_WEEKDAY}|(?:\d\d?(?:st|nd|rd|th)? (?:of )?)?{_MONTH}(?: \d\d?(?:st|nd|rd|th)?)?")
_REFERENCE_WORDS = {
    # Keys are what is left once `strip_frames` has dropped "at", "in", "the"...
    "PRESENT_REF": "now|right now|currently|presently|nowadays|present|these days|moment|current",
    "PAST_REF": "recently|more recently|most recently|lately|previously|formerly|past|recent",
    "FUTURE_REF": "future|near future|soon|near term|short term|later date",
}
_REFERENCE_OF = {word: ref for ref, words in _REFERENCE_WORDS.items() for word in words.split("|")}

# News looks back more than ahead: a bare month of unknown tense is read ahead only this far.
_MONTHS_AHEAD = 4

_RULES: list[tuple[re.Pattern, Rule]] = []


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
    if ref := _REFERENCE_OF.get(core) or _REFERENCE_OF.get(cleaned):
        return (ref, None) if published else UNPLACED
    core, time_of_day = split_time_of_day(core)
    if time_of_day and core in ("", "this", "last"):
        return _time_of_day(core, time_of_day, published)
    if not core or _ANAPHORA.match(core):
        return UNPLACED
    for pattern, rule in _RULES:
        match = pattern.fullmatch(core)
        if match and (value := rule(match, published)) is not None:
            if tense > 0 and _BARE.fullmatch(core):
                return toward(value, published)
            return nearest_month(value, published) if tense == 0 and _BARE.fullmatch(core) else value
    if is_duration(core) or not _ANCHOR.search(core):
        return UNPLACED
    return _parse_calendar(core, published, clock=time_of_day == "clock")


# --- text ----------------------------------------------------------------------------------


def clean(text: str) -> str:
    """Lower-case `text`, split hyphenated words, write spoken years as digits, trim punctuation.

    >>> clean("Third-Quarter"), clean("  last year's ")
    ('third quarter', 'last year')
    >>> clean("the mid-1990s."), clean("'89"), clean("nineteen ninety-six")
    ('the mid 1990s', "'89", '1996')
    """
    text = " ".join(text.lower().replace("\u2019", "'").split())
    text = re.sub(r"(?<=[a-z])-(?=[a-z\d])|(?<=\d)-(?=[a-z])", " ", text)
    text = re.sub(r"'s\b", "", re.sub(r"(?<=\d)'s\b", "s", text))
    text = _SPOKEN_YEAR.sub(_spoken_year, text)
    return re.sub(r"^'(?!\d\d\b)", "", text.strip(" .,;:!?\"()[]`")).rstrip("'")


def toward(value: Value, published: date | None) -> Value:
    """Move a bare day or month named in a future-tense clause to the first one after `published`.

    A past tense moves nothing: a bare month is already the latest not after publication, a bare
    day the nearest, and reported speech ("said it will pay on Nov. 10") puts future days in
    past-tense clauses.

    >>> toward(("2022-08-30", "day"), date(2022, 9, 3)), toward(("2022-04", "month"), date(2022, 9, 3))
    (('2022-09-06', 'day'), ('2023-04', 'month'))
    """
    found, granularity = value
    if found is None or published is None or granularity not in ("day", "month"):
        return value
    if granularity == "month":
        year, month = map(int, found.split("-"))
        return (f"{year + 1:04d}-{month:02d}", "month") if (year, month) < (published.year, published.month) else value
    day = date.fromisoformat(found)
    if day < published:
        day = day + timedelta(days=7) if (published - day).days < 7 else _on_year(day, day.year + 1) or day
    return day.isoformat(), "day"


def nearest_month(value: Value, published: date | None) -> Value:
    """Move a bare month read in a clause of unknown tense to the nearest such month, a few ahead at most.

    "In May", written in March, is the coming May; in September, the May just gone.

    >>> nearest_month(("2021-05", "month"), date(2022, 3, 10)), nearest_month(("2022-05", "month"), date(2022, 9, 3))
    (('2022-05', 'month'), ('2022-05', 'month'))
    """
    found, granularity = value
    if found is None or published is None or granularity != "month":
        return value
    year, month = map(int, found.split("-"))
    ahead = (year + 1 - published.year) * 12 + month - published.month
    behind = (published.year - year) * 12 + published.month - month
    return (f"{year + 1:04d}-{month:02d}", "month") if 0 < ahead < behind and ahead <= _MONTHS_AHEAD else value


def _spoken_year(m: re.Match) -> str:
    """Write "nineteen ninety six" and "two thousand one" as digits."""
    if m["century"] is None:
        return str(2000 + _NUMBERS.get(m["small"], 0))
    tens = _NUMBERS.get(m["teen"] or m["tens"], 0) + _NUMBERS.get(m["one"], 0)
    return str(100 * _NUMBERS[m["century"]] + tens)


def strip_frames(text: str) -> str:
    """Drop leading prepositions, determiners and hedges that keep the referent unchanged.

    >>> strip_frames("since the end of last year"), strip_frames("approximately mid october")
    ('last year', 'october')
    """
    while (match := _FRAMES.match(text)) is not None:
        text = text[match.end() :]
    return text


def split_time_of_day(text: str) -> tuple[str, str | None]:
    """Remove clock times and parts of the day; say which kind there was ("clock" or "part").

    >>> split_time_of_day("9 a.m. est tuesday"), split_time_of_day("friday night")
    (('tuesday', 'clock'), ('friday', 'part'))
    >>> split_time_of_day("friday")
    ('friday', None)
    """
    rest = re.sub(_CLOCK, " ", text)
    kind = "clock" if rest != text else "part"
    rest = re.sub(_PARTS_OF_DAY, " ", rest)
    if rest == text:
        return text, None
    rest = strip_frames(" ".join(rest.replace(",", " ").split()) + " ").strip()
    return rest.removesuffix(" the").removesuffix("the"), kind


def is_duration(text: str) -> bool:
    """Say whether `text` measures a stretch of time rather than naming one.

    >>> is_duration("two weeks"), is_duration("recent weeks"), is_duration("last week")
    (True, True, False)
    """
    return bool(
        re.search(rf"\b{_QTY} (?:more |full |straight |consecutive )?{_UNIT}s?\b", text)
        or re.search(rf"\b{_UNIT}s\b", text)
    )


def quantity(text: str) -> int | None:
    """Read a small cardinal ("a", "two", "twenty four", "18"); None when vague.

    >>> quantity("twenty four"), quantity("an"), quantity("several")
    (24, 1, None)
    """
    if text in ("a", "an"):
        return 1
    if text.replace(".", "", 1).isdigit():
        return round(float(text))
    words = text.split()
    if words and all(w in _NUMBERS for w in words):
        return sum(_NUMBERS[w] for w in words)
    return None


# --- calendar arithmetic -------------------------------------------------------------------


def iso_week(day: date) -> str:
    """Format the ISO week that contains `day`.

    >>> iso_week(date(2022, 9, 3))
    '2022-W35'
    """
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """Move a (year, month) pair by `by` months.

    >>> shift_month(2022, 1, -1)
    (2021, 12)
    """
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def weekday_near(published: date, weekday: int, direction: int = 0) -> date:
    """Find `weekday` (Monday = 0): on or before `published` (0), strictly before (-1), after (1).

    >>> weekday_near(date(2022, 9, 3), 5)  # Saturday, in an article published on a Saturday
    datetime.date(2022, 9, 3)
    >>> weekday_near(date(2022, 9, 3), 2, -1), weekday_near(date(2022, 9, 3), 1, 1)
    (datetime.date(2022, 8, 31), datetime.date(2022, 9, 6))
    """
    if direction > 0:
        return published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
    back = (published.weekday() - weekday) % 7
    return published - timedelta(days=back or (7 if direction < 0 else 0))


def month_year(month: int, published: date, direction: int = 0) -> int:
    """Pick the year of a month named without one: the latest not after publication (0),
    strictly before it (-1) or after it (1).

    >>> month_year(8, date(2022, 9, 3)), month_year(10, date(2022, 9, 3))
    (2022, 2021)
    >>> month_year(9, date(2022, 9, 3), -1), month_year(9, date(2022, 9, 3), 1)
    (2021, 2023)
    """
    if direction > 0:
        return published.year + (month <= published.month)
    return published.year - (month >= published.month if direction < 0 else month > published.month)


def day_year(month: int, day: int, published: date) -> int:
    """Pick the year of a day named without one: the nearest such day to publication.

    >>> day_year(8, 28, date(2022, 9, 3)), day_year(1, 5, date(2022, 12, 20))
    (2022, 2023)
    """
    candidates = (published.year, published.year - 1, published.year + 1)
    days = [d for d in (_on_year(date(2000, month, day), y) for y in candidates) if d]
    return min(days, key=lambda d: abs((d - published).days)).year


def _on_year(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def _year(text: str, published: date | None) -> int | None:
    """Read "1989", "'89" (its century from publication) or "last year"."""
    if text.endswith("year"):
        return published.year + _OFFSETS[text[:-5]] if published else None
    if len(text) == 4:
        return int(text)
    if published is None:
        return None
    year = published.year // 100 * 100 + int(text.lstrip("'"))
    return year - 100 if year > published.year + 10 else year


def _shift(published: date, unit: str, by: int, point: bool = False) -> Value:
    """Name the `unit` that is `by` units away from publication (a day, for "two weeks ago")."""
    if unit in ("hour", "minute", "second"):
        return published.isoformat(), "day"
    if unit == "day" or (point and unit == "week"):
        return (published + timedelta(days=by * (7 if unit == "week" else 1))).isoformat(), "day"
    if unit == "week":
        return iso_week(published + timedelta(weeks=by)), "week"
    if unit == "month":
        return "%04d-%02d" % shift_month(published.year, published.month, by), "month"
    if unit == "quarter":
        year, month = shift_month(published.year, published.month, 3 * by)
        return f"{year}-Q{(month - 1) // 3 + 1}", "quarter"
    if unit == "year":
        return str(published.year + by), "year"
    if unit == "decade":
        return str(published.year // 10 + by), "decade"
    if unit.startswith("centur"):
        return str(published.year // 100 + by), "century"
    return UNPLACED  # a weekend has no ISO 8601 form


def _time_of_day(rest: str, kind: str, published: date | None) -> Value:
    """Place "10 p.m.", "this morning", "last night" on the day of publication (or the one before).

    A bare part of the day ("the morning", "overnight") usually refers back to an event's day.
    """
    if published is None or (kind == "part" and not rest):
        return UNPLACED
    return (published - timedelta(days=1 if rest == "last" else 0)).isoformat(), "day"


# --- rules, most specific first ------------------------------------------------------------


def rule(pattern: str) -> Callable[[Rule], Rule]:
    """Register a rule for texts that fully match `pattern`; rules are tried in file order.

    A rule returns a value, UNPLACED to stop, or None to let the later rules try.
    """

    def register(fn: Rule) -> Rule:
        _RULES.append((re.compile(pattern), fn))
        return fn

    return register


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


@rule(rf"{_QTY} {_UNIT}s? (?P<way>ago|earlier|back|from now|hence|later|after|before)")
def _ago(m: re.Match, published: date | None) -> Value | None:
    """Count back (or forward) from publication: "two weeks ago", "a year earlier".

    "Three days later" and "a week before" count from some other event: not placed.
    """
    if published is None or m["way"] in ("later", "after", "before"):
        return UNPLACED
    sign = 1 if m["way"] in ("from now", "hence") else -1
    if (amount := quantity(m["qty"])) is None:
        return ("PAST_REF" if sign < 0 else "FUTURE_REF"), None
    return _shift(published, m["unit"], sign * amount, point=True)


@rule(rf"(?:{_REL} )?(?:fiscal |calendar )?{_UNIT}")
def _relative_unit(m: re.Match, published: date | None) -> Value | None:
    """This week, last month, next year, the past year, the current quarter, the year."""
    if published is None:
        return UNPLACED
    if m["unit"] == "weekend":
        return _weekend(published, _OFFSETS.get(m["rel"]))
    if m["rel"] is None:  # in the news "the year" is this one; "the quarter" the latest ended
        by = {"year": 0, "quarter": -1}.get(m["unit"])
        return UNPLACED if by is None else _shift(published, m["unit"], by)
    return _shift(published, m["unit"], _OFFSETS[m["rel"]])


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


@rule(rf"(?:{_REL} )?{_WEEKDAY}")
def _weekday(m: re.Match, published: date | None) -> Value | None:
    """A weekday: the latest on or before publication; "last" strictly before; "next" after."""
    if published is None:
        return UNPLACED
    day = weekday_near(published, _WEEKDAYS.index(m["weekday"]), _OFFSETS.get(m["rel"], 0))
    return day.isoformat(), "day"


@rule(rf"(?:{_REL} )?{_WEEKDAY},? (?P<date>.*\d.*|{_MONTH}.*)")
def _weekday_and_date(m: re.Match, published: date | None) -> Value | None:
    """"Monday, Oct. 26": the date decides, the weekday is redundant."""
    return normalize(m["date"], published)


@rule(rf"{_REL} (?P<date>{_MONTH} \d\d?(?:st|nd|rd|th)?)")
def _relative_date(m: re.Match, published: date | None) -> Value | None:
    """"Last Oct. 23" is the one before publication, "next March 6" the one after."""
    value, granularity = normalize(m["date"], published)
    if granularity != "day" or not (way := _OFFSETS[m["rel"]]):
        return value, granularity
    day = date.fromisoformat(value)
    days = [_on_year(day, published.year + y) for y in (-1, 0, 1)]
    days = [d for d in days if d and (d - published).days * way > 0]
    return min(days, key=lambda d: abs(d - published)).isoformat(), "day"


@rule(r"week (?:of|beginning|starting|ending) (?P<day>.+)")
def _week_of(m: re.Match, published: date | None) -> Value | None:
    """"The week of March 6": the ISO week of that day."""
    value, granularity = normalize(m["day"], published)
    return (iso_week(date.fromisoformat(value)), "week") if granularity == "day" else None


@rule(rf"(?:{_REL} )?(?P<holiday>[a-z ]+?)(?: (?:of )?(?P<year>\d{{4}}))?")
def _holiday(m: re.Match, published: date | None) -> Value | None:
    """Christmas, Thanksgiving: in the year given, else the nearest to publication."""
    if m["holiday"] not in _HOLIDAYS and m["holiday"] not in _MOVABLE:
        return None
    if m["year"]:
        return _holiday_in(m["holiday"], int(m["year"])).isoformat(), "day"
    if published is None:
        return UNPLACED
    way = _OFFSETS.get(m["rel"], 0)
    days = [_holiday_in(m["holiday"], published.year + y) for y in (-1, 0, 1)]
    days = [d for d in days if way == 0 or (d - published).days * way > 0]
    return min(days, key=lambda d: abs(d - published)).isoformat(), "day"


def _holiday_in(holiday: str, year: int) -> date:
    if holiday in _HOLIDAYS:
        return date(year, *_HOLIDAYS[holiday])
    month, weekday, nth = _MOVABLE[holiday]
    if nth < 0:
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


@rule(
    r"(?:comparable |corresponding |same )?(?:year ago|year earlier|prior year|previous year)"
    rf"(?: {_ORDINAL})? quarter"
)
def _year_ago_quarter(m: re.Match, published: date | None) -> Value | None:
    """"The year-ago quarter": the latest quarter ended (or the one named), a year back."""
    if published is None:
        return UNPLACED
    if m["ordinal"]:
        value, _ = _part_of_year(_ORDINALS[m["ordinal"]], "quarter", None, published)
    else:
        value, _ = _shift(published, "quarter", -1)
    year, label = value.split("-")
    return f"{int(year) - 1}-{label}", "quarter"


@rule(
    rf"(?:fiscal )?{_ORDINAL} (?:fiscal )?(?P<part>quarter|half)"
    rf"(?:(?: of| in|,)? (?:fiscal |calendar )?{_YEAR_REF})?"
)
def _quarter(m: re.Match, published: date | None) -> Value | None:
    """"The third quarter (of 1989)": without a year, the latest such quarter begun."""
    return _part_of_year(_ORDINALS[m["ordinal"]], m["part"], m["year"], published)


@rule(rf"(?:fiscal )?{_YEAR_REF} (?:fiscal )?{_ORDINAL} (?P<part>quarter|half)")
def _year_quarter(m: re.Match, published: date | None) -> Value | None:
    """"1989 third quarter", "this year's third quarter"."""
    return _part_of_year(_ORDINALS[m["ordinal"]], m["part"], m["year"], published)


@rule(r"q(?P<n>[1-4])(?: (?P<year>\d{4}))?|(?P<year_first>\d{4}) q(?P<n_last>[1-4])")
def _q_quarter(m: re.Match, published: date | None) -> Value | None:
    """"Q3 2022", "2022 Q3"."""
    year = m["year"] or m["year_first"]
    return _part_of_year(int(m["n"] or m["n_last"]), "quarter", year, published)


def _part_of_year(n: int, part: str, year: str | None, published: date | None) -> Value:
    if part == "half" and n > 2:
        return UNPLACED
    label = f"Q{n}" if part == "quarter" else f"H{n}"
    if year is not None:
        number = _year(year, published)
        return (f"{number}-{label}", part) if number else UNPLACED
    if published is None:
        return UNPLACED
    first_month = (n - 1) * (3 if part == "quarter" else 6) + 1
    return f"{published.year - (first_month > published.month)}-{label}", part


@rule(rf"(?:{_REL} )?(?P<season>spring|summer|fall|autumn|winter)(?: of)?(?: {_YEAR_REF})?")
def _season(m: re.Match, published: date | None) -> Value | None:
    """"Last summer", "the fall of 1998": TIMEX3 season codes SP, SU, FA, WI."""
    code = _SEASONS[m["season"]]
    if m["year"]:
        year = _year(m["year"], published)
        return (f"{year}-{code}", "season") if year else UNPLACED
    if published is None:
        return UNPLACED
    start, way, year = _SEASON_START[code], _OFFSETS.get(m["rel"], 0), published.year
    if way < 0:  # the latest one that has ended
        year -= start + 3 > published.month
    elif way > 0:  # the first one not yet begun
        year += start <= published.month
    return f"{year}-{code}", "season"


@rule(rf"(?P<digits>\d{{3}})0'?s|'?(?P<digit>\d)0'?s|(?P<word>{_one_of(_DECADES)})")
def _decade(m: re.Match, published: date | None) -> Value | None:
    """The 1990s, the '80s, the eighties: TIMEX3 writes a decade as its first three digits."""
    if m["digits"]:
        return m["digits"], "decade"
    if published is None:
        return UNPLACED
    digit = int(m["digit"]) if m["digit"] else _DECADES.index(m["word"]) + 2
    decade = published.year // 100 * 10 + digit
    return str(decade - 10 if decade > published.year // 10 else decade), "decade"


@rule(r"(?P<n>\d{1,2})(?:st|nd|rd|th) century")
def _century(m: re.Match, published: date | None) -> Value | None:
    """The 20th century is "19" in TIMEX3."""
    return f"{int(m['n']) - 1:02d}", "century"


@rule(
    r"(?:(?:fiscal|calendar|model|school|academic)(?: year)? |year )?(?P<year>\d{4}|'\d\d)"
    r"(?: fiscal year| fiscal)?"
)
def _calendar_year(m: re.Match, published: date | None) -> Value | None:
    """A year on its own, "fiscal 1989", "'89"."""
    year = _year(m["year"], published)
    return (str(year), "year") if year and 1000 <= year <= 2199 else UNPLACED


@rule(r"\d{4} ?[-/] ?(?:\d\d|\d{4})|\d{4} (?:to|and|or) \d{4}")
def _year_range(m: re.Match, published: date | None) -> Value | None:
    """"1990-91", "1989 to 1992": a span, not a point (but "2022-09" is a month)."""
    return None if re.fullmatch(r"\d{4}-(?:0[1-9]|1[0-2])", m[0]) else UNPLACED


# The commonest written-out dates skip dateparser, which takes about a millisecond a call.
@rule(rf"{_MONTH} (?P<day>\d\d?)(?:st|nd|rd|th)?(?:,? (?P<year>\d{{4}}))?")
def _month_day(m: re.Match, published: date | None) -> Value | None:
    """"Oct. 23", "October 23rd, 1989": without a year, the nearest such day."""
    return _calendar_day(m["year"], _MONTHS.index(m["month"][:3]) + 1, int(m["day"]), published)


@rule(rf"(?P<day>\d\d?)(?:st|nd|rd|th)? (?:of )?{_MONTH},? ?(?P<year>\d{{4}})?")
def _day_month(m: re.Match, published: date | None) -> Value | None:
    """"23 October 1989", "the 3rd of September"."""
    return _calendar_day(m["year"], _MONTHS.index(m["month"][:3]) + 1, int(m["day"]), published)


@rule(r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)")
def _iso_date(m: re.Match, published: date | None) -> Value | None:
    """"2022-09-03"."""
    return _calendar_day(m["year"], int(m["month"]), int(m["day"]), published)


def _calendar_day(year: str | None, month: int, day: int, published: date | None) -> Value:
    if year is None and published is None:
        return UNPLACED
    try:
        found = date(int(year) if year else 2000, month, day)  # 2000 has a 29 February
    except ValueError:
        return UNPLACED
    if year is None:
        found = _on_year(found, day_year(month, day, published)) or found
    return found.isoformat(), "day"


@rule(rf"(?:{_REL} )?{_MONTH}(?:,? (?:of )?{_YEAR_REF})?")
def _month(m: re.Match, published: date | None) -> Value | None:
    """A month: with a year; "last/next August"; bare, the latest not after publication."""
    month = _MONTHS.index(m["month"][:3]) + 1
    if m["year"]:
        year = _year(m["year"], published)
    elif published is None:
        return UNPLACED
    elif m["rel"] in ("this", "current", "present"):
        year = published.year
    else:
        year = month_year(month, published, _OFFSETS.get(m["rel"], 0))
    return (f"{year:04d}-{month:02d}", "month") if year else UNPLACED


# --- dateparser for the remaining calendar dates -------------------------------------------


@lru_cache(maxsize=32)
def _parser(published: date | None):
    """Build one dateparser per publication date (the relative base is a constructor setting)."""
    from dateparser.date import DateDataParser  # slow to import: only when a text needs it

    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    return DateDataParser(languages=["en"], settings=settings)


def _parse_calendar(text: str, published: date | None, clock: bool) -> Value:
    """Parse a calendar date with dateparser and place a missing year by news convention."""
    has_year = re.search(r"\d{4}|'\d\d\b", text) is not None
    if published is None and not has_year:
        return UNPLACED
    data = _parser(published).get_date_data(text)
    found, period = data.date_obj, data.period
    if found is None or (period == "time" and not clock):
        return UNPLACED
    if period in ("day", "time"):
        if not has_year and published is not None:
            found = _on_year(found, day_year(found.month, found.day, published)) or found
        return found.date().isoformat(), "day"
    if period == "week":
        return iso_week(found.date()), "week"
    if period == "month":
        year = found.year if has_year or published is None else month_year(found.month, published)
        return f"{year:04d}-{found.month:02d}", "month"
    return (str(found.year), "year") if period == "year" else UNPLACED
