"""A store big enough for an endless query, written by pyoxigraph directly (no spaCy needed)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

# Every triple with every pair of other triples: 2.7e10 rows to count, far more than any test waits for.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUICK = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TRIPLES = 3000


def write_big_store(location: Path) -> Path:
    """TRIPLES triples in one named graph of a store folder, closed again."""
    store = ox.Store(str(location))
    graph = ox.NamedNode("http://example.org/g")
    store.extend(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"),
                         ox.Literal(str(i)), graph) for i in range(TRIPLES))
    store.flush()
    del store
    return location
