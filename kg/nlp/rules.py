"""Load the lexicons (kg/data/*.yaml, optionally merged with a user's file) into plain records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg.errors import ConfigError
from kg.resources import package_data, read_yaml


@dataclass(frozen=True)
class Phrase:
    verb: str
    cls: str
    object: str | None = None
    particle: str | None = None
    requires: str | None = None  # the phrase only counts when this verb lemma depends on it
    undergoer_subject: bool = False  # "faced criticism from X": the subject is the target


@dataclass(frozen=True)
class Rules:
    verbs: dict[str, str]
    phrases: tuple[Phrase, ...]
    reversers: frozenset[str]
    reversed_class: str
    reversible_classes: frozenset[str]
    irrealis_governors: dict[str, str]
    negating_governors: frozenset[str]
    modals: dict[str, str]
    target_prepositions: frozenset[str]
    object_prepositions: frozenset[str]
    place_prepositions: frozenset[str]
    descriptors: dict[str, str]
    alias_phrase: re.Pattern[str]
    ticker: re.Pattern[str]  # '(NYSE:NET)', the symbol in group 't'
    company_suffixes: frozenset[str]
    event_nouns: dict[str, str] = field(default_factory=dict)
    noun_target_prepositions: frozenset[str] = frozenset()
    agentive_nouns: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    movement_classes: frozenset[str] = frozenset()
    time_references: tuple[str, ...] = ()
    future_governors: frozenset[str] = frozenset()
    verb_families: dict[str, str] = field(default_factory=dict)  # open-class verbs the taxonomy classes
    generic_class: str = "OtherAction"
    affiliation_class: str = "Affiliation"
    not_actions: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    support_verbs: frozenset[str] = frozenset()
    representatives: frozenset[str] = frozenset()
    member_prepositions: frozenset[str] = frozenset()  # "47 people, including Chas Booth": the named member
    open_target_prepositions: frozenset[str] = frozenset()
    recipient_prepositions: frozenset[str] = frozenset()
    framing_prepositions: frozenset[str] = frozenset()  # "said in a statement": the statement's agent is the subject
    receiving_verbs: frozenset[str] = frozenset()  # "won an order from X": X orders, the subject receives it
    provision_verbs: frozenset[str] = frozenset()  # "supplied X with Y": X is the recipient
    payee_verbs: frozenset[str] = frozenset()  # "compensated X": X is paid, the recipient
    comitative_prepositions: frozenset[str] = frozenset()  # "signed a contract with X": X is a co-signer
    co_party_predicates: frozenset[str] = frozenset()  # frames whose with-party is Arg2: sign, agree, settle
    object_control_verbs: frozenset[str] = frozenset()  # "urged X to act": X acts
    ambiguous_compound_classes: frozenset[str] = frozenset()  # "the Kiwi Farms ban": a prenominal name is no agent
    organization_words: dict[str, str] = field(default_factory=dict)  # last word -> subtype
    organization_names: dict[str, str] = field(default_factory=dict)  # whole name -> subtype
    organization_suffixes: dict[str, str] = field(default_factory=dict)  # "the Eurogroup": word ending -> subtype
    short_names: dict[str, str] = field(default_factory=dict)  # "US" -> "United States", "German" -> "Germany"
    demonyms: frozenset[str] = frozenset()  # "german": adjectives that name a place, casefolded

    @cached_property
    def descriptor_heads(self) -> frozenset[str]:
        """The last word of every descriptor ("site" of "web site"): a noun that is none of these describes nothing."""
        return frozenset(key.split()[-1] for key in self.descriptors)

    @cached_property
    def phrases_by_verb(self) -> dict[str, tuple[Phrase, ...]]:
        """Phrases by their verb: every verb of every article is looked up here."""
        found: dict[str, list[Phrase]] = {}
        for phrase in self.phrases:
            found.setdefault(phrase.verb, []).append(phrase)
        return {verb: tuple(phrases) for verb, phrases in found.items()}

    def phrase_for(self, verb: str, *, particle: str | None = None, obj: str | None = None) -> Phrase | None:
        for phrase in self.phrases_by_verb.get(verb, ()):
            if phrase.particle and phrase.particle == particle:
                return phrase
            if phrase.object and phrase.object == obj:
                return phrase
        return None


def _read(path: Path) -> dict[str, Any]:
    try:
        data = read_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"{path}: cannot read lexicon: {str(e).splitlines()[0]}") from e
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a lexicon must be a mapping of sections")
    return data


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        elif isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = value + [v for v in merged[key] if v not in value]
        else:
            merged[key] = value
    return merged


def _ticker_pattern(exchanges: list[str]) -> re.Pattern[str]:
    names = "|".join(re.escape(e) for e in sorted(exchanges)) or "(?!)"
    return re.compile(rf"\((?:{names})\s*:\s*(?P<t>[A-Z][A-Z.]{{0,5}})\)")


# A name as written after an alias phrase: capitalised words, a handle or a hashtag.
_NAME = r"[#@]?[A-Z0-9][\w.'-]*(?:\s+(?:[A-Z0-9][\w.'-]*))*"


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    """A list of words; YAML reads a bare `on`, `off` or `no` as a boolean, so say so."""
    values = data.get(key, [])
    odd = [v for v in values if not isinstance(v, str)]
    if odd:
        raise ConfigError(f"lexicon: '{key}' has {odd[0]!r} where a word belongs; quote words such as \"on\" in YAML")
    return frozenset(values)


@lru_cache(maxsize=8)
def load_rules(user_file: str = "") -> Rules:
    """Return the built-in rules, with `user_file` (YAML with the same sections) merged over them."""
    data = {}
    for name in ("actions.yaml", "entities.yaml", "times.yaml"):
        data = _merge(data, _read(package_data(name)))
    if user_file:
        data = _merge(data, _read(Path(user_file)))
    try:
        phrases = tuple(
            Phrase(p["verb"], p["class"], p.get("object"), p.get("particle"), p.get("requires"),
                   bool(p.get("undergoer_subject", False)))
            for p in data.get("phrases", [])
        )
        alias = "|".join(f"(?:{p})" for p in data["alias_phrases"])
        return Rules(
            verbs=dict(data["verbs"]),
            phrases=phrases,
            reversers=frozenset(data.get("reversers", [])),
            reversed_class=data.get("reversed_class", "ReduceRelations"),
            reversible_classes=frozenset(data.get("reversible_classes", [])),
            irrealis_governors=dict(data.get("irrealis_governors", {})),
            negating_governors=frozenset(data.get("negating_governors", [])),
            modals=dict(data.get("modals", {})),
            target_prepositions=_words(data, "target_prepositions"),
            object_prepositions=_words(data, "object_prepositions"),
            place_prepositions=_words(data, "place_prepositions"),
            descriptors={str(k).lower(): v for k, v in data.get("descriptors", {}).items()},
            alias_phrase=re.compile(rf"(?i:\b(?:{alias}))\s+[\"“'‘]?\s*(?P<alias>{_NAME})"),
            ticker=_ticker_pattern(data.get("exchanges", [])),
            company_suffixes=frozenset(s.lower() for s in data.get("company_suffixes", [])),
            event_nouns=dict(data.get("event_nouns", {})),
            noun_target_prepositions=_words(data, "noun_target_prepositions"),
            agentive_nouns=_words(data, "agentive_nouns"),
            honorifics=_words(data, "honorifics"),
            movement_classes=_words(data, "movement_classes"),
            time_references=tuple(str(r).lower() for r in data.get("time_references", [])),
            future_governors=frozenset(data.get("future_governors", [])),
            verb_families=dict(data.get("verb_families", {})),
            generic_class=data.get("generic_class", "OtherAction"),
            affiliation_class=data.get("affiliation_class", "Affiliation"),
            not_actions=_words(data, "not_actions"),
            light_verbs=_words(data, "light_verbs"),
            support_verbs=_words(data, "support_verbs"),
            representatives=_words(data, "representatives"),
            member_prepositions=_words(data, "member_prepositions"),
            open_target_prepositions=_words(data, "open_target_prepositions"),
            recipient_prepositions=_words(data, "recipient_prepositions"),
            provision_verbs=_words(data, "provision_verbs"),
            payee_verbs=_words(data, "payee_verbs"),
            comitative_prepositions=_words(data, "comitative_prepositions"),
            co_party_predicates=_words(data, "co_party_predicates"),
            receiving_verbs=_words(data, "receiving_verbs"),
            object_control_verbs=_words(data, "object_control_verbs"),
            framing_prepositions=_words(data, "framing_prepositions"),
            ambiguous_compound_classes=_words(data, "ambiguous_compound_classes"),
            organization_words={str(k).casefold(): v for k, v in data.get("organization_words", {}).items()},
            organization_names={str(k).casefold(): v for k, v in data.get("organization_names", {}).items()},
            organization_suffixes={str(k).casefold(): v for k, v in data.get("organization_suffixes", {}).items()},
            short_names={str(k): str(v) for k, v in {**data.get("demonyms", {}), **data.get("short_names", {})}.items()},
            demonyms=frozenset(str(k).casefold() for k in data.get("demonyms", {})),
        )
    except (KeyError, TypeError, re.error) as e:
        raise ConfigError(f"lexicon is malformed: {e}") from e
