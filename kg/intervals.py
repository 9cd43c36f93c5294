"""Intervals of days: what a stated time covers, and how event resolution (kg/events.py) meets and spans them."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# Finest first: a stated day wins over a stated month.
SPECIFICITY = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True)
class Interval:
    """Closed interval of days; None is unbounded."""

    earliest: date | None
    latest: date | None

    def meet(self, other: Interval) -> Interval:
        lo = max((d for d in (self.earliest, other.earliest) if d), default=None)
        hi = min((d for d in (self.latest, other.latest) if d), default=None)
        return Interval(lo, hi)

    @property
    def empty(self) -> bool:
        return self.earliest is not None and self.latest is not None and self.earliest > self.latest


def stated_interval(value: str, granularity: str) -> Interval | None:
    """The days a stated time covers.

    >>> stated_interval("2022-09", "month")
    Interval(earliest=datetime.date(2022, 9, 1), latest=datetime.date(2022, 9, 30))
    """
    try:
        if granularity == "day":
            day = date.fromisoformat(value[:10])
            return Interval(day, day)
        if granularity == "month":
            year, month = int(value[:4]), int(value[5:7])
            return Interval(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
        if granularity == "year":
            year = int(value[:4])
            return Interval(date(year, 1, 1), date(year, 12, 31))
        if granularity == "week":
            monday = date.fromisocalendar(int(value[:4]), int(value.split("W")[1][:2]), 1)
            return Interval(monday, monday + timedelta(days=6))
    except (ValueError, IndexError):
        return None
    return None


def span(a: Interval, b: Interval) -> Interval:
    """The smallest interval holding both (None: nothing to hold)."""
    firsts = [d for d in (a.earliest, b.earliest) if d]
    lasts = [d for d in (a.latest, b.latest) if d]
    return Interval(min(firsts, default=None), max(lasts, default=None))


def interval_text(interval: Interval) -> str:
    if interval.earliest == interval.latest and interval.earliest:
        return interval.earliest.isoformat()
    lo = interval.earliest.isoformat() if interval.earliest else ""
    hi = interval.latest.isoformat() if interval.latest else ""
    return f"{lo}..{hi}"


__all__ = ["SPECIFICITY", "Interval", "interval_text", "span", "stated_interval"]
