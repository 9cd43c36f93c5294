"""Senses: which trigger lemmas name one kind of happening, so that reports worded differently can be one event.

A sense is a lemma's canonical form: the group it belongs to in kg/data/events.yaml (`senses`: "death", "dead"
and "die"; "quake" and "earthquake"), else the verb an -ing noun or a stray plural comes from when that verb is
itself a lemma of the reports being resolved ("shooting" -> "shoot" beside "shoot", "dies" -> "die"). spaCy
lemmatises "the shooting" and "the deaths" as nouns of their own, and news tells one happening with both.
"""

from __future__ import annotations

from typing import Iterable, Mapping


def sense_table(groups: Iterable[Iterable[str]]) -> dict[str, str]:
    """Lemma -> its group's first lemma.

    >>> sense_table([["die", "death", "dead"]])["dead"]
    'die'
    """
    table: dict[str, str] = {}
    for group in groups:
        words = [w.lower() for w in group]
        for word in words:
            table.setdefault(word, words[0])
    return table


def _stems(lemma: str) -> list[str]:
    """The verbs an -ing noun or a plural may come from: shooting -> shoot, firing -> fire, stabbing -> stab."""
    if lemma.endswith("ing") and len(lemma) > 5:
        stem = lemma[:-3]
        doubled = [stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else []
        return [stem, stem + "e", *doubled]
    if lemma.endswith("s") and not lemma.endswith("ss") and len(lemma) > 3:
        return [lemma[:-1]]
    return []


def senses_of(lemmas: Iterable[str], table: Mapping[str, str]) -> dict[str, str]:
    """Lemma -> sense for every lemma given; derived forms map to a base only when that base is among them."""
    known = {lemma.lower() for lemma in lemmas}
    sense = {}
    for lemma in known:
        base = next((stem for stem in _stems(lemma) if stem in known), lemma)
        sense[lemma] = table.get(lemma, table.get(base, base))
    return sense


__all__ = ["sense_table", "senses_of"]
