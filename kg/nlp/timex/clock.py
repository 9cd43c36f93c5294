"""Times of day as TimeML writes them after the date: T20:00, T15:30, TAF (afternoon), TNI (night); a clock time
given in UTC or GMT carries ISO 8601's zone designator Z ("16:08 UTC" T16:08Z)."""

from __future__ import annotations

import re

from kg.nlp.timex.lexicon import lexicon

_HOURS = "one two three four five six seven eight nine ten eleven twelve".split()
_CLOCK = re.compile(
    r"\b(?P<hour>\d{1,2})(?:[:.](?P<minute>\d\d))? ?(?P<half>[ap])\.? ?m\b\.?"
    r"|\b(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>\d\d)\b"
    r"|\b(?P<oclock>\d{1,2}|" + "|".join(_HOURS) + r") o'clock\b"
    r"|\b(?P<hour_part>\d{1,2}|" + "|".join(_HOURS) + r") (?=in the (?:morning|afternoon|evening)\b|at night\b)"
    r"|\b(?P<hour_wire>[01]\d|2[0-3])\.?(?P<minute_wire>[0-5]\d) ?(?:[ecmp][sd]?t|gmt|utc|bst|ces?t|local time)\b"
)

_WORD = re.compile(r"[a-z]+")
_LATER_PART = re.compile(r"\b(?:tonight|afternoon|evening|night)\b")
# UTC or GMT right after a clock time, with no offset after it ("6:40 p.m. (GMT +8)" is local time).
_UTC_AFTER = re.compile(r" ?(?:utc|gmt)\b(?! ?[+-] ?\d)")


def _after_noon(hour: str, text: str) -> int:
    """"8:30 tonight", "two o'clock this afternoon": a clock of twelve hours without a.m. or p.m. is after noon when
    the text names a later part of the day ("08:30", written with its zero, is a 24-hour clock)."""
    if 1 <= int(hour) <= 11 and not hour.startswith("0") and _LATER_PART.search(text):
        return int(hour) + 12
    return int(hour)


def time_of_day(text: str) -> str | None:
    """The TimeML time part of `text` (lower case), or None when it names no time of day.

    >>> time_of_day("8 pm"), time_of_day("15:00 gmt saturday"), time_of_day("friday afternoon")
    ('T20:00', 'T15:00Z', 'TAF')
    >>> time_of_day("12 a.m."), time_of_day("noon thursday"), time_of_day("friday") is None
    ('T00:00', 'T12:00', True)
    >>> time_of_day("1530 gmt"), time_of_day("2 p.m. (1900 gmt)"), time_of_day("16:08 utc"), time_of_day("3 p.m. est")
    ('T15:30Z', 'T14:00', 'T16:08Z', 'T15:00')
    >>> time_of_day("08.23 bst"), time_of_day("8:30 tonight"), time_of_day("08:30 tonight")
    ('T08:23', 'T20:30', 'T08:30')
    >>> time_of_day("three o'clock in the morning"), time_of_day("seven in the evening"), time_of_day("ten at night")
    ('T03:00', 'T19:00', 'T22:00')
    """
    if match := _CLOCK.search(text):
        zone = "Z" if _UTC_AFTER.match(text, match.end()) or match[0].endswith(("gmt", "utc")) else ""
        if match["hour24"] is not None:
            return f"T{_after_noon(match['hour24'], text):02d}:{match['minute24']}{zone}"
        if match["hour_wire"] is not None:
            return f"T{match['hour_wire']}:{match['minute_wire']}{zone}"
        if (hour := match["oclock"] or match["hour_part"]) is not None:
            hour = str(_HOURS.index(hour) + 1) if hour in _HOURS else hour
            return f"T{_after_noon(hour, text) % 24:02d}:00{zone}"
        hour = int(match["hour"]) % 12 + (12 if match["half"] == "p" else 0)
        return f"T{hour:02d}:{match['minute'] or '00'}{zone}" if hour < 24 else None
    for word in _WORD.findall(text):
        if (part := lexicon().parts_of_day.get(word.removesuffix("s"))) is not None:
            return f"T{part}"
    return None
