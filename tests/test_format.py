"""kg.format: people-facing tables and records, and the W3C formats, from hand-built results."""

from __future__ import annotations

import json
from textwrap import dedent

import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from kg.errors import QueryError
from kg.format import FORMATS, align, compact_iri, display_term, format_result, text_width
from kg.store import open_store
from kg.store.base import AskResult, GraphResult, SelectResult
from kg.vocab import DEFAULT_BASE_IRI, KG, prefixes_with_base

PREFIXES = prefixes_with_base(DEFAULT_BASE_IRI)
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a plain Namespace: pytest probes module globals
JANE = URIRef(DEFAULT_BASE_IRI + "person/jane-doe")
ACME = URIRef(DEFAULT_BASE_IRI + "organization/acme")

PEOPLE = SelectResult(
    ("entity", "label", "mentions"),
    [
        (JANE, Literal("Jane Doe", lang="en"), Literal(12)),
        (ACME, Literal("Acme Corp"), None),
    ],
)


@pytest.mark.parametrize(
    "iri, prefixes, expected",
    [
        (str(KG.Person), PREFIXES, "kg:Person"),
        (str(ACME), PREFIXES, "kgr:organization/acme"),
        (str(RDF.type), PREFIXES, "rdf:type"),
        ("http://example.org/x", PREFIXES, "<http://example.org/x>"),
        (str(KG), PREFIXES, "kg:"),
        ("http://e.org/a/b/c", {"e": "http://e.org/", "eab": "http://e.org/a/b/"}, "eab:c"),
        ("http://e.org/a/b/c", {"eab": "http://e.org/a/b/", "e": "http://e.org/"}, "eab:c"),
        ("http://e.org/a", {}, "<http://e.org/a>"),
    ],
)
def test_compact_iri_uses_the_longest_matching_namespace(iri, prefixes, expected):
    assert compact_iri(iri, prefixes) == expected


@pytest.mark.parametrize(
    "term, expected",
    [
        (Literal("Jane Doe", lang="en"), "Jane Doe"),
        (Literal("2024-03-01", datatype=XSD.date), "2024-03-01"),
        (Literal(3), "3"),
        (BNode("b0"), "_:b0"),
        (None, ""),
        (KG.agent, "kg:agent"),
    ],
)
def test_display_term_shows_lexical_values_and_prefixed_names(term, expected):
    assert display_term(term, PREFIXES) == expected


@pytest.mark.parametrize("text, width", [("", 0), ("abc", 3), ("東京", 4), ("e\u0301", 1)])
def test_text_width_counts_terminal_columns(text, width):
    assert text_width(text) == width


def test_table_aligns_columns_right_aligns_numbers_and_counts_rows():
    expected = dedent(
        """\
         entity                | label     | mentions
        -----------------------+-----------+----------
         kgr:person/jane-doe   | Jane Doe  |       12
         kgr:organization/acme | Acme Corp |
        (2 rows)
        """
    )
    assert format_result(PEOPLE, "table", PREFIXES) == expected


@pytest.mark.parametrize("count, footer", [(0, "(0 rows)"), (1, "(1 row)"), (3, "(3 rows)")])
def test_table_footer_counts_rows(count, footer):
    result = SelectResult(("x",), [(Literal(i),) for i in range(count)])
    assert format_result(result, "table", PREFIXES).splitlines()[-1] == footer


def test_table_keeps_one_row_per_line_when_values_hold_line_breaks():
    result = SelectResult(("text",), [(Literal("line one\nline two"),)])
    lines = format_result(result, "table", PREFIXES).splitlines()
    assert lines[2] == " line one\\nline two"
    assert len(lines) == 4


def test_table_lines_have_no_trailing_spaces():
    text = format_result(PEOPLE, "table", PREFIXES)
    assert all(line == line.rstrip() for line in text.splitlines())


def test_table_pads_wide_characters_by_display_width():
    result = SelectResult(("name", "n"), [(Literal("東京"), Literal(1)), (Literal("Paris"), Literal(2))])
    body = format_result(result, "table", PREFIXES).splitlines()[2:4]
    assert [text_width(line.split("|")[0]) for line in body] == [7, 7]


def test_vertical_prints_one_record_block_per_row():
    expected = dedent(
        """\
        -[ RECORD 1 ]-------------------
        entity   | kgr:person/jane-doe
        label    | Jane Doe
        mentions | 12
        -[ RECORD 2 ]-------------------
        entity   | kgr:organization/acme
        label    | Acme Corp
        mentions |
        (2 rows)
        """
    )
    assert format_result(PEOPLE, "vertical", PREFIXES) == expected


def test_align_without_right_flags_pads_every_column_left():
    assert align(["a", "bb"], [["1", "2"]]) == [" a | bb", "---+----", " 1 | 2"]


def test_json_is_the_w3c_results_format():
    data = json.loads(format_result(PEOPLE, "json", PREFIXES))
    assert data["head"] == {"vars": ["entity", "label", "mentions"]}
    first, second = data["results"]["bindings"]
    assert first["label"] == {"type": "literal", "value": "Jane Doe", "xml:lang": "en"}
    assert first["mentions"] == {"type": "literal", "value": "12", "datatype": str(XSD.integer)}
    assert second["entity"] == {"type": "uri", "value": str(ACME)}
    assert "mentions" not in second  # unbound variables are left out


def test_csv_is_the_w3c_results_format():
    result = SelectResult(("s", "o"), [(JANE, Literal('said "hi", left')), (BNode("b1"), None)])
    expected = f's,o\r\n{JANE},"said ""hi"", left"\r\n_:b1,\r\n'
    assert format_result(result, "csv", PREFIXES) == expected


def test_tsv_is_the_w3c_results_format():
    result = SelectResult(
        ("o",),
        [(Literal("a\tb"),), (Literal("hi", lang="en"),), (Literal(3),), (Literal("x", datatype=XSD.date),), (None,)],
    )
    expected = f'?o\n"a\\tb"\n"hi"@en\n3\n"x"^^<{XSD.date}>\n\n'
    assert format_result(result, "tsv", PREFIXES) == expected


@pytest.mark.parametrize(
    "fmt, expected", [("table", "true"), ("vertical", "true"), ("json", '{"head":{},"boolean":true}'), ("csv", "true")]
)
def test_ask_result_is_true_or_false(fmt, expected):
    assert format_result(AskResult(True), fmt, PREFIXES) == expected


def _graph() -> Graph:
    graph = Graph()
    graph.add((JANE, RDF.type, KG.Person))
    graph.add((ACME, RDF.type, KG.Organization))
    return graph


@pytest.mark.parametrize("fmt", ["table", "vertical", "turtle"])
def test_graph_result_shows_turtle_with_kg_prefixes(fmt):
    text = format_result(GraphResult(_graph()), fmt, PREFIXES)
    assert "@prefix kg: <https://w3id.org/kgnews/ontology#> ." in text
    assert "kg:Person" in text
    assert isomorphic(Graph().parse(data=text, format="turtle"), _graph())


def test_graph_result_as_ntriples_is_sorted():
    lines = format_result(GraphResult(_graph()), "ntriples", PREFIXES).splitlines()
    assert lines == sorted(lines) and len(lines) == 2
    assert lines[0].startswith(f"<{ACME}>")


@pytest.mark.parametrize(
    "result, fmt, message",
    [
        (PEOPLE, "ttl2", "unknown format 'ttl2'; use one of: table"),
        (PEOPLE, "turtle", "a SELECT result cannot be written as 'turtle'"),
        (GraphResult(Graph()), "csv", "a graph result cannot be written as 'csv'; use one of: table, vertical, turtle"),
        (AskResult(False), "ntriples", "an ASK result cannot be written as 'ntriples'"),
    ],
)
def test_unfit_format_is_a_query_error_listing_the_choices(result, fmt, message):
    with pytest.raises(QueryError, match=message):
        format_result(result, fmt, PREFIXES)


# The store writes the standard formats itself for `kg query` and the shell; format.py must agree with it.
SAMPLE = [
    (JANE, Literal('quote " comma , newline \n tab \t')),
    (JANE, Literal("hi", lang="en-GB")),
    (JANE, Literal(-3)),
    (JANE, Literal("2.5", datatype=XSD.decimal)),
    (JANE, Literal(True)),
    (JANE, Literal("2024-03-01", datatype=XSD.date)),
    (JANE, Literal("東京")),
    (JANE, ACME),
]
SAMPLE_QUERY = "SELECT ?s ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?s kg:nothing ?none } } ORDER BY STR(?o)"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_result_formats_match_the_stores_own_serializer(fmt):
    with open_store("memory:", prefixes=PREFIXES) as store:
        store.replace_graph("urn:test", [(s, KG[f"p{i}"], o) for i, (s, o) in enumerate(SAMPLE)])
        ours = format_result(store.query(SAMPLE_QUERY), fmt, PREFIXES)
        theirs = store.query_serialized(SAMPLE_QUERY, fmt).decode("utf-8")
    assert ours == theirs


def test_formats_list_display_formats_first():
    assert FORMATS[:2] == ("table", "vertical")
