"""The local dataset linker on a small Wikidata-shaped file: labels, subclass chains, surnames, bad input."""

import pytest

from kg.errors import InputError
from kg.link.dataset import DatasetIndex, link_to_dataset
from kg.link.model import EntityInfo, Relation

TTL = """
@prefix hm: <urn:hm:> . @prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
wd:Q476028 wdt:P279 wd:Q43229 .
hm:blair wdt:P31 wd:Q5 ; rdfs:label "Tony Blair"@en ; schema:description "Prime Minister of the United Kingdom"@en .
hm:brown wdt:P31 wd:Q5 ; rdfs:label "Gordon Brown"@en ; schema:description "Chancellor of the Exchequer"@en .
hm:brown2 wdt:P31 wd:Q5 ; rdfs:label "Gordon Brown"@en ; schema:description "Scottish footballer"@en .
hm:lfc wdt:P31 wd:Q476028 ; rdfs:label "Liverpool"@en .
hm:notype rdfs:label "Liverpool"@en .
hm:prince wdt:P31 wd:Q5 ; rdfs:label "Prince"@en .
hm:mprince wdt:P31 wd:Q5 ; rdfs:label "Matthew Prince"@en .
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    path = tmp_path_factory.mktemp("ds") / "extract.ttl"
    path.write_text(TTL, encoding="utf-8")
    return DatasetIndex(path)


def link(index, kind, *labels, context=""):
    links = link_to_dataset([EntityInfo("urn:e", kind, labels[0], labels, context=context)], index)
    return links[0] if links else None


def test_a_subclass_chain_gives_the_kind(index):
    club = [c for c in index.candidates(("Liverpool",)) if c.iri == "urn:hm:lfc"]
    assert club and club[0].kind == "Organization"
    assert link(index, "Organization", "Liverpool").target == "urn:hm:lfc"
    place = link(index, "Place", "Liverpool")  # only the untyped resource is left: plausible, not confident
    assert place.target == "urn:hm:notype" and place.relation is Relation.CLOSE_MATCH


def test_a_surname_with_a_title_is_a_close_match_at_most(index):
    blair = link(index, "Person", "Mr Blair")
    assert blair.target == "urn:hm:blair" and blair.relation is Relation.CLOSE_MATCH
    brown = link(index, "Person", "Mr Brown", context="Mr Brown, the Chancellor, said")
    assert brown.target == "urn:hm:brown" and brown.relation is Relation.CLOSE_MATCH
    assert link(index, "Organization", "Blair") is None  # surnames are for people only


def test_namesakes_need_context(index):
    assert link(index, "Person", "Gordon Brown") is None
    assert link(index, "Person", "Gordon Brown", context="Gordon Brown, the Chancellor of the Exchequer").target == "urn:hm:brown"


def test_unreadable_datasets_are_one_line_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        DatasetIndex(tmp_path / "missing.nt")
    bad = tmp_path / "bad.nq"
    bad.write_text("<urn:a> <urn:b> \"unterminated .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.nq: not valid nq"):
        DatasetIndex(bad)


def test_the_preferred_name_decides_before_an_alias(index):
    link_ = link(index, "Person", "Matthew Prince", "Prince")
    assert link_.target == "urn:hm:mprince" and link_.relation is Relation.SAME_AS
