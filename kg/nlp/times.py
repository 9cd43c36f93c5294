"""Find an article's time expressions and read each the TimeML way, in the tense of its clause.

spaCy's DATE and TIME entities are the base; vague references that the model leaves out
("now", "recently", "the future") come from a phrase list in kg/data/times.yaml; a range
("between 1994 and 1997") becomes its two ends.  The clause's tense tells `interpret` which
way a bare weekday or month points ("will meet Tuesday" is after publication, "met Tuesday"
before).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.model import Article, TimeValue
from kg.nlp.mentions import doc_text
from kg.nlp.rules import Rules
from kg.nlp.timex import Reading, interpret, names_time
from kg.nlp.timex.calendar import shift_month
from kg.nlp.timex.clock import time_of_day
from kg.nlp.timex.words import clean
from kg.nlp.timex.lexicon import lexicon

TIME_LABELS = ("DATE", "TIME")
# "between 1994 and 1997", "the quarter ended Sept. 30": two expressions in one entity.
_PAIR = re.compile(
    r"^(?:between |from )?(?P<a>.+?),? (?:and|to|through|until|-|–|ended|ending) (?P<b>.+)$", re.IGNORECASE
)
# "Up from a year earlier", "the year-ago quarter": the period in focus, one year back.
_YEAR_BEFORE = re.compile(r"\b(?:a year (?:ago|earlier|before)|year[- ](?:earlier|ago)|last year's)\b", re.IGNORECASE)
# "52 years old", "a 136-year-old firm": an age, which TimeML leaves out.
_AGE = re.compile(r"\byears?[- ]old\b", re.IGNORECASE)
# Words that tie a time expression to another time or qualify it; never trimmed off.
_ANCHORING = frozenset("that this these those following same previous next last past coming early late mid end "
                       "ago earlier later before after the a an each every".split())
_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.IGNORECASE)
_DAY_OF_MONTH = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\b")
# "that year", "the following month": a period named earlier in the article, or the one after it.
_ANAPHOR = re.compile(r"(?:(?:later |earlier )?(?:in|on|during|at|for|by) )?(?:the )?(?P<way>the|that|same|following|next|previous|preceding|prior) (?P<unit>day|month|quarter|year)")
_FINENESS = ("day", "month", "quarter", "year")
_ANAPHOR_STEPS = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "prior": -1}
# "the year ended March 31": a year that ends on a day other than Dec. 31 is twelve months, not a
# calendar year (TimeML: DURATION P1Y).
_YEAR_ENDED = re.compile(r",? (?:ended|ending) (?!dec(?:ember|\.)? 31\b)[a-z]", re.IGNORECASE)
_BARE_YEAR = re.compile(r"(?:the |its |a )?(?:fiscal |financial )?year")
_RATE = re.compile(r"(?:an?|per) (?:day|week|month|quarter|year|hour|minute)")
_QUANTIFIERS = frozenset({"every", "each"})
_PERIODS = frozenset({"quarter", "half", "month"})
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
_PAST_TAGS = frozenset({"VBD"})


def extract_times(doc: Doc, article: Article, rules: Rules) -> list[TimeValue]:
    """Every time expression in `doc` with its TimeML reading against the publication date."""
    times: list[TimeValue] = []
    for span in time_spans(doc, rules):
        tense = clause_tense(span.root, rules)
        ends = range_ends(span, article, tense)
        if len(ends) == 1:
            span = tightened(trimmed(span, article, tense), article, tense)
            if not is_time_expression(span, article, tense):
                continue
            ends = [(span.start_char, span.end_char)]
        for start, end in ends:
            text = doc_text(doc)[start:end]
            reading = interpret(text, article.published, tense)
            if reading.timex is None and (anaphor := _ANAPHOR.fullmatch(text.strip().lower())):
                reading = _resolved(reading, anaphor, times)
            if text.lower() == "today" and _states_the_present(span):
                reading = replace(reading, timex="PRESENT_REF", value="PRESENT_REF", granularity=None)
            if reading.timex_type == "TIME" and reading.timex is None:
                reading = _on_day_in_focus(reading, text, times, article)
            if _BARE_YEAR.fullmatch(text.lower()) and _YEAR_ENDED.match(doc_text(doc), end):
                reading = replace(reading, timex_type="DURATION", timex="P1Y", value=None, granularity=None)
            if reading.timex_type == "DURATION" and _is_rate(doc, start, text):
                reading = replace(reading, timex_type="SET")
            if _YEAR_BEFORE.search(text) and reading.timex_type == "DATE":
                reading = _year_back(reading, _period_in_focus(times, doc, start), article)
            times.append(time_value(text, start, end, reading))
    return times


def time_value(text: str, start: int, end: int, reading: Reading) -> TimeValue:
    """The record the pipeline carries for one expression."""
    return TimeValue(text, start, end, reading.value, reading.granularity, reading.timex_type, reading.timex,
                     reading.mod, reading.begin_point, reading.end_point, reading.freq, reading.quant)


def trimmed(span: Span, article: Article, tense: int) -> Span:
    """Drop the words at either end of a span with no value that say nothing about time, when what
    is left has a value ("an interview several months", "d'etat last year", "an Aug. 10, 1988")."""
    if len(span) < 2 or interpret(span.text, article.published, tense).timex:
        return span
    start, end = span.start, span.end
    while end - start > 1 and (_droppable(span.doc[start]) or _droppable_article(span.doc, start, end)):
        start += 1
    if end - start > 1 and span.doc[start].lower_ in ("a", "an") and span.doc[start + 1].pos_ != "NOUN":
        start += 1
    while end - start > 1 and _droppable(span.doc[end - 1]):
        end -= 1
    part = span.doc[start:end]
    return part if len(part) < len(span) and interpret(part.text, article.published, tense).timex else span


def tightened(span: Span, article: Article, tense: int) -> Span:
    """Leave out what TimeML keeps outside a TIMEX3 when the reading stays the same: a leading
    preposition or hedge ("in the past", "just last month", "earlier this month"), a trailing
    possessive ("last year's"), and "later"/"earlier" after a counted stretch ("three days later")."""
    start, end = span.start, span.end
    doc, words = span.doc, lexicon().outside_extent
    while end - start > 1 and doc[end - 1].lower_ in ("'s", "'"):
        end -= 1
    first = doc[start].lower_
    if end - start > 1 and (first in words or (first in ("earlier", "later") and doc[start + 1].lower_ == "this")):
        start += 1
    reading = interpret(span.text, article.published, tense)
    if end - start > 1 and reading.timex_type == "DURATION" and doc[end - 1].lower_ in ("later", "earlier"):
        end -= 1
    part = doc[start:end]
    if len(part) == len(span) or interpret(part.text, article.published, tense).timex != reading.timex:
        return span
    return Span(doc, start, end, label=span.label_)


def _is_rate(doc: Doc, start: int, text: str) -> bool:
    """"$33 million a year", "50,000 copies a year": "a" unit after an amount or a noun is a rate (a SET)."""
    if not _RATE.fullmatch(text.strip().lower()):
        return False
    first = doc.char_span(start, start + 1, alignment_mode="expand")
    return first is not None and _after_amount(doc, first.start)


def _after_amount(doc: Doc, i: int) -> bool:
    before = doc[i - 1] if i > 0 else None
    return before is not None and (before.like_num or before.pos_ in ("NUM", "NOUN", "PROPN", "SYM"))


def _droppable(token: Token) -> bool:
    """A word that is no part of a time expression: not a number, a time word or a word that anchors one."""
    return not (token.like_num or token.is_punct or token.lower_ in _ANCHORING or names_time(token.text))


def _droppable_article(doc: Doc, start: int, end: int) -> bool:
    """"An" in "an interview several months" goes with the word it introduces."""
    return doc[start].pos_ == "DET" and start + 1 < end and _droppable(doc[start + 1])


def is_time_expression(span: Span, article: Article, tense: int) -> bool:
    """Leave out what spaCy tags DATE but TimeML does not: ages, bare numbers, "quarterly" before a noun."""
    if _AGE.search(span.text):
        return False
    if len(span) == 1 and span[0].dep_ == "amod" and span[0].lower_ in lexicon().set_adverbs:
        return False
    return bool(interpret(span.text, article.published, tense).timex) or names_time(span.text)


def _resolved(reading: Reading, anaphor: re.Match, times: list[TimeValue]) -> Reading:
    """"That year", "the following month": the latest such period named before, or the one after it."""
    unit = anaphor["unit"]
    named = next((value for t in reversed(times) if t.timex_type in ("DATE", "TIME")
                  and (value := coarsened(t.value, t.granularity, unit))), None)
    if named is None:
        return reading
    value = step(named, unit, _ANAPHOR_STEPS.get(anaphor["way"], 0))
    return replace(reading, timex=value, value=value, granularity=unit) if value else reading


def coarsened(value: str | None, granularity: str | None, unit: str) -> str | None:
    """A calendar value at `unit` when it is at least that fine: "the following year" after "May 22, 1995" is 1996.

    >>> coarsened("1995-05-22", "day", "year"), coarsened("1989-11", "month", "quarter"), coarsened("1989", "year", "month")
    ('1995', '1989-Q4', None)
    """
    if value is None or granularity not in _FINENESS or _FINENESS.index(granularity) > _FINENESS.index(unit):
        return None
    if unit == "quarter" and granularity != "quarter":
        return f"{value[:4]}-Q{(int(value[5:7]) - 1) // 3 + 1}"
    return value[: {"year": 4, "month": 7}.get(unit, len(value))]


def step(value: str, unit: str, by: int) -> str | None:
    """Move a calendar value by `by` of its unit.

    >>> step("1995", "year", 1), step("1989-03", "month", 1), step("1988-Q4", "quarter", 1), step("1998-02-28", "day", 1)
    ('1996', '1989-04', '1989-Q1', '1998-03-01')
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
    return None


def _on_day_in_focus(reading: Reading, text: str, times: list[TimeValue], article: Article) -> Reading:
    """"The morning", "overnight": a part of the day with no day of its own is on the day the article
    last named (the narrative's reference time), or else on the day of publication."""
    clock = time_of_day(clean(text))
    named = next((t.value for t in reversed(times) if t.granularity == "day" and t.value), None)
    day = named or (article.published.isoformat() if article.published else None)
    if clock is None or day is None:
        return reading
    return replace(reading, timex=day + clock, value=day, granularity="day")


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
    """"A year earlier": the period in focus one year back; without one, the year before publication."""
    if focus is not None:
        year, rest = focus.value.split("-", 1)
        value, granularity = f"{int(year) - 1:04d}-{rest}", focus.granularity
    elif reading.timex is None and article.published is not None:
        value, granularity = str(article.published.year - 1), "year"
    else:
        return reading
    return replace(reading, timex=value, value=value, granularity=granularity)


def time_spans(doc: Doc, rules: Rules) -> list[Span]:
    """DATE/TIME entities, then reference phrases that no entity covers, in text order.

    A day and a time of day that spaCy tags apart ("Friday" "evening", "5 p.m. EST" ", Nov. 6")
    are one expression, and so is a recurrence's quantifier ("each" "Thursday").
    """
    spans = _joined([_with_quantifier(e) for e in doc.ents if e.label_ in TIME_LABELS])
    taken = {i for span in spans for i in range(span.start, span.end)}
    for span in _reference_spans(doc, rules):
        if taken.isdisjoint(range(span.start, span.end)) and span.root.dep_ != "mark":
            spans.append(span)
            taken.update(range(span.start, span.end))
    return sorted(spans, key=lambda s: s.start)


def _joined(entities: list[Span]) -> list[Span]:
    """Join a DATE and a TIME entity, or a weekday and the date after it ("Friday" "Oct. 13"), that
    touch or that only a comma parts."""
    joined: list[Span] = []
    for span in entities:
        if joined and _touch(joined[-1], span):
            left = joined[-1]
            if "TIME" in (left.label_, span.label_) or (_WEEKDAY.fullmatch(left.text) and _DAY_OF_MONTH.search(span.text)):
                label = "TIME" if "TIME" in (left.label_, span.label_) else "DATE"
                span = Span(span.doc, joined.pop().start, span.end, label=label)
        joined.append(span)
    return joined


def _touch(left: Span, right: Span) -> bool:
    gap = right.doc[left.end : right.start]
    return len(gap) == 0 or (len(gap) == 1 and gap[0].text == ",")


def _with_quantifier(span: Span) -> Span:
    """Take in a preceding "every" or "each": the expression is then a set."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in _QUANTIFIERS:
        return Span(span.doc, span.start - 1, span.end, label=span.label_)
    return span


def _reference_spans(doc: Doc, rules: Rules) -> list[Span]:
    matcher = _matcher(doc.vocab, rules.time_references + tuple(sorted(lexicon().vague_stretches)))
    found = matcher(doc, as_spans=True)
    # A one-word reference read as a noun is something else ("an electric current").
    found = [span for span in found if len(span) > 1 or span[0].pos_ not in ("NOUN", "PROPN")]
    longest_first = sorted(found, key=lambda s: (s.start, -len(s)))
    kept, end = [], -1
    for span in longest_first:
        if span.start >= end:
            kept.append(span)
            end = span.end
    return kept


_MATCHERS: dict[tuple[int, tuple[str, ...]], PhraseMatcher] = {}


def _matcher(vocab, phrases: tuple[str, ...]) -> PhraseMatcher:
    key = (id(vocab), phrases)
    if key not in _MATCHERS:
        matcher = PhraseMatcher(vocab, attr="LOWER")
        matcher.add("TIME_REFERENCE", [Doc(vocab, words=p.split()) for p in phrases])
        _MATCHERS[key] = matcher
    return _MATCHERS[key]


def range_ends(span: Span, article: Article, tense: int) -> list[tuple[int, int]]:
    """Split a span that holds two time expressions when it has no value as a whole but a part has."""
    whole = (span.start_char, span.end_char)
    if interpret(span.text, article.published, tense).timex:
        return [whole]
    if match := _PAIR.match(span.text):
        ends = [(span.start_char + match.start(g), span.start_char + match.end(g)) for g in ("a", "b")]
        if any(interpret(doc_text(span.doc)[s:e], article.published, tense).timex for s, e in ends):
            return ends
    # "more than four hours Friday": a stretch and a day that spaCy tagged as one.
    for cut in range(span.start + 1, span.end):
        left, right = span.doc[span.start : cut], span.doc[cut : span.end]
        readings = [interpret(part.text, article.published, tense) for part in (left, right)]
        if readings[0].timex_type == "DURATION" and readings[1].timex_type != "DURATION" and readings[1].timex:
            return [(left.start_char, left.end_char), (right.start_char, right.end_char)]
    return [whole]


def clause_tense(token: Token, rules: Rules) -> int:
    """The tense of the clause around `token`: -1 past, 1 future, 0 present or unknown."""
    verb = _governing_verb(token)
    if verb is None:
        return 0
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _FUTURE_AUX for a in auxes):
        return 1
    if verb.dep_ == "xcomp" and verb.head.lemma_ in rules.future_governors:
        return 1
    if verb.tag_ in _PAST_TAGS or any(a.tag_ in _PAST_TAGS for a in auxes):
        return -1
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return -1
    return 0


def _governing_verb(token: Token) -> Token | None:
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None
