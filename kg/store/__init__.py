"""Open a store by location: a folder (embedded Oxigraph) or memory:."""

from __future__ import annotations

from kg.store.base import AskResult, GraphResult, QueryResult, SelectResult, Store
from kg.store.oxigraph import OxigraphStore

__all__ = ["AskResult", "GraphResult", "QueryResult", "SelectResult", "Store", "open_store"]


def open_store(location: str, *, read_only: bool = False, prefixes: dict[str, str] | None = None) -> OxigraphStore:
    """Open the store at `location`; a folder is created when missing."""
    return OxigraphStore(location, read_only=read_only, prefixes=prefixes)
