"""The kg vocabulary and the prefixes kg declares for users."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD


class _Vocabulary(Namespace):
    """A Namespace that makes each of its terms once: mapping one article looks kg's terms up thousands of
    times, and rdflib builds and checks a new URIRef on every lookup."""

    @lru_cache(maxsize=None)  # noqa: B019 - a handful of namespaces that live as long as the process
    def term(self, name: str):
        return super().term(name)

    def __getattr__(self, name: str):
        """KG.agent: made once, then found as an attribute of the namespace without a call."""
        if name.startswith("__"):
            raise AttributeError(name)
        term = self.term(name)
        object.__setattr__(self, name, term)
        return term


KG = _Vocabulary("https://w3id.org/kgnews/ontology#")
DEFAULT_BASE_IRI = "https://w3id.org/kgnews/resource/"
# What incremental builds keep beside the user's graph (kg/buildstate.py), as RDF when asked (--include-internal);
# exports also leave statements with them out of a remote store's internal graphs and an older kg's document graphs.
INTERNAL_PROPERTIES = (KG.buildSummary, KG.linkTemplate, KG.resolvedDocuments)

SCHEMA = _Vocabulary("https://schema.org/")
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
