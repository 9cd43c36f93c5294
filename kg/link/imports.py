"""Load another RDF dataset into the store, in a named graph of its own, so queries can join it with kg's facts."""

from __future__ import annotations

from pathlib import Path

from kg.iri import Minter, slug
from kg.link.dataset import load_rdf
from kg.store.base import Store
from kg.store.convert import to_rdflib


def import_graph(minter: Minter, name: str) -> str:
    return f"{minter.base}graph/import/{slug(name)}"


def import_file(store: Store, minter: Minter, path: Path, name: str | None = None) -> tuple[str, int]:
    """Replace the import named `name` (default: the file's stem) with the file's triples; return graph and size."""
    parsed = load_rdf(path)
    triples = [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in parsed]
    graph = import_graph(minter, name or path.stem)
    store.replace_graph(graph, triples)
    return graph, len(set(triples))
