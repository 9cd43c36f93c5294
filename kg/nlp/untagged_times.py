"""Time expressions the model leaves untagged, found by their shape: clock times ("16:08 UTC"), numeric dates
("7/8/07", which the model tags as a number), counted stretches ("almost two and a half years"), and recurrences
("every year", "twice a week", "$5 a year", "nightly").

Each finder proposes spans only where no DATE or TIME entity lies; kg.nlp.time_spans keeps those that no
other span covers, and kg.nlp.timex reads them like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import ENT_TYPE, LOWER, SHAPE
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from kg.nlp.timex import interpret
from kg.nlp.timex.lexicon import lexicon

TIME_LABELS = ("DATE", "TIME")
ZONE = re.compile(r"[ECMP][SD]?T|GMT|UTC|BST|CES?T", re.IGNORECASE)  # after a clock: "7 p.m. ET"
# A clock time spaCy may leave untagged: "16:08 UTC", "0800 GMT", "6:40 p.m.", "08.23 BST" (a dotted clock only
# before a zone: "12.50" alone is a price).
_CLOCK_TOKEN = re.compile(r"(?:[01]?\d|2[0-3]):[0-5]\d")
_WIRE_CLOCK = re.compile(r"(?:[01]\d|2[0-3])\.?[0-5]\d")
# A clock time written in one token with its a.m./p.m., which the model may tag as a number: "7.45am", "11pm".
_GLUED_CLOCK = re.compile(r"(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?[ap]m", re.IGNORECASE)
# A month/day/year date: "7/8/07", "12/01/1997" (the model tags some as CARDINAL).
_NUMERIC_DATE = re.compile(r"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:\d\d|\d{4})")
_FISCAL_YEAR = re.compile(r"FY(?:\d\d){1,2}")
_MERIDIEM = re.compile(r"[ap]\.?m\.?", re.IGNORECASE)
_SEASONS = frozenset({"spring", "summer", "fall", "autumn", "winter"})
# A year in a range: "from 1990 to 1994", "1998 or 1999".
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_RANGE_WORDS = frozenset({"to", "and", "or", "through", "thru", "until", "till", "-", "–"})
_COUNTED_FROM = frozenset({"later", "earlier", "ago"})  # "hours later", "months ago": counted from another time
_SIDES = frozenset({"before", "after"})


# The word shapes of the clock tokens above ("16:08" is dd:dd, "0800" dddd): only these are read as text.
_CLOCK_SHAPES = ("d:dd", "dd:dd", "dddd", "dd.dd", "d.ddxx", "dd.ddxx", "d:ddxx", "dd:ddxx", "dxx", "ddxx")
_DATE_SHAPES = (*(f"{m}/{d}/{y}" for m in ("d", "dd") for d in ("d", "dd") for y in ("dd", "dddd")), "XXdddd", "XXdd")


@dataclass(frozen=True)
class _Candidates:
    """The tokens of a Doc outside DATE and TIME entities that could start a finder's work, found in one
    pass over the Doc's arrays (hashes, not Token objects: most of an article's tokens are neither)."""

    clocks: list[int]
    dates: list[int]
    units: list[int]
    recurring: list[int]
    parts_of_day: list[int]
    adverbs: list[int]


def untagged_spans(doc: Doc) -> list[Span]:
    """Clock times, counted stretches and recurrences that no DATE or TIME entity covers, in text order."""
    found = _candidates(doc)
    spans = (_clock_spans(doc, found.clocks) + _numeric_date_spans(doc, found.dates) + _stretch_spans(doc, found.units)
             + _recurrence_spans(doc, found.recurring) + _closing_year_spans(doc, found.clocks)
             + _part_of_day_anaphor_spans(doc, found.parts_of_day) + _adverb_spans(doc, found.adverbs))
    return sorted(spans, key=lambda s: s.start)


def _candidates(doc: Doc) -> _Candidates:
    words = _word_ids()
    clocks, dates, units, recurring, parts, adverbs = [], [], [], [], [], []
    for i, (lower, ent_type, shape) in enumerate(doc.to_array([LOWER, ENT_TYPE, SHAPE]).tolist()):
        if ent_type in words.time_labels:
            continue
        if shape in words.clock_shapes:
            clocks.append(i)
        if shape in words.date_shapes:
            dates.append(i)
        if lower in words.units:
            units.append(i)
        if lower in words.recurring_or_adverbs:
            if lower in words.set_adverbs:
                adverbs.append(i)
            else:
                recurring.append(i)
                if lower in words.parts_of_day:
                    parts.append(i)
    return _Candidates(clocks, dates, units, recurring, parts, adverbs)


@dataclass(frozen=True)
class _WordIds:
    time_labels: frozenset[int]
    clock_shapes: frozenset[int]
    date_shapes: frozenset[int]
    units: frozenset[int]  # every form `_singular` reads as a unit
    recurring: frozenset[int]  # what recurs: units, weekdays ("sundays"), seasons, parts of the day
    parts_of_day: frozenset[int]
    set_adverbs: frozenset[int]  # "nightly", "daily": recurrence adverbs of one word
    recurring_or_adverbs: frozenset[int]  # the two above: one look-up for the many tokens that are neither


@lru_cache(maxsize=1)
def _word_ids() -> _WordIds:
    lex = lexicon()
    weekdays = [f"{day}day{s}" for day in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun") for s in ("", "s")]
    recurring = [*_unit_forms(), *weekdays, *_SEASONS, *lex.parts_of_day]
    adverbs = frozenset(get_string_id(word) for word in lex.set_adverbs if " " not in word)
    return _WordIds(frozenset(map(get_string_id, TIME_LABELS)), frozenset(map(get_string_id, _CLOCK_SHAPES)),
                    frozenset(map(get_string_id, _DATE_SHAPES)),
                    frozenset(map(get_string_id, _unit_forms())), frozenset(map(get_string_id, recurring)),
                    frozenset(map(get_string_id, lex.parts_of_day)), adverbs,
                    adverbs | frozenset(map(get_string_id, recurring)))


@lru_cache(maxsize=1)
def _unit_forms() -> dict[str, str]:
    """Each word `_singular` reads as a unit, and the unit: "days" day, "centuries" century."""
    forms = {}
    for unit in lexicon().units:
        for word in (unit, unit + "s", *((unit[:-1] + "ies", unit[:-1]) if unit.endswith("y") else ())):
            forms.setdefault(word, _unit_of(word))
    return {word: unit for word, unit in forms.items() if unit in lexicon().units}


def _unit_of(word: str) -> str:
    units = lexicon().units
    return next((w for w in (word, word.removesuffix("s"), word.removesuffix("ies") + "y") if w in units), word)


def _clock_spans(doc: Doc, candidates: list[int]) -> list[Span]:
    """Clock times the model leaves untagged, with a following a.m./p.m. and time zone: "16:08 UTC", "0800 GMT",
    "7.45am"."""
    found = []
    for i in candidates:
        token = doc[i]
        clock = _CLOCK_TOKEN.fullmatch(token.text)
        wire = _WIRE_CLOCK.fullmatch(token.text) and token.i + 1 < len(doc) and ZONE.fullmatch(doc[token.i + 1].text)
        if not (clock or wire or _GLUED_CLOCK.fullmatch(token.text)):
            continue
        end = token.i + 1
        if end < len(doc) and _MERIDIEM.fullmatch(doc[end].text):
            end += 1
        if end < len(doc) and ZONE.fullmatch(doc[end].text):
            end += 1
        found.append(Span(doc, *clock_extent(doc, token.i, end), label="TIME"))
    return found


def clock_extent(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A clock time's tokens with the hedge before it (its mod) and "local time" after: "[about 11:30 local time]"."""
    if end + 1 < len(doc) and doc[end].lower_ == "local" and doc[end + 1].lower_ == "time":
        end += 2
    if start > 0 and doc[start - 1].lower_ in lexicon().clock_hedges:
        start -= 1
    return start, end


def _closing_year_spans(doc: Doc, candidates: list[int]) -> list[Span]:
    """The year that closes a range whose first year the model tags alone: "from 1990 [to 1994]", "1998 [or 1999]"."""
    found = []
    for i in candidates:
        if i < 2 or doc[i].dep_ == "nummod" or not _YEAR.fullmatch(doc[i].text):
            continue  # "1999 to 2000 points": a count
        if doc[i - 1].lower_ not in _RANGE_WORDS:
            continue
        before = doc[i - 2]
        if before.ent_type_ == "DATE" and _YEAR.search(before.text):
            found.append(Span(doc, i, i + 1, label="DATE"))
    return found


def _part_of_day_anaphor_spans(doc: Doc, candidates: list[int]) -> list[Span]:
    """"That night", "the following morning", "the night before": a part of the day counted from the day named
    before, which the model leaves untagged more often than "that day"."""
    found = []
    for i in candidates:
        token = doc[i]
        if i == 0 or token.dep_ == "compound":
            continue  # "that morning show" names a show
        before, end = doc[i - 1].lower_, i + 1
        side = end < len(doc) and doc[end].lower_ in _SIDES and doc[end].dep_ not in ("prep", "mark")
        if before == "that":
            start = i - 1
        elif before in lexicon().day_anaphors and i > 1 and doc[i - 2].lower_ == "the":
            start = i - 2
        elif before == "the" and side and not any(doc[end].children):
            start, end = i - 1, end + 1  # "the night before"
        else:
            continue
        found.append(Span(doc, start, end, label="TIME"))
    return found


def _numeric_date_spans(doc: Doc, candidates: list[int]) -> list[Span]:
    """Month/day/year dates and fiscal years the model tags as numbers: "7/8/07", "FY2004"."""
    return [Span(doc, i, i + 1, label="DATE") for i in candidates
            if _NUMERIC_DATE.fullmatch(doc[i].text) or _FISCAL_YEAR.fullmatch(doc[i].text)]


def _stretch_spans(doc: Doc, candidates: list[int]) -> list[Span]:
    """Counted stretches the model leaves untagged ("almost two and a half years", "several quarters"): a unit of
    time after a count (a number, "several", "a few"), with a hedge before it ("almost", "at least"), and a plural
    unit or "a" unit after a preposition ("for years", "in a fortnight") or before "later", "earlier", "ago" ("hours
    later", "a fortnight ago")."""
    lex = lexicon()
    found = []
    for i in candidates:
        token = doc[i]
        if token.lower_.startswith("quarter") and token.i > 0 and doc[token.i - 1].text == "-":
            continue  # "three-quarters of the vote": a share
        start = token.i
        while start > 0 and doc[start - 1].ent_type_ not in TIME_LABELS and _counts(doc[start - 1]):
            start -= 1
        counted = any(t.like_num or t.lower_ in lex.vague_counts for t in doc[start : token.i])
        # "for years", "in just minutes", "hours later", "in a fortnight", "a fortnight ago": a plural unit, or one
        # unit after "a", framed by a preposition or counted from another time
        one = doc[start : token.i].text.lower() in ("a", "an") and _one_unit(token)
        bare = (start == token.i and token.lower_.endswith("s")) or one
        framed = bare and start > 0 and doc[start - 1].lower_ in lex.framing_words
        counted_from = bare and token.i + 1 < len(doc) and doc[token.i + 1].lower_ in _COUNTED_FROM
        if not (counted or framed or counted_from):
            continue
        end = token.i + 2 if counted_from else token.i + 1
        for size in (2, 1):  # "at least", "almost"
            if start >= size and doc[start - size : start].text.lower() in lex.mods:
                start -= size
                break
        span = Span(doc, start, end, label="DATE")
        if interpret(span.text, None).timex_type == "DURATION":
            found.append(span)
    return found


def _one_unit(token: Token) -> bool:
    """"A fortnight", "a week" as a noun of its own: not "a second 'Nipple-gate'" (an ordinal) nor "a quarter of an
    hour" (a share)."""
    return token.pos_ == "NOUN" and token.dep_ not in ("amod", "compound") and not token.lower_.startswith("quarter")


def _is_unit(word: str) -> bool:
    return word in _unit_forms()


def _singular(word: str) -> str:
    return _unit_forms().get(word, word)


def _counts(token: Token) -> bool:
    """A word of a count before a unit: "two", "2 1/2", "and a half", "several", "full"."""
    lex = lexicon()
    return (token.like_num or token.lower_ in ("a", "an", "and", "half", "-", "of") or token.lower_ in lex.vague_counts
            or token.lower_ in lex.unit_fillers)


def _recurrence_spans(doc: Doc, candidates: list[int]) -> list[Span]:
    """"Every year", "each Sunday", "every two years", and rates: "a"/"per" and a unit after a frequency or an
    amount ("twice a week", "three times a day", "$5 a year", "5 percent a month")."""
    lex = lexicon()
    found = []
    for i in candidates:
        token = doc[i]
        start = token.i
        if start > 0 and (doc[start - 1].like_num or doc[start - 1].lower_ in ("other", "few")):
            start -= 1  # "every two years", "every other week"
        if start == 0:
            continue
        quantifier = doc[start - 1]
        if quantifier.lower_ in ("every", "each"):
            start -= 1
        elif quantifier.lower_ in ("a", "an", "per") and start > 1 and _before_a_rate(doc[start - 2]):
            start -= 1
            if doc[start - 1].lower_ in lex.frequencies:
                start -= 1  # "twice a week"
            elif doc[start - 1].lower_ == "times" and start > 1 and doc[start - 2].like_num:
                start -= 2  # "three times a day"
            elif _is_unit(token.lower_) and lex.unit(_singular(token.lower_)).time:
                continue  # "60 miles an hour", "15 million instructions per second": a unit of measure
        else:
            continue
        span = Span(doc, start, token.i + 1, label="DATE")
        if interpret(span.text, None).timex_type in ("SET", "DURATION"):  # "a year" is a rate once placed (kg.nlp.times)
            found.append(span)
    return found


def _adverb_spans(doc: Doc, candidates: list[int]) -> list[Span]:
    """A recurrence adverb the model leaves untagged, with the count before it: "patrol the streets [nightly]", "taken
    [twice daily]" (TimeML's SET, freq 2X).  Before a noun ("the daily tally") it is left out, as TimeBank mostly
    leaves it."""
    found = []
    for i in candidates:
        token = doc[i]
        if token.dep_ == "amod" or token.pos_ in ("NOUN", "PROPN") or token.pos_ == "ADJ" and token.head.i > token.i:
            continue  # "the weekly meeting", "a new weekly", "the Daily Mail"
        start = i
        if start > 0 and doc[start - 1].lower_ in lexicon().frequencies:
            start -= 1
        elif start > 1 and doc[start - 1].lower_ == "times" and doc[start - 2].like_num:
            start -= 2
        found.append(Span(doc, start, i + 1, label="DATE"))
    return found


def _before_a_rate(token: Token) -> bool:
    """An amount or a frequency before "a year": "$5", "5,000 cars", "5 percent", "twice"."""
    return (token.like_num or token.lower_ in lexicon().frequencies or token.lower_ in ("times", "percent", "%")
            or token.pos_ in ("NOUN", "SYM"))
