"""Open a store by location: a folder (embedded Oxigraph), memory:, or a SPARQL endpoint's URL."""

from __future__ import annotations

from kg.store.base import AskResult, GraphResult, QueryResult, SelectResult, Store
from kg.store.oxigraph import OxigraphStore

__all__ = ["AskResult", "GraphResult", "QueryResult", "SelectResult", "Store", "is_remote", "open_store"]

REMOTE_SCHEMES = ("http://", "https://", "sparql+http://", "sparql+https://")


def is_remote(location: str) -> bool:
    """True when `location` names a SPARQL endpoint (see kg/store/remote.py) rather than a folder."""
    return location.lower().startswith(REMOTE_SCHEMES)


def open_store(location: str, *, read_only: bool = False, prefixes: dict[str, str] | None = None,
               stoppable: bool = False, state: str = "") -> Store:
    """Open the store at `location`; a folder is created when missing, a URL is a SPARQL endpoint.

    `stoppable`: a read-only store folder runs queries where a time-out or Ctrl-C stops them (kg/stoppable.py).
    `state`: where a URL's build state lives (kg/remotestate.py); a folder keeps its own.
    """
    if is_remote(location):
        from kg.store.remote import (
            RemoteStore,  # the HTTP client is only loaded when needed
        )

        return RemoteStore(location, read_only=read_only, prefixes=prefixes, state=state)
    return OxigraphStore(location, read_only=read_only, prefixes=prefixes, stoppable=stoppable)
