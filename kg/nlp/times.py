"""Find an article's time expressions and give each a value read in the tense of its clause.

spaCy's DATE and TIME entities are the base; vague references that the model leaves out
("now", "recently", "the future") come from a phrase list in kg/data/times.yaml; a range
("between 1994 and 1997") becomes its two ends.  The clause's tense tells `normalize` which
way a bare weekday or month points ("will meet Tuesday" is after publication, "met Tuesday"
before).
"""

from __future__ import annotations

import re

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.model import Article, TimeValue
from kg.nlp.dates import normalize
from kg.nlp.mentions import doc_text
from kg.nlp.rules import Rules

TIME_LABELS = ("DATE", "TIME")
# "between 1994 and 1997", "the quarter ended Sept. 30": two expressions in one entity.
_PAIR = re.compile(
    r"^(?:between |from )?(?P<a>.+?),? (?:and|to|through|until|-|–|ended|ending) (?P<b>.+)$", re.IGNORECASE
)
# "Up from a year earlier", "the year-ago quarter": the period in focus, one year back.
_YEAR_BEFORE = re.compile(r"\b(?:a year (?:ago|earlier|before)|year[- ](?:earlier|ago)|last year's)\b", re.IGNORECASE)
_PERIODS = frozenset({"quarter", "half", "month"})
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
_PAST_TAGS = frozenset({"VBD"})


def extract_times(doc: Doc, article: Article, rules: Rules) -> list[TimeValue]:
    """Every time expression in `doc` with its value resolved against the publication date."""
    times: list[TimeValue] = []
    for span in time_spans(doc, rules):
        tense = clause_tense(span.root, rules)
        for start, end in range_ends(span, article, tense):
            text = doc_text(doc)[start:end]
            value, granularity = normalize(text, article.published, tense)
            if _YEAR_BEFORE.search(text) and (focus := _period_in_focus(times, doc, start)):
                value, granularity = _year_before(focus)
            times.append(TimeValue(text, start, end, value, granularity))
    return times


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


def _year_before(focus: TimeValue) -> tuple[str, str | None]:
    year, rest = focus.value.split("-", 1)
    return f"{int(year) - 1:04d}-{rest}", focus.granularity


def time_spans(doc: Doc, rules: Rules) -> list[Span]:
    """DATE/TIME entities, then reference phrases that no entity covers, in text order."""
    spans = [e for e in doc.ents if e.label_ in TIME_LABELS]
    taken = {i for span in spans for i in range(span.start, span.end)}
    for span in _reference_spans(doc, rules):
        if taken.isdisjoint(range(span.start, span.end)) and span.root.dep_ != "mark":
            spans.append(span)
            taken.update(range(span.start, span.end))
    return sorted(spans, key=lambda s: s.start)


def _reference_spans(doc: Doc, rules: Rules) -> list[Span]:
    matcher = _matcher(doc.vocab, rules.time_references)
    found = matcher(doc, as_spans=True)
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
    match = _PAIR.match(span.text)
    if not match or normalize(span.text, article.published, tense)[0]:
        return [whole]
    ends = [(span.start_char + match.start(g), span.start_char + match.end(g)) for g in ("a", "b")]
    if any(normalize(doc_text(span.doc)[s:e], article.published, tense)[0] for s, e in ends):
        return ends
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
        if token.head is token:
            return None
        token = token.head
    return None
