"""Read kg's entities and their context (containing places, places in the same articles, sentences) from the store."""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import URIRef

from kg.link.model import EntityInfo
from kg.store.base import SelectResult, Store

KINDS = ("Person", "Organization", "Place")

_ENTITIES = """
SELECT ?e ?kind ?pref ?label WHERE {
  GRAPH ?resolution { ?e a ?type ; skos:prefLabel ?pref . OPTIONAL { ?e rdfs:label ?label } }
  VALUES (?type ?kind) { (kg:Person "Person") (kg:Organization "Organization") (kg:Place "Place") }
}"""
_MENTIONS = """
SELECT ?e ?doc ?mention ?sentence WHERE {
  ?m kg:refersTo ?e ; kg:document ?doc ; kg:text ?mention ; kg:evidence/kg:text ?sentence .
}"""
_PLACES = "SELECT ?doc ?place ?label WHERE { ?place a kg:Place ; kg:source ?doc ; skos:prefLabel ?label }"
_LOCATED_IN = "SELECT ?e ?label WHERE { ?e kg:locatedIn ?c . ?c skos:prefLabel ?label }"
# "Belfast, Northern Ireland", "El Paso, Texas", "Dallas in the US": a capitalised name after a comma or 'in'
# names the containing place (a name that is no place, "Paris in April", matches no candidate and does no harm).
_CONTAINER_AFTER = r"(?:\s*,\s+|\s+in\s+)(?:the\s+)?((?:[A-Z][\w.'-]*)(?:\s+(?:of\s+)?[A-Z][\w.'-]*){0,3})"


def _rows(store: Store, sparql: str, bindings=None) -> list[tuple]:
    result = store.query(sparql, bindings)
    assert isinstance(result, SelectResult)
    return [tuple(None if v is None else str(v) for v in row) for row in result.rows]


def containers_in(sentence: str, mention: str) -> list[str]:
    """Names written right after the mention as its containing place.

    >>> containers_in("Police in Belfast, Northern Ireland, said", "Belfast")
    ['Northern Ireland']
    >>> containers_in("Dallas in the US and Oporto in Portugal", "Dallas")
    ['US']
    """
    pattern = re.escape(mention) + _CONTAINER_AFTER
    return [m.group(1).rstrip(".") for m in re.finditer(pattern, sentence)]


def read_entities(store: Store, resolution_graph: str) -> list[EntityInfo]:
    """Every person, organization and place of the store, with the context the linkers use."""
    kinds: dict[str, str] = {}
    prefs: dict[str, str] = {}
    labels: dict[str, list[str]] = defaultdict(list)
    for e, kind, pref, label in _rows(store, _ENTITIES, {"resolution": URIRef(resolution_graph)}):
        kinds[e], prefs[e] = kind, pref
        for name in (pref, label):
            if name and name not in labels[e]:
                labels[e].append(name)

    documents: dict[str, set[str]] = defaultdict(set)
    sentences: dict[str, set[str]] = defaultdict(set)
    containers: dict[str, list[str]] = defaultdict(list)
    for e, doc, mention, sentence in _rows(store, _MENTIONS):
        documents[e].add(doc)
        sentences[doc].add(sentence)
        if kinds.get(e) == "Place":
            containers[e] += [c for c in containers_in(sentence, mention) if c not in containers[e]]
    for e, label in _rows(store, _LOCATED_IN):
        if label not in containers[e]:
            containers[e].insert(0, label)

    places_in: dict[str, set[str]] = defaultdict(set)
    for doc, _place, label in _rows(store, _PLACES):
        places_in[doc].add(label)

    entities = []
    for e in sorted(kinds):
        docs = sorted(documents[e])
        others = sorted({p for d in docs for p in places_in[d]} - {prefs[e]})
        context = "\n".join(sorted({s for d in docs for s in sentences[d]}))
        entities.append(EntityInfo(e, kinds[e], prefs[e], tuple(labels[e]), tuple(containers[e]), tuple(others), context))
    return entities
