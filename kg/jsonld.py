"""JSON-LD export in schema.org terms: the graph plus the schema.org statements its ontology alignments entail.

A consumer that knows schema.org but not kg reads `"@type": "Person"`, `"name"`, `"agent"`, `"object"`,
`"location"`, `"mentions"` and `"sameAs"`; kg's own terms stay under the `kg:` prefix.
"""

from __future__ import annotations

import json

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.plugins.serializers.jsonld import Converter
from rdflib.plugins.shared.jsonld.context import Context

from kg.ontology import load_ontology
from kg.vocab import KG, SCHEMA

# Terms the ontology does not align itself but whose schema.org meaning is plain.
EXTRA_PROPERTIES = {
    SKOS.prefLabel: SCHEMA.name,
    SKOS.altLabel: SCHEMA.alternateName,
    DCTERMS.title: SCHEMA.headline,
    DCTERMS.issued: SCHEMA.datePublished,
    OWL.sameAs: SCHEMA.sameAs,
}
_ID_VALUED = ("agent", "object", "location", "containedInPlace", "sameAs", "mentions", "url")


def context(prefixes: dict[str, str]) -> dict:
    """The JSON-LD context: schema.org as the vocabulary, kg's prefixes for everything else."""
    ctx: dict = {"@vocab": str(SCHEMA)}
    ctx.update({p: iri for p, iri in prefixes.items() if p != "schema"})
    ctx.update({term: {"@id": str(SCHEMA[term]), "@type": "@id"} for term in _ID_VALUED})
    return ctx


def _schema_supers(ontology: Graph, relation: URIRef) -> dict[URIRef, set[URIRef]]:
    """For each kg term, the schema.org terms above it (through any chain of kg terms)."""
    supers: dict[URIRef, set[URIRef]] = {}
    for term in set(ontology.subjects(relation, None)):
        if isinstance(term, URIRef) and term.startswith(str(KG)):
            found = {t for t in ontology.transitive_objects(term, relation) if str(t).startswith(str(SCHEMA))}
            if found:
                supers[term] = found
    return supers


def schema_org_statements(graph: Graph, ontology: Graph) -> list[tuple]:
    """The schema.org types and properties entailed by kg's rdfs:subClassOf / rdfs:subPropertyOf alignments."""
    classes = _schema_supers(ontology, RDFS.subClassOf)
    properties = _schema_supers(ontology, RDFS.subPropertyOf)
    properties.update({p: {s} for p, s in EXTRA_PROPERTIES.items()})
    added = []
    for s, p, o in graph:
        if p == RDF.type and o in classes:
            added += [(s, RDF.type, c) for c in classes[o]]
        elif p in properties:
            added += [(s, q, o) for q in properties[p]]
        elif p == KG.source and (s, RDF.type, KG.Document) not in graph:
            added.append((o, SCHEMA.mentions, s))  # an entity's source document mentions it
    return added


def to_jsonld(graph: Graph, prefixes: dict[str, str]) -> bytes:
    """The graph (changed in place) as compact JSON-LD in schema.org terms."""
    for triple in schema_org_statements(graph, load_ontology()):
        graph.add(triple)
    ctx = context(prefixes)
    nodes = _KeepLists(Context(ctx), False, False).convert(graph)
    data = {"@context": ctx, **(nodes if isinstance(nodes, dict) else {"@graph": nodes})}
    return json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8") + b"\n"


class _KeepLists(Converter):
    """rdflib's JSON-LD writer, but RDF lists stay rdf:first/rdf:rest nodes: as @list their blank nodes would
    get new labels in every reader, and the export would no longer hold the very triples of the store."""

    def to_collection(self, graph: Graph, l_):
        return None
