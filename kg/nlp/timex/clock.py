"""Times of day as TimeML writes them after the date: T20:00, T15:30, TAF (afternoon), TNI (night)."""

from __future__ import annotations

import re

from kg.nlp.timex.lexicon import lexicon

_CLOCK = re.compile(
    r"\b(?P<hour>\d{1,2})(?:[:.](?P<minute>\d\d))? ?(?P<half>[ap])\.? ?m\b\.?"
    r"|\b(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>\d\d)\b"
    r"|\b(?P<oclock>\d{1,2}) o'clock\b"
    r"|\b(?P<hour_wire>[01]\d|2[0-3])(?P<minute_wire>[0-5]\d) ?(?:[ecmp][sd]t|gmt|utc|local time)\b"
)

_WORD = re.compile(r"[a-z]+")


def time_of_day(text: str) -> str | None:
    """The TimeML time part of `text` (lower case), or None when it names no time of day.

    >>> time_of_day("8 pm"), time_of_day("15:00 gmt saturday"), time_of_day("friday afternoon")
    ('T20:00', 'T15:00', 'TAF')
    >>> time_of_day("12 a.m."), time_of_day("noon thursday"), time_of_day("friday") is None
    ('T00:00', 'T12:00', True)
    >>> time_of_day("1530 gmt"), time_of_day("2 p.m. (1900 gmt)")
    ('T15:30', 'T14:00')
    """
    if match := _CLOCK.search(text):
        if match["hour24"] is not None:
            return f"T{int(match['hour24']):02d}:{match['minute24']}"
        if match["hour_wire"] is not None:
            return f"T{match['hour_wire']}:{match['minute_wire']}"
        if match["oclock"] is not None:
            return f"T{int(match['oclock']):02d}:00"
        hour = int(match["hour"]) % 12 + (12 if match["half"] == "p" else 0)
        return f"T{hour:02d}:{match['minute'] or '00'}" if hour < 24 else None
    for word in _WORD.findall(text):
        if (part := lexicon().parts_of_day.get(word.removesuffix("s"))) is not None:
            return f"T{part}"
    return None
