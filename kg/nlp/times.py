"""Find an article's time expressions and read each the TimeML way, in the tense of its clause.

Where the expressions are comes from kg.nlp.time_spans (spaCy's DATE and TIME entities, vague
references such as "now", ranges split into their ends).  The clause's tense tells `interpret` which
way a bare weekday or month points ("will meet Tuesday" is after publication, "met Tuesday"
before); an anaphor ("that year") takes the period named before, "a year earlier" the period in focus.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from kg.model import Article, TimeValue
from kg.nlp.mentions import doc_text
from kg.nlp.rules import Rules
from kg.nlp.time_spans import WEEKDAY, is_time_expression, range_ends, tightened, time_spans, trimmed
from kg.nlp.timex import Reading, interpret
from kg.nlp.timex.calendar import iso_week, on_year, shift, shift_month, weekday_near
from kg.nlp.timex.clock import time_of_day
from kg.nlp.timex.words import BARE, MONTH_ONLY, ORDINAL_DAYS, WEEKDAYS as WEEKDAY_NAMES, clean, one_of, split_time_of_day, strip_frames
from kg.nlp.timex.lexicon import lexicon

# "Up from a year earlier", "the year-ago quarter": the period in focus, one year back.
_YEAR_BEFORE = re.compile(r"\b(?:a year (?:ago|earlier|before)|year[- ](?:earlier|ago)|last year's)\b", re.IGNORECASE)
# "Monday and Tuesday nights": the first weekday recurs at the part of the day the second names.
_PLURAL_PARTNER = re.compile(r"\s+(?:and|or|&)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)days?\s+(?P<part>[a-z]+s)\b",
                             re.IGNORECASE)
# "that year", "the following month", "the day before", "the end of that month": a period named earlier in the
# article, the one after it or the one before.  "Next month" without "the" counts from publication.
_ANAPHOR = re.compile(r"(?:(?:later|earlier|late|early) )?(?:(?:in|on|during|at|for|by|until|since|from|through) )?"
                      r"(?:(?:the )?(?:start|end|beginning|middle|rest|close) of )?"
                      r"(?:(?P<way>the|that|the same|the following|the next|the previous|the preceding|the prior)"
                      r" (?P<unit>day|week|month|quarter|year)"
                      r"|the (?P<unit_first>day|week|month|year) (?P<side>before|after))")
_FINENESS = ("day", "month", "quarter", "year")
# "The next morning", "the following night", "the evening before": a part of the day after or before the day named.
_PART_OF_DAY_STEP = re.compile(r"(?:the )?(?P<way>next|following|previous|preceding|prior) \w+"
                               r"|the \w+ (?P<side>before|after)")
# "Since January": what a state or count began at lies before publication.
_SINCE = re.compile(r"(?:^|.*\W)since\s+", re.IGNORECASE | re.DOTALL)
# "The previous Friday", "the following Monday": a weekday before or after the day named before.
_WEEKDAY_ANAPHOR = re.compile(r"(?:(?:on|by|until|since) )?the (?P<way>previous|preceding|prior|following|next) "
                              r"(?P<weekday>mon|tues|wednes|thurs|fri|satur|sun)day")
_ANAPHOR_STEPS = {"the following": 1, "the next": 1, "the previous": -1, "the preceding": -1, "the prior": -1,
                  "after": 1, "before": -1}
# "the year ended March 31", "the year to March 2005": a year that ends on a day other than Dec. 31 is twelve months,
# not a calendar year (TimeML: DURATION P1Y).
_YEAR_ENDED = re.compile(r",? (?:ended|ending) (?!dec(?:ember|\.)? 31\b)[a-z]"
                         r"|,? to (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov)[a-z]*\b", re.IGNORECASE)  # "the year to March"
_BARE_YEAR = re.compile(r"(?:the |its |a )?(?:fiscal |financial )?year")
_RATE = re.compile(r"(?:an?|per) (?:day|week|month|quarter|year|hour|minute)")
_PERIODS = frozenset({"quarter", "half", "month"})
# "the 1988 period", "the 1988 quarter", "the year-ago period", "the latest period": a company's reporting period in
# focus, in some year.
_REPORTING_PERIOD = re.compile(r"(?:the )?(?:(?P<year>\d{4}) (?:period|quarter|half)|(?:(?P<back>year[- ](?:ago|earlier))"
                               r"|(?P<latest>latest)|comparable|corresponding) period)", re.IGNORECASE)
# "The same period last year", "the corresponding quarter of 1996", "the same month a year earlier": the period in
# focus, taken in the year the text gives.
_SAME_PERIOD = re.compile(r"(?:the )?(?:same|corresponding|comparable|like) (?P<unit>period|quarter|half|month)"
                          r"(?: (?:of|in))? (?:(?P<last>last year|the (?:previous|prior|preceding) year)"
                          r"|(?P<back>a year (?:ago|earlier|before))|(?P<year>\d{4}))", re.IGNORECASE)
# "The eighth day", "a second consecutive day", "the fourth week in a row": the day (week, month, year) the count
# has reached, which is the one in focus (the day last named, else publication), as in "today is the eighth day".
_ORDINAL_UNIT = re.compile(rf"(?:(?:the|its|their|a|an) )?(?:{one_of(sorted(ORDINAL_DAYS, key=len, reverse=True))}"
                           r"|\d+(?:st|nd|rd|th)) (?:(?:straight|consecutive|successive|full) )?"
                           r"(?P<unit>day|week|month|year)"
                           r"(?: in a row| running)?")
# What parts a clock time from the day it is on: "10 a.m. [on] Monday", "midnight [of] 31 December".
_ON_DAY = re.compile(r"[\s,()]*(?:(?:local time|[ecmp][sd]t|gmt|utc)[\s()]+)?(?:on|of)?\s*(?:the\s+)?", re.IGNORECASE)
_BARE_DAY = re.compile(r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?")
_SHORT_YEAR = re.compile(r"\d\d")
# "in [five years]": the preposition right before a stretch.
_IN_BEFORE = re.compile(r"\bin\s+$", re.IGNORECASE)
# "could fall 10% in two weeks": a change measured over a stretch, not a time ahead.
_WINDOW_ENTITIES = frozenset({"ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
# "In a year with no new consoles", "in a week when ...": a stretch the words after it define.
_DEFINING_NEXT = re.compile(r"\s+(?:with|when|that|which|where|of)\b", re.IGNORECASE)
_COUNT_RANGE = re.compile(r"\b(?:or|to)\b|-\d", re.IGNORECASE)
_SIMPLE_STRETCH = re.compile(r"P(?P<count>\d+)(?P<unit>[YQMWD])")
_VAGUE_STRETCH = re.compile(r"PX[YQMWDEC]")  # days or longer: "in a few minutes" is how soon, not when
_STRETCH_UNITS = {"Y": "year", "Q": "quarter", "M": "month", "W": "week", "D": "day"}
# "Between [2000] and 2100 GMT": a wire clock whose zone the range's other end gives.
_WIRE_CLOCK = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")
_CLOCK_PARTNER = re.compile(r" (?:and|to|-|–) (?:[01]\d|2[0-3])[0-5]\d (?P<zone>[ecmp][sd]t|gmt|utc|bst)\b",
                            re.IGNORECASE)
_FULL_YEAR = re.compile(r"1\d{3}|20\d\d")
_COUNTED_FROM = frozenset({"later", "earlier", "ago", "before", "after"})
_SENTENCE_ENDS = frozenset({".", "!", "?", '"', "'", "''", "``"})
_PAST_TAGS = frozenset({"VBD"})
_PARTICIPLE_DEPS = frozenset({"pcomp"})  # after a preposition: "since taking over", "with the third departing"
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})


def extract_times(doc: Doc, article: Article, rules: Rules) -> list[TimeValue]:
    """Every time expression in `doc` with its TimeML reading against the publication date."""
    times: list[TimeValue] = []
    for span in time_spans(doc, rules):
        tense = expression_tense(span.root, rules)
        ends = range_ends(span, article, tense)
        if len(ends) == 1:
            span = doc.char_span(*ends[0]) or span  # the one end of a "range" that names a time
            span = tightened(trimmed(span, article, tense), article, tense)
            if not is_time_expression(span, article, tense):
                continue
            ends = [(span.start_char, span.end_char)]
        else:
            ends = [_tightened_part(doc, start, end, article, tense) for start, end in ends]
        texts = [doc_text(doc)[start:end] for start, end in ends]
        for (start, end), text, other in zip(ends, texts, reversed(texts)):
            reading = interpret(text, article.published, tense)
            if len(ends) == 2 and _SHORT_YEAR.fullmatch(text) and _FULL_YEAR.fullmatch(other):
                reading = _closing_year(text, other)
            elif _WIRE_CLOCK.fullmatch(text) and (zone := _CLOCK_PARTNER.match(doc_text(doc), end)):
                reading = interpret(f"{text} {zone['zone']}", article.published, tense)  # "[2000] and 2100 GMT"
            elif len(ends) == 2 and _BARE_DAY.fullmatch(text):
                reading = _in_partner_month(reading, text, interpret(other, article.published, tense))
            elif len(ends) == 2 and start == ends[0][0] and reading.granularity == "month" and MONTH_ONLY.fullmatch(
                    clean(text)):
                reading = _in_partner_year(reading, interpret(other, article.published, tense))
            if (anaphor := _ANAPHOR.fullmatch(clean(text))) and (reading.timex is None or anaphor["way"] in _ANAPHOR_STEPS):
                reference = None if _defined_after(doc, start, end) else article.published
                reading = _resolved(reading, anaphor, times, reference)
            elif anaphor := _WEEKDAY_ANAPHOR.fullmatch(clean(text)):
                reading = _weekday_resolved(reading, anaphor, times)
            elif reading.timex is None and (counted := _ORDINAL_UNIT.fullmatch(clean(text))):
                reading = _count_reached(reading, counted["unit"], times, article)
            if text.lower() in lexicon().some_day and _modal_before().search(doc_text(doc), max(0, start - 8), start):
                reading = replace(reading, timex_type="DATE", timex="FUTURE_REF", value="FUTURE_REF", granularity=None)
            if text.lower() == "today" and _states_the_present(span):
                reading = replace(reading, timex="PRESENT_REF", value="PRESENT_REF", granularity=None)
            if reading.timex_type == "TIME" and (reading.timex is None or _bare_clock(text)):
                reading = _on_day_in_focus(reading, text, times, article)
            if _SINCE.fullmatch(doc_text(doc)[max(0, start - 7) : start]) or (
                    tense < 0 and (BARE.fullmatch(strip_frames(clean(text))) or len(ends) == 2 and _BARE_DAY.fullmatch(text))
                    and _dates_past_act(span.root)):
                reading = _before_publication(reading, text, article.published)
            if _BARE_YEAR.fullmatch(text.lower()) and _YEAR_ENDED.match(doc_text(doc), end):
                reading = replace(reading, timex_type="DURATION", timex="P1Y", value=None, granularity=None)
            if WEEKDAY.fullmatch(text) and (pair := _PLURAL_PARTNER.match(doc_text(doc), end)):
                reading = interpret(f"{text} {pair['part']}", article.published, tense)  # "Monday [and Tuesday nights]"
            if reading.timex_type == "DURATION" and _IN_BEFORE.search(doc_text(doc), max(0, start - 4), start) and (
                    tense > 0 or _modal(span.root)) and _dates_the_verb(span.root) and not text.lower().startswith("the ") \
                    and not _defined_after(doc, start, end) and not _DEFINING_NEXT.match(doc_text(doc), end):
                reading = _from_publication(reading, text, article.published)
            if reading.timex_type == "DURATION" and _is_rate(doc, start, text):
                reading = replace(reading, timex_type="SET")
            if _YEAR_BEFORE.search(text) and reading.timex_type == "DATE":
                reading = _year_back(reading, _period_in_focus(times, doc, start), article)
            if period := _REPORTING_PERIOD.fullmatch(text.strip()):
                reading = _reporting_period(reading, period, times, article.published)
            if same := _SAME_PERIOD.fullmatch(text.strip()):
                reading = _same_period(reading, same, times, article)
            times.append(time_value(text, start, end, reading))
    return _clocks_on_days_after(times, doc_text(doc))


def _dates_the_verb(token: Token) -> bool:
    """"Will be back [in] two years": the stretch's preposition hangs off a verb, not a noun, and no ordinal,
    superlative or amount before it makes it a window ("to rise for the fourth time in five months", "will hit its
    highest level in six years", "could fall 10% in two weeks")."""
    preposition = token.head
    if preposition.dep_ != "prep" or preposition.head.pos_ not in ("VERB", "AUX"):
        return False
    before = preposition.doc[max(preposition.sent.start, preposition.i - 6) : preposition.i]
    return not any(t.tag_ in ("JJS", "RBS") or t.ent_type_ in _WINDOW_ENTITIES or t.lower_ in lexicon().window_words
                   for t in before)


def _modal(token: Token) -> bool:
    """The clause of `token` says what may or would be ("would be redeemed", "you may save")."""
    verb = _governing_verb(token)
    return verb is not None and any(c.dep_ == "aux" and c.lower_ in lexicon().modals for c in verb.children)


@lru_cache(maxsize=1)
def _modal_before() -> re.Pattern[str]:
    """A modal of kg/data/times.yaml `some_day_modals` right before a position ("will [one day] be")."""
    return re.compile(rf"\b(?:{lexicon().alternatives(lexicon().some_day_modals)})\s+$", re.IGNORECASE)


def _from_publication(reading: Reading, text: str, published: date | None) -> Reading:
    """"Would be redeemed in five years", "may, in a year or two, save": a counted stretch after "in", in a clause
    about what will or may be, names the time that far ahead of publication (TimeML: a DATE, "in five years" 1994);
    a vague or ranged count of days or longer ("in a few years", "in a year or two") the future.  Bare units ("could
    end it in minutes"), hours and minutes ("in a few minutes": how soon), a stretch tied to publication ("in the
    next two years"), a definite one ("in the year ending June 30") and one a clause defines ("in a quarter that
    produced a loss") stay stretches."""
    if published is None or reading.begin_point or reading.end_point or not reading.timex or reading.timex[:2] == "PT":
        return reading
    if _VAGUE_STRETCH.fullmatch(reading.timex) and " " in text.strip() or _COUNT_RANGE.search(text):
        return replace(reading, timex_type="DATE", timex="FUTURE_REF", value="FUTURE_REF", granularity=None)
    if not (stretch := _SIMPLE_STRETCH.fullmatch(reading.timex)):
        return reading
    value, granularity = shift(published, _STRETCH_UNITS[stretch["unit"]], int(stretch["count"]))
    return replace(reading, timex_type="DATE", timex=value, value=value, granularity=granularity)


def _clocks_on_days_after(times: list[TimeValue], text: str) -> list[TimeValue]:
    """"At 10 a.m. on Monday", "until midnight on 1 February", "midnight of 31 December", "6 a.m. (0400 GMT) Monday":
    a clock time with no day of its own is on the day named right after it, or on the day of the clock time right
    after it (TimeML tags them apart and anchors the time on the day)."""
    placed = list(times)
    for i in range(len(times) - 2, -1, -1):
        clock, day = times[i], placed[i + 1]
        if (clock.timex_type != "TIME" or not clock.value or day.granularity != "day" or not day.value
                or not _names_no_day(clock.text) or not _ON_DAY.fullmatch(text[clock.end : day.start])):
            continue
        placed[i] = replace(clock, value=day.value, timex=day.value + clock.timex[len(clock.value) :])
    return placed


def _closing_year(short: str, first: str) -> Reading:
    """"1998-[99]", "1999-[2000]" written "1999-00": the closing year of a range takes its century from the first
    year, the next century when it would come before it."""
    year = int(first[:2] + short)
    year += 100 if year < int(first) else 0
    return Reading("DATE", str(year), str(year), "year")


def _in_partner_month(reading: Reading, day: str, other: Reading) -> Reading:
    """"[6] to 9 January", "Jan. 6 to [9]": a bare day of a range is in the month its other end names."""
    if other.granularity != "day" or not other.value:
        return reading
    try:
        value = date.fromisoformat(f"{other.value[:8]}{int(day.rstrip('stndrh')):02d}").isoformat()
    except ValueError:
        return reading
    return replace(other, timex=value, value=value, mod=None)


def _in_partner_year(reading: Reading, other: Reading) -> Reading:
    """"Between [March] and April 2004", "[April]-July": a bare month opening a range is in the year its other end
    names or is read in (the year before when it comes later in the calendar: "[December] to February 2005")."""
    if other.granularity not in ("month", "day") or not other.value or not reading.value:
        return reading
    year = int(other.value[:4]) - (reading.value[5:7] > other.value[5:7])
    value = f"{year:04d}-{reading.value[5:7]}"
    return replace(reading, timex=value + (reading.timex or "")[7:], value=value)


def _tightened_part(doc: Doc, start: int, end: int, article: Article, tense: int) -> tuple[int, int]:
    """One of two expressions a span held ("[its fourth quarter] ended Sept. 30"), cut as TimeML cuts a whole one."""
    part = doc.char_span(start, end)
    if part is None:
        return start, end
    part = tightened(part, article, tense)
    return part.start_char, part.end_char


def time_value(text: str, start: int, end: int, reading: Reading) -> TimeValue:
    """The record the pipeline carries for one expression."""
    return TimeValue(text, start, end, reading.value, reading.granularity, reading.timex_type, reading.timex,
                     reading.mod, reading.begin_point, reading.end_point, reading.freq, reading.quant)


def _is_rate(doc: Doc, start: int, text: str) -> bool:
    """"$33 million a year", "50,000 copies a year": "a" unit after an amount or a noun is a rate (a SET)."""
    if not _RATE.fullmatch(text.strip().lower()):
        return False
    first = doc.char_span(start, start + 1, alignment_mode="expand")
    if first is None or (first.start + 2 < len(doc) and doc[first.start + 2].lower_ in _COUNTED_FROM):
        return False  # "won a penalty a minute later": a stretch counted from the penalty
    return _after_amount(doc, first.start)


def _after_amount(doc: Doc, i: int) -> bool:
    before = doc[i - 1] if i > 0 else None
    return before is not None and (before.like_num or before.pos_ in ("NUM", "NOUN", "PROPN", "SYM"))


def _resolved(reading: Reading, anaphor: re.Match, times: list[TimeValue], published: date | None) -> Reading:
    """"That year", "the following month": the latest such period named before, or the one after it; with none
    named, "the day" or "the week" is publication's (HeidelTime's reference time in news; "that year" stays
    unplaced)."""
    unit = anaphor["unit"] or anaphor["unit_first"]
    named = next((value for t in reversed(times) if t.timex_type in ("DATE", "TIME")
                  and (value := coarsened(t.value, t.granularity, unit))), None)
    if named is None and reading.timex is None and published and anaphor["way"] == "the" and unit != "quarter":
        named = coarsened(published.isoformat(), "day", unit)
    if named is None:  # "the next day" with no day named before: counted from publication, as read
        return reading
    value = step(named, unit, _ANAPHOR_STEPS.get(anaphor["way"] or anaphor["side"], 0))
    return replace(reading, timex_type="DATE", timex=value, value=value, granularity=unit) if value else reading


def _defined_after(doc: Doc, start: int, end: int) -> bool:
    """"The day he is alleged to have met him", "the week that the company announced": a clause or "of" phrase after
    the expression says which one is meant."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return False
    last = span[-1]
    return any(c.i > last.i and (c.dep_ in ("relcl", "acl") or c.lower_ == "of") for c in last.children)


def _dates_past_act(token: Token) -> bool:
    """"The deputy was killed on June 24", "they met in June": a day or month that dates an act told in the simple
    past lies before publication.  A reported plan ("said it would pay on June 24"), a scheduling verb ("was set for
    June 24") and an end point ("extended the deadline until June 24") may lie ahead."""
    verb = _governing_verb(token)
    if verb is None or not _on_the_verb(token, verb) or verb.lemma_ in lexicon().scheduling_verbs:
        return False
    if token.head.dep_ == "prep" and token.head.lower_ in lexicon().end_points:
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBD":
        return not auxes
    return verb.tag_ == "VBN" and len(auxes) == 1 and auxes[0].tag_ == "VBD"


def _before_publication(reading: Reading, text: str, published: date | None) -> Reading:
    """"Met four times since January", written in December: the January gone, not the coming one."""
    if published is None or reading.value is None or reading.granularity not in ("day", "month"):
        return reading
    if reading.value <= published.isoformat()[: len(reading.value)]:
        return reading
    if reading.granularity == "month":
        value = step(reading.value, "month", -12)
    elif WEEKDAY.search(text):
        value = step(reading.value, "day", -7)
    else:
        value = (on_year(date.fromisoformat(reading.value), int(reading.value[:4]) - 1) or published).isoformat()
    timex = value + reading.timex[len(reading.value) :] if reading.timex else value
    return replace(reading, timex=timex, value=value)


def _weekday_resolved(reading: Reading, anaphor: re.Match, times: list[TimeValue]) -> Reading:
    """"The previous Friday" after a day named: the Friday before that day ("the following Monday": after it)."""
    named = next((t.value for t in reversed(times) if t.granularity == "day" and t.value), None)
    if named is None:  # nothing named before: counted from publication, as read
        return reading
    way = 1 if anaphor["way"] in ("following", "next") else -1
    day = weekday_near(date.fromisoformat(named), WEEKDAY_NAMES.index(anaphor["weekday"]), way).isoformat()
    return replace(reading, timex_type="DATE", timex=day, value=day, granularity="day")


def _count_reached(reading: Reading, unit: str, times: list[TimeValue], article: Article) -> Reading:
    """"Today is the eighth day of the blockade", "stocks fell for a fourth week in a row": the day (week...) in
    focus, the day last named or else publication, at the unit counted."""
    named = next((t.value for t in reversed(times) if t.granularity == "day" and t.value), None)
    day = date.fromisoformat(named) if named else article.published
    if day is None:
        return reading
    value = iso_week(day) if unit == "week" else day.isoformat()[: {"month": 7, "year": 4}.get(unit, 10)]
    return replace(reading, timex_type="DATE", timex=value, value=value, granularity=unit)


def coarsened(value: str | None, granularity: str | None, unit: str) -> str | None:
    """A calendar value at `unit` when it is at least that fine: "the following year" after "May 22, 1995" is 1996.

    >>> coarsened("1995-05-22", "day", "year"), coarsened("1989-11", "month", "quarter"), coarsened("1989", "year", "month")
    ('1995', '1989-Q4', None)
    >>> coarsened("2022-03-03", "day", "week"), coarsened("2022-03", "month", "week")
    ('2022-W09', None)
    """
    if unit == "week":  # a week holds days, and lies across months
        if granularity == "day":
            return iso_week(date.fromisoformat(value))
        return value if granularity == "week" else None
    if value is None or granularity not in _FINENESS or _FINENESS.index(granularity) > _FINENESS.index(unit):
        return None
    if unit == "quarter" and granularity != "quarter":
        return f"{value[:4]}-Q{(int(value[5:7]) - 1) // 3 + 1}"
    return value[: {"year": 4, "month": 7}.get(unit, len(value))]


def step(value: str, unit: str, by: int) -> str | None:
    """Move a calendar value by `by` of its unit.

    >>> step("1995", "year", 1), step("1989-03", "month", 1), step("1988-Q4", "quarter", 1), step("1998-02-28", "day", 1)
    ('1996', '1989-04', '1989-Q1', '1998-03-01')
    >>> step("2022-W52", "week", 1), step("2022-W01", "week", -1), step("2005-W08-WE", "week", 0)
    ('2023-W01', '2021-W52', '2005-W08')
    """
    if unit == "year":
        return f"{int(value) + by:04d}"
    if unit == "month":
        year, month = shift_month(*map(int, value.split("-")), by)
        return f"{year:04d}-{month:02d}"
    if unit == "quarter":
        year, quarter = value.split("-Q")
        index = int(year) * 4 + int(quarter) - 1 + by
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "day":
        return (date.fromisoformat(value) + timedelta(days=by)).isoformat()
    if unit == "week":  # "2005-W08", or a weekend named before: "2005-W08-WE"
        year, week = value[:4], value[6:8]
        return iso_week(date.fromisocalendar(int(year), int(week), 1) + timedelta(weeks=by))
    return None


def _on_day_in_focus(reading: Reading, text: str, times: list[TimeValue], article: Article) -> Reading:
    """"The morning", "overnight", "at 18:00 UTC": a part of the day or a clock time with no day of its own is on
    the day the article last named (the narrative's reference time), or else on the day of publication."""
    clock = time_of_day(clean(text))
    named = next((t.value for t in reversed(times) if t.granularity == "day" and t.value), None)
    day = named or (article.published.isoformat() if article.published else None)
    if clock is None or day is None:
        return reading
    if stepped := _PART_OF_DAY_STEP.fullmatch(clean(text)):  # "the next morning", "the night before"
        day = step(day, "day", _ANAPHOR_STEPS["the " + stepped["way"] if stepped["way"] else stepped["side"]])
    return replace(reading, timex=day + clock, value=day, granularity="day")


def _bare_clock(text: str) -> bool:
    """"At 18:00 UTC", "around 7:15 p.m.": a clock time that names no day of its own."""
    rest, kind = split_time_of_day(strip_frames(clean(text)))
    return kind == "clock" and not rest


def _names_no_day(text: str) -> bool:
    """"10 a.m.", "midnight", "the afternoon": a time of day and nothing else."""
    rest, kind = split_time_of_day(strip_frames(clean(text)))
    return kind is not None and not rest


def _states_the_present(span: Span) -> bool:
    """"And today, the right to work is ...": a clause-opening "today," before a present-tense statement
    is the present at large (TimeML PRESENT_REF), not the day of publication."""
    doc, first = span.doc, span.start
    opens = first == span.sent.start or doc[first - 1].lower_ in ("and", "but", "yet")
    if not opens or span.end >= len(doc) or doc[span.end].text != ",":
        return False
    verb = _governing_verb(span.root)
    return verb is not None and verb.tag_ in ("VBZ", "VBP") and verb.lemma_ in lexicon().present_statement_verbs


def _period_in_focus(times: list[TimeValue], doc: Doc, start: int) -> TimeValue | None:
    """The latest quarter, half or month named in this sentence or the one before."""
    sentence = doc.char_span(start, start + 1, alignment_mode="expand")
    if sentence is None:
        return None
    first = sentence.sent.start
    window_start = doc[first - 1].sent.start_char if first > 0 else 0
    for time in reversed(times):
        if time.start < window_start:
            return None
        if time.granularity in _PERIODS and time.value:
            return time
    return None


def _year_back(reading: Reading, focus: TimeValue | None, article: Article) -> Reading:
    """"A year earlier": the period in focus one year back; without one, the year before publication.  A period in
    focus that is already the earlier one ("the year-ago quarter", "the 1988 period") is the one meant."""
    if focus is not None:
        year, rest = focus.value.split("-", 1)
        back = not _counted_back(focus.text, article.published)
        value, granularity = f"{int(year) - back:04d}-{rest}", focus.granularity
    elif reading.timex is None and article.published is not None:
        value, granularity = str(article.published.year - 1), "year"
    else:
        return reading
    return replace(reading, timex=value, value=value, granularity=granularity)


def _same_period(reading: Reading, same: re.Match, times: list[TimeValue], article: Article) -> Reading:
    """"The same period last year" after "January" (1998) is 1997-01; "the corresponding quarter of 1996" after "the
    first quarter" 1996-Q1; with no such period named before, the year before publication (or the one given)."""
    grains = ("quarter", "half", "month") if same["unit"] == "period" else (same["unit"],)
    focus = next((t for t in reversed(times) if t.granularity in grains and t.value
                  and not _counted_back(t.text, article.published)), None)
    if same["year"]:
        year = int(same["year"])
    elif focus is not None:  # "last year" here is a year before the period: the fourth quarter of 1997, of 1996
        year = int(focus.value[:4]) - 1
    elif article.published is not None:
        year = article.published.year - 1
    else:
        return reading
    value, granularity = (f"{year:04d}-{focus.value[5:]}", focus.granularity) if focus else (f"{year:04d}", "year")
    return replace(reading, timex_type="DATE", timex=value, value=value, granularity=granularity)


def _counted_back(text: str, published: date | None) -> bool:
    """"The year-ago quarter", "the 1988 period" (written in 1989): a period named as the one compared with, a year
    back already."""
    period = _REPORTING_PERIOD.fullmatch(text.strip())
    if period and period["year"]:
        return published is not None and int(period["year"]) < published.year
    return bool(_YEAR_BEFORE.search(text) or (period and period["back"]))


def _reporting_period(reading: Reading, period: re.Match, times: list[TimeValue], published: date | None) -> Reading:
    """"In the 1988 period" after "the third quarter" of 1989 is 1988-Q3, "the year-ago period" 1988-Q3, "the
    latest period" 1989-Q3: the latest quarter or half named, in the year the text gives."""
    focus = next((t for t in reversed(times) if t.granularity in ("quarter", "half") and t.value
                  and not _REPORTING_PERIOD.fullmatch(t.text.strip()) and not _YEAR_BEFORE.search(t.text)), None)
    if focus is None and period["latest"] and published is not None:  # none named: the latest quarter ended
        value, granularity = shift(published, "quarter", -1)
        return replace(reading, timex_type="DATE", timex=value, value=value, granularity=granularity)
    if focus is None:  # "the 1988 period" with no quarter named before: the year
        return replace(reading, timex=period["year"], value=period["year"], granularity="year") if period["year"] else reading
    year, part = focus.value.split("-", 1)
    year = period["year"] or (f"{int(year) - 1:04d}" if period["back"] else year)
    value = f"{year}-{part}"
    return replace(reading, timex_type="DATE", timex=value, value=value, granularity=focus.granularity)


def clause_tense(token: Token, rules: Rules) -> int:
    """The tense of the clause around `token`: -1 past, 1 future, 0 present or unknown."""
    verb = _governing_verb(token)
    if verb is None:
        return 0
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in lexicon().future_auxiliaries for a in auxes):
        return 1
    if verb.dep_ == "xcomp" and verb.head.lemma_ in rules.future_governors:
        return 1
    if verb.dep_ == "ccomp" and verb.head.lemma_ in rules.future_governors and any(a.tag_ == "TO" for a in auxes):
        return 1  # "expect growth to slow in the second half", parsed as a clause
    if verb.dep_ == "ROOT" and any(a.tag_ == "TO" for a in auxes):
        return 1  # a headline's "Russian markets to remain closed until Friday"
    if verb.tag_ in _PAST_TAGS or any(a.tag_ in _PAST_TAGS for a in auxes):
        return -1
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return -1
    return 0


def expression_tense(token: Token, rules: Rules) -> int:
    """The tense a time expression is read in: its clause's, or the future when the clause schedules it, states
    a plan in the present ("the rights expire Nov. 21") or reports one ("said it would leave on Monday")."""
    verb = _governing_verb(token)
    if verb is not None and _plan_overtaken(verb, rules):
        return 0
    if verb is not None and (_scheduled(verb) or _planned_in_the_present(token, verb) or _future_in_the_past(verb)):
        return 1
    if verb is not None and _lasts_until(token, verb):
        return 1
    return clause_tense(_tense_bearer(token, verb), rules)


def _lasts_until(token: Token, verb: Token) -> bool:
    """"Has continued to hold all markets closed until Friday", "the offer is open until Nov. 6": the end of a state
    that holds now, told in the present or the present perfect, lies ahead."""
    if token.head.dep_ != "prep" or token.head.lower_ not in ("until", "till") or not _on_the_verb(token, verb):
        return False
    while verb.dep_ in ("xcomp", "ccomp") and verb.tag_ in ("VB", "VBN") and not any(
            c.dep_ in ("aux", "auxpass") and c.tag_ != "TO" for c in verb.children):
        verb = verb.head  # "has continued to hold markets [closed] until Friday": the finite verb above
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ in _PAST_TAGS for a in auxes) or verb.tag_ in _PAST_TAGS:
        return any(a.lemma_ == "have" and a.tag_ in _PRESENT_TAGS for a in auxes)
    return verb.tag_ in _PRESENT_TAGS or any(a.tag_ in _PRESENT_TAGS for a in auxes)


def _tense_bearer(token: Token, verb: Token | None) -> Token:
    """A time in a gerund after a preposition ("since taking over during the summer", "with the third departing each
    Thursday from August 6") is read in the tense of the clause the preposition hangs off (the gerund has none)."""
    while verb is not None and verb.tag_ == "VBG" and verb.dep_ in _PARTICIPLE_DEPS and verb.head.i != verb.i and not any(
            c.dep_ in ("aux", "auxpass") for c in verb.children):
        token, verb = verb.head, _governing_verb(verb.head)
    return token


def _plan_overtaken(verb: Token, rules: Rules) -> bool:
    """"The offer had been scheduled to expire at midnight Friday", "he had planned to leave Friday": a plan told in
    the past perfect was made before a past time the story has reached, so the time it names is not read ahead but
    as a time of no tense is (a weekday the latest one, a month the nearest); the clause's own tense, for actions,
    stays the future."""
    if verb.dep_ != "xcomp" or verb.head.lemma_ not in rules.future_governors or verb.head.tag_ != "VBN":
        return False
    return any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.head.children)


def _planned_in_the_present(token: Token, verb: Token) -> bool:
    """"He and Arafat meet Monday", "the appointment takes effect Nov. 13": an event verb in the simple present with a
    day is a timetable, ahead; a statement of a state ("is", "has", kg/data/times.yaml `present_statement_verbs`) and a
    headline's present, which tells of the past ("Boeing delivers final 717"), are not."""
    lex = lexicon()
    if verb.tag_ not in _PRESENT_TAGS or verb.lemma_ in lex.present_statement_verbs:
        return False
    if verb.tag_ == "VBP" and verb.lower_ in lex.past_like_present:
        return False  # "Weak stocks hurt the index Friday": the past, tagged as a present
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children) or not _on_the_verb(token, verb):
        return False
    return verb.sent[-1].text in _SENTENCE_ENDS


def _on_the_verb(token: Token, verb: Token) -> bool:
    """The expression dates the verb itself ("meet Monday", "expire on Nov. 21"), not a noun ("follows Tuesday's
    declaration")."""
    head = token.head.head if token.head.dep_ == "prep" else token.head
    return head.i == verb.i and token.dep_ not in ("poss", "compound")


def _future_in_the_past(verb: Token) -> bool:
    """"It said two new flights would leave Bombay on Monday": "would" in what a past verb reports is the future seen
    from then."""
    if not any(c.lower_ == "would" and c.dep_ == "aux" for c in verb.children):
        return False
    return verb.dep_ == "ccomp" and verb.head.tag_ in _PAST_TAGS


def _scheduled(verb: Token) -> bool:
    """"The vote is set for Tuesday", "talks are scheduled for Friday": a present-tense clause whose verb schedules
    (kg/data/times.yaml `scheduling_verbs`) puts the time ahead; the scheduling itself is no future act, so actions
    keep clause_tense."""
    if verb.lemma_ not in lexicon().scheduling_verbs:
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return verb.tag_ in _PRESENT_TAGS or any(a.tag_ in _PRESENT_TAGS for a in auxes)


def _governing_verb(token: Token) -> Token | None:
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None
