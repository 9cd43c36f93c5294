"""Recurring times as TimeML SETs: "every morning" XXXX-XX-XXTMO, "annually" XXXX, "each month" P1M.

A recurring calendar position (a weekday, a month, a season, a part of the day) is written as
that position with X for what recurs; a recurring stretch ("each year", "twice a week") as its
duration, with `quant` (EVERY, EACH) and `freq` (2X) as TimeML puts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.nlp.timex.durations import iso_duration
from kg.nlp.timex.lexicon import lexicon
from kg.nlp.timex.numbers import amount

_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MONTHS = "january february march april may june july august september october november december".split()
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_FRAME = re.compile(r"^(?:on|in|at|during) ")
_ARTICLE = re.compile(r"^an? ")
_BI = re.compile(r"\b(bi|semi) (?=\w)")


@dataclass(frozen=True)
class Recurrence:
    value: str
    quant: str | None = None
    freq: str | None = None


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    quants = lex.alternatives(lex.set_quantifiers)
    freq = rf"(?:(?P<freq>{lex.alternatives(lex.frequencies)}|\w+ times) )?"
    stretch = re.compile(
        rf"{freq}(?P<quant>{quants}|an?)(?: (?P<other>other))?(?: (?P<count>{lex.alternatives(lex.vague_counts)}|[\w.]+))?"
        rf" {lex.unit_pattern}"
    )
    named = re.compile(  # "every Thursday", "each July", "every other Saturday"
        rf"(?P<quant>{quants}) (?:other )?(?P<name>{'|'.join(_WEEKDAYS + _MONTHS + list(_SEASONS))}|weekend)?"
        rf"(?: ?(?P<part>{lex.alternatives(lex.parts_of_day)}))?"
    )
    plural = re.compile(  # "Tuesday nights", "weekends", "the past three summers"
        rf"(?:(?:the )?(?:past|last|next|coming|previous) \w+ )?"
        rf"(?P<name>{'|'.join(_WEEKDAYS + list(_SEASONS))}|weekend)s?"
        rf"(?: (?P<part>{lex.alternatives(lex.parts_of_day)})s?)?"
    )
    return stretch, named, plural


def read_set(cleaned: str) -> Recurrence | None:
    """Read `cleaned` (lower case) as a recurrence, or None.

    >>> read_set("every morning"), read_set("annually")
    (Recurrence(value='XXXX-XX-XXTMO', quant='EVERY', freq=None), Recurrence(value='XXXX', quant=None, freq=None))
    >>> read_set("twice a year"), read_set("tuesday nights")
    (Recurrence(value='P1Y', quant=None, freq='2X'), Recurrence(value='XXXX-WXX-2TNI', quant=None, freq=None))
    >>> read_set("a year") is None, read_set("tuesday") is None
    (True, True)
    >>> read_set("twice daily"), read_set("every few years").value, read_set("bi weekly").value
    (Recurrence(value='XXXX-XX-XX', quant=None, freq='2X'), 'PXY', 'P2W')
    >>> read_set("the past three summers").value, read_set("summer") is None, read_set("half hourly").value
    ('XXXX-SU', True, 'PT30M')
    >>> read_set("every night").value, read_set("every two nights").value
    ('XXXX-XX-XXTNI', 'P2D')
    """
    lex = lexicon()
    text = _FRAME.sub("", cleaned)
    text = _BI.sub(r"\1", text)  # "bi-weekly", cleaned to "bi weekly"
    if (whole := _ARTICLE.sub("", text)) in lex.set_adverbs:  # "a half hourly" (written "a half-hourly")
        return Recurrence(lex.set_adverbs[whole])
    freq, _, adverb = text.rpartition(" ")
    if adverb in lex.set_adverbs and (not freq or _freq(freq)):
        return Recurrence(lex.set_adverbs[adverb], freq=_freq(freq) if freq else None)
    stretch, named, plural = _patterns()
    if (m := stretch.fullmatch(text)) and (m["freq"] or m["quant"] not in ("a", "an")) and not _part_of_day(m):
        vague = m["count"] is not None and m["count"] in lex.vague_counts
        count = None if vague else amount(m["count"]) if m["count"] else 1
        if count is not None or vague:
            count = None if vague else count * (2 if m["other"] else 1)
            return Recurrence(iso_duration(count, lex.unit(m["unit"])), lex.set_quantifiers.get(m["quant"]), _freq(m["freq"]))
    if (m := named.fullmatch(text)) and (m["name"] or m["part"]):
        return Recurrence(_position(m["name"], m["part"]), lex.set_quantifiers[m["quant"]])
    if (m := plural.fullmatch(text)) and text.endswith("s"):
        return Recurrence(_position(m["name"], m["part"]))
    return None


def _part_of_day(m: re.Match[str]) -> bool:
    """"Every night", like "every morning", recurs at a part of the day (XXXX-XX-XXTNI); "every two nights" and "twice
    a night" count nights as days."""
    return m["unit"] in lexicon().parts_of_day and not (m["count"] or m["other"] or m["freq"]) and m["quant"] not in ("a", "an")


def _freq(word: str | None) -> str | None:
    if word is None:
        return None
    count = lexicon().frequencies.get(word) or amount(word.removesuffix(" times"))
    return f"{count}X" if count else None


def _position(name: str | None, part: str | None) -> str:
    """The recurring position: XXXX-WXX-2 (Tuesdays), XXXX-07 (each July), XXXX-SU, plus a time of day."""
    if name is None:
        value = "XXXX-XX-XX"
    elif name in _WEEKDAYS:
        value = f"XXXX-WXX-{_WEEKDAYS.index(name) + 1}"
    elif name == "weekend":
        value = "XXXX-WXX-WE"
    elif name in _MONTHS:
        value = f"XXXX-{_MONTHS.index(name) + 1:02d}"
    else:
        value = f"XXXX-{_SEASONS[name]}"
    return value + (f"T{lexicon().parts_of_day[part]}" if part else "")
