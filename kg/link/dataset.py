"""Link to a local RDF dataset (a Wikidata or DBpedia extract, or a user's own graph) by label, type and context."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.link.kinds import KIND_OF_CLASS, description_terms
from kg.link.model import Candidate, EntityInfo, Link
from kg.link.score import decide, normalise, surname

METHOD = "dataset"
FORMATS = {
    ".nt": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE, ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
_LABELS = """
SELECT ?s ?label (?p IN (rdfs:label, skos:prefLabel, schema:name, <http://schema.org/name>, foaf:name) AS ?primary) WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel schema:name <http://schema.org/name> schema:alternateName
              <http://schema.org/alternateName> foaf:name foaf:nick <http://dbpedia.org/ontology/alias> }
  { ?s ?p ?label } UNION { ?redirect <http://dbpedia.org/ontology/wikiPageRedirects> ?s ; rdfs:label ?label }
  FILTER NOT EXISTS { ?s <http://dbpedia.org/ontology/wikiPageRedirects> ?elsewhere }
  FILTER(isLiteral(?label) && (lang(?label) = "" || langMatches(lang(?label), "en")))
}"""
_TYPES = """
SELECT ?s ?class WHERE {
  ?s (rdf:type|<http://www.wikidata.org/prop/direct/P31>)/(rdfs:subClassOf|<http://www.wikidata.org/prop/direct/P279>)* ?class
}"""
_CONTEXT = """
SELECT ?s ?term ?described WHERE {
  { ?s ?p ?o . ?o rdfs:label|skos:prefLabel|schema:name ?term . FILTER(isIRI(?o) && ?p != rdf:type) BIND(false AS ?described) }
  UNION { ?s schema:description|<http://schema.org/description>|rdfs:comment|<http://dbpedia.org/ontology/abstract> ?term
          BIND(true AS ?described) }
  FILTER(isLiteral(?term) && (lang(?term) = "" || langMatches(lang(?term), "en")))
}"""
_PRIOR = """
SELECT ?s (MAX(?n) AS ?prior) WHERE {
  ?s <http://www.wikidata.org/prop/direct/P1082>|<http://dbpedia.org/ontology/populationTotal>|<http://wikiba.se/ontology#sitelinks> ?v
  BIND(xsd:double(?v) AS ?n)
} GROUP BY ?s"""
_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/", "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def load_rdf(path: Path) -> ox.Store:
    """Parse an RDF file into an in-memory store; an unknown extension or a syntax error is one line naming the file."""
    rdf_format = FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise InputError(f"{path}: unknown RDF format '{path.suffix}'; use one of: {', '.join(FORMATS)}")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=rdf_format)
    except FileNotFoundError as e:
        raise InputError(f"{path}: no such file") from e
    except (SyntaxError, ValueError, OSError) as e:
        raise InputError(f"{path}: not valid {path.suffix[1:]}: {str(e).splitlines()[0]}") from e
    return store


def _select(store: ox.Store, sparql: str) -> list[tuple]:
    result = store.query(sparql, prefixes=_PREFIXES, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [tuple(None if row[n] is None else row[n].value for n in names) for row in result]


class DatasetIndex:
    """The dataset's resources under each of their normalised labels, with kind, context terms and prior."""

    def __init__(self, path: Path) -> None:
        store = load_rdf(path)
        kinds: dict[str, set[str]] = defaultdict(set)
        classes: dict[str, str] = {}
        for s, cls in _select(store, _TYPES):
            if cls in KIND_OF_CLASS:
                kinds[s].add(KIND_OF_CLASS[cls])
                classes.setdefault(s, cls)
        context: dict[str, list[str]] = defaultdict(list)
        for s, term, described in _select(store, _CONTEXT):
            context[s] += description_terms(term) if described == "true" else [term]
        priors = {s: float(n) for s, n in _select(store, _PRIOR) if n is not None}
        self.by_name: dict[str, list[Candidate]] = defaultdict(list)
        self.by_surname: dict[str, list[Candidate]] = defaultdict(list)  # people, by the last word of their name
        for s, label, primary in sorted(_select(store, _LABELS)):
            resource_kinds = kinds.get(s) or {None}
            for kind in sorted(resource_kinds, key=str):
                candidate = Candidate(s, label, kind, classes.get(s, ""), primary == "true", priors.get(s, 1.0),
                                      tuple(context[s]))
                self.by_name[normalise(label)].append(candidate)
                if kind == "Person" and len(words := normalise(label).split()) > 1:
                    self.by_surname[words[-1]].append(replace(candidate, surname_only=True))
        self.size = len({c.iri for cs in self.by_name.values() for c in cs})

    def candidates(self, names: tuple[str, ...]) -> list[Candidate]:
        """Resources one of `names` names."""
        return [c for name in names for c in self.by_name.get(normalise(name), [])]

    def candidates_for(self, entity: EntityInfo) -> list[Candidate]:
        """The preferred name's matches ('Matthew Prince', not his alias 'Prince'), else any name's, else, for a
        person known only by title and surname ('Mr Blair'), the people with that surname."""
        found = self.candidates((entity.pref_label,)) or self.candidates(entity.labels)
        if found or entity.kind != "Person":
            return found
        return [c for name in entity.labels if (last := surname(name)) for c in self.by_surname.get(last, [])]


def link_to_dataset(entities: list[EntityInfo], index: DatasetIndex) -> list[Link]:
    links = (decide(e, index.candidates_for(e), METHOD) for e in entities)
    return [link for link in links if link is not None]
