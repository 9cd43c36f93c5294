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
    senses: tuple[tuple[str, ...], ...] = ()  # groups of lemmas that name one kind of happening (kg/senses.py)


def load_event_rules(path: Path | None = None) -> EventRules:
    data = read_yaml((path or package_data("events.yaml")).read_text(encoding="utf-8")) or {}
    unknown = set(data) - {f.name for f in fields(EventRules)}
    if unknown:
        raise ConfigError(f"{path or 'events.yaml'}: unknown setting {', '.join(sorted(unknown))}")
    groups = data.get("senses") or []
    if not isinstance(groups, list) or not all(isinstance(g, list) and all(isinstance(w, str) for w in g) for g in groups):
        raise ConfigError(f"{path or 'events.yaml'}: senses must be a list of lists of words")
    data["senses"] = tuple(tuple(g) for g in groups)
    return EventRules(**data)


__all__ = ["EventRules", "load_event_rules"]
