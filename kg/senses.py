"""Senses: which trigger lemmas name one kind of happening, so that reports worded differently can be one event.

A sense is a group of kg/data/events.yaml (`senses`: "death", "dead" and "die"; "check", "enter" and "admit"),
named by its first word. A lemma may be in several groups, since a word may name several kinds of happening
("fire": a blaze, a dismissal, a shot); two lemmas can name one happening when they share a group. An *outcome*
(`outcomes`: "kill" and "die") gives every word of an act's group the sense of what the act does to its target, so
that "gunmen killed three villagers" and "three villagers died" can be one happening; the outcome's word names the
one it befalls as its subject (kg/events.py compares that subject with the act's target, not its agent). A lemma in no
group is a sense of its own, or takes the senses of the verb a derived noun (-ing, -ation, -sion, -ment, -al, -ure,
-ance) or a stray plural comes from when that verb is itself a lemma of the reports being resolved ("shooting" ->
"shoot" beside "shoot", "explosion" -> "explode", "dies" -> "die"). spaCy lemmatises "the shooting" and "the
deaths" as nouns of their own, and news tells one happening with both.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping


def sense_table(groups: Iterable[Iterable[str]], outcomes: Iterable[tuple[str, str]] = ()) -> dict[str, tuple[str, ...]]:
    """Lemma -> the first lemma of each group it is in, then the outcome of each of those groups that has one.

    >>> sense_table([["die", "death", "dead"], ["fire", "blaze"], ["dismiss", "fire"]])["fire"]
    ('fire', 'dismiss')
    >>> sense_table([["die", "death"], ["kill", "murder"]], [("kill", "die")])["murder"]
    ('kill', 'die')
    """
    table: dict[str, tuple[str, ...]] = {}
    for group in groups:
        words = [w.lower() for w in group]
        for word in dict.fromkeys(words):
            if words[0] not in table.get(word, ()):
                table[word] = table.get(word, ()) + (words[0],)
    result_of = defaultdict(list)
    for act, outcome in outcomes:
        result_of[act.lower()].append(outcome.lower())
    return {word: tuple(dict.fromkeys(names + tuple(o for n in names for o in result_of[n])))
            for word, names in table.items()}


# Derived nouns and the verb endings they may come from, tried in order: "investigation" -> "investigate",
# "announcement" -> "announce", "explosion" -> "explode", "admission" -> "admit", "arrival" -> "arrive",
# "failure" -> "fail", "appearance" -> "appear", "recovery" -> "recover". A base counts only when it is itself a lemma of the reports.
_DERIVED = (("ation", ("ate", "", "e")), ("ition", ("", "e")), ("tion", ("t", "te")), ("ssion", ("t", "ss")),
            ("sion", ("de", "d", "se")), ("ment", ("",)), ("ial", ("y",)), ("al", ("", "e")), ("ure", ("", "e")),
            ("ance", ("", "e")), ("ence", ("", "e")), ("ery", ("",)), ("y", ("", "e")), ("ing", ("", "e")), ("s", ("",)))


def _stems(lemma: str) -> list[str]:
    """The verbs a derived noun or a plural may come from: shooting -> shoot, firing -> fire, stabbing -> stab,
    investigation -> investigate, explosion -> explode, arrival -> arrive."""
    if lemma.endswith("ss"):
        return []
    stems = []
    for suffix, endings in _DERIVED:
        stem = lemma[: -len(suffix)]
        if lemma.endswith(suffix) and len(stem) > 2:
            stems += [stem + ending for ending in endings]
            if len(stem) > 2 and stem[-1] == stem[-2] and suffix in ("ing", "ery", "ence", "al"):
                stems.append(stem[:-1])  # stabbing -> stab, robbery -> rob, occurrence -> occur
    return stems


def senses_of(lemmas: Iterable[str], table: Mapping[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    """Lemma -> its senses for every lemma given; derived forms take a base's only when that base is among them."""
    known = {lemma.lower() for lemma in lemmas}
    sense = {}
    for lemma in known:
        base = next((stem for stem in _stems(lemma) if stem in known), lemma)
        sense[lemma] = frozenset(table.get(lemma) or table.get(base) or (base,))
    return sense


__all__ = ["sense_table", "senses_of"]
