"""kg.nlp.places: "Belfast, Northern Ireland" says where Belfast lies; a list of places says nothing."""

import pytest

from kg.model import Article
from kg.nlp.extract import extract_doc

pytestmark = pytest.mark.model


def containment(nlp, rules, text):
    ex = extract_doc(nlp(text), Article("t", "t.txt", text, None), rules)
    return [(inner.text, outer.text) for inner, outer in ex.located_in]


def test_a_place_apposed_after_a_comma_contains_the_first(nlp, rules):
    assert containment(nlp, rules, "She traveled to Belfast, Northern Ireland, to stay with a friend.") == [
        ("Belfast", "Northern Ireland")
    ]


def test_a_list_of_places_is_not_containment(nlp, rules):
    assert containment(nlp, rules, "Protests spread to Canada, Mexico and the US.") == []


def test_the_graph_records_located_in(seeds_store):
    from kg.store import open_store

    with open_store(str(seeds_store), read_only=True) as store:
        rows = store.query("SELECT ?a ?b { ?x kg:locatedIn ?y . ?x skos:prefLabel ?a . ?y skos:prefLabel ?b }").rows
    assert ("El Paso", "Texas") in {(str(a), str(b)) for a, b in rows}
