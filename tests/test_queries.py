import pytest

from kg.errors import QueryError
from kg.queries import load_queries, resolve_query_text, undeclared_prefixes

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
