"""Shell fixtures: a small hand-made graph in a real Oxigraph store, in memory or on disk."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Literal, URIRef

from kg.queries import NamedQuery
from kg.shell.session import Session
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, KG, prefixes_with_base

PREFIXES = prefixes_with_base(DEFAULT_BASE_IRI)
GRAPH_IRI = DEFAULT_BASE_IRI + "document/test-article"


def res(path: str) -> URIRef:
    return URIRef(DEFAULT_BASE_IRI + path)


JANE, JOHN = res("person/jane-doe"), res("person/john-roe")
ACME, GLOBEX = res("organization/acme"), res("organization/globex")
ACTION = res("action/test-article-120")

TRIPLES = [
    (JANE, RDF.type, KG.Person),
    (JANE, RDFS.label, Literal("Jane Doe")),
    (JOHN, RDF.type, KG.Person),
    (JOHN, RDFS.label, Literal("John Roe")),
    (ACME, RDF.type, KG.Organization),
    (ACME, RDFS.label, Literal("Acme Corp")),
    (GLOBEX, RDF.type, KG.Organization),
    (GLOBEX, RDFS.label, Literal("Globex")),
    (ACTION, RDF.type, KG.ReduceRelations),
    (ACTION, KG.agent, ACME),
    (ACTION, KG.target, GLOBEX),
    (ACTION, KG.date, Literal("2024-03-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))),
]

WHO_DID_WHAT = NamedQuery(
    "who-did-what",
    "Who did what to whom.",
    "SELECT ?agent ?target WHERE { ?a kg:agent/rdfs:label ?agent ; kg:target/rdfs:label ?target }",
)
LABEL_OF = NamedQuery(
    "label-of", "The entity with a label (bind ?label).", "SELECT ?entity WHERE { ?entity rdfs:label ?label }"
)


@pytest.fixture
def store():
    with open_store("memory:", prefixes=PREFIXES) as kg_store:
        kg_store.replace_graph(GRAPH_IRI, TRIPLES)
        yield kg_store


@pytest.fixture
def session(store):
    queries = {q.name: q for q in (WHO_DID_WHAT, LABEL_OF)}
    return Session(store, dict(PREFIXES), queries)


@pytest.fixture
def store_dir(tmp_path):
    """An on-disk store holding the test graph, closed so another process can open it."""
    folder = tmp_path / "kg-store"
    with open_store(str(folder), prefixes=PREFIXES) as kg_store:
        kg_store.replace_graph(GRAPH_IRI, TRIPLES)
    return folder
