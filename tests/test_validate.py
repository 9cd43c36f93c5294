"""`kg validate` and the shapes it runs: the seeds conform, a damaged store is reported readably."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg import ontology
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, KG, prefixes_with_base

KGR = Namespace(DEFAULT_BASE_IRI)
CLARA = KGR["person/clara-sorrenti"]


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120)


def test_the_seeds_graph_conforms(seeds_store):
    run = kg("validate", "--store", str(seeds_store))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith(f"{seeds_store}: conforms (") and "triples checked" in run.stdout


@pytest.fixture(scope="module")
def damaged_store(seeds_store, tmp_path_factory):
    """A copy of the seeds' store with three kinds of damage: actions without a source, dates typed as
    plain strings, and an entity that lost its type."""
    location = tmp_path_factory.mktemp("damaged") / "store"
    shutil.copytree(seeds_store, location)
    with open_store(str(location), prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        store.update("DELETE { GRAPH ?g { ?a kg:source ?d } } WHERE { GRAPH ?g { ?a kg:trigger 'blocked' ; kg:source ?d } }")
        store.update("DELETE { GRAPH ?g { ?a kg:date ?d } } INSERT { GRAPH ?g { ?a kg:date ?s } } "
                     "WHERE { GRAPH ?g { ?a kg:date ?d } BIND (STR(?d) AS ?s) }")
        store.update(f"DELETE WHERE {{ GRAPH ?g {{ <{CLARA}> a ?type }} }}")
    return location


def test_a_damaged_store_is_reported_grouped_with_labels_and_exit_status_1(damaged_store):
    run = kg("validate", "--store", str(damaged_store))
    assert run.returncode == 1 and run.stderr == ""
    lines = run.stdout.splitlines()
    headers = [line for line in lines if line.startswith("Violation: ")]
    assert any("kg:source document" in h and "[kg:source, " in h for h in headers)
    assert any("kg:date is at most one literal typed" in h for h in headers)
    assert any(h.startswith("Violation: kg:agent must be an entity") for h in headers)
    assert any(h.startswith("Violation: a mention needs exactly one kg:refersTo") for h in headers)
    assert any('"blocked"' in line and line.startswith("  kgr:action/") for line in lines)
    assert any('value: "2019"^^xsd:string' in line for line in lines)
    assert any('"Keffals"  value: kgr:person/clara-sorrenti' in line for line in lines)
    assert lines[-1].startswith(f"{damaged_store}: does not conform: ")
    assert "Traceback" not in run.stdout


def test_validate_without_a_store_is_one_line(tmp_path):
    run = kg("validate", "--store", str(tmp_path / "none"))
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.strip().count("\n") == 0 and "no store at" in run.stderr


# The shapes, one requirement of the issue at a time -----------------------------------------------

DOC, ACT, EV, ACME, JANE = KGR["document/d1"], KGR["action/d1-0"], KGR["evidence/d1-0-10"], KGR["organization/acme"], KGR["person/jane"]


def good_graph() -> Graph:
    g = Graph()
    g.add((DOC, RDF.type, KG.Document))
    g.add((DOC, KG.contentHash, Literal("abc")))
    for node, kind, name in ((ACME, KG.Organization, "Acme"), (JANE, KG.Person, "Jane")):
        g.add((node, RDF.type, kind))
        g.add((node, RDFS.label, Literal(name)))
        g.add((node, SKOS.prefLabel, Literal(name)))
    g.add((EV, RDF.type, KG.Evidence))
    g.add((EV, KG.document, DOC))
    g.add((EV, KG.startChar, Literal(0)))
    g.add((EV, KG.endChar, Literal(10)))
    g.add((EV, KG.text, Literal("Acme sued Jane.")))
    for p, o in ((RDF.type, KG.Sue), (KG.agent, ACME), (KG.target, JANE), (KG.trigger, Literal("sued")),
                 (KG.negated, Literal(False)), (KG.modality, KG.Asserted), (KG.source, DOC), (KG.evidence, EV),
                 (KG.date, Literal("2022-09", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")))):
        g.add((ACT, p, o))
    return g


def problems(graph: Graph) -> set[tuple]:
    return {(r.focus, r.path) for r in ontology.validate(graph).results}


def test_the_small_graph_conforms():
    assert problems(good_graph()) == set()


@pytest.mark.parametrize("damage, expected", [
    (lambda g: g.remove((ACT, KG.source, None)), (ACT, KG.source)),
    (lambda g: g.set((ACT, RDF.type, KG.Action)), (ACT, RDF.type)),
    (lambda g: g.remove((ACME, RDF.type, None)), (ACT, KG.agent)),
    (lambda g: g.set((ACT, KG.target, Literal("Jane"))), (ACT, KG.target)),
    (lambda g: g.set((ACT, KG.date, Literal("2022-09"))), (ACT, KG.date)),
    (lambda g: g.remove((JANE, RDFS.label, None)), (JANE, RDFS.label)),
    (lambda g: g.remove((JANE, SKOS.prefLabel, None)), (JANE, SKOS.prefLabel)),
], ids=["no source", "no action class", "agent not an entity", "target a literal", "untyped date",
        "entity without label", "entity without preferred label"])
def test_each_requirement_is_checked(damage, expected):
    graph = good_graph()
    damage(graph)
    assert expected in problems(graph)


def test_an_event_without_its_class_or_counts_is_reported(seeds_store, tmp_path):
    location = tmp_path / "store"
    shutil.copytree(seeds_store, location)
    with open_store(str(location), prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        store.update("DELETE { GRAPH ?g { ?e kg:actionClass ?c ; kg:reportCount ?n } } "
                     "WHERE { GRAPH ?g { ?e a kg:Event ; kg:actionClass ?c ; kg:reportCount ?n } }")
    run = kg("validate", "--store", str(location))
    headers = [line for line in run.stdout.splitlines() if line.startswith("Violation: ")]
    assert run.returncode == 1
    assert any(h.startswith("Violation: an event needs exactly one kg:actionClass") for h in headers)
    assert any(h.startswith("Violation: an event needs exactly one kg:reportCount") for h in headers)


def test_a_dated_event_without_its_basis_is_reported(seeds_store, tmp_path):
    location = tmp_path / "store"
    shutil.copytree(seeds_store, location)
    with open_store(str(location), prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        store.update("DELETE { GRAPH ?g { ?e kg:dateBasis ?b } } WHERE { GRAPH ?g { ?e a kg:Event ; kg:dateBasis ?b } }")
    run = kg("validate", "--store", str(location))
    headers = [line for line in run.stdout.splitlines() if line.startswith("Violation: ")]
    assert run.returncode == 1
    assert any(h.startswith("Violation: an event with a kg:date, kg:earliest or kg:latest needs a kg:dateBasis")
               for h in headers)
