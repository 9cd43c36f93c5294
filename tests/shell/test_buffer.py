"""When Enter runs the text, and how scripts split into statements."""

from __future__ import annotations

import pytest

from kg.shell.buffer import depth, is_complete, mask, split_statements


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\\q",
        "  \\T csv",
        "SELECT ?s WHERE { ?s ?p ?o }",
        "SELECT ?s WHERE {\n  ?s ?p ?o\n}",
        "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10",
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s offset 5",
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s;",
        "SELECT ?s WHERE {\n  ?s ?p ?o }\n\\q",
        'SELECT ?s WHERE { ?s rdfs:label "}" }',
        "SELECT ?s WHERE { ?s ?p ?o } # a comment with {",
        "ASK { ?s ?p ?o } }",  # too many closers: let the store report it
        "# only a comment",
    ],
)
def test_enter_runs_complete_text(text):
    assert is_complete(text)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s WHERE {",
        "SELECT ?s WHERE { ?s a kg:Person ;",  # ';' inside braces separates predicates
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s",
        "SELECT ?s WHERE { ?s ?p ?o } LIMIT",
        "PREFIX ex: <http://example.org/>",
        'SELECT ?s WHERE { ?s rdfs:label "{" ',
        "SELECT ?s WHERE { ?s rdfs:comment '''first line\nsecond }' ",
        "SELECT ?s WHERE { ?s <http://e.org/p#}> ?o",
        "SELECT (COUNT(?s AS ?n) WHERE { ?s ?p ?o }",
    ],
)
def test_enter_starts_a_new_line_in_incomplete_text(text):
    assert not is_complete(text)


@pytest.mark.parametrize(
    "text, statements",
    [
        ("SELECT * { ?s ?p ?o }", ["SELECT * { ?s ?p ?o }"]),
        ("ASK {} ; ASK {};", ["ASK {}", "ASK {}"]),
        ("SELECT * { ?s a ?c ; ?p ?o }", ["SELECT * { ?s a ?c ; ?p ?o }"]),
        ("\\T csv\nASK {}", ["\\T csv", "ASK {}"]),
        ("ASK {}\n\\q\nASK {}", ["ASK {}", "\\q", "ASK {}"]),
        ('SELECT * { ?s ?p "a;b" }; \\q', ['SELECT * { ?s ?p "a;b" }', "\\q"]),
        ("SELECT * { ?s ?p ?o } # not; split\n;", ["SELECT * { ?s ?p ?o } # not; split"]),
        ("  \n ;; # nothing\n", []),
        ("SELECT * {\n  ?s ?p ?o\n}\n\\T json\n", ["SELECT * {\n  ?s ?p ?o\n}", "\\T json"]),
    ],
)
def test_split_statements(text, statements):
    assert split_statements(text) == statements


@pytest.mark.parametrize(
    "text, code",
    [
        ('?s ?p "a{b"', "?s ?p xxxxx"),
        ("?s <http://e#x> ?o", "?s xxxxxxxxxxxx ?o"),
        ("?s ?p ?o # }\n}", "?s ?p ?o    \n}"),
        ("?x < 5 && ?y > 2", "?x < 5 && ?y > 2"),
        ("'''a\n}'''", "xxxx\nxxxx"),
    ],
)
def test_mask_blanks_strings_iris_and_comments_index_for_index(text, code):
    assert mask(text).code == code


@pytest.mark.parametrize(
    "text, open_",
    [('?s ?p "ab', "string"), ('?s ?p """ab\ncd', "long string"), ("?s <http://e", "iri"), ("?s # hm", "comment")],
)
def test_mask_reports_what_the_text_ends_inside(text, open_):
    assert mask(text).open == open_


def test_depth_counts_every_kind_of_bracket():
    assert depth("{ ( [") == 3 and depth("{ ( ) }") == 0
