"""The kg vocabulary and the prefixes kg declares for users."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

KG = Namespace("https://w3id.org/kgnews/ontology#")
DEFAULT_BASE_IRI = "https://w3id.org/kgnews/resource/"

SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "time": str(TIME),
    "sem": str(SEM),
    "foaf": str(FOAF),
    "nif": str(NIF),
    "kg": str(KG),
}


def prefixes_with_base(base_iri: str) -> dict[str, str]:
    """Return the standard prefixes plus `kgr:` for the resources minted under base_iri."""
    return {**PREFIXES, "kgr": base_iri}
