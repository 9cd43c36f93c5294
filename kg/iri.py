"""Mint stable IRIs for documents, entities, actions and evidence; the only place IRIs are built."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

_MAX_SLUG = 60
# An absolute IRI as N-Triples and SPARQL accept it: a scheme, then none of the characters they forbid.
_IRI = re.compile(r"\A[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`]*\Z")


def is_iri(text: str) -> bool:
    """True if text can be written as <text> in N-Triples, Turtle and SPARQL.

    >>> is_iri("https://example.org/a?b=c#d"), is_iri("http://x> } DROP ALL #"), is_iri("no-scheme")
    (True, False, False)
    """
    return bool(_IRI.match(text))


def slug(name: str) -> str:
    """Return a readable, IRI-safe slug of a name.

    >>> slug("Clara Sorrenti")
    'clara-sorrenti'
    >>> slug("8chan / #DropKiwiFarms!")
    '8chan-dropkiwifarms'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if not words:
        return "x" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    if len(words) > _MAX_SLUG:
        words = words[:_MAX_SLUG].rstrip("-") + "-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return words


def numbered(entity_slug: str, n: int) -> str:
    """Return the slug of the n-th different entity whose name slugs to `entity_slug` (n >= 2).

    A slug never contains "--" (runs of other characters become one "-"), so a numbered slug can
    never equal the slug of another name: "Muller 2" is 'muller-2', the second Müller 'muller--2'.

    >>> numbered("muller", 2)
    'muller--2'
    """
    return f"{entity_slug}--{n}"


def content_id(text: str) -> str:
    """Return a document's identity: the first 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Minter:
    """Builds IRIs under one base IRI."""

    def __init__(self, base_iri: str):
        self.base = base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"

    def document(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}document/{doc_id}")

    def entity(self, kind: str, entity_slug: str) -> URIRef:
        return URIRef(self._entity_text(kind, entity_slug))

    def _entity_text(self, kind: str, entity_slug: str) -> str:
        return f"{self.base}{kind.lower()}/{entity_slug}"

    def entity_for_key(self, key: str) -> URIRef:
        """The IRI of a resolved entity from its key ('person/clara-sorrenti')."""
        return URIRef(self.entity_text(key))

    def entity_text(self, key: str) -> str:
        """entity_for_key as a plain string, for code that compares thousands of IRIs as text."""
        kind, _, entity_slug = key.partition("/")
        return self._entity_text(kind, entity_slug)

    def action(self, doc_id: str, start: int) -> URIRef:
        return URIRef(f"{self.base}action/{doc_id}-{start}")

    def mention(self, doc_id: str, start: int, end: int) -> URIRef:
        return URIRef(f"{self.base}mention/{doc_id}-{start}-{end}")

    def evidence(self, doc_id: str, start: int, end: int) -> URIRef:
        return URIRef(f"{self.base}evidence/{doc_id}-{start}-{end}")

    def merge(self, entity_slug: str, name: str) -> URIRef:
        return URIRef(f"{self.base}merge/{entity_slug}-{slug(name)}")

    def event(self, doc_id: str, start: int, nth: int = 1) -> URIRef:
        """An event instance, named after its first report; `nth` tells apart events that begin with the same
        mention ("X and Y sued Z" is one mention of two acts when they are not one event)."""
        return URIRef(f"{self.base}event/{doc_id}-{start}" + (f"-{nth}" if nth > 1 else ""))

    def event_merge(self, event: URIRef, doc_id: str, start: int) -> URIRef:
        return URIRef(f"{event}/merge/{doc_id}-{start}")

    def resolution_graph(self) -> URIRef:
        return URIRef(f"{self.base}graph/resolution")

    def events_graph(self) -> URIRef:
        return URIRef(f"{self.base}graph/events")
