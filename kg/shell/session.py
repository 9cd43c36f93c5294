"""Session: the shell's mutable state (store, prefixes, format, timing), passed to every handler."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from kg.config import Settings
from kg.queries import NamedQuery, load_queries
from kg.store.base import Store
from kg.vocab import prefixes_with_base

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What running one statement produced; the shell prints it, handlers never print."""

    text: str = ""  # results, printed as they are
    error: str = ""  # one line, shown in red on a terminal
    status: str = ""  # a short note after the results, e.g. the time taken
    quit: bool = False


@dataclass
class Session:
    store: Store
    prefixes: dict[str, str]
    queries: dict[str, NamedQuery] = field(default_factory=dict)
    format: str = "table"
    timing: bool = False


def _queries_or_none() -> dict[str, NamedQuery]:
    # A missing queries folder must not stop the shell; \n will just list nothing.
    try:
        return load_queries()
    except OSError as e:
        log.warning("canned queries unavailable: %s", e)
        return {}


def new_session(store: Store, settings: Settings) -> Session:
    """Start a session on `store`: kg's prefixes plus kgr: for the settings' base IRI, canned queries loaded."""
    return Session(store, prefixes_with_base(settings.base_iri), _queries_or_none())
