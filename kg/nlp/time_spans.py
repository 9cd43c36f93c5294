"""Where an article's time expressions are: spaCy's DATE and TIME entities, vague references that
the model leaves out ("now", "recently", "a while", from kg/data/times.yaml), ranges split into their
two ends, and extents cut the way TimeML cuts them (no leading preposition, no possessive).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.symbols import ADP, CCONJ, DET
from spacy.tokens import Doc, Span, Token

from kg.model import Article
from kg.nlp.mentions import doc_text
from kg.nlp.rules import Rules
from kg.nlp.timex import Reading, interpret, names_time
from kg.nlp.timex.lexicon import lexicon
from kg.nlp.timex.words import HOLIDAY_NAMES, MONTH_NAME, MONTH_ONLY, clean, is_duration, strip_frames
from kg.nlp.untagged_times import ZONE, clock_extent, untagged_spans

TIME_LABELS = ("DATE", "TIME")
# "between 1994 and 1997", "6 or 7 January", "the quarter ended Sept. 30": two expressions in one entity.
_PAIR = re.compile(
    r"^(?:between |from )?(?P<a>.+?),? (?:and|or|to|through|until|-|–|ended|ending) (?P<b>.+)$"
    r"|^(?P<a2>\d{4})[-–](?P<b2>\d{4}|\d\d)$"  # "1992-1994", "1998-99"
    rf"|^(?P<a3>(?:{MONTH_NAME})\.?|\d\d?)[-–](?P<b3>(?:\d\d? )?(?:{MONTH_NAME})\.?(?:,? \d{{4}})?)$"  # "April-July"
    rf"|^(?P<a4>(?:{MONTH_NAME})\.? \d\d?)[-–](?P<b4>\d\d?)$",  # "10-20 February", "October 1-2"
    re.IGNORECASE,
)
# "22 and 23 June", "2000 and 2100 GMT": two days or clock times, which a parser reads as one.
_TWO_ENDS = re.compile(r"(?:between |from )?\d\d?(?:st|nd|rd|th)?(?: (?:and|to|or) | ?[-–] ?)\d\d?(?:st|nd|rd|th)? "
                       r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:,? \d{4})?"
                       r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d\d?[-–]\d\d?"
                       r"|(?:between |from )?(?:[01]\d|2[0-3])[0-5]\d (?:and|to|-|–) (?:[01]\d|2[0-3])[0-5]\d [a-z]{3}",
                       re.IGNORECASE)
# "the first nine months of 1997": a stretch, and the year it lies in.
_OF_YEAR = re.compile(r"(?P<stretch>.+?) (?:of|in) (?P<year>(?:the |this |last |that )?(?:fiscal |calendar )?(?:year|\d{4}))",
                      re.IGNORECASE)
# A year before "period": "the 1988 period", "the year-ago period".
_PERIOD_YEAR = re.compile(r"(?:\b\d{4}|year[- ](?:ago|earlier))$", re.IGNORECASE)
# "52 years old", "a 136-year-old firm", "at age 75", "girls ages 12 and 15", "under age 17", "at the age of 71",
# "between the ages of 16 and 18", "65 years of age": an age, which TimeML leaves out (TimeBank keeps "the IRA's
# [8-month-old] truce").
_AGE = re.compile(r"\byears?[- ]olds?\b"
                  r"|^(?:(?:under|over|above|below) )?(?:aged?|ages) \d+(?:,? (?:and|to|or)(?: \d+)?)?$"
                  r"|^(?:the )?ages? of \w+(?: (?:or|and|to)(?: \w+)?)?$|\d+ years? of age\b", re.IGNORECASE)
# "1994 or later": the open ends of an expression (TimeML's mod); the links of a range.
_OPEN_ENDS = frozenset({("or", "later"), ("or", "earlier"), ("and", "beyond"), ("and", "later"), ("or", "after"),
                        ("or", "before")})
_RANGE_LINKS = frozenset({"and", "to", "through", "until", "-", "–"})
# Punctuation that parts expressions and never ends one: "in 1994, [1996,] 1999 and 2002" (a list the model tags
# as one entity up to the comma).
_LOOSE_PUNCT = frozenset({",", ";", ":", "-", "--", "–", "—", "|"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nummod"})
_OUTER_NOUN_DEPS = _MODIFIER_DEPS | {"nmod"}
# "The 15th annual awards": an ordinal before a noun that names no time is a rank, not a day of the month.
_ORDINAL_ONLY = re.compile(r"(?:the )?\d+(?:st|nd|rd|th)", re.IGNORECASE)
_DEICTIC_COUNTS = frozenset({"the", "past", "last", "next", "previous", "coming", "first"})
_DECADE = re.compile(r"'?\d{2,4}'?s")
WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.IGNORECASE)
_DAY_OF_MONTH = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\b")
# "more than a quarter of the market": a share, not three months.
_SHARE = re.compile(r"(?:.+ )?(?:a|one|two|three) quarters?")
_QUANTIFIERS = frozenset({"every", "each", "per"})
_RATE_ARTICLES = frozenset({"a", "an", "per"})
# Words TimeML keeps inside an expression that spaCy often leaves just outside its entity: "[this] year",
# "[earlier] this month", "[late] yesterday".
_DEICTIC = frozenset({"this", "last", "next", "the"})
_PLURAL_UNIT = re.compile(r"(?:second|minute|hour|day|night|week|month|quarter|year|decade|centurie|millenni)(?:s|a)$",
                          re.IGNORECASE)
_BARE_UNIT = re.compile(r"(?:year|quarter|month|week|weekend)", re.IGNORECASE)
_PHASE = frozenset({"earlier", "later", "early", "late"})
_THE_UNIT = re.compile(r"the (?:day|week|month|year|quarter)", re.IGNORECASE)
# "The corresponding period" "last year", "the same quarter" "of 1996": a period in focus and the year it is taken in.
_COMPARED_PERIOD = re.compile(r"(?:the )?(?:same|corresponding|comparable|like) (?:period|quarter|half|month)(?: of| in)?",
                              re.IGNORECASE)
_COMPARED_YEAR = re.compile(r"last year|a year (?:ago|earlier|before)|the (?:previous|prior|preceding) year|\d{4}",
                            re.IGNORECASE)
_SEQUENCE = frozenset({"following", "previous", "preceding", "prior", "next"})
_UNIT_WITH_SIDE = re.compile(r"the (?:day|month|year|morning|afternoon|evening|night)", re.IGNORECASE)
_PART_OF_DAY = re.compile(r"(?:the )?(?:morning|afternoon|evening|night)", re.IGNORECASE)
_NAMED_DAY = re.compile(rf"(?:(?:last|next|this|on) )?(?:yesterday|today|tomorrow|{WEEKDAY.pattern})", re.IGNORECASE)
_COUNTED_POSITION = re.compile(rf"(?:{WEEKDAY.pattern}|weekend|spring|summer|autumn|fall|winter)s", re.IGNORECASE)
_MONTHS_QUARTER = re.compile(rf"(?:the )?(?:{MONTH_NAME})\.? quarter", re.IGNORECASE)
_FULL_YEAR = re.compile(r"1\d{3}|20\d\d")
_DANGLING = frozenset({ADP, CCONJ, DET})
_BARE_DAY_AFTER = re.compile(r"[ ,](?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?$")
_WIRE_CLOCK = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")
_CLOCK_END = re.compile(r"\b\d\d?[:.]\d\d$")
_MERIDIEM = re.compile(r"[ap]\.?m\.?", re.IGNORECASE)
_CLOCK_DIGITS = re.compile(r"\d[:.]\d\d|\d ?[ap]\.?m\b", re.IGNORECASE)
_HOLIDAY_LABELS = frozenset({"EVENT", "FAC", "ORG", "PRODUCT", "WORK_OF_ART"})
_HOLIDAY_ENDS = frozenset(name.split()[-1] for name in HOLIDAY_NAMES)
_CALENDAR_NAME = re.compile(rf"{WEEKDAY.pattern}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
                            r"|spring|summer|autumn|fall|winter)", re.IGNORECASE)
_PHASED = re.compile(rf"(?:this|yesterday|today|tonight|{WEEKDAY.pattern})\b", re.IGNORECASE)


def trimmed(span: Span, article: Article, tense: int) -> Span:
    """Drop the words at either end of a span with no value that say nothing about time, when what
    is left has a value ("an interview several months", "d'etat last year", "an Aug. 10, 1988")."""
    if len(span) < 2 or span.text.lower().endswith(" in a row") or interpret(span.text, article.published, tense).timex:
        return span  # "the 21st month in a row" is read in context (kg.nlp.times)
    if span[0].lower_ in ("this", "that") and (span[1].like_num or span[1].lower_ in ("last", "next")):
        rest = span[1:]  # "dealt with this [six months ago]": a pronoun before a count, not its determiner
        if interpret(rest.text, article.published, tense).timex:
            return rest
    for keep_counts in (True, False):  # "an interview [several months]", else "a few hot [days]"
        start, end = span.start, span.end
        while end - start > 1 and (_droppable(span.doc[start], keep_counts)
                                   or _droppable_article(span.doc, start, end, keep_counts)):
            start += 1
        if end - start > 1 and span.doc[start].lower_ in ("a", "an") and span.doc[start + 1].pos_ != "NOUN":
            start += 1
        while end - start > 1 and _droppable(span.doc[end - 1]):
            end -= 1
        part = span.doc[start:end]
        if len(part) < len(span) and interpret(part.text, article.published, tense).timex:
            return part
    return _deictic_tail(span, article, tense) or span


def _deictic_tail(span: Span, article: Article, tense: int) -> Span | None:
    """"Follows [two] last week", "the regular season next Sunday": words before a "last", "next" or "this" phrase
    that has a value belong to something else ("the corresponding period last year" is one expression)."""
    if article.published is None or _COMPARED_PERIOD.match(span.text):
        return None  # with no publication date no tail has a value: nothing to look for
    for i in range(span.start + 1, span.end - 1):
        if span.doc[i].lower_ in ("last", "next", "this"):
            tail = span.doc[i : span.end]
            return tail if interpret(tail.text, article.published, tense).timex else None
    return None


def tightened(span: Span, article: Article, tense: int) -> Span:
    """Leave out what TimeML keeps outside a TIMEX3 when the reading stays the same: a leading
    preposition or hedge ("in the past", "just last month", "its fourth quarter"), a verb ("to [last] a few weeks"),
    the article of a noun the
    expression modifies ("a [two day] rally"), a trailing
    possessive ("last year's") or comma, "later"/"earlier" after a counted stretch ("three days later"), the count
    before a rate ("15 a year") and a word written twice ("the the 1980s"); a preposition or conjunction left dangling
    at the end goes whatever the reading ("the day [on]")."""
    span = _without_dangling_end(span)
    start, end = span.start, span.end
    doc, words = span.doc, lexicon().outside_extent
    while end - start > 1 and (doc[end - 1].lower_ in ("'s", "'") or doc[end - 1].text in _LOOSE_PUNCT
                               or doc[end - 1].is_space):
        end -= 1
    while end - start > 1 and (doc[start].text in _LOOSE_PUNCT or doc[start].lower_ == doc[start + 1].lower_):
        start += 1  # ", 1996", "at the [the end of November]": punctuation, a word written twice
    first = doc[start].lower_
    if end - start > 2 and doc[start].like_num and doc[start + 1].lower_ in _RATE_ARTICLES:
        rate = Span(doc, start + 1, end, label=span.label_)  # "15 a year": the count belongs to what is counted
        if interpret(rate.text, article.published, tense).timex:
            return rate
    if end - start > 1 and (first in words or _determines_outer_noun(doc[start], end) or _governs(doc[start], end)):
        start += 1
        if end - start > 1 and doc[start].lower_ in words and doc[start - 1].lower_ in words:
            start += 1  # "[just after] midnight"
    elif end - start > 2 and doc[start].pos_ == "ADV" and doc[start + 1].lower_ in lexicon().signals:
        start += 2  # "[shortly after] midnight": the hedge goes with the signal
    reading = interpret(span.text, article.published, tense)
    if end - start > 1 and reading.timex_type == "DURATION" and doc[end - 1].lower_ in ("later", "earlier"):
        end -= 1
    part = doc[start:end]
    if len(part) == len(span) or interpret(part.text, article.published, tense).timex != reading.timex:
        return span
    return Span(doc, start, end, label=span.label_)


def _without_dangling_end(span: Span) -> Span:
    """"The day [on] Tuesday", "the first day [of a] three-year deal", "13th [and] 14th", "10 or more years [- in]
    all": a conjunction, or a determiner or preposition of a word after the span, never ends a TIMEX3 (nor a dash
    before it); "the year before", "the day after the vote" keep theirs."""
    doc, end = span.doc, span.end
    if doc_text(doc)[span.end_char - 1 : span.end_char].isalnum() and doc[end - 1].pos not in _DANGLING:
        return span
    while end - span.start > 1:
        last = doc[end - 1]
        if not (last.pos_ == "CCONJ" or last.text in _LOOSE_PUNCT or last.dep_ == "det" and last.head.i >= span.end
                or last.pos_ == "ADP" and last.lower_ not in lexicon().anchoring_words
                and any(c.i >= span.end for c in last.children)):
            break
        end -= 1
    return span if end == span.end else Span(doc, span.start, end, label=span.label_)


def _governs(token: Token, end: int) -> bool:
    """"To [last] a few weeks": a verb the model took in, which the expression depends on ("coming" in "coming weeks"
    modifies it instead)."""
    return token.pos_ == "VERB" and not token.i < token.head.i < end


def _determines_outer_noun(token: Token, end: int) -> bool:
    """"A [two day] rally", "the [June 20, 2005] shooting": the article belongs to the noun the time expression
    modifies, which TimeML leaves out (the parser may hang it on the date's head instead)."""
    doc = token.doc
    if token.dep_ != "det" or end >= len(doc) or end - token.i < 2:
        return False
    last, root = doc[end - 1], doc[token.i + 1 : end].root
    if token.head.i == end and last.dep_ in _MODIFIER_DEPS and last.head.i == end:
        return True
    return token.head.i in (end, root.i) and root.dep_ in _OUTER_NOUN_DEPS and root.head.i == end


def _droppable(token: Token, keep_counts: bool = True) -> bool:
    """A word that is no part of a time expression: not a number, a time word or a word that anchors one (nor,
    with `keep_counts`, a vague count such as "several")."""
    return not (token.like_num or token.is_punct or token.lower_ in lexicon().anchoring_words or names_time(token.text)
                or _DECADE.fullmatch(token.text) or keep_counts and token.lower_ in _vague_count_words())


@lru_cache(maxsize=1)
def _vague_count_words() -> frozenset[str]:
    """"Several", "few", "many": counts without a number ("an interview [several months]")."""
    return frozenset(word for phrase in lexicon().vague_counts for word in phrase.split()) - {"a", "of"}


def _droppable_article(doc: Doc, start: int, end: int, keep_counts: bool = True) -> bool:
    """"An" in "an interview several months" goes with the word it introduces."""
    return doc[start].pos_ == "DET" and start + 1 < end and _droppable(doc[start + 1], keep_counts)


def is_time_expression(span: Span, article: Article, tense: int) -> bool:
    """Leave out what spaCy tags DATE but TimeML does not: ages, bare numbers, "quarterly" before a noun or as one,
    a quarter as a share ("more than a quarter of the market"), "the evening news", "Good morning"."""
    after = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    if _AGE.search(span.text) or after in ("old", "olds") and _AGE.search(f"{span.text} {after}"):
        return False  # "18 to 24 year [olds]": an age the model cut short
    if _is_share(span) or _ranks_something(span) or _titles_something(span):
        return False
    if _in_a_name(span):
        return False
    if len(span) == 1 and span[0].lower_ in lexicon().set_adverbs and _names_a_thing(span[0]):
        return False
    if len(span) == 1 and span[0].lower_ in lexicon().parts_of_day and _names_something_else(span[0]):
        return False
    if interpret(span.text, article.published, tense).timex:
        return True
    return names_time(span.text) and not any(_names_no_time(token) for token in span)


def _names_a_thing(token: Token) -> bool:
    """"The quarterly report", "a weekly", "its regular quarterly (dividend)": a recurrence word before a noun or as a
    noun with a determiner names a thing that recurs, not a time (TimeBank mostly leaves these out)."""
    return token.dep_ == "amod" or token.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("det", "poss") for c in token.children)


def _titles_something(span: Span) -> bool:
    """"Radio 4's Today programme", "ITV1's This Morning show": capitalised time words in mid-sentence that name the
    noun after them (a weekday, month, season or holiday so placed still dates it: "the Monday meeting", "the Autumn
    meetings", "Christmas takings")."""
    last = span[-1]
    if last.dep_ != "compound" or last.head.i < span.end or last.head.pos_ not in ("NOUN", "PROPN"):
        return False
    if not all(t.is_title or not t.is_alpha for t in span) or _CALENDAR_NAME.search(span.text) or _holiday(span):
        return False
    return span.start != span.sent.start


def _in_a_name(span: Span) -> bool:
    """"The Russell 2000 index", "Windows 2000": a number after a proper noun that names no time is part of a name
    ("Christmas 2004" is a time)."""
    if len(span) != 1 or not span[0].like_num or span.start == 0:
        return False
    before = span.doc[span.start - 1]
    return (before.pos_ == "PROPN" and before.is_title and not names_time(before.text)
            and before.ent_type_ not in TIME_LABELS)


def _names_no_time(token: Token) -> bool:
    """"Green" in the band "Green Day": a capitalised proper noun in a value-less expression that names no time."""
    return token.pos_ == "PROPN" and token.is_title and not names_time(token.text) and token.lower_ not in lexicon().anchoring_words


def _ranks_something(span: Span) -> bool:
    """"The 15th annual awards", "the past two polls": an ordinal or a count of a noun that names no time; "for the
    21st time": an ordinal of the times a thing happens."""
    last = span[-1]
    if span.end < len(span.doc) and span.doc[span.end].lower_ in ("time", "times") and _ORDINAL_ONLY.fullmatch(span.text):
        return True
    if last.head.i < span.end or names_time(last.head.text) or names_time(last.head.lemma_):
        return False
    if _ORDINAL_ONLY.fullmatch(span.text) is not None and last.dep_ == "amod":
        return True
    return last.like_num and last.dep_ == "nummod" and span[0].lower_ in _DEICTIC_COUNTS


def _names_something_else(token: Token) -> bool:
    """"The morning talk show", "Good evening": a part of the day that modifies a noun or greets."""
    greets = token.i > 0 and token.doc[token.i - 1].lower_ == "good"
    return greets or (token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"))


def _is_share(span: Span) -> bool:
    doc, end = span.doc, span.end
    if not _SHARE.fullmatch(span.text.lower()) or end + 1 >= len(doc) or doc[end].lower_ != "of":
        return False
    of_a_year = doc[end + 1].like_num or "year" in doc[end + 1 : end + 4].text.lower()  # "a quarter of 1990"
    return not of_a_year


def time_spans(doc: Doc, rules: Rules) -> list[Span]:
    """DATE/TIME entities, then reference phrases that no entity covers, in text order.

    A day and a time of day that spaCy tags apart ("Friday" "evening", "5 p.m. EST" ", Nov. 6")
    are one expression, and so is a recurrence's quantifier ("each" "Thursday").
    """
    spans = _joined([_with_from_now(_with_side(_with_period(_with_zone(_with_part_of_day(_with_counted_noun(
        _with_left_word(_with_quantifier(_with_time_after(e))))))))) for e in doc.ents
        if e.label_ in TIME_LABELS or _holiday_entity(e)])
    # "[three days from today]" takes in the entity "today".
    spans = [span for i, span in enumerate(spans) if i == 0 or span.start >= spans[i - 1].end]
    taken = {i for span in spans for i in range(span.start, span.end)}
    for span in untagged_spans(doc) + _reference_spans(doc, rules):
        if taken.isdisjoint(range(span.start, span.end)) and span.root.dep_ != "mark":
            spans.append(span)
            taken.update(range(span.start, span.end))
    spans = _with_coordinated_unit(_with_compared_year(sorted(spans, key=lambda s: s.start)))
    return [_with_open_end(_with_count_after(span)) for span in spans]


def _with_open_end(span: Span) -> Span:
    """"Until [1994 or later]", "for [1990 and beyond]": an open end closing a clause is the expression's mod."""
    doc, end = span.doc, span.end
    if end + 1 >= len(doc) or (doc[end].lower_, doc[end + 1].lower_) not in _OPEN_ENDS:
        return span
    if end + 2 < len(doc) and not doc[end + 2].is_punct:
        return span  # "2005 or after the election": the open end is a clause of its own
    return Span(doc, span.start, end + 2, label=span.label_)


def _holiday_entity(entity: Span) -> bool:
    """"Boxing Day", "New Year's Eve", "Easter": a holiday the model tags as an event or a place."""
    return entity.label_ in _HOLIDAY_LABELS and _holiday(entity)


def _holiday(span: Span) -> bool:
    """A holiday's name, checked by its last word first (most entities are none)."""
    return span[-1].lower_ in _HOLIDAY_ENDS and strip_frames(clean(span.text)) in HOLIDAY_NAMES


def _with_compared_year(spans: list[Span]) -> list[Span]:
    """Join a period compared with ("the corresponding period") and the year after it ("last year", "of 1996") that
    spaCy tags apart: one expression, the period in focus in that year (kg.nlp.times)."""
    joined: list[Span] = []
    for span in spans:
        if joined and _COMPARED_PERIOD.fullmatch(joined[-1].text) and _COMPARED_YEAR.fullmatch(span.text):
            gap = span.doc[joined[-1].end : span.start]
            if len(gap) == 0 or (len(gap) == 1 and gap[0].lower_ in ("of", "in")):
                span = Span(span.doc, joined.pop().start, span.end, label="DATE")
        joined.append(span)
    return joined


def _with_count_after(span: Span) -> Span:
    """"A year or two", "a day or three": a stretch whose count a second count after it widens is one expression."""
    doc = span.doc
    end = span.end - 1 if len(span) > 1 and span[-1].lower_ == "or" else span.end  # the model's "[a year or] two"
    if end + 1 >= len(doc) or doc[end].lower_ != "or" or doc[end + 1].lower_ not in ("two", "three"):
        return span
    if end + 2 < len(doc) and doc[end + 2].pos_ == "NOUN":
        return span  # "a day or two days" is two
    if not _PLURAL_UNIT.match(doc[end - 1].lower_ + "s") or not is_duration(clean(doc[span.start : end].text)):
        return span
    return Span(doc, span.start, end + 2, label=span.label_)


def _with_coordinated_unit(spans: list[Span]) -> list[Span]:
    """Join "weeks" "or" "months", "recent weeks" "and" "months": uncounted units coordinated are one vague stretch,
    as TimeML writes it (the first unit's value); counted ones ("two weeks or three months") stay two."""
    joined: list[Span] = []
    for span in spans:
        if (joined and span.start == joined[-1].end + 1 and span.doc[joined[-1].end].lower_ in ("or", "and")
                and _PLURAL_UNIT.fullmatch(span.text) and _PLURAL_UNIT.search(joined[-1].text)
                and interpret(f"{joined[-1].text} or {span.text}", None).timex_type == "DURATION"):
            span = Span(span.doc, joined.pop().start, span.end, label="DATE")
        joined.append(span)
    return joined


def _joined(entities: list[Span]) -> list[Span]:
    """Join a DATE and a TIME entity, a weekday and the date after it ("Friday" "Oct. 13"), or an entity that ends in
    "in" or "of" and the one right after it ("earlier in" "2004"), that touch or that only a comma parts, and the
    months of a quarter ("the July"-to-"September quarter"); a stretch stays apart from a time after it ("the last 15
    minutes", "overnight")."""
    joined: list[Span] = []
    for span in entities:
        if joined and _touch(joined[-1], span) and _one_expression(joined[-1], span):
            label = "TIME" if "TIME" in (joined[-1].label_, span.label_) else "DATE"
            span = Span(span.doc, joined.pop().start, span.end, label=label)
        elif joined and _quarter_ends(joined[-1], span):
            start = joined.pop().start
            span = Span(span.doc, start - (start > 0 and span.doc[start - 1].lower_ == "the"), span.end, label="DATE")
        joined.append(span)
    return joined


def _quarter_ends(left: Span, right: Span) -> bool:
    """"The [July]-to-[September quarter]": the first month of a quarter named by its months, tagged apart."""
    if right[-1].lower_ != "quarter" or not 0 < right.start - left.end <= 3:
        return False
    gap = right.doc[left.end : right.start]
    return (all(t.lower_ in _RANGE_LINKS for t in gap) and _MONTHS_QUARTER.fullmatch(right.text)
            is not None and MONTH_ONLY.fullmatch(strip_frames(clean(left.text)).removeprefix("the ")) is not None)


def _one_expression(left: Span, right: Span) -> bool:
    if "TIME" in (left.label_, right.label_):
        return not is_duration(clean(left.text))
    if WEEKDAY.fullmatch(left.text) and _DAY_OF_MONTH.search(right.text):
        return True
    if WEEKDAY.match(left.text) and _BARE_DAY_AFTER.search(left.text) and right.start == left.end \
            and MONTH_ONLY.match(right.text.lower()):
        return True  # "[Friday, 27] [September 2013]", "[Wednesday 31] [Jul 2013]"
    if left[-1].lower_ in _RANGE_LINKS and len(left) > 1 and right.start == left.end:
        return MONTH_ONLY.fullmatch(strip_frames(clean(left[:-1].text))) is not None  # "[between March and] [April 2004]"
    return left[-1].lower_ in ("in", "of") and right.start == left.end


def _touch(left: Span, right: Span) -> bool:
    """Nothing or a comma between two entities, or "of" after a part of the day ("the morning" "of" "Jan. 5")."""
    gap = right.doc[left.end : right.start]
    if len(gap) != 1:
        return len(gap) == 0
    return gap[0].text == "," or (gap[0].lower_ == "of" and _PART_OF_DAY.fullmatch(left.text) is not None)


def _with_quantifier(span: Span) -> Span:
    """Take in a preceding "every", "each" or "per": the expression is then a set ("meetings [per week]", "[every
    other] Saturday")."""
    start = span.start - 1 if span.start > 1 and span.doc[span.start - 1].lower_ == "other" else span.start
    before = span.doc[start - 1] if start > 0 else None
    if before is not None and before.lower_ in _QUANTIFIERS:
        return Span(span.doc, start - 1, span.end, label=span.label_)
    if before is not None and span[0].lower_ in _RATE_ARTICLES and before.lower_ in lexicon().frequencies:
        wider = Span(span.doc, start - 1, span.end, label=span.label_)  # "[once] a week", "[twice] a year"
        return wider if interpret(wider.text, None).timex_type == "SET" else span  # not "once [a year ago]"
    return span


def _with_time_after(span: Span) -> Span:
    """"In [five years' time]", "in [a week's time]": a counted stretch and the "time" after it the model cuts off
    ("two weeks'", "week"), with the article before a bare unit."""
    doc, end = span.doc, span.end
    if doc_text(doc)[span.end_char - 1 : span.end_char + 1].strip()[-1:] not in ("'", "’"):
        return span  # the cheap test first: an apostrophe closes the span or follows it
    if end < len(doc) and doc[end].lower_ in ("'s", "'", "’s", "’"):
        end += 1
    if end >= len(doc) or doc[end].lower_ != "time" or end == span.end and span[-1].lower_ not in ("'", "’"):
        return span
    start = span.start - 1 if span.start > 0 and len(span) == 1 and doc[span.start - 1].lower_ in ("a", "an") else span.start
    return Span(doc, start, end + 1, label=span.label_)


def _with_left_word(span: Span) -> Span:
    """Take in a word TimeML keeps inside the expression when spaCy leaves it out: "this", "the" before a
    bare unit ("[this] year", "[the] week"); "earlier", "later", "early", "late" before "this", a named day
    or a weekday ("[earlier] this month", "[late] yesterday"); "the following", "the previous" before a weekday
    ("[the following] Monday": counted from the day named before); "late in", "earlier in" before "the" and a unit;
    "a" before a unit with "'s" ("[a] day's work")."""
    if span.start == 0:
        return span
    doc, before = span.doc, span.doc[span.start - 1].lower_
    if (before in _DEICTIC and _BARE_UNIT.fullmatch(span.text)) or (before in _PHASE and _PHASED.match(span.text)):
        return Span(doc, span.start - 1, span.end, label=span.label_)
    if before in ("a", "an") and len(span) == 1 and span.text.lower() in lexicon().units and span.end < len(doc) \
            and doc[span.end].lower_ in ("'s", "’s"):
        return Span(doc, span.start - 1, span.end, label=span.label_)  # "[a] day's work", "[an] hour's listening"
    if before in _SEQUENCE and span.start > 1 and doc[span.start - 2].lower_ == "the" and WEEKDAY.fullmatch(span.text):
        return Span(doc, span.start - 2, span.end, label=span.label_)
    if before == "in" and span.start > 1 and doc[span.start - 2].lower_ in _PHASE and _THE_UNIT.fullmatch(span.text):
        return Span(doc, span.start - 2, span.end, label=span.label_)  # "[late in] the day", "[earlier in] the week"
    return span


def _with_counted_noun(span: Span) -> Span:
    """Take in the recurring day or season a count the model tags counts: "[the past three] summers", "the last two
    Sundays"."""
    doc = span.doc
    if span.end >= len(doc) or not span[-1].like_num or span[-1].head.i != span.end:
        return span
    if _COUNTED_POSITION.fullmatch(doc[span.end].text) is None:
        return span
    return Span(doc, span.start, span.end + 1, label=span.label_)


def _with_part_of_day(span: Span) -> Span:
    """Take in a part of the day the model leaves after a day it tags: "[tomorrow morning]", "[Friday night]"."""
    doc = span.doc
    if span.end >= len(doc) or not _NAMED_DAY.fullmatch(span.text):
        return span
    part = doc[span.end]
    parts = lexicon().parts_of_day
    if part.ent_type_ or (part.lower_ not in parts and part.lower_.removesuffix("s") not in parts):
        return span  # "Tuesday and [Thursday evenings]" recur
    return Span(doc, span.start, span.end + 1, label="TIME")


def _with_side(span: Span) -> Span:
    """Take in an adverb "before" or "after" that places a bare unit against the time named before: "[the day
    before]", "[the year after]" (not "the day before the vote", where "before" heads a phrase of its own)."""
    doc = span.doc
    if span.end >= len(doc) or not _UNIT_WITH_SIDE.fullmatch(span.text):
        return span
    side = doc[span.end]
    if side.lower_ not in ("before", "after") or side.dep_ in ("mark", "prep") or any(side.children):
        return span
    return Span(doc, span.start, span.end + 1, label=span.label_)


def _with_from_now(span: Span) -> Span:
    """Take in "from now" after a counted stretch: "[two weeks from now]" is a day counted from publication."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].lower_ != "from" or doc[span.end + 1].lower_ not in ("now", "today"):
        return span
    if interpret(span.text, None).timex_type != "DURATION":
        return span
    return Span(doc, span.start, span.end + 2, label=span.label_)


def _with_period(span: Span) -> Span:
    """Take in the "period" after a year or "year-ago" ("the [1988] period", "the [year-ago] period"), and the "the"
    before: a reporting period, not the year (kg.nlp.times places it)."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].lower_ != "period" or not _PERIOD_YEAR.search(span.text):
        return span
    start = span.start - 1 if span.start > 0 and doc[span.start - 1].lower_ == "the" else span.start
    return Span(doc, start, span.end + 1, label=span.label_)


def _with_zone(span: Span) -> Span:
    """Take in a following a.m. or p.m. and time zone: "1530 GMT" is a wire service's clock time, not the year 1530; "11:30 local
    time"; and a hedge before a clock time, its mod: "[about] 11:30", "[around] 7:15 p.m."."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and _MERIDIEM.fullmatch(after.text) and _CLOCK_END.search(span.text):
        return _with_zone(Span(doc, span.start, span.end + 1, label="TIME"))  # "August 8, 2012 - 4:43 [pm]"
    if after is not None and ZONE.fullmatch(after.text) and (len(after.text) > 2 or _CLOCK_DIGITS.search(span.text)):
        return Span(doc, span.start, span.end + 1, label="TIME")  # "ET", "PT" only after a clock
    if after is not None and after.lower_ == "local" and _WIRE_CLOCK.fullmatch(span.text):
        return Span(doc, *clock_extent(doc, span.start, span.end), label="TIME")  # "0630 local time", tagged a DATE
    if span.label_ != "TIME" or not _CLOCK_DIGITS.search(span.text):
        return span
    return Span(doc, *clock_extent(doc, span.start, span.end), label="TIME")


def _reference_spans(doc: Doc, rules: Rules) -> list[Span]:
    matcher = _matcher(doc.vocab, rules.time_references + tuple(sorted(lexicon().vague_stretches)))
    found = matcher(doc, as_spans=True)
    # A one-word reference read as a noun is something else ("an electric current"), and so is one in a term ("the
    # current account deficit").
    terms = lexicon().reference_terms
    found = [span for span in found if len(span) > 1 or span[0].pos_ not in ("NOUN", "PROPN")
             and (span.end >= len(doc) or f"{span[0].lower_} {doc[span.end].lower_}" not in terms)]
    # "the now-cancelled deal", "the soon-to-open terminal": part of a compound modifier, not a time.
    found = [span for span in found if span.end >= len(doc) or doc[span.end].text != "-" or span[-1].whitespace_]
    # "as soon as the threats end": a conjunction (TimeML's SIGNAL), not a time.
    found = [span for span in found if not _in_as_as(span)]
    # "killed soon after being captured", "shortly after": a hedge on a SIGNAL, not a time of its own.
    found = [span for span in found if span.end >= len(doc) or doc[span.end].lower_ not in lexicon().hedged_signals
             or span.text.lower() != "soon"]
    # "the past three elections": "past" counts what follows, which names no time.
    found = [span for span in found
             if span[-1].lower_ != "past" or span.end >= len(doc) or not doc[span.end].like_num]
    longest_first = sorted(found, key=lambda s: (s.start, -len(s)))
    kept, end = [], -1
    for span in longest_first:
        if span.start >= end:
            kept.append(span)
            end = span.end
    return kept


def _in_as_as(span: Span) -> bool:
    doc = span.doc
    return (len(span) == 1 and 0 < span.start and span.end < len(doc)
            and doc[span.start - 1].lower_ == "as" and doc[span.end].lower_ == "as")


_MATCHERS: dict[tuple[int, tuple[str, ...]], PhraseMatcher] = {}


def _matcher(vocab, phrases: tuple[str, ...]) -> PhraseMatcher:
    key = (id(vocab), phrases)
    if key not in _MATCHERS:
        matcher = PhraseMatcher(vocab, attr="LOWER")
        matcher.add("TIME_REFERENCE", [Doc(vocab, words=p.split()) for p in phrases])
        _MATCHERS[key] = matcher
    return _MATCHERS[key]


def _stretch_and_year(span: Span, article: Article, tense: int) -> list[tuple[int, int]]:
    """"The first nine months of 1997", "several weeks of the year": TimeML writes the stretch and the year it
    lies in as two expressions (P9M and 1997)."""
    whole = [(span.start_char, span.end_char)]
    if (match := _OF_YEAR.fullmatch(span.text)) is None:
        return whole
    stretch, year = (interpret(match[g], article.published, tense) for g in ("stretch", "year"))
    if stretch.timex_type != "DURATION" or year.timex_type != "DATE" or year.timex is None:
        return whole
    return [(span.start_char + match.start(g), span.start_char + match.end(g)) for g in ("stretch", "year")]


def _date_then_stretch(first: Reading, second: Reading, last_of_first: Token, last: Token) -> bool:
    """"In [November 2004] [several months] after": a calendar date and a counted stretch in plural units after it
    (not "30-20 [nine days ago]", "the current", "[later in the year] in a second election")."""
    return (first.timex_type == "DATE" and first.timex[:1].isdigit() and second.timex_type == "DURATION"
            and (not last_of_first.like_num or _FULL_YEAR.fullmatch(last_of_first.text) is not None)
            and _PLURAL_UNIT.search(last.text) is not None)


def _listed(span: Span, article: Article, tense: int) -> list[tuple[int, int]] | None:
    """"In [June, August, September and November]": a list of three or more times tagged as one, each its own
    expression, or None."""
    text = doc_text(span.doc)[span.start_char : span.end_char]
    if text.count(",") + text.count(" and ") + text.count(" or ") < 2:
        return None  # three items need two separators ("And" opens no list item)
    items, start = [], span.start
    for token in span:
        if token.text == "," or token.lower_ in ("and", "or") and token.i > start:
            if token.i > start:
                items.append(span.doc[start : token.i])
            start = token.i + 1
    if start < span.end:
        items.append(span.doc[start : span.end])
    if len(items) < 3 or not all(interpret(item.text, article.published, tense).timex for item in items):
        return None
    return [(item.start_char, item.end_char) for item in items]


def range_ends(span: Span, article: Article, tense: int) -> list[tuple[int, int]]:
    """Split a span that holds two time expressions when it has no value as a whole but a part has."""
    whole = (span.start_char, span.end_char)
    reading = interpret(span.text, article.published, tense)
    if reading.timex and not _TWO_ENDS.fullmatch(span.text):
        return _stretch_and_year(span, article, tense) if reading.timex_type == "DURATION" else [whole]
    if (items := _listed(span, article, tense)) is not None:
        return items
    if match := _PAIR.match(span.text):
        groups = next(pair for pair in (("a", "b"), ("a2", "b2"), ("a3", "b3"), ("a4", "b4")) if match[pair[0]])
        ends = [(span.start_char + match.start(g), span.start_char + match.end(g)) for g in groups]
        texts = [doc_text(span.doc)[s:e] for s, e in ends]
        if any(interpret(text, article.published, tense).timex for text in texts):
            # "the first few months - [and]": an end that names no time is no expression
            return [end for end, text in zip(ends, texts) if names_time(text) or text[:1].isdigit()]
    # "November 11, three days later": two expressions that only a comma parts.
    for token in span[1:-1]:
        if token.text == ",":
            left, right = span.doc[span.start : token.i], span.doc[token.i + 1 : span.end]
            if not right.text.isdigit() and all(interpret(part.text, article.published, tense).timex
                                                for part in (left, right)):
                return [(left.start_char, left.end_char), (right.start_char, right.end_char)]
    # "more than four hours Friday", "every quarter last year", "November 2004 several months", "the first two weeks of
    # March": a stretch or a set and a day, or a date and a stretch, that spaCy tagged as one.
    text, doc = doc_text(span.doc), span.doc
    stretch_last = _PLURAL_UNIT.search(doc[span.end - 1].text) is not None
    for cut in (c for c in range(span.start + 1, span.end) if doc[c].lower_ != "ago"):
        after = cut + 1 if doc[cut].lower_ == "of" else cut  # "the first two weeks [of] March": "of" in neither
        if after == span.end:
            continue
        left, right = (span.start_char, doc[cut - 1].idx + len(doc[cut - 1])), (doc[after].idx, span.end_char)
        first = interpret(text[left[0] : left[1]], article.published, tense)
        if first.timex is None or first.timex_type not in ("DURATION", "SET") and not stretch_last:
            continue
        second = interpret(text[right[0] : right[1]], article.published, tense)
        if second.timex is None:
            continue
        if first.timex_type in ("DURATION", "SET") and second.timex_type not in ("DURATION", first.timex_type) or (
                _date_then_stretch(first, second, doc[cut - 1], doc[span.end - 1])):
            return [left, right]
    return [whole]
