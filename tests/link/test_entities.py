"""What the linkers read from the store: kinds, names, containing places (text or kg:locatedIn), article places."""

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.link.entities import read_entities
from kg.store import open_store
from kg.vocab import KG

R = "https://w3id.org/kgnews/resource/"


def test_containers_come_from_kg_located_in_and_from_the_text():
    doc, belfast, ni, paso = (URIRef(R + p) for p in ("document/d1", "place/belfast", "place/northern-ireland", "place/el-paso"))
    mention, sentence = URIRef(R + "mention/d1-0-7"), URIRef(R + "evidence/d1-0-40")
    entities = [(belfast, "Belfast"), (ni, "Northern Ireland"), (paso, "El Paso")]
    resolution = [t for e, name in entities for t in ((e, RDF.type, KG.Place), (e, SKOS.prefLabel, Literal(name)),
                                                      (e, RDFS.label, Literal(name)))]
    resolution.append((belfast, KG.locatedIn, ni))
    document = [(e, KG.source, doc) for e, _ in entities] + [
        (mention, KG.refersTo, paso), (mention, KG.document, doc), (mention, KG.text, Literal("El Paso")),
        (mention, KG.evidence, sentence), (sentence, KG.text, Literal("A shooting in El Paso, Texas, in 2019."))]
    with open_store("memory:") as store:
        store.replace_graph(R + "graph/resolution", resolution)
        store.replace_graph(str(doc), document)
        found = {e.pref_label: e for e in read_entities(store, R + "graph/resolution")}
    assert found["Belfast"].containers == ("Northern Ireland",)
    assert found["El Paso"].containers == ("Texas",) and "A shooting in El Paso" in found["El Paso"].context
    assert set(found["El Paso"].article_places) == {"Belfast", "Northern Ireland"}
    assert all(e.kind == "Place" for e in found.values())
