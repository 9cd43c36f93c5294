"""Exact, cheaper runs of two rule-based spaCy components that otherwise cost a fifth of parsing.

spaCy's attribute_ruler tries every one of its Matcher patterns at every token (en_core_web_sm has 179: about
25 µs a token), and its rule lemmatizer walks every token in Python and looks each new word up in lists of tens of
thousands of lemmas. What either gives a token depends only on a few attributes of that token (and, for the
ruler's few multi-token patterns, of its neighbours), so kg asks each once per distinct case and copies the answer
to every token of that case. The annotations are the same (tests/nlp/test_memo.py compares them with the
components' own on real text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import DEP, IDS, LEMMA, MORPH, NORM, ORTH, POS, TAG
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Span

_OTHER = 2**64 - 1  # stands for every value of an attribute that no pattern tells apart
_ARRAY_ATTRS = frozenset({DEP, LEMMA, MORPH, NORM, POS, TAG})  # what Doc.from_array sets as a rule would


class MemoAttributeRuler:
    """spaCy's AttributeRuler, its single-token patterns matched once per distinct case of token.

    A single-token pattern's match depends only on the attributes of the token it reads; values of an attribute
    that no pattern names (nor matches by regular expression) all match alike, so they make one case. What the
    matching rules of a case set (later rules winning, as in spaCy) is worked out once and written to the whole
    document in one array: setting each match's attributes token by token cost more than the matching. The few
    multi-token patterns are tried only where a token can begin one (a case property too), unless a pattern has
    an operator, when their Matcher runs over the whole document, as spaCy's component does.
    """

    def __init__(self, ruler: AttributeRuler):
        self.ruler = ruler
        self._built_for = -1

    def __call__(self, doc: Doc) -> Doc:
        if self._built_for != len(self.ruler.attrs):
            self._build()
        if not len(doc):
            return doc
        cases = self._case_ids(doc)
        multi = self._multi_matches(doc, cases)  # before any rule writes what a pattern reads
        self._write(doc, cases)
        if multi:  # the tokens they touch get all their rules again, in order: the last rule wins
            touched = {i for _, _, start, end in multi for i in range(start, end)}
            multi += [(rule, key, i, i + 1) for i in touched for rule, key in self._found[cases[i]]]
            multi.sort()
            self.ruler.set_annotations(doc, multi)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        return map(self, docs)

    def _build(self) -> None:
        """Split the ruler's patterns into single- and multi-token Matchers; find which values each attribute tells apart."""
        vocab = self.ruler.vocab
        self._single, self._multi, self._first = Matcher(vocab), Matcher(vocab), Matcher(vocab)
        kinds: dict[int, _Values | None] = {}
        multi: list[list[dict[str, Any]]] = []
        for index in range(len(self.ruler.attrs)):
            key = str(index)
            _, patterns = self.ruler.matcher.get(vocab.strings[key])
            single = [p for p in patterns if _reads_one_token(p)]
            multi += [p for p in patterns if not _reads_one_token(p)]
            if single:
                self._single.add(key, single)
            if len(single) < len(patterns):
                self._multi.add(key, [p for p in patterns if not _reads_one_token(p)])
            for name, test in (item for pattern in single for item in pattern[0].items()):
                _tell_apart(kinds, name, test)
        # A multi-token pattern of fixed length is anchored at its first token, found by the token's case.
        self._window = max((len(p) for p in multi), default=0)
        if all(_reads_one_token(p[:1]) and all("OP" not in t for t in p) for p in multi):
            for pattern in multi:
                self._first.add("first", [pattern[:1]])
                for name, test in pattern[0].items():
                    _tell_apart(kinds, name, test)
        else:
            self._window = None
        self._attrs = list(kinds)
        self._kinds = list(kinds.values())
        written = sorted({attr for attrs in self.ruler.attrs for attr in attrs}, key=str)
        self._bulk = all(attr in _ARRAY_ATTRS for attr in written)
        self._written = [attr for attr in written if attr in _ARRAY_ATTRS]
        self._index: dict[tuple[int, ...], int] = {}
        self._found: list[tuple[tuple[int, int], ...]] = []  # case -> its rules (index, key), in order
        self._starts = numpy.zeros(0, dtype=bool)  # case -> whether a multi-token pattern may begin at it
        self._values = numpy.zeros((0, len(self._written)), dtype=numpy.uint64)
        self._sets = numpy.zeros((0, len(self._written)), dtype=bool)
        self._built_for = len(self.ruler.attrs)

    def _case_ids(self, doc: Doc) -> numpy.ndarray:
        """Each token's case number; a case is the token's values of the attributes the patterns read, the
        values no pattern tells apart made one."""
        if self._attrs:
            array = doc.to_array(self._attrs).reshape(len(doc), len(self._attrs))
            for column, values in enumerate(self._kinds):
                if values is not None:
                    array[:, column] = values.cases(array[:, column], self.ruler.vocab.strings)
            keys = list(map(tuple, array.tolist()))
        else:
            keys = [()] * len(doc)
        index, ids = self._index, []
        for i, key in enumerate(keys):
            case = index.get(key)
            if case is None:
                case = index[key] = self._add_case(doc[i : i + 1])
            ids.append(case)
        return numpy.array(ids, dtype=numpy.intp)

    def _add_case(self, token: Span) -> int:
        strings = self.ruler.vocab.strings
        matched = self._single(token, allow_missing=True) if len(self._single) else []
        found = tuple(sorted((int(strings[key]), key) for key, _, _ in matched))
        self._found.append(found)
        self._starts = numpy.append(self._starts, len(self._first) > 0 and bool(self._first(token, allow_missing=True)))
        values, sets = numpy.zeros((1, len(self._written)), dtype=numpy.uint64), numpy.zeros((1, len(self._written)), dtype=bool)
        for rule, _ in found:
            for attr, value in self.ruler.attrs[rule].items():
                if attr in self._written:
                    column = self._written.index(attr)
                    values[0, column], sets[0, column] = value, True
        self._values, self._sets = numpy.vstack((self._values, values)), numpy.vstack((self._sets, sets))
        return len(self._found) - 1

    def _write(self, doc: Doc, cases: numpy.ndarray) -> None:
        """What each token's single-token rules set, in one array; token by token if a rule sets what no
        array holds (extension attributes)."""
        if not self._bulk:
            self.ruler.set_annotations(doc, sorted((rule, key, i, i + 1) for i, case in enumerate(cases.tolist())
                                                   for rule, key in self._found[case]))
            return
        if self._written:
            current = doc.to_array(self._written).reshape(len(doc), len(self._written))
            doc.from_array(self._written, numpy.where(self._sets[cases], self._values[cases], current))

    def _multi_matches(self, doc: Doc, cases: numpy.ndarray) -> list[tuple[int, int, int, int]]:
        strings = self.ruler.vocab.strings
        if self._window is None:
            found = self._multi(doc, allow_missing=True)
        else:
            starts = numpy.flatnonzero(self._starts[cases]).tolist()
            found = [(key, i, i + end) for i in starts
                     for key, start, end in self._multi(doc[i : i + self._window], allow_missing=True) if start == 0]
        return [(int(strings[key]), key, start, end) for key, start, end in found]

    def __getattr__(self, name: str) -> Any:  # patterns, add_patterns, to_disk...: the ruler's own
        return getattr(self.ruler, name)


@dataclass
class _Values:
    """What the patterns of one attribute tell apart: values they name and regular expressions they match."""

    named: set[int] = field(default_factory=set)
    regexes: list[re.Pattern[str]] = field(default_factory=list)
    _seen: dict[int, int] = field(default_factory=dict)

    def told_apart_by(self, test: Any) -> _Values | None:
        """These values with one more test's, or None if the test compares in a way no case can stand for."""
        if isinstance(test, (str, bool, int)):
            test = {"IN": [test]}
        if not isinstance(test, dict) or set(test) - {"IN", "NOT_IN", "REGEX"}:
            return None
        listed = [v for op, values in test.items() if op != "REGEX" for v in values]
        if not all(isinstance(v, (str, bool, int)) for v in listed) or not isinstance(test.get("REGEX", ""), str):
            return None
        self.named |= {get_string_id(v) if isinstance(v, str) else int(v) for v in listed}
        if "REGEX" in test:
            self.regexes.append(re.compile(test["REGEX"]))
        return self

    def cases(self, column: numpy.ndarray, strings: StringStore) -> numpy.ndarray:
        if not self.regexes:
            return numpy.where(numpy.isin(column, list(self.named)), column, _OTHER)
        seen = self._seen
        return numpy.array([seen[v] if v in seen else self._case(v, strings) for v in column.tolist()], dtype=column.dtype)

    def _case(self, value: int, strings: StringStore) -> int:
        text = strings[value] if value in strings else ""
        told = value in self.named or any(regex.search(text) for regex in self.regexes)
        self._seen[value] = value if told else _OTHER
        return self._seen[value]


def _tell_apart(kinds: dict[int, _Values | None], name: str, test: Any) -> None:
    attr = IDS[name.upper()]
    if attr not in kinds:
        kinds[attr] = _Values()
    if kinds[attr] is not None:
        kinds[attr] = kinds[attr].told_apart_by(test)


def _reads_one_token(pattern: list[dict[str, Any]]) -> bool:
    """A pattern of one token, no operator, testing only attributes a Doc array holds."""
    return len(pattern) == 1 and all(name != "OP" and name.upper() in IDS for name in pattern[0])


class MemoLemmatizer:
    """spaCy's rule or lookup Lemmatizer, asked once per distinct (form, part of speech, morphology)."""

    def __init__(self, lemmatizer: Lemmatizer):
        self.lemmatizer = lemmatizer
        self._cache: dict[tuple[int, int, int], int] | None = None

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self.lemmatizer
        if self._cache is None:  # the component's own run checks its tables once
            _index_as_sets(lemmatizer.lookups)
            lemmatizer(doc)
            self._cache = {}
            return doc
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = array[:, 3].copy()
        cache, strings, overwrite = self._cache, lemmatizer.vocab.strings, lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if lemma and not overwrite:
                continue
            found = cache.get((orth, pos, morph))
            if found is None:
                found = cache[(orth, pos, morph)] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        return map(self, docs)

    def __getattr__(self, name: str) -> Any:  # lookups, mode, to_disk...: the lemmatizer's own
        return getattr(self.lemmatizer, name)


class _IndexList(list):
    """A list of lemmas that answers `in` from a set: the rule lemmatizer asks it for every new word."""

    def __init__(self, lemmas: Iterable[str]):
        super().__init__(lemmas)
        self._members = frozenset(self)

    def __contains__(self, lemma: object) -> bool:
        return lemma in self._members


def _index_as_sets(lookups: Lookups) -> None:
    if "lemma_index" in lookups:
        table = lookups.get_table("lemma_index")
        for pos, lemmas in list(table.items()):
            if type(lemmas) is list:
                table[pos] = _IndexList(lemmas)
