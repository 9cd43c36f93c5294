"""Build CompletionMeta (prefixes, graph terms, canned queries, commands) and refresh it in the background."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace

from rdflib import URIRef

from kg.errors import KgError
from kg.format import FORMATS
from kg.shell.completer import CompletionMeta
from kg.shell.session import Session
from kg.shell.special import COMMANDS
from kg.store.base import SelectResult, Store

log = logging.getLogger(__name__)

# Two cheap DISTINCT scans; labels and instances are left out on purpose to keep startup light.
_TERM_QUERIES = {
    "property": "SELECT DISTINCT ?term WHERE { ?s ?term ?o }",
    "class": "SELECT DISTINCT ?term WHERE { ?s a ?term }",
}


def static_meta(session: Session) -> CompletionMeta:
    """Return what completion knows without asking the store."""
    return CompletionMeta(
        prefixes=dict(session.prefixes),
        queries={q.name: q.description for q in session.queries.values()},
        commands={c.name: c.help for c in COMMANDS.values()},
        formats=FORMATS,
    )


def load_terms(store: Store) -> dict[str, str]:
    """Return the graph's properties and classes (IRI → kind); a class wins over a property of the same IRI."""
    terms: dict[str, str] = {}
    for kind, sparql in _TERM_QUERIES.items():
        result = store.query(sparql)
        if isinstance(result, SelectResult):
            terms.update({str(row[0]): kind for row in result.rows if isinstance(row[0], URIRef)})
    return terms


class Refresher:
    """Holds the current CompletionMeta and fills in the store's terms on a background thread."""

    def __init__(self, session: Session):
        self.meta = static_meta(session)
        self._store = session.store
        self._thread = threading.Thread(target=self._refresh, name="kg-completion-refresh", daemon=True)

    def start(self) -> Refresher:
        self._thread.start()
        return self

    def _refresh(self) -> None:
        try:
            self.meta = replace(self.meta, terms=load_terms(self._store))
        except KgError as e:  # completion is a convenience: never let it break the shell
            log.warning("completion refresh failed: %s", e)

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the refresh; the shell calls this before it returns so the caller may close the store."""
        if self._thread.is_alive():
            self._thread.join(timeout)
