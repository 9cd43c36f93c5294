import pytest

from kg.errors import QueryError
from kg.queries import load_queries, resolve_query_text, undeclared_prefixes
from kg.vocab import PREFIXES

CANNED = ["who-acted-against-whom", "actions", "timeline", "entities", "mentions"]


@pytest.mark.parametrize("name", CANNED)
def test_canned_query_exists_with_a_description(name):
    query = load_queries()[name]
    assert query.description and "SELECT" in query.text


def test_name_resolves_to_the_canned_text():
    assert resolve_query_text("timeline") == load_queries()["timeline"].text


def test_rq_file_is_read(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("ASK {}")
    assert resolve_query_text(str(path)) == "ASK {}"


def test_unknown_name_suggests_the_closest():
    with pytest.raises(QueryError, match="did you mean 'who-acted-against-whom'"):
        resolve_query_text("who-acted-against")


def test_undeclared_prefixes_ignore_strings_iris_and_declared_ones():
    text = 'PREFIX ex: <http://e/> SELECT * { ?s ex:p <http://a:b> ; zz:q "yy:r" ; kg:x ?o }'
    assert undeclared_prefixes(text, {"kg": "http://kg/"}) == ["zz"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib 7 warns about its own N-Quads parser
@pytest.mark.parametrize("name", sorted(load_queries()))
def test_canned_query_gives_the_same_rows_in_rdflib_as_in_oxigraph(name, seeds_store):
    """A second SPARQL implementation agrees, so the queries rely on the standard, not on Oxigraph's reading."""
    from rdflib import Dataset, Literal

    from kg.store import open_store

    bindings = {"label": Literal("Clara Sorrenti")} if "--param label=" in load_queries()[name].text else {}
    with open_store(str(seeds_store), read_only=True) as store:
        rows = store.query(load_queries()[name].text, bindings).rows
        dataset = Dataset(default_union=True)
        dataset.parse(data=store.dump("nquads"), format="nquads")
    other = [tuple(row) for row in dataset.query(load_queries()[name].text, initNs=PREFIXES, initBindings=bindings)]
    assert rows and sorted(map(str, rows)) == sorted(map(str, other))


# who-acted-against-whom written plainly, without the ordering of patterns it is tuned with: the same rows.
PLAIN_WHO_ACTED = """SELECT ?agent ?agentLabel ?action ?actionLabel ?target ?targetLabel ?date ?source
       ?event ?reports ?articles ?outlets ?firstReported ?dateBasis ?earliest ?latest
WHERE {
  ?event kg:actionClass/rdfs:subClassOf* kg:HostileAction ; kg:negated false ; kg:agent ?agent ; kg:target ?target ;
         rdfs:label ?actionLabel ; kg:firstReport ?action ; kg:firstReportedIn ?source ; kg:reportCount ?reports ;
         kg:articleCount ?articles ; kg:outletCount ?outlets .
  ?event kg:modality ?modality FILTER (?modality NOT IN (kg:Possible, kg:Hypothetical, kg:Obligated))
  ?agent skos:prefLabel ?agentLabel .
  ?target skos:prefLabel ?targetLabel .
  OPTIONAL { ?event kg:date ?date }
  OPTIONAL { ?event kg:firstReported ?firstReported }
  OPTIONAL { ?event kg:earliest ?earliest }
  OPTIONAL { ?event kg:latest ?latest }
  OPTIONAL { ?event kg:dateBasis ?dateBasis }
}
ORDER BY (!BOUND(?date)) COALESCE(STR(?date), "") ?agentLabel ?targetLabel ?event"""


def test_who_acted_against_whom_gives_the_rows_of_its_plain_form(seeds_store):
    from kg.store import open_store

    with open_store(str(seeds_store), read_only=True) as store:
        tuned = store.query(load_queries()["who-acted-against-whom"].text).rows
        assert tuned and tuned == store.query(PLAIN_WHO_ACTED).rows



# timeline written plainly, its patterns in the order a reader would list them: the same rows in the same order.
PLAIN_TIMELINE = """SELECT ?date ?agentLabel ?actionLabel ?targetLabel ?class ?action ?source ?event ?reports ?articles ?dateBasis
WHERE {
  ?event kg:date ?date ; kg:actionClass ?class ; kg:dateBasis ?dateBasis ; rdfs:label ?actionLabel ;
         kg:firstReport ?action ; kg:firstReportedIn ?source ; kg:reportCount ?reports ; kg:articleCount ?articles .
  OPTIONAL { ?event kg:agent ?agent OPTIONAL { ?agent skos:prefLabel ?agentLabel } }
  OPTIONAL { ?event kg:target ?target OPTIONAL { ?target skos:prefLabel ?targetLabel } }
}
ORDER BY STR(?date) ?agentLabel ?event"""


def test_timeline_gives_the_rows_of_its_plain_form(seeds_store):
    from kg.store import open_store

    with open_store(str(seeds_store), read_only=True) as store:
        tuned = store.query(load_queries()["timeline"].text).rows
        assert tuned and tuned == store.query(PLAIN_TIMELINE).rows

def test_actions_come_in_the_order_of_their_documents_and_iris(seeds_store):
    """actions.rq sorts on a key computed from each action's name: the order of ORDER BY ?source ?action."""
    from kg.store import open_store

    text = load_queries()["actions"].text
    plain = text[: text.index("  # In document order")] + "}\nORDER BY ?source ?action"
    with open_store(str(seeds_store), read_only=True) as store:
        rows = store.query(text).rows
        assert len({row[0] for row in rows}) > 1 and rows == store.query(plain).rows
