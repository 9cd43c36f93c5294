"""Mint stable IRIs for documents, entities, actions and evidence; the only place IRIs are built."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

_MAX_SLUG = 60


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
        return URIRef(f"{self.base}{kind.lower()}/{entity_slug}")

    def entity_for_key(self, key: str) -> URIRef:
        """The IRI of a resolved entity from its key ('person/clara-sorrenti')."""
        kind, _, entity_slug = key.partition("/")
        return self.entity(kind, entity_slug)

    def action(self, doc_id: str, start: int) -> URIRef:
        return URIRef(f"{self.base}action/{doc_id}-{start}")

    def mention(self, doc_id: str, start: int, end: int) -> URIRef:
        return URIRef(f"{self.base}mention/{doc_id}-{start}-{end}")

    def evidence(self, doc_id: str, start: int, end: int) -> URIRef:
        return URIRef(f"{self.base}evidence/{doc_id}-{start}-{end}")

    def merge(self, entity_slug: str, name: str) -> URIRef:
        return URIRef(f"{self.base}merge/{entity_slug}-{slug(name)}")

    def resolution_graph(self) -> URIRef:
        return URIRef(f"{self.base}graph/resolution")
