"""What parsing hands the build: a Source in; a Parsed document, a Part of a long one, or a Failure out."""

from __future__ import annotations

from dataclasses import dataclass

from kg.docstate import DocState
from kg.model import Article
from kg.resolve import Resolution


@dataclass(frozen=True)
class Source:
    """An article to parse, with what its stored state records about the input; `validate` asks for a SHACL check."""

    article: Article
    path: str
    fingerprint: str
    validate: bool = False


@dataclass(frozen=True)
class Parsed:
    """A document ready to store: its whole graph in N-Triples, its state (with the keys it is linked to), and
    its encoded link template, which the build keeps beside the store (kg/buildstate.py) and in memory so that
    relinking needs no store query, and the number of
    SHACL violations when the source asked for a check (None when it did not or the document was too big).
    `extends`: a long document whose graph came before, in Parts (kg/pieces.py); only its state is left to store.
    `resolution`: the document's mentions resolved on their own, when the build process computed it (a long
    document), so that a build of that document alone need not resolve them again."""

    iri: str
    ntriples: bytes
    state: DocState
    template: str
    violations: int | None = None
    extends: bool = False
    resolution: Resolution | None = None


@dataclass(frozen=True)
class Part:
    """Some of a long document's triples, to add to its graph; the `first` replaces what the graph held."""

    iri: str
    doc_id: str
    path: str
    ntriples: bytes
    first: bool


__all__ = ["Source", "Parsed", "Part"]
