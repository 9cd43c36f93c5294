"""Session: the shell's mutable state (store, prefixes, format, modes, last result), passed to every handler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.config import Settings, config_dir
from kg.labels import LabelIndex, load_labels
from kg.queries import NamedQuery, load_queries
from kg.store.base import SelectResult, Store
from kg.vocab import prefixes_with_base

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What running one statement produced; the shell prints it, handlers never print."""

    text: str = ""  # results, printed as they are
    error: str = ""  # one line, shown in red on a terminal
    status: str = ""  # a short note after the results, e.g. the time taken
    quit: bool = False
    result: bool = False  # text is a query result, so \o sends it to the output file
    edit: str | None = None  # text to put into the next prompt (\e)
    more: Callable[[], Outcome] | None = None  # at a terminal, the rest of a long result: shown after `text`


@dataclass
class Session:
    store: Store
    prefixes: dict[str, str]
    queries: dict[str, NamedQuery] = field(default_factory=dict)
    format: str = "table"
    timing: bool = False
    settings: Settings = field(default_factory=Settings)
    canned: frozenset[str] = frozenset()  # names of the queries shipped in queries/, which \nd may not delete
    write: bool = False  # SPARQL Update and \load allowed
    assume_yes: bool = False  # destructive updates run without asking (scripts with --yes)
    expanded: str = "auto"  # \x: on, off, or auto (vertical when a table is wider than the terminal)
    width: int | None = None  # terminal columns; None when not at a terminal
    interactive: bool = False
    pager: bool = False
    vi: bool = False
    output: Path | None = None  # \o FILE
    last_query: str = ""
    last_result: SelectResult | None = None
    labels: LabelIndex | None = None
    on_change: Callable[[], None] = lambda: None  # refreshes completion data after \refresh and writes
    owns_store: bool = False  # the session closes the store when it ends, and may reopen it (\write on)
    cache: dict[str, Any] = field(default_factory=dict)  # the loaded NLP pipeline for \load
    timeout: float | None = None  # \timeout: seconds a query may run, None for no limit

    def label_index(self) -> LabelIndex:
        """Entity labels, read from the store on first use and kept until the graph changes."""
        if self.labels is None:
            self.labels = load_labels(self.store)
        return self.labels

    def changed(self) -> None:
        """Forget what was read from the graph, after a write or on \\refresh."""
        self.labels = None
        self.on_change()

    def close(self) -> None:
        """Close the store if the session owns it (it may have been reopened for writing)."""
        if self.owns_store:
            self.store.close()


def user_queries_dir() -> Path:
    """Named queries saved with \\ns live in the user's config folder."""
    return config_dir() / "queries"


def _queries_or_none(folder: Path | None = None) -> dict[str, NamedQuery]:
    # A missing or unreadable queries folder must not stop the shell; \n will just list fewer.
    try:
        return load_queries(folder) if folder is None or folder.is_dir() else {}
    except OSError as e:
        log.warning("queries unavailable: %s", e)
        return {}


def new_session(store: Store, settings: Settings, *, write: bool = False, owns_store: bool = False) -> Session:
    """Start a session on `store`: kg's prefixes plus kgr:, canned queries and the user's saved ones."""
    canned = _queries_or_none()
    saved = {name: q for name, q in _queries_or_none(user_queries_dir()).items() if name not in canned}
    return Session(
        store,
        prefixes_with_base(settings.base_iri),
        {**canned, **saved},
        settings=settings,
        canned=frozenset(canned),
        write=write,
        owns_store=owns_store,
        timeout=settings.seconds,
    )
