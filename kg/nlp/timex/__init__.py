"""Read a time expression as TimeML does: its type (DATE, TIME, DURATION, SET), value and attributes.

`interpret(text, published, tense)` tries the rule families in turn: recurrences
(kg.nlp.timex.sets), stretches of time (kg.nlp.timex.durations), then calendar positions
(kg.nlp.timex.dates, against the publication date), with a time of day (kg.nlp.timex.clock) turning a
day into a TIME.  Lexicons live in kg/data/times.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from kg.nlp.timex.dates import normalize
from kg.nlp.timex.words import clean, strip_frames
from kg.nlp.timex.clock import time_of_day
from kg.nlp.timex.durations import read_duration
from kg.nlp.timex.lexicon import lexicon
from kg.nlp.timex.sets import read_set

TYPES = ("DATE", "TIME", "DURATION", "SET")
# "three days later", "a week before", "months ago" (no count to place it by): a stretch counted from some time.
# "over the past two years", "within this month": a one-word mod before a named period is a preposition.
_NAMED_PERIOD = re.compile(r"(?:the|this|that|last|past|next|coming|recent) ")
# ... but "early", "mid", "late" before one are a part of it: "early next year" (mod START).
_PHASES = frozenset({"START", "MID", "END"})
# "year-end", "year's end": the part written after its unit, read as "the end of the year" (mod END).
_AFTER_UNIT = re.compile(r"\b(?P<det>(?:the|this|last|next) )?(?P<unit>year|quarter|month|week)(?:'s)? "
                         r"(?P<part>end|start|beginning|middle)\b")
# "a week or so ago", "the next year or so": a hedge inside or after the expression (mod APPROX).
_OR_SO = re.compile(r",? or so\b", re.IGNORECASE)
_COUNTED_FROM_ELSEWHERE = re.compile(r"(?P<stretch>.+) (?:later|earlier|after|afterwards|before|on|ago)")
_FRAMING_PREPOSITION = re.compile(r"^(?:in|on|at|by|for|since|during|from|until|through) ")
# "10 or more years", "two or fewer days": the open end of the count is the mod, as in "10 years or more".
_COUNT_OR_MORE = re.compile(r"(?P<count>[\w.,]+) (?P<mod>or (?:more|less|fewer)) (?P<rest>.+)")
# "In five years' time", "a week's time" (cleaned "a week time"): the stretch counted ahead, "time" a filler.
_STRETCH_TIME = re.compile(r"(?P<stretch>\S+ .+?)'? time")


@dataclass(frozen=True)
class Reading:
    """One expression read the TimeML way; `value`/`granularity` keep kg's calendar view."""

    timex_type: str  # DATE, TIME, DURATION, SET
    timex: str | None  # the full TimeML value: 2022-09-03T20:00, P90D, XXXX-WI, PRESENT_REF
    value: str | None = None  # the calendar date part of a DATE or TIME: 2022-09-03, 2022-09, 2019
    granularity: str | None = None  # day, week, month, quarter, half, season, year, decade, century
    mod: str | None = None  # TimeML mod: APPROX, LESS_THAN, START, END ...
    begin_point: str | None = None  # where a duration begins or ends, when the text ties it to a date
    end_point: str | None = None
    freq: str | None = None  # sets: "2X" for twice
    quant: str | None = None  # sets: EVERY, EACH


@lru_cache(maxsize=8192)
def interpret(text: str, published: date | None, tense: int = 0) -> Reading:
    """Read `text` against the publication date, in a clause of the given tense (-1, 0, 1).

    >>> interpret("90 days", date(2022, 9, 3)).timex, interpret("every morning", None).timex
    ('P90D', 'XXXX-XX-XXTMO')
    >>> r = interpret("8 PM Friday", date(2022, 9, 3)); (r.timex_type, r.timex, r.value)
    ('TIME', '2022-09-02T20:00', '2022-09-02')
    >>> r = interpret("year-end", date(2022, 9, 3)); (r.timex, r.mod)
    ('2022', 'END')
    >>> r = interpret("a week or so ago", date(2022, 9, 3)); (r.timex, r.mod)
    ('2022-08-27', 'APPROX')
    >>> interpret("five years' time", None).timex, interpret("about a week's time", None).timex
    ('P5Y', 'P1W')
    >>> r = interpret("10 or more years", None); (r.timex, r.mod)
    ('P10Y', 'EQUAL_OR_MORE')
    """
    if isinstance(published, datetime):
        published = published.date()
    hedged = _OR_SO.search(text) is not None
    text = _OR_SO.sub("", text)
    cleaned = clean(text)
    if (unit_first := _AFTER_UNIT.sub(_unit_first, cleaned)) != cleaned:
        text = cleaned = unit_first
    if (of_time := _STRETCH_TIME.fullmatch(cleaned)) and read_duration(strip_frames(of_time["stretch"]), None):
        text = cleaned = of_time["stretch"]
    if count_or_more := _COUNT_OR_MORE.fullmatch(cleaned):
        text = cleaned = f"{count_or_more['count']} {count_or_more['rest']} {count_or_more['mod']}"
    mod, bare = read_mod(cleaned)
    mod = mod or ("APPROX" if hedged else None)
    if mod and bare != cleaned and cleaned.startswith(bare + " "):
        text = bare  # "1994 [or later]": the open end is the mod, the rest the value
    if (recurrence := read_set(bare)) is not None:
        return Reading("SET", recurrence.value, mod=mod, freq=recurrence.freq, quant=recurrence.quant)
    core = strip_frames(bare)
    if (stretch := read_duration(core, published)) is not None:
        return Reading("DURATION", stretch.value, mod=mod, begin_point=stretch.begin_point, end_point=stretch.end_point)
    value, granularity = normalize(text, published, tense)
    clock = time_of_day(core)
    if clock is not None and (granularity == "day" or value is None):
        timex = value + clock if value else None
        return Reading("TIME", timex, value, granularity, mod)
    if value is None and (counted := _COUNTED_FROM_ELSEWHERE.fullmatch(core)):
        if (stretch := read_duration(counted["stretch"], None)) is not None:
            return Reading("DURATION", stretch.value, mod=mod)
    return Reading("DATE", value, value, granularity, mod)


def _unit_first(m: re.Match[str]) -> str:
    """"Year-end" the end of the year, "this week's end" the end of this week; with no determiner a week or month is
    the current one ("month-end"), as "the year" is in the news and "the quarter" the latest ended."""
    det = m["det"] or ("the " if m["unit"] in ("year", "quarter") else "this ")
    return f"the {m['part']} of {det}{m['unit']}"


def read_mod(cleaned: str) -> tuple[str | None, str]:
    """Split off the words that qualify an expression ("nearly", "the end of", "or so"): TimeML's mod.

    >>> read_mod("nearly two years"), read_mod("in late august"), read_mod("two years or so")
    (('LESS_THAN', 'two years'), ('END', 'august'), ('APPROX', 'two years'))
    >>> read_mod("early next year"), read_mod("over the past year")
    (('START', 'next year'), (None, 'over the past year'))
    """
    mods = lexicon().mods
    unframed = _FRAMING_PREPOSITION.sub("", cleaned)
    by_first_word, rank = _mods_by_first_word()
    for text in dict.fromkeys((cleaned, unframed, unframed.removeprefix("the "))):  # "the early 1990s"
        candidates = (*by_first_word.get(text.split(" ", 1)[0], ()), *by_first_word.get("or", ()),
                      *by_first_word.get("and", ()))
        for phrase in sorted(candidates, key=rank.__getitem__):
            if text.startswith(phrase + " "):
                rest = text[len(phrase) + 1 :]
                if " " in phrase or mods[phrase] in _PHASES or not _NAMED_PERIOD.match(rest):
                    return mods[phrase], rest
            if phrase.startswith(("or ", "and ")) and text.endswith(" " + phrase):
                return mods[phrase], text[: -len(phrase) - 1]
    return None, cleaned


@lru_cache(maxsize=1)
def _mods_by_first_word() -> tuple[dict[str, tuple[str, ...]], dict[str, int]]:
    """The mod phrases by their first word, and each one's rank, longest first: only a phrase whose first word opens
    the text (or an "or so" that may close it) can match."""
    longest_first = sorted(lexicon().mods, key=len, reverse=True)
    by_first_word: dict[str, tuple[str, ...]] = {}
    for phrase in longest_first:
        by_first_word[phrase.split(" ", 1)[0]] = (*by_first_word.get(phrase.split(" ", 1)[0], ()), phrase)
    return by_first_word, {phrase: i for i, phrase in enumerate(longest_first)}


def names_time(text: str) -> bool:
    """Say whether `text` has a word about time (a unit, a month, "ago", "that day"): a value-less
    expression without one ("58", "as little as 99 cents") is not a time expression.

    >>> names_time("that day"), names_time("the following year"), names_time("58")
    (True, True, False)
    """
    return _time_words().search(clean(text)) is not None


@lru_cache(maxsize=1)
def _time_words() -> re.Pattern[str]:
    lex = lexicon()
    words = (*lex.time_words, *lex.parts_of_day, *lex.set_adverbs)
    return re.compile(rf"\b(?:{lex.alternatives(words)}|{lex.unit_pattern})\b")
