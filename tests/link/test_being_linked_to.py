"""Being linked to: stable entity IRIs, JSON-LD in schema.org terms, TriG with one graph per document, kg import."""

import json

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from kg.vocab import KG
from tests.link.conftest import WIKIDATA_TTL, invoke

pytestmark = pytest.mark.model
SCHEMA = "https://schema.org/"


def entity_iris(store_location) -> set[str]:
    out = invoke("query", "--store", str(store_location), "--format", "csv",
                 "SELECT ?e WHERE { VALUES ?c { kg:Person kg:Organization kg:Place } ?e a ?c }").output
    return set(out.split()[1:])


def test_two_builds_of_the_same_articles_give_the_same_entity_iris(seeds_store, tmp_path, nlp, rules):
    from kg.iri import Minter
    from kg.pipeline import build
    from kg.store import open_store
    from kg.vocab import DEFAULT_BASE_IRI
    from tests.conftest import SEEDS

    other = tmp_path / "other"
    with open_store(str(other)) as store:  # the files in the opposite order, one path each
        build(sorted(SEEDS.glob("*.txt"), reverse=True), store, nlp, rules, Minter(DEFAULT_BASE_IRI))
    first, second = entity_iris(seeds_store), entity_iris(other)
    assert first and first == second
    assert f"{DEFAULT_BASE_IRI}person/clara-sorrenti" in first


def test_jsonld_speaks_schema_org(store_copy, tmp_path):
    invoke("link", "--store", str(store_copy))
    out = tmp_path / "kg.jsonld"
    invoke("export", "--store", str(store_copy), "--format", "jsonld", "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["@context"]["@vocab"] == SCHEMA
    nodes = {n["@id"]: n for n in data["@graph"]}
    clara = nodes["https://w3id.org/kgnews/resource/person/clara-sorrenti"]
    assert "Person" in clara["@type"] and clara["name"] == "Clara Sorrenti"
    assert "Keffals" in json.dumps(clara["alternateName"])
    belfast = nodes["https://w3id.org/kgnews/resource/place/belfast"]
    assert belfast["sameAs"] == "https://sws.geonames.org/2655984/"
    # Read back as RDF, the schema.org statements are there without kg's ontology.
    graph = Graph().parse(out, format="json-ld")
    actions = set(graph.subjects(RDF.type, URIRef(SCHEMA + "Action")))
    assert actions and any((a, URIRef(SCHEMA + "agent"), None) in graph for a in actions)
    assert (None, URIRef(SCHEMA + "mentions"), URIRef(clara["@id"])) in graph


EVENTS = URIRef("https://w3id.org/kgnews/resource/graph/events")


def test_trig_keeps_one_graph_per_document_so_a_document_can_be_retracted(seeds_store, tmp_path):
    out = tmp_path / "kg.trig"
    invoke("export", "--store", str(seeds_store), "--format", "trig", "-o", str(out))
    dataset = Dataset().parse(out, format="trig")
    documents = {d for g in dataset.graphs() for d in g.subjects(RDF.type, KG.Document)}
    assert len(documents) == 5
    for doc in documents:
        graph = dataset.graph(doc)
        assert (doc, RDF.type, KG.Document) in graph  # the document's graph is named after it
        actions = set(graph.subjects(KG.trigger, None))
        for action in actions:  # nothing about this document's actions lives anywhere else but the events' graph,
            # which every build derives again from the documents it holds
            assert all(g.identifier in (doc, EVENTS) for g in dataset.graphs() if (action, None, None) in g)
    # Dropping one document's graph leaves the others whole.
    first = min(documents)
    before = len(dataset)
    dataset.remove_graph(dataset.graph(first))
    assert first not in {d for g in dataset.graphs() for d in g.subjects(RDF.type, KG.Document)}
    assert len(dataset) < before and len({d for g in dataset.graphs() for d in g.subjects(RDF.type, KG.Document)}) == 4


def test_an_imported_extract_joins_kg_actions(store_copy, tmp_path):
    extract = tmp_path / "countries.ttl"
    extract.write_text(WIKIDATA_TTL, encoding="utf-8")
    output = invoke("import", str(extract), "--store", str(store_copy)).output
    assert "into graph <https://w3id.org/kgnews/resource/graph/import/countries>" in output
    invoke("link", "--store", str(store_copy), "--dataset", str(extract))
    rows = invoke("query", "--store", str(store_copy), "--format", "csv", """
        PREFIX wdt: <http://www.wikidata.org/prop/direct/>
        SELECT DISTINCT ?trigger ?placeLabel ?countryLabel WHERE {
          ?action kg:place ?place ; kg:trigger ?trigger . ?place skos:prefLabel ?placeLabel ; owl:sameAs ?item .
          ?item wdt:P17 ?country . ?country rdfs:label ?countryLabel }""").output.splitlines()
    assert rows[0] == "trigger,placeLabel,countryLabel"
    assert any(r.endswith(",Belfast,United Kingdom") for r in rows[1:]), rows
    # Importing again replaces the graph rather than adding to it.
    count = int(invoke("query", "--store", str(store_copy), "--format", "csv",
                       "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/kgnews/resource/graph/import/countries> { ?s ?p ?o } }").output.split()[1])
    invoke("import", str(extract), "--store", str(store_copy))
    again = int(invoke("query", "--store", str(store_copy), "--format", "csv",
                       "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/kgnews/resource/graph/import/countries> { ?s ?p ?o } }").output.split()[1])
    assert count == again > 20


def test_importing_a_broken_file_is_one_line(store_copy, tmp_path):
    broken = tmp_path / "broken.nt"
    broken.write_text("<http://a> <http://b> .\n", encoding="utf-8")
    result = invoke("import", str(broken), "--store", str(store_copy), ok=False)
    assert result.exit_code == 1 and "broken.nt" in result.output and result.output.count("\n") == 1
