"""The ontology (kg.ttl), its shapes (shapes.ttl) and kg.ontology's checks over them."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from kg import ontology
from kg.errors import KgError
from kg.vocab import KG

KGR = Namespace("https://example.org/kgr/")
# Not rdflib's XSD: pytest probes module globals, and XSD warns on unknown attribute names.
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")

CLASSES = """Entity Person Organization Place Company Website NewsOrganization Agency Campaign Document
Evidence Mention NameMerge Modality Event Confrontation EventMerge Action HostileAction Criticize Demand Reject Threaten Investigate Sue
Protest ReduceRelations Coerce Harass Assault CooperativeAction Support Cooperate Aid Agree Consult Yield
CommunicativeAction Statement Appeal MovementAction Travel Flee EconomicAction Acquire Merge Invest Sell BailOut
LayOff LegalAction Convict Rule Fine Settle PersonnelAction Appoint Hire Fire Resign Succeed Affiliation CorporateAction Launch
Recall CompetitionAction Defeat Win Compete Select Award OtherAction""".split()
OBJECT_PROPERTIES = """agent target recipient place reports reportedBy evidence hasMention refersTo document source modality
locatedIn merge event denotedBy firstReport firstReportedIn eventMerge mergedReport""".split()
DATATYPE_PROPERTIES = """date timeExpression trigger lemma negated sentenceIndex startChar endChar text
mergedName rule mergeEvidence fileName contentHash outlet dateBasis earliest latest statedDate firstReported
reportCount articleCount outletCount""".split()
DATATYPE_PROPERTIES += ["timexType", "timexValue", "dateTime", "partOfDay", "duration", "recurrence"]  # TimeML readings (kg/nlp/timex/)
CLASSES, OBJECT_PROPERTIES, DATATYPE_PROPERTIES = ["Link"] + CLASSES, OBJECT_PROPERTIES + ["linkEntity", "linkTarget", "linkRelation"], DATATYPE_PROPERTIES + ["linkScore", "linkMethod", "linkSource", "matchedLabel", "matchedType", "linkContext"]  # kg link (kg/link/)
ANNOTATION_PROPERTIES = ["cameoRoot", "ploverRoot", "quadClass", "actionClass"]
MODALITIES = ["Asserted", "Possible", "Intended", "Obligated", "Hypothetical"]
DECLARED = (
    [(name, OWL.Class) for name in CLASSES]
    + [(name, OWL.ObjectProperty) for name in OBJECT_PROPERTIES]
    + [(name, OWL.DatatypeProperty) for name in DATATYPE_PROPERTIES]
    + [(name, OWL.AnnotationProperty) for name in ANNOTATION_PROPERTIES]
    + [(name, KG.Modality) for name in MODALITIES]
)
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

VALID_TTL = """
@prefix kg: <https://w3id.org/kgnews/ontology#> .
@prefix kgr: <https://example.org/kgr/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

kgr:doc1 a kg:Document ; kg:contentHash "sha256:0f1e" ; kg:fileName "001_example.txt" ;
    dcterms:issued "2022-09-04"^^xsd:date .
kgr:acme a kg:Company ; rdfs:label "Acme Hosting" , "Acme" ;
    skos:prefLabel "Acme Hosting" ; skos:altLabel "Acme" .
kgr:jane a kg:Person ; rdfs:label "Jane Doe" ; skos:prefLabel "Jane Doe" .
kgr:ev1 a kg:Evidence ; kg:document kgr:doc1 ; kg:startChar 0 ; kg:endChar 36 ;
    kg:sentenceIndex 0 ; kg:text "Acme Hosting dropped Jane Doe's site." .
kgr:act1 a kg:ReduceRelations ; kg:agent kgr:acme ; kg:target kgr:jane ;
    kg:trigger "dropped" ; kg:negated false ; kg:modality kg:Asserted ;
    kg:date "2022-09"^^xsd:gYearMonth ; kg:source kgr:doc1 ; kg:evidence kgr:ev1 .
"""


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology.load_ontology()


def valid_graph() -> Graph:
    return Graph().parse(data=VALID_TTL, format="turtle")


def broken_graph() -> Graph:
    """The valid graph with three faults: no kg:source, an unlabelled entity, a date typed xsd:string."""
    graph = valid_graph()
    graph.remove((KGR.act1, KG.source, None))
    graph.remove((KGR.jane, RDFS.label, None))
    graph.set((KGR.act1, KG.date, Literal("2022-09", datatype=XSD_STRING)))
    return graph


# kg.ttl -------------------------------------------------------------------------------------------


def test_kg_ttl_parses_and_declares_the_ontology(onto):
    assert (None, RDF.type, OWL.Ontology) in onto
    assert len(onto) > 100


@pytest.mark.parametrize("name, kind", DECLARED, ids=[name for name, _ in DECLARED])
def test_term_is_declared_with_label_and_comment(onto, name, kind):
    term = KG[name]
    assert (term, RDF.type, kind) in onto
    assert onto.value(term, RDFS.label) is not None
    assert onto.value(term, RDFS.comment) is not None


def test_every_kg_class_and_property_has_label_and_comment(onto):
    terms = {s for t in TERM_TYPES for s in onto.subjects(RDF.type, t) if str(s).startswith(str(KG))}
    missing = sorted(str(t) for t in terms if not (onto.value(t, RDFS.label) and onto.value(t, RDFS.comment)))
    names = CLASSES + OBJECT_PROPERTIES + DATATYPE_PROPERTIES + ANNOTATION_PROPERTIES
    assert {str(t).removeprefix(str(KG)) for t in terms} == set(names)
    assert missing == []


def test_entity_classes_are_pairwise_disjoint(onto):
    pairs = {frozenset(p) for p in onto.subject_objects(OWL.disjointWith)}
    expected = [("Person", "Organization"), ("Person", "Place"), ("Organization", "Place")]
    assert {frozenset((KG[a], KG[b])) for a, b in expected} <= pairs


def test_subclass_query_finds_harass_and_reduce_relations_under_hostile_action(onto):
    query = "SELECT ?c WHERE { ?c rdfs:subClassOf* kg:HostileAction }"
    rows = onto.query(query, initNs={"kg": KG, "rdfs": RDFS})
    found = {str(row[0]).removeprefix(str(KG)) for row in rows}
    assert {"Harass", "ReduceRelations", "Coerce", "HostileAction"} <= found
    assert "Support" not in found


def test_action_classes_carry_parent_and_alignment():
    classes = ontology.action_classes()
    assert set(classes) == set(CLASSES[CLASSES.index("HostileAction"):])
    harass = {"label": "Harass", "parent": "Coerce", "cameo": "17", "plover": "COERCE", "quad": 4}
    assert classes["Harass"] == harass
    assert classes["ReduceRelations"]["plover"] == "SANCTION"
    assert classes["Assault"]["cameo"] == "18/19/20"
    assert classes["Statement"]["plover"] is None and classes["Statement"]["quad"] == 1
    assert classes["Travel"]["cameo"] is None and classes["Travel"]["parent"] == "MovementAction"


def test_every_aligned_class_has_a_two_or_three_digit_cameo_code_and_a_quad_class():
    for name, info in ontology.action_classes().items():
        if info["cameo"] is None:
            continue
        assert all(re.fullmatch(r"\d{2,3}", code) for code in info["cameo"].split("/")), name
        assert info["quad"] in {1, 2, 3, 4}, name


def test_to_ntriples_round_trips(onto):
    assert isomorphic(Graph().parse(data=ontology.to_ntriples(onto), format="nt"), onto)


def test_every_kg_term_is_described_in_the_ontology_readme():
    readme = (ontology.ontology_path().parent / "README.md").read_text(encoding="utf-8")
    assert [name for name, _ in DECLARED if f"kg:{name}" not in readme] == []


# HermiT -------------------------------------------------------------------------------------------


def test_hermit_finds_the_ontology_consistent():
    ontology.check_consistency()


def test_hermit_finds_valid_data_consistent_despite_xsd_dates():
    ontology.check_consistency(data=valid_graph())


def test_hermit_reports_a_person_that_is_also_a_place():
    data = Graph()
    data.add((KGR.springfield, RDF.type, KG.Person))
    data.add((KGR.springfield, RDF.type, KG.Place))
    with pytest.raises(KgError, match="inconsistent"):
        ontology.check_consistency(data=data)


def test_unknown_reasoner_lists_the_valid_ones():
    with pytest.raises(KgError, match="use one of: hermit, pellet"):
        ontology.check_consistency("fact++")


def test_missing_java_is_a_one_line_error(monkeypatch):
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "kg-no-such-java")
    with pytest.raises(KgError, match="needs Java") as info:
        ontology.check_consistency()
    assert "\n" not in str(info.value)


# SHACL --------------------------------------------------------------------------------------------


def test_shapes_parse_and_list_the_five_modalities():
    text = ontology.shapes_path().read_text(encoding="utf-8")
    assert ontology.load_shapes()
    assert all(f"kg:{name}" in text for name in MODALITIES)


def test_valid_graph_conforms_to_the_shapes():
    report = ontology.validate(valid_graph())
    assert report.conforms, report.text
    assert report.results == []


def test_validation_leaves_the_data_graph_untouched():
    graph = valid_graph()
    before = len(graph)
    ontology.validate(graph)
    assert len(graph) == before


def test_broken_graph_reports_each_problem():
    report = ontology.validate(broken_graph())
    assert not report.conforms
    problems = {(r.focus, r.path) for r in report.results}
    assert problems == {(KGR.act1, KG.source), (KGR.jane, RDFS.label), (KGR.act1, KG.date)}
    messages = " ".join(r.message for r in report.results)
    assert "kg:source" in messages and "rdfs:label" in messages and "xsd:gYear" in messages


def test_target_without_an_entity_class_is_reported():
    graph = valid_graph()
    graph.remove((KGR.jane, RDF.type, None))
    report = ontology.validate(graph)
    assert (KGR.act1, KG.target) in {(r.focus, r.path) for r in report.results}


def test_action_typed_only_as_action_is_reported():
    graph = valid_graph()
    graph.remove((KGR.act1, RDF.type, None))
    graph.add((KGR.act1, RDF.type, KG.Action))
    report = ontology.validate(graph)
    assert [r.message for r in report.results if r.focus == KGR.act1] == [
        "an action must be typed with a class of the action taxonomy, not only kg:Action"
    ]


def test_span_ending_before_it_starts_is_reported():
    graph = valid_graph()
    graph.set((KGR.ev1, KG.endChar, Literal(0)))
    report = ontology.validate(graph)
    assert (KGR.ev1, KG.startChar) in {(r.focus, r.path) for r in report.results}
