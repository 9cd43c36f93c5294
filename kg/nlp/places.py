"""Where places lie, as the text says it: "Belfast, Northern Ireland", "El Paso, Texas"."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.model import EntityKind, Mention
from kg.nlp.mentions import doc_text


def located_in(doc: Doc, mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Pairs (place, containing place) for a place name followed by a comma and an apposed place.

    The parser must attach the second name to the first (apposition), so that a list such as
    "Canada, Mexico and the US" (coordination) gives nothing.
    """
    places = sorted((m for m in mentions if m.kind is EntityKind.PLACE), key=lambda m: m.start)
    pairs = []
    for inner, outer in zip(places, places[1:]):
        if doc_text(doc)[inner.end : outer.start].strip() != ",":
            continue
        inner_span = doc.char_span(inner.start, inner.end, alignment_mode="expand")
        outer_span = doc.char_span(outer.start, outer.end, alignment_mode="expand")
        if inner_span is None or outer_span is None:
            continue
        root = outer_span.root
        if root.dep_ in ("appos", "npadvmod") and inner_span.start <= root.head.i < inner_span.end:
            pairs.append((inner, outer))
    return pairs
