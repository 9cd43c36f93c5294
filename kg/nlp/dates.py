"""Resolve a time expression against the article's publication date (pure).

`normalize(text, published)` returns a TIMEX3-style value and its granularity:
``("2022-09-03", "day")``, ``("2022-W35", "week")``, ``("2022-09", "month")``,
``("2022-Q3", "quarter")``, ``("2022-SU", "season")``, ``("2022", "year")``,
``("199", "decade")`` (the 1990s), or ``(None, None)`` when the expression cannot be placed
on the calendar (durations, anaphora such as "that day").  Vague references ("now",
"recently", "the future") get TimeML's ``PRESENT_REF`` / ``PAST_REF`` / ``FUTURE_REF`` with
granularity None: check `granularity` before treating a value as a date.

News conventions come first, as a registry of small rules tried in order; dateparser does
the remaining calendar parsing (numeric and written-out dates).  Without a publication date
only absolute expressions get a value.
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

_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(mon|tues|wednes|thurs|fri|satur|sun)day"
_WEEKDAYS = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
_UNIT = r"(day|week|weekend|month|quarter|year|decade|century|centurie|hour|minute|second)"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_ORDINAL = r"(first|second|third|fourth|1st|2nd|3rd|4th)"
_WORD_NUMBERS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
        " fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {w: 10 * n for n, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)}
_VAGUE = r"(?:a )?(?:few|couple(?: of)?|number of)|several|some|many|a couple(?: of)?"
_QTY = rf"(\d+(?:\.\d+)?|{_VAGUE}|an?|half an?|(?:{'|'.join(_WORD_NUMBERS)})(?: (?:{'|'.join(_WORD_NUMBERS)}))?)"
_PARTS_OF_DAY = r"morning|afternoon|evening|night|overnight|noon|midnight|midday|dawn|dusk"
_CLOCK = r"\d{1,2}(?::\d\d)? ?[ap]\.?m\b\.?|\d{1,2}:\d\d|o'clock|\b(?:[ecmp][sd]t|gmt|utc)\b"
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

# Leading words that hedge or frame an expression without changing what it refers to.
_FRAMES = re.compile(
    r"(?:as (?:early|late|recently|of)|(?:the )?(?:end|beginning|start|middle|rest|close"
    r"|turn|remainder|course) of|(?:more|less|no (?:later|earlier)) than|at least|some time"
    r"|in|on|by|since|at|during|from|until|till|through|throughout|of|for|before|after|over"
    r"|around|about|approximately|roughly|nearly|almost|sometime|just|only|early|earlier|late"
    r"|later|mid|the|then|again|starting|beginning|ending|of|,) "
)
_ANCHOR = re.compile(
    rf"\d|\b{_MONTH}|\b{_WEEKDAY}\b|\b(?:today|tonight|yesterday|tomorrow|ago|last|next|this"
    r"|past|previous|coming|current|week|month|year)\b"
)
_REFERENCES = {
    # Keys are what is left once `strip_frames` has dropped "at", "in", "the"...
    "PRESENT_REF": "now|right now|currently|presently|nowadays|present|these days|moment",
    "PAST_REF": "recently|more recently|most recently|lately|previously|formerly|past",
    "FUTURE_REF": "future|near future|soon",
}
_REFERENCE_OF = {word: ref for ref, words in _REFERENCES.items() for word in words.split("|")}

_RULES: list[tuple[re.Pattern, Rule]] = []


def normalize(text: str, published: date | None) -> Value:
    """Return the TIMEX3 value and granularity of `text`, read on `published`.

    >>> normalize("Saturday evening", date(2022, 9, 3))
    ('2022-09-03', 'day')
    >>> normalize("late August", date(2022, 9, 3))
    ('2022-08', 'month')
    >>> normalize("the last 48 hours", date(2022, 9, 3))
    (None, None)
    """
    if isinstance(published, datetime):
        published = published.date()
    return _normalize(text, published)


@lru_cache(maxsize=8192)
def _normalize(text: str, published: date | None) -> Value:
    cleaned = clean(text)
    if cleaned == "may" and "May" not in text:  # the modal verb, not the month
        return UNPLACED
    core = strip_frames(cleaned)
    ref = _REFERENCE_OF.get(core) or _REFERENCE_OF.get(cleaned)
    if ref or not core:
        return (ref, None) if ref and published else UNPLACED
    core, clock = split_time_of_day(core)
    if clock and core in ("", "the", "this", "early", "late", "last"):
        return _time_of_day(core, published)
    for pattern, rule in _RULES:
        match = pattern.fullmatch(core)
        if match and (value := rule(match, published)) is not None:
            return value
    if is_duration(core) or not _ANCHOR.search(core):
        return UNPLACED
    return _parse_calendar(core, published, clock)


def clean(text: str) -> str:
    """Lower-case `text`, split hyphenated words and drop outer punctuation and possessives.

    >>> clean("Third-Quarter")
    'third quarter'
    >>> clean("  last year's ")
    'last year'
    >>> clean("the mid-1990s.")
    'the mid 1990s'
    """
    text = " ".join(text.lower().replace("\u2019", "'").split())
    text = re.sub(r"(?<=[a-z])-(?=[a-z\d])|(?<=\d)-(?=[a-z])", " ", text)
    text = re.sub(r"(?<=\d)'s\b", "s", text)
    text = re.sub(r"'s\b", "", text)
    return text.strip(" .,;:!?\"()[]'`")


def strip_frames(text: str) -> str:
    """Drop leading prepositions, determiners and hedges that keep the referent unchanged.

    >>> strip_frames("since the end of last year")
    'last year'
    >>> strip_frames("approximately mid october")
    'october'
    """
    while (match := _FRAMES.match(text)) is not None:
        text = text[match.end():]
    return text


def split_time_of_day(text: str) -> tuple[str, bool]:
    """Remove clock times and parts of the day; say whether there were any.

    >>> split_time_of_day("9 a.m. est tuesday")
    ('tuesday', True)
    >>> split_time_of_day("friday")
    ('friday', False)
    """
    rest = re.sub(rf"{_CLOCK}|\b(?:{_PARTS_OF_DAY})\b", " ", text)
    if rest == text:
        return text, False
    return strip_frames(" ".join(rest.replace(",", " ").split())), True


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
    if words and all(w in _WORD_NUMBERS for w in words):
        return sum(_WORD_NUMBERS[w] for w in words)
    return None


def rule(pattern: str) -> Callable[[Rule], Rule]:
    """Register `fn` for texts that fully match `pattern` (tried in registration order)."""

    def register(fn: Rule) -> Rule:
        _RULES.append((re.compile(pattern), fn))
        return fn

    return register


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


def weekday_near(published: date, weekday: int, direction: str) -> date:
    """Find `weekday` relative to `published`: on or before, strictly before, or after.

    >>> weekday_near(date(2022, 9, 3), 5, "on_or_before")  # Saturday, published on a Saturday
    datetime.date(2022, 9, 3)
    >>> weekday_near(date(2022, 9, 3), 2, "before"), weekday_near(date(2022, 9, 3), 1, "after")
    (datetime.date(2022, 8, 31), datetime.date(2022, 9, 6))
    """
    back = (published.weekday() - weekday) % 7
    if direction == "after":
        return published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
    if direction == "before" and back == 0:
        back = 7
    return published - timedelta(days=back)


def month_year(month: int, published: date, direction: str = "on_or_before") -> int:
    """Pick the year of a month named without one: the latest not after publication.

    >>> month_year(8, date(2022, 9, 3)), month_year(10, date(2022, 9, 3))
    (2022, 2021)
    >>> month_year(9, date(2022, 9, 3), "before"), month_year(9, date(2022, 9, 3), "after")
    (2021, 2023)
    """
    if direction == "after":
        return published.year + (month <= published.month)
    if direction == "before":
        return published.year - (month >= published.month)
    return published.year - (month > published.month)


def day_year(month: int, day: int, published: date) -> int:
    """Pick the year of a day named without one: the nearest such day to publication.

    >>> day_year(8, 28, date(2022, 9, 3)), day_year(1, 5, date(2022, 12, 20))
    (2022, 2023)
    """
    def distance(year: int) -> int:
        try:
            return abs((date(year, month, day) - published).days)
        except ValueError:  # 29 February
            return 10**6

    return min((published.year, published.year - 1, published.year + 1), key=distance)


def _offset(word: str | None) -> int:
    """Turn "last", "this", "next" and their synonyms into -1, 0, +1."""
    if word in ("last", "past", "previous", "prior", "preceding"):
        return -1
    if word in ("next", "coming", "following", "upcoming"):
        return 1
    return 0


def _month_number(name: str) -> int:
    return ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].index(
        name[:3]
    ) + 1


def _year(text: str, published: date | None) -> int | None:
    """Read "1989", "'89" (century from publication) or "89"."""
    digits = text.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    if published is None:
        return None
    year = published.year // 100 * 100 + int(digits)
    return year - 100 if year > published.year + 10 else year


_RELATIVE = r"(?:(this|last|next|past|previous|prior|preceding|coming|following|upcoming|current|present) )"


# --- rules, most specific first ------------------------------------------------------------


def _time_of_day(rest: str, published: date | None) -> Value:
    """Place "10 p.m.", "this morning", "last night" on the day of publication (or the one before)."""
    if published is None:
        return UNPLACED
    return (published - timedelta(days=rest == "last")).isoformat(), "day"


_NAMED_DAYS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}


@rule(r"(?:(day (?:before|after)) )?(today|tonight|tomorrow|yesterday)")
def _named_day(m: re.Match, published: date | None) -> Value | None:
    """Today, tonight, yesterday, tomorrow, the day before yesterday."""
    if published is None:
        return UNPLACED
    shift = _NAMED_DAYS[m[2]] + {"day before": -1, "day after": 1}.get(m[1], 0)
    return (published + timedelta(days=shift)).isoformat(), "day"


@rule(rf"{_QTY} {_UNIT}s? (ago|earlier|before|back|later|after|from now|hence)")
def _ago(m: re.Match, published: date | None) -> Value | None:
    """Count back (or forward) from publication: "two weeks ago", "a year earlier"."""
    if published is None:
        return UNPLACED
    sign = -1 if m[3] in ("ago", "earlier", "before", "back") else 1
    amount = quantity(m[1])
    if amount is None:
        return ("PAST_REF" if sign < 0 else "FUTURE_REF"), None
    return _shift(published, m[2], sign * amount, point=True)


def _shift(published: date, unit: str, by: int, point: bool = False) -> Value | None:
    """Name the `unit` that is `by` units away from publication."""
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
    if unit in ("century", "centurie"):
        return str(published.year // 100 + by), "century"
    return None


@rule(rf"{_RELATIVE}?(?:fiscal |calendar )?{_UNIT}")
def _relative_unit(m: re.Match, published: date | None) -> Value | None:
    """This week, last month, next year, the past year, the current quarter."""
    if (m[1] is None and m[2] != "quarter") or m[2] == "weekend" or published is None:
        return UNPLACED  # a bare "year" or "week" is anaphoric
    if m[1] is None:  # "the quarter" in news: the latest quarter that has ended
        return _shift(published, "quarter", -1)
    return _shift(published, m[2], _offset(m[1]))


@rule(rf"(?:(latest|most recent|last|this|next|previous) )?{_WEEKDAY}")
def _weekday(m: re.Match, published: date | None) -> Value | None:
    """A weekday: the latest on or before publication; "last" strictly before; "next" after."""
    if published is None:
        return UNPLACED
    direction = {"last": "before", "previous": "before", "next": "after"}.get(m[1], "on_or_before")
    return weekday_near(published, _WEEKDAYS.index(m[2]), direction).isoformat(), "day"


@rule(rf"{_WEEKDAY},? (.*\d.*)")
def _weekday_and_date(m: re.Match, published: date | None) -> Value | None:
    """"Monday, Oct. 26": the date decides, the weekday is redundant."""
    return _normalize(m[2], published)


@rule(r"week of (.+)")
def _week_of(m: re.Match, published: date | None) -> Value | None:
    """"The week of March 6": the ISO week of that day."""
    value, granularity = _normalize(m[1], published)
    if granularity != "day":
        return None
    return iso_week(date.fromisoformat(value)), "week"


@rule(rf"(?:fiscal )?{_ORDINAL} (?:fiscal )?(quarter|half)(?: of| in|,)?(?: (?:fiscal|calendar))?(?: (\d{{4}}|'\d\d))?")
def _quarter(m: re.Match, published: date | None) -> Value | None:
    """"The third quarter (of 1989)": without a year, the latest such quarter begun by publication."""
    return _part_of_year(_ORDINALS[m[1]], m[2], m[3], published)


@rule(rf"(?:fiscal )?(\d{{4}}|'\d\d) (?:fiscal )?{_ORDINAL} (quarter|half)")
def _year_quarter(m: re.Match, published: date | None) -> Value | None:
    """"1989 third quarter"."""
    return _part_of_year(_ORDINALS[m[2]], m[3], m[1], published)


@rule(r"q([1-4])(?: (\d{4}))?|(\d{4}) q([1-4])")
def _q_quarter(m: re.Match, published: date | None) -> Value | None:
    """"Q3 2022", "2022 Q3"."""
    return _part_of_year(int(m[1] or m[4]), "quarter", m[2] or m[3], published)


def _part_of_year(n: int, part: str, year: str | None, published: date | None) -> Value | None:
    if part == "half" and n > 2:
        return None
    size = 3 if part == "quarter" else 6
    label = f"Q{n}" if part == "quarter" else f"H{n}"
    if year is not None:
        number = _year(year, published)
        return (f"{number}-{label}", part) if number else UNPLACED
    if published is None:
        return UNPLACED
    number = published.year - ((n - 1) * size + 1 > published.month)
    return f"{number}-{label}", part


@rule(rf"{_RELATIVE}?(spring|summer|fall|autumn|winter)(?: of)?(?: (\d{{4}}))?")
def _season(m: re.Match, published: date | None) -> Value | None:
    """"Last summer", "the fall of 1998": TIMEX3 season codes SP, SU, FA, WI."""
    code = _SEASONS[m[2]]
    if m[3]:
        return f"{m[3]}-{code}", "season"
    if published is None:
        return UNPLACED
    start, offset = _SEASON_START[code], _offset(m[1])
    if offset < 0:  # the latest one that has ended
        year = published.year - (start + 3 > published.month)
    elif offset > 0:  # the first one not yet begun
        year = published.year + (start <= published.month)
    else:
        year = published.year
    return f"{year}-{code}", "season"


_DECADE_WORDS = "twenties thirties forties fifties sixties seventies eighties nineties".split()


@rule(rf"(\d{{3}})0'?s|'?(\d)0'?s|({'|'.join(_DECADE_WORDS)})")
def _decade(m: re.Match, published: date | None) -> Value | None:
    """The 1990s, the '80s, the eighties: TIMEX3 writes a decade as its first three digits."""
    if m[1]:
        return m[1], "decade"
    if published is None:
        return UNPLACED
    digit = int(m[2]) if m[2] else _DECADE_WORDS.index(m[3]) + 2
    decade = published.year // 100 * 10 + digit
    return str(decade - 10 if decade > published.year // 10 else decade), "decade"


@rule(r"(\d{1,2})(?:st|nd|rd|th) century")
def _century(m: re.Match, published: date | None) -> Value | None:
    """The 20th century is "19" in TIMEX3."""
    return f"{int(m[1]) - 1:02d}", "century"


@rule(r"(?:(?:the )?(?:fiscal|calendar|model|school|academic)(?: year)? |year )?(\d{4}|'\d\d)(?: fiscal year| fiscal)?")
def _calendar_year(m: re.Match, published: date | None) -> Value | None:
    """A year on its own, "fiscal 1989", "'89"."""
    year = _year(m[1], published)
    if year is None:
        return UNPLACED
    return (str(year), "year") if 1000 <= year <= 2199 else UNPLACED


@rule(rf"{_RELATIVE}?{_MONTH}(?:,? (?:of )?(\d{{4}}|'\d\d)|,? {_RELATIVE}year)?")
def _month(m: re.Match, published: date | None) -> Value | None:
    """A month: with a year; "last/next August"; bare, the latest not after publication."""
    month = _month_number(m[2])
    if m[3]:
        year = _year(m[3], published)
    elif published is None:
        return UNPLACED
    elif m[4]:
        year = published.year + _offset(m[4])
    else:
        direction = {-1: "before", 1: "after"}.get(_offset(m[1]), "on_or_before")
        year = month_year(month, published, direction)
    return (f"{year:04d}-{month:02d}", "month") if year else UNPLACED


# --- dateparser for everything else --------------------------------------------------------


@lru_cache(maxsize=32)
def _parser(published: date | None):
    """Build one dateparser per publication date (its relative base is a constructor setting)."""
    from dateparser.date import DateDataParser

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
            found = found.replace(year=day_year(found.month, found.day, published))
        return found.date().isoformat(), "day"
    if period == "week":
        return iso_week(found.date()), "week"
    if period == "month":
        year = found.year if has_year or published is None else month_year(found.month, published)
        return f"{year:04d}-{found.month:02d}", "month"
    if period == "year":
        return str(found.year), "year"
    return UNPLACED
