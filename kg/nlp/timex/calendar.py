"""Calendar arithmetic for placing an expression against the publication date (pure)."""

from __future__ import annotations

from datetime import date, timedelta

from kg.nlp.timex.words import OFFSETS, SEASON_START

Value = tuple[str | None, str | None]
UNPLACED: Value = (None, None)

# News looks back more than ahead: a bare month of unknown tense is read ahead only this far.
MONTHS_AHEAD = 4

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
    """Pick the year of a day named without one: the nearest such day to publication, but no more
    than a few months ahead (news looks back more than forward).

    >>> day_year(8, 28, date(2022, 9, 3)), day_year(1, 5, date(2022, 12, 20)), day_year(3, 31, date(1989, 10, 27))
    (2022, 2023, 1989)
    >>> day_year(2, 29, date(2010, 6, 15)), day_year(2, 29, date(2011, 6, 15))
    (2008, 2008)
    """
    candidates = (published.year, published.year - 1, published.year + 1)
    days = [d for d in (on_year(date(2000, month, day), y) for y in candidates) if d]
    days = [d for d in days if (d - published).days <= 31 * MONTHS_AHEAD]
    if not days:  # 29 February with no leap year in reach: the latest one before publication
        return next(y for y in range(published.year - 2, published.year - 8, -1) if on_year(date(2000, month, day), y))
    return min(days, key=lambda d: abs((d - published).days)).year


def on_year(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None

def toward(value: Value, published: date | None, weekday: bool = True) -> Value:
    """Move a bare weekday, day or month named in a future-tense clause to the first one after `published`.

    A past tense moves nothing: a bare month is already the latest not after publication, a bare
    day the nearest, and reported speech ("said it will pay on Nov. 10") puts future days in
    past-tense clauses.  A day of the month ("on 27 February", not a weekday) less than a week gone stays
    where it is (the text was written before it was published); one further back is next year's.

    >>> toward(("2022-08-30", "day"), date(2022, 9, 3)), toward(("2022-04", "month"), date(2022, 9, 3))
    (('2022-09-06', 'day'), ('2023-04', 'month'))
    >>> toward(("2022-08-30", "day"), date(2022, 9, 3), weekday=False)
    ('2022-08-30', 'day')
    """
    found, granularity = value
    if found is None or published is None or granularity not in ("day", "month"):
        return value
    if granularity == "month":
        year, month = map(int, found.split("-"))
        return (f"{year + 1:04d}-{month:02d}", "month") if (year, month) < (published.year, published.month) else value
    day = date.fromisoformat(found)
    if day < published and (published - day).days < 7:
        day = day + timedelta(days=7) if weekday else day
    elif day < published:
        day = on_year(day, day.year + 1) or day
    return day.isoformat(), "day"

def by_tense(value: Value, published: date | None, tense: int) -> Value:
    """Move a season named without its year to the first one not yet ended in a future clause, or to the latest
    one begun in a past clause.

    >>> by_tense(("2022-SU", "season"), date(2022, 10, 20), 1), by_tense(("2022-SU", "season"), date(2022, 2, 3), -1)
    (('2023-SU', 'season'), ('2021-SU', 'season'))
    >>> by_tense(("2022-FA", "season"), date(2022, 10, 26), 1), by_tense(("2022-FA", "season"), date(2022, 10, 26), -1)
    (('2022-FA', 'season'), ('2022-FA', 'season'))
    """
    found, granularity = value
    if found is None or published is None or granularity != "season":
        return value
    year, season = found.split("-")
    start = int(year) * 12 + SEASON_START[season] - 1
    now = published.year * 12 + published.month - 1
    if tense > 0 and start + 2 < now:
        return f"{int(year) + 1}-{season}", granularity
    if tense < 0 and start > now:
        return f"{int(year) - 1}-{season}", granularity
    return value


def nearest_month(value: Value, published: date | None, ahead_at_most: int = MONTHS_AHEAD) -> Value:
    """Move a bare month to the nearest such month, `ahead_at_most` months ahead at most.

    "In May", written in March, is the coming May; in September, the May just gone.

    >>> nearest_month(("2021-05", "month"), date(2022, 3, 10)), nearest_month(("2022-05", "month"), date(2022, 9, 3))
    (('2022-05', 'month'), ('2022-05', 'month'))
    >>> nearest_month(("2021-05", "month"), date(2022, 3, 10), 1), nearest_month(("2021-04", "month"), date(2022, 3, 10), 1)
    (('2021-05', 'month'), ('2022-04', 'month'))
    """
    found, granularity = value
    if found is None or published is None or granularity != "month":
        return value
    year, month = map(int, found.split("-"))
    ahead = (year + 1 - published.year) * 12 + month - published.month
    behind = (published.year - year) * 12 + published.month - month
    return (f"{year + 1:04d}-{month:02d}", "month") if 0 < ahead < behind and ahead <= ahead_at_most else value


def year_of(text: str, published: date | None) -> int | None:
    """Read "1989", "'89" (the latest such year up to ten years after publication), "last year" or "the year"
    (this one).

    >>> year_of("'89", date(1989, 10, 1)), year_of("'03", date(1998, 1, 7)), year_of("'82", date(2008, 10, 6))
    (1989, 2003, 1982)
    """
    if text.endswith("year"):  # "last fiscal year" counts as "last year"
        way = text[:-5].removesuffix(" fiscal").removesuffix(" calendar")
        return published.year + OFFSETS.get(way, 0) if published else None
    if len(text) == 4:
        return int(text)
    if published is None:
        return None
    year = published.year // 100 * 100 + int(text.lstrip("'"))
    if year > published.year + 10:
        return year - 100
    return year + 100 if year + 100 <= published.year + 10 else year

def shift(published: date, unit: str, by: int, point: bool = False) -> Value:
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

def time_of_day_on(rest: str, kind: str, published: date | None) -> Value:
    """Place "10 p.m.", "this morning", "last night" on the day of publication (or the one before).

    A bare part of the day ("the morning", "overnight") usually refers back to an event's day.
    """
    if published is None or (kind == "part" and not rest):
        return UNPLACED
    return (published - timedelta(days=1 if rest == "last" else 0)).isoformat(), "day"
