"""Shell fixtures: a small hand-made graph in a real Oxigraph store, in memory or on disk."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, SKOS, Literal, URIRef

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
EVENT = res("event/test-article-120")
EVIDENCE = res("evidence/test-article-100-160")
MENTION = res("mention/test-article-100-109")
SENTENCE = "Acme Corp cut its ties with Globex on Friday."

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
    # Preferred names and provenance, as kg.mapping writes them: \describe, \why and completion read these.
    (JANE, SKOS.prefLabel, Literal("Jane Doe")),
    (JANE, SKOS.altLabel, Literal("JD")),
    (JANE, RDFS.label, Literal("JD")),
    (JOHN, SKOS.prefLabel, Literal("John Roe")),
    (ACME, SKOS.prefLabel, Literal("Acme Corp")),
    (GLOBEX, SKOS.prefLabel, Literal("Globex")),
    (ACTION, KG.trigger, Literal("cut its ties")),
    (ACTION, KG.source, URIRef(GRAPH_IRI)),
    (ACTION, KG.evidence, EVIDENCE),
    (EVIDENCE, KG.document, URIRef(GRAPH_IRI)),
    (EVIDENCE, KG.startChar, Literal(100)),
    (EVIDENCE, KG.endChar, Literal(146)),
    (EVIDENCE, KG.text, Literal(SENTENCE)),
    (MENTION, RDF.type, KG.Mention),
    (MENTION, KG.refersTo, ACME),
    (ACME, KG.hasMention, MENTION),
    (MENTION, KG.document, URIRef(GRAPH_IRI)),
    (MENTION, KG.startChar, Literal(100)),
    (MENTION, KG.endChar, Literal(109)),
    (MENTION, KG.text, Literal("Acme Corp")),
    (MENTION, KG.evidence, EVIDENCE),
    (URIRef(GRAPH_IRI), KG.fileName, Literal("test-article.txt")),
    # The event the action reports, as kg.event_mapping writes it: \describe lists events, \why their reports.
    (EVENT, RDF.type, KG.Event),
    (EVENT, KG.actionClass, KG.ReduceRelations),
    (EVENT, RDFS.label, Literal("cut its ties")),
    (EVENT, KG.agent, ACME),
    (EVENT, KG.target, GLOBEX),
    (EVENT, KG.date, Literal("2024-03-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))),
    (EVENT, KG.dateBasis, Literal("stated")),
    (EVENT, KG.reportCount, Literal(1)),
    (EVENT, KG.articleCount, Literal(1)),
    (EVENT, KG.outletCount, Literal(0)),
    (EVENT, KG.firstReport, ACTION),
    (EVENT, KG.denotedBy, ACTION),
    (EVENT, KG.firstReportedIn, URIRef(GRAPH_IRI)),
    (ACTION, KG.event, EVENT),
    (ACTION, KG.dateBasis, Literal("stated")),
]

WHO_DID_WHAT = NamedQuery(
    "who-did-what",
    "Who did what to whom.",
    "SELECT ?agent ?target WHERE { ?a a kg:Event ; kg:agent/rdfs:label ?agent ; kg:target/rdfs:label ?target }",
)
LABEL_OF = NamedQuery(
    "label-of", "The entity with a label (bind ?label).", "SELECT ?entity WHERE { ?entity rdfs:label ?label }"
)


@pytest.fixture
def triples():
    return list(TRIPLES)


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
