"""Resolve definite descriptions and personal pronouns to a named mention, when the text is clear.

"The company", "the site", "his company" and "she"/"her" are read as the nearest earlier name
that fits, looking back a few sentences.  A description fits a name introduced with the same
head noun ("Kiwi Farms, an online forum" ... "the forum"); failing that, one kind-compatible
name with no conflicting description.  When two different names fit equally, nothing is
returned: an action keeps no agent rather than a wrong one.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Token

from kg.model import EntityKind, Mention
from kg.nlp.mentions import descriptor_kind, sentence_index
from kg.nlp.rules import Rules

WINDOW = 3  # sentences looked back, besides the current one
_DETERMINERS = frozenset({"the", "this", "that", "its", "his", "her", "their"})
_PERSON_PRONOUNS = frozenset({"she", "her", "he", "him", "his"})
# Descriptions general enough to fall back on the one organization in view ("the company").
_GENERIC = frozenset({"Company", "Organization"})


class Antecedents:
    """One document's named mentions, ordered, for looking back from a token."""

    def __init__(self, doc: Doc, mentions: list[Mention], rules: Rules, by_token: dict[int, Mention]):
        self.rules = rules
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.sentence_of = sentence_index(doc)
        self.is_subject = {}
        for m in self.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            root = span.root if span is not None else None
            while root is not None and root.dep_ == "conj":  # "Microsoft and Google met ..."
                root = root.head
            self.is_subject[m.key] = root is not None and root.dep_ in ("nsubj", "nsubjpass")
        self.affiliation = _affiliations(doc, self.mentions, by_token)
        # The head nouns each name was introduced with anywhere in the document.
        self.described: dict[str, set[str]] = {}
        for m in self.mentions:
            if m.descriptor:
                self.described.setdefault(m.text.casefold(), set()).add(m.descriptor)

    def resolve(self, token: Token) -> Mention | None:
        if token.lower_ in _PERSON_PRONOUNS:
            return self._unique(self._before(token), {EntityKind.PERSON}, None)
        cls = self._description(token)
        if cls is None:
            return None
        owner = next((c for c in token.children if c.dep_ == "poss" and c.lower_ in _PERSON_PRONOUNS), None)
        if owner is not None and cls in _GENERIC:  # "his company": the one his title names
            person = self.resolve(owner)
            return self.affiliation.get(_core(person.text)) if person is not None else None
        return self._unique(self._before(token), {descriptor_kind(cls)}, cls)

    def affiliated(self, person: Mention) -> Mention | None:
        """The organisation a person's title names in this document ("Prince, CEO of NET": NET)."""
        return self.affiliation.get(_core(person.text))

    def _description(self, token: Token) -> str | None:
        """The class a definite noun phrase describes ("the company" -> Company), if it is one."""
        if token.pos_ != "NOUN" or token.tag_ == "NNS":
            return None
        if not any(c.dep_ in ("det", "poss") and c.lower_ in _DETERMINERS for c in token.children):
            return None
        if any(c.dep_ in ("amod", "compound") and c.pos_ == "PROPN" for c in token.children):
            return None  # "the Kiwi Farms site" names its referent itself
        return self.rules.descriptors.get(token.lemma_.lower())

    def _before(self, token: Token) -> list[Mention]:
        sentence = self.sentence_of[token.i]
        return [m for m in self.mentions if m.start < token.idx and sentence - WINDOW <= m.sentence <= sentence]

    def _unique(self, candidates: list[Mention], kinds: set[EntityKind], cls: str | None) -> Mention | None:
        fitting = [m for m in candidates if m.kind in kinds]
        if cls is not None:
            named = [m for m in fitting if cls in self.described.get(m.text.casefold(), ())]
            if named:  # the most talked-about of them, then the latest
                counts = Counter(_core(m.text) for m in candidates)
                return max(reversed(named), key=lambda m: counts[_core(m.text)])
            if cls not in _GENERIC:
                return None  # "the site" needs a name introduced as a site
            fitting = [m for m in fitting if not self.described.get(m.text.casefold())]
        subjects = [m for m in fitting if self.is_subject.get(m.key)]
        if cls is not None and not subjects:  # "the company" in a sentence about its chief
            people = [m for m in candidates if m.kind is EntityKind.PERSON and self.is_subject.get(m.key)]
            subjects = [a for a in (self.affiliation.get(_core(p.text)) for p in people) if a is not None]
        # A description falls back on the one organization acting as a subject nearby; a pronoun
        # on the one person in view.
        for pool in (subjects,) if cls is not None else (subjects, fitting):
            names = _distinct({_core(m.text) for m in pool})
            if len(names) == 1:
                return pool[-1]
            if names:
                return None
        return None


def _affiliations(doc: Doc, mentions: list[Mention], by_token: dict[int, Mention]) -> dict[str, Mention]:
    """Person name -> the organization their title names ("NET CEO Matthew Prince", "Prince, CEO of NET")."""
    found: dict[str, Mention] = {}
    for m in mentions:
        if m.kind is not EntityKind.ORGANIZATION:
            continue
        token = doc.char_span(m.start, m.end, alignment_mode="expand")
        token = token.root if token is not None else None
        for _ in range(4):
            if token is None or token.dep_ not in ("compound", "pobj", "prep", "appos", "poss"):
                break
            token = token.head
            person = by_token.get(token.i)
            if person is not None and person is not m and person.kind is EntityKind.PERSON:
                found.setdefault(_core(person.text), m)
                found.setdefault(_core(person.text.split()[-1]), m)
                break
    return found


def same_name(a: Mention, b: Mention) -> bool:
    """Two mentions that name the same thing by the same name ("Cloudflare" and "Cloudflare's")."""
    return _core(a.text) == _core(b.text)


def _core(name: str) -> str:
    return name.casefold().removesuffix("'s").removesuffix("’s").removeprefix("the ").strip()


def _distinct(names: set[str]) -> set[str]:
    """Names left once a name that ends another ("sorrenti" in "clara sorrenti") is folded into it."""
    return {n for n in names if not any(other != n and other.endswith(" " + n) for other in names)}
