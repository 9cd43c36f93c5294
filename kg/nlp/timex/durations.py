"""Stretches of time as ISO 8601 durations: "90 days" P90D, "the past two years" P2Y, "weeks" PXW.

A counted or plural unit is a duration; "the past/next N units" is anchored at publication
(it ends or begins there).  A singular unit without a count ("the past year", "last week")
names a calendar period and is left to the date rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import lru_cache

from kg.nlp.timex.lexicon import Unit, lexicon
from kg.nlp.timex.numbers import NUMBER_WORDS, amount


_YEAR_NUMBER = re.compile(r"1[5-9]\d\d|20\d\d")


@dataclass(frozen=True)
class Duration:
    value: str  # P90D, PT2H, PXY
    begin_point: str | None = None  # ISO date the stretch begins at, when the text ties it to one
    end_point: str | None = None


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    lex = lexicon()
    anchors = lex.alternatives((*lex.ends_at_publication, *lex.begins_at_publication, "first", "initial", "final"))
    count = (
        rf"\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?: \d/\d)?|\d/\d|(?:(?:{'|'.join(NUMBER_WORDS)}) ?)+(?:and a half)?"
        rf"|half an?|an?(?: and a half)?|{lex.alternatives(lex.vague_counts)}"
    )
    fillers = lex.alternatives(lex.unit_fillers)
    return re.compile(
        rf"(?:(?P<anchor>{anchors}) )?(?:(?P<count>{count})(?P<range> (?:to|or|-|and) (?:{count})|-\d+)? )?"
        rf"(?:(?:{fillers}) )*(?:(?<!and a )(?P<fraction>half|quarter)(?: of an?)? )?{lex.unit_pattern}"
        r"(?P<half> and an? half)?(?: (?:or so|or two|or three|long|old|period|term|span|stretch|running|in a row|ahead|to come))*"
        rf"(?P<other> (?:or|and) {lex.plural_unit_pattern})?"
        r"(?: (?:of|in) (?:the |this |last |that )?(?:fiscal |calendar )?(?:year|\d{4}))?"
    )


def read_duration(core: str, published: date | None) -> Duration | None:
    """Read `core` (lower case, leading frames dropped) as a duration, or None.

    >>> read_duration("90 days", None), read_duration("the past two years", date(2022, 9, 3))
    (Duration(value='P90D', begin_point=None, end_point=None), Duration(value='P2Y', begin_point=None, end_point='2022-09-03'))
    >>> read_duration("last year", None) is None, read_duration("two to three weeks", None).value
    (True, 'P2W')
    >>> read_duration("a while", None).value, read_duration("6,000 years", None).value
    ('PXX', 'P6000Y')
    >>> read_duration("12 and 14 years", None).value, read_duration("two hours, 23 minutes and 10 seconds", None).value
    ('P12Y', 'PT2H23M10S')
    >>> read_duration("four minutes 14.74 seconds", None).value, read_duration("week-long", None).value
    ('PT4M14.74S', 'P1W')
    >>> read_duration("30-40 hours", None).value, read_duration("all week", None).value
    ('PT30H', 'P1W')
    """
    lex = lexicon()
    if core in lex.vague_stretches:
        return Duration("PXX")
    core = _THESE_PAST.sub("", core.removeprefix("the "))  # "these past few months": the past few months
    core = _ALL.sub("a ", core)  # "all week", "all day": the whole unit (P1W, P1D)
    if (compound := _compound(core)) is not None:
        return Duration(compound)
    if (long := _LONG.fullmatch(core)) and long["unit"] in lex.units:
        return Duration(iso_duration(Fraction(1), lex.unit(long["unit"])))  # "a year-long celebration"
    match = _pattern().fullmatch(core)
    if match is None:
        return None
    count = match["count"]
    if match["fraction"] and match["plural"]:
        return None  # "five and [a half months]" is no phrase
    if match["other"] and (count is not None or not match["plural"]):
        return None  # "weeks or months" is one vague stretch; "two weeks or months" is no phrase of one
    if count is None and not match["plural"] and not match["fraction"]:
        return None  # "the past year", "last week": a calendar period
    if count is not None and _YEAR_NUMBER.fullmatch(count) and not match["plural"]:
        return None  # "the 1988 quarter": a year, not a count
    unit = lex.unit(match["unit"])
    # "two to three weeks": TimeML (and TimeBank's gold) write a range of counts as its first count (P2W).
    number = None if count is None else amount(count, lex.vague_counts)
    if number is not None and match["half"]:
        number += Fraction(1, 2)
    if match["fraction"]:  # "a quarter-century", "a quarter of a century" P25Y, "a half hour" PT30M
        number = (number or Fraction(1)) * _FRACTIONS[match["fraction"]]
    value = iso_duration(number, unit)
    point = published.isoformat() if published else None
    if match["anchor"] in lex.ends_at_publication:
        return Duration(value, end_point=point)
    if match["anchor"] in lex.begins_at_publication:
        return Duration(value, begin_point=point)
    return Duration(value)


_FRACTIONS = {"half": Fraction(1, 2), "quarter": Fraction(1, 4)}
_THESE_PAST = re.compile(r"^these (?=(?:past|last|previous|recent) )")
_ALL = re.compile(r"^all (?=(?:day|night|week|month|year|weekend|season)$)")
# "Two hours, 23 minutes and 10 seconds", "four minutes 14.74 seconds": counted units in a row, one stretch.
_NEXT_COUNT = re.compile(r",? (?:and )?(?=\d)")
_SIMPLE = re.compile(r"P(?P<time>T?)(?P<amount>\d+(?:\.\d+)?)(?P<designator>[YMWDHS])")
_ORDER = ("Y", "M", "W", "D", "TH", "TM", "TS")
# "A year-long celebration", "a week-long visit": one unit.
_LONG = re.compile(r"(?:an? )?(?P<unit>[a-z]+)[- ]long")


@lru_cache(maxsize=1)
def _unit_words() -> re.Pattern[str]:
    return re.compile(rf"\b{lexicon().unit_pattern}\b")


def _compound(core: str) -> str | None:
    """The ISO 8601 value of counted units in a row, from the largest down, or None when `core` is not one."""
    if len(_unit_words().findall(core)) < 2:
        return None
    parts = _NEXT_COUNT.split(core)
    if len(parts) < 2:
        return None
    fields: dict[str, str] = {}
    for part in parts:
        stretch = read_duration(part, None)
        simple = _SIMPLE.fullmatch(stretch.value) if stretch and not stretch.end_point and not stretch.begin_point else None
        key = simple and simple["time"] + simple["designator"]
        if not simple or key in fields or (fields and _ORDER.index(key) <= _ORDER.index(list(fields)[-1])):
            return None
        fields[key] = simple["amount"]
    date_part = "".join(fields[k] + k for k in _ORDER[:4] if k in fields)
    time_part = "".join(fields[k] + k[1] for k in _ORDER[4:] if k in fields)
    return "P" + date_part + ("T" + time_part if time_part else "")


def iso_duration(number: Fraction | None, unit: Unit) -> str:
    """Write `number` units as ISO 8601; a fraction spills into the next smaller unit.

    >>> from kg.nlp.timex.lexicon import Unit
    >>> iso_duration(Fraction(5, 2), Unit("Y")), iso_duration(Fraction(3, 2), Unit("M", time=True))
    ('P2Y6M', 'PT1M30S')
    >>> iso_duration(None, Unit("Y", 10, vague="E")), iso_duration(Fraction(2), Unit("Y", 10, vague="E"))
    ('PXE', 'P20Y')
    """
    prefix = "PT" if unit.time else "P"
    if number is None:
        return f"{prefix}X{unit.vague or unit.designator}"
    number *= unit.times
    whole, rest = int(number), number - int(number)
    if not rest:
        return f"{prefix}{whole}{unit.designator}"
    if unit.time and unit.designator == "S":  # "14.74 seconds": seconds keep their decimals
        return f"PT{float(number):g}S"
    smaller, per = _SMALLER[(unit.designator, unit.time)]
    part = rest * per
    head = f"{whole}{unit.designator}" if whole else ""
    tail = f"{int(part) if part == int(part) else float(part)}{smaller}"
    if unit.time or not _SMALLER_IS_TIME.get(unit.designator):
        return f"{prefix}{head}{tail}"
    return f"P{head}T{tail}"


# The next smaller unit and how many of it one unit holds (a month counts 30 days).
_SMALLER = {("Y", False): ("M", 12), ("Q", False): ("M", 3), ("M", False): ("D", 30), ("W", False): ("D", 7),
            ("D", False): ("H", 24), ("H", True): ("M", 60), ("M", True): ("S", 60), ("S", True): ("S", 1)}  # fmt: skip
_SMALLER_IS_TIME = {"D": True}
