"""The windows and word groups of kg/data/events.yaml that event resolution (kg/events.py) reads."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from kg.errors import ConfigError
from kg.resources import package_data, read_yaml


@dataclass(frozen=True)
class EventRules:
    """The windows and sense groups of kg/data/events.yaml (see there)."""

    momentary_days: int = 7
    undated_days: int = 7
    story_distance: float = 0.9
    story_max_documents: int = 5000
    story_neighbours: int = 6
    senses: tuple[tuple[str, ...], ...] = ()  # groups of lemmas that name one kind of happening (kg/senses.py)
    outcomes: tuple[tuple[str, str], ...] = ()  # (act, outcome) groups by first word: "kill" and "die"


def load_event_rules(path: Path | None = None) -> EventRules:
    data = read_yaml((path or package_data("events.yaml")).read_text(encoding="utf-8")) or {}
    unknown = set(data) - {f.name for f in fields(EventRules)}
    if unknown:
        raise ConfigError(f"{path or 'events.yaml'}: unknown setting {', '.join(sorted(unknown))}")
    groups = data.get("senses") or []
    if not isinstance(groups, list) or not all(isinstance(g, list) and all(isinstance(w, str) for w in g) for g in groups):
        raise ConfigError(f"{path or 'events.yaml'}: senses must be a list of lists of words")
    data["senses"] = tuple(tuple(g) for g in groups)
    pairs = data.get("outcomes") or []
    heads = {g[0].lower() for g in data["senses"] if g}
    if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 and all(isinstance(w, str) for w in p)
                                              for p in pairs):
        raise ConfigError(f"{path or 'events.yaml'}: outcomes must be a list of [act, outcome] pairs of words")
    unknown_groups = sorted({w for p in pairs for w in p if w.lower() not in heads})
    if unknown_groups:
        raise ConfigError(f"{path or 'events.yaml'}: outcomes name no group of senses: {', '.join(unknown_groups)}")
    data["outcomes"] = tuple((act, outcome) for act, outcome in pairs)
    return EventRules(**data)


__all__ = ["EventRules", "load_event_rules"]
