"""Build CompletionMeta (prefixes, graph terms, entity labels, named queries, commands), refreshed in the background.

A shell's first refresh takes what the last shell on the same unchanged store saved (kg/shell/completion_cache.py);
later ones (\\refresh, writes) read the store. Labels are read before terms: names are what people complete most."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace

from rdflib import URIRef

from kg.errors import KgError
from kg.format import FORMATS
from kg.labels import LabelIndex, load_labels
from kg.shell.completer import CompletionMeta
from kg.shell.completion_cache import Completions, load_cached, save
from kg.shell.session import Session
from kg.shell.special import COMMANDS
from kg.store.base import SelectResult, Store

log = logging.getLogger(__name__)

# Two cheap DISTINCT scans for terms; entity labels come from one more query (kg.labels).
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
    """Reads the store's terms and labels on a background thread; start() again after the graph changes."""

    def __init__(self, session: Session):
        self.session = session
        self._terms: dict[str, str] = {}
        self._labels: LabelIndex | None = None
        self._threads: list[threading.Thread] = []
        self._cached = True  # the first refresh may use the saved completion data

    @property
    def meta(self) -> CompletionMeta:
        # The static part is rebuilt on each call, so queries saved with \ns complete at once.
        return replace(static_meta(self.session), terms=self._terms, labels=self._labels)

    def start(self) -> Refresher:
        thread = threading.Thread(target=self._refresh, args=(self._cached,), name="kg-completion-refresh", daemon=True)
        self._cached = False
        self._threads.append(thread)
        thread.start()
        return self

    def _refresh(self, cached: bool) -> None:
        try:
            store = self.session.store
            saved = load_cached(store) if cached else None
            if saved is not None:
                self._labels = self.session.labels = saved.labels
                self._terms = saved.terms
                return
            self._labels = self.session.labels = load_labels(store)
            self._terms = load_terms(store)
            save(store, Completions(self._terms, self._labels))
        except KgError as e:  # completion is a convenience: never let it break the shell
            log.warning("completion refresh failed: %s", e)
        except Exception:  # the store may be closed under us when \write on reopens it
            log.debug("completion refresh failed", exc_info=True)

    def wait(self, timeout: float | None = None) -> None:
        """Wait for refreshes; the shell calls this before it returns so the caller may close the store."""
        for thread in self._threads:
            thread.join(timeout)
