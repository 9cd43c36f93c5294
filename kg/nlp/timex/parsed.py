"""dateparser for the calendar dates the rules leave: written-out and numeric dates (pure, cached)."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from kg.nlp.timex.calendar import UNPLACED, Value, day_year, iso_week, month_year, on_year

_YEAR = re.compile(r"\d{4}|'\d\d\b")


@lru_cache(maxsize=32)
def _parser(published: date | None):
    """Build one dateparser per publication date (the relative base is a constructor setting)."""
    from dateparser.date import DateDataParser  # slow to import: only when a text needs it

    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    return DateDataParser(languages=["en"], settings=settings)


def parse_calendar(text: str, published: date | None, clock: bool) -> Value:
    """Parse a calendar date with dateparser and place a missing year by news convention."""
    has_year = _YEAR.search(text) is not None
    if published is None and not has_year:
        return UNPLACED
    data = _parser(published).get_date_data(text)
    found, period = data.date_obj, data.period
    if found is None or (period == "time" and not clock):
        return UNPLACED
    if period in ("day", "time"):
        if not has_year and published is not None:
            found = on_year(found, day_year(found.month, found.day, published)) or found
        return found.date().isoformat(), "day"
    if period == "week":
        return iso_week(found.date()), "week"
    if period == "month":
        year = found.year if has_year or published is None else month_year(found.month, published)
        return f"{year:04d}-{found.month:02d}", "month"
    return (str(found.year), "year") if period == "year" else UNPLACED
