"""The TimeML lexicons of kg/data/times.yaml (section `timex`) as plain records and patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from kg.errors import ConfigError
from kg.resources import package_data, read_yaml


@dataclass(frozen=True)
class Unit:
    """A unit of time as ISO 8601 durations write it: "decade" is 10 Y, vaguely E."""

    designator: str
    times: int = 1
    time: bool = False  # hours, minutes, seconds: after the T
    vague: str | None = None


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, Unit]
    vague_stretches: frozenset[str]
    vague_counts: tuple[str, ...]
    unit_fillers: tuple[str, ...]
    ends_at_publication: tuple[str, ...]
    begins_at_publication: tuple[str, ...]
    parts_of_day: dict[str, str]
    set_adverbs: dict[str, str]
    set_quantifiers: dict[str, str]
    frequencies: dict[str, int]
    mods: dict[str, str]  # phrase -> TimeML mod
    time_words: tuple[str, ...]
    present_statement_verbs: frozenset[str]
    scheduling_verbs: frozenset[str]
    past_like_present: frozenset[str]
    outside_extent: frozenset[str]
    reference_terms: frozenset[str] = frozenset()  # "current account": a reference word in a term, no time
    some_day: frozenset[str] = frozenset()
    some_day_modals: frozenset[str] = frozenset()
    modals: frozenset[str] = frozenset()
    future_auxiliaries: frozenset[str] = frozenset()
    window_words: frozenset[str] = frozenset()
    end_points: frozenset[str] = frozenset()
    anchoring_words: frozenset[str] = frozenset()
    signals: frozenset[str] = frozenset()
    hedged_signals: frozenset[str] = frozenset()
    clock_hedges: frozenset[str] = frozenset()
    framing_words: frozenset[str] = frozenset()
    day_anaphors: frozenset[str] = frozenset()

    def alternatives(self, words) -> str:
        """A regex alternation of `words`, longest first, spaces as in text."""
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    @property
    def unit_pattern(self) -> str:
        """A unit, singular or plural ("centuries", "fortnights", "millennia")."""
        stems = [u[:-1] + "(?:y|ie)" if u.endswith("y") else u[:-2] + "(?:um|(?=a))" if u.endswith("um")
                 else re.escape(u) for u in self.units]
        return rf"(?P<unit>{'|'.join(sorted(stems, key=len, reverse=True))})(?P<plural>s|(?<=i)a)?"

    @property
    def plural_unit_pattern(self) -> str:
        """A unit in the plural, without named groups ("months" in "weeks or months")."""
        return self.unit_pattern.replace("(?P<unit>", "(?:").replace("(?P<plural>", "(?:").removesuffix("?")

    def unit(self, word: str) -> Unit:
        if word in self.units:
            return self.units[word]
        return self.units[word[:-2] + "y" if word.endswith("ie") else word + "um"]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Read the built-in `timex` section once (normalisation is a pure, cached function of the text)."""
    path = package_data("times.yaml")
    try:
        data = read_yaml(path.read_text(encoding="utf-8"))["timex"]
        return Lexicon(
            units={name: Unit(**spec) for name, spec in data["units"].items()},
            vague_stretches=frozenset(data["vague_stretches"]),
            vague_counts=tuple(data["vague_counts"]),
            unit_fillers=tuple(data["unit_fillers"]),
            ends_at_publication=tuple(data["ends_at_publication"]),
            begins_at_publication=tuple(data["begins_at_publication"]),
            parts_of_day={k: str(v) for k, v in data["parts_of_day"].items()},
            set_adverbs=dict(data["set_adverbs"]),
            set_quantifiers=dict(data["set_quantifiers"]),
            frequencies=dict(data["frequencies"]),
            mods={phrase: mod for mod, phrases in data["mods"].items() for phrase in phrases},
            time_words=tuple(data["time_words"]),
            present_statement_verbs=frozenset(data["present_statement_verbs"]),
            scheduling_verbs=frozenset(data["scheduling_verbs"]),
            past_like_present=frozenset(data["past_like_present"]),
            outside_extent=frozenset(data["outside_extent"]),
            reference_terms=frozenset(data.get("reference_terms", ())),
            some_day=frozenset(data.get("some_day", ())),
            some_day_modals=frozenset(data.get("some_day_modals", ())),
            modals=frozenset(data.get("modals", ())),
            future_auxiliaries=frozenset(data.get("future_auxiliaries", ())),
            window_words=frozenset(data.get("window_words", ())),
            end_points=frozenset(data.get("end_points", ())),
            anchoring_words=frozenset(data.get("anchoring_words", ())),
            signals=frozenset(data.get("signals", ())),
            hedged_signals=frozenset(data.get("hedged_signals", ())),
            clock_hedges=frozenset(data.get("clock_hedges", ())),
            framing_words=frozenset(data.get("framing_words", ())),
            day_anaphors=frozenset(data.get("day_anaphors", ())),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as e:
        raise ConfigError(f"{path}: the timex section is malformed: {e}") from e
