"""Backslash commands and statement execution against a real in-memory store."""

from __future__ import annotations

import pytest
from rdflib import RDF

from kg.format import FORMATS
from kg.queries import parse_binding
from kg.shell.execute import execute
from kg.shell.sparql import READ_ONLY_MESSAGE, is_update
from kg.shell.special import COMMANDS
from kg.vocab import DEFAULT_BASE_IRI

JANE = DEFAULT_BASE_IRI + "person/jane-doe"


def test_help_lists_every_registered_command(session):
    text = execute(session, "\\?").text
    for command in COMMANDS.values():
        assert command.usage in text and command.help in text


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_a_one_sentence_help(name):
    help_text = COMMANDS[name].help
    assert help_text.endswith(".") and "\n" not in help_text


def test_quit_asks_the_shell_to_stop(session):
    assert execute(session, "\\q").quit


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_command_sets_the_format(session, fmt):
    outcome = execute(session, f"\\T {fmt}")
    assert not outcome.error and session.format == fmt


def test_format_command_rejects_an_unknown_format_and_lists_the_choices(session):
    outcome = execute(session, "\\T ttl2")
    assert outcome.error == f"unknown format 'ttl2'; use one of: {', '.join(FORMATS)}"
    assert session.format == "table"


def test_format_command_without_argument_shows_the_current_format(session):
    assert "output format is table" in execute(session, "\\T").text


def test_format_is_used_by_the_next_query(session):
    execute(session, "\\T csv")
    text = execute(session, "SELECT ?s WHERE { ?s rdfs:label 'Jane Doe' }").text
    assert text == f"s\r\n{JANE}\r\n"


@pytest.mark.parametrize("arg, timing", [("", True), ("on", True), ("off", False)])
def test_timing_command_switches_timing(session, arg, timing):
    execute(session, f"\\timing {arg}".strip())
    assert session.timing is timing


def test_timing_adds_the_elapsed_time_after_a_query(session):
    execute(session, "\\timing on")
    assert execute(session, "ASK {}").status.startswith("Time: ")


def test_prefixes_command_lists_kgr(session):
    text = execute(session, "\\prefixes").text
    assert " kgr     | https://w3id.org/kgnews/resource/" in text


def test_n_lists_the_canned_queries_with_descriptions(session):
    text = execute(session, "\\n").text
    assert "who-did-what | Who did what to whom." in text


def test_n_name_runs_the_canned_query(session):
    text = execute(session, "\\n who-did-what").text
    assert "Acme Corp | Globex" in text and "(1 row)" in text


def test_n_name_binds_variables_like_kg_query_param(session):
    text = execute(session, '\\n label-of label="Jane Doe"').text
    assert "kgr:person/jane-doe" in text and "(1 row)" in text


def test_n_with_an_unknown_name_suggests_the_closest(session):
    assert execute(session, "\\n who-did").error == "unknown query 'who-did'; did you mean 'who-did-what'?"


def test_d_counts_classes_and_properties(session, triples):
    text = execute(session, "\\d").text
    assert " class    | kg:Person          |     2" in text
    assert " class    | kg:ReduceRelations |     1" in text
    types = sum(1 for _, p, _ in triples if p == RDF.type)
    assert f" property | rdf:type           | {types:5d}" in text


@pytest.mark.parametrize("line", ["\\d kg:Person", "\\prefixes all"])
def test_commands_without_arguments_refuse_one(session, line):
    assert "takes no argument" in execute(session, line).error


def test_unknown_command_points_to_help(session):
    assert execute(session, "\\descr").error == "unknown command '\\descr'; type \\? to list the commands"


def test_a_trailing_semicolon_after_a_command_is_forgiven(session):
    execute(session, "\\T json;")
    assert session.format == "json"


def test_bad_sparql_becomes_one_error_line(session):
    outcome = execute(session, "SELECT ?s WHERE { ?s ?p }")
    assert outcome.error.startswith("line 1, column") and "\n" not in outcome.error
    assert not outcome.text


def test_unknown_prefix_is_named(session):
    assert execute(session, "SELECT * { ?s zz:p ?o }").error.startswith("unknown prefix 'zz:'")


@pytest.mark.parametrize(
    "sparql",
    ["INSERT DATA { kgr:x a kg:Person }", "PREFIX ex: <http://e/>\ndelete where { ?s ?p ?o }", "CLEAR ALL"],
)
def test_updates_are_refused_and_the_store_is_untouched(session, sparql):
    before = len(session.store)
    assert execute(session, sparql).error == READ_ONLY_MESSAGE
    assert len(session.store) == before


@pytest.mark.parametrize(
    "sparql, update",
    [("SELECT * { ?s ?p 'INSERT' }", False), ("# DELETE\nASK {}", False), ("WITH <urn:g> DELETE { } WHERE { }", True)],
)
def test_is_update_looks_at_the_first_keyword_only(sparql, update):
    assert is_update(sparql) is update


@pytest.mark.parametrize(
    "text, name, value",
    [
        ("agent=kg:Person", "agent", "https://w3id.org/kgnews/ontology#Person"),
        ("?agent=<http://e.org/a>", "agent", "http://e.org/a"),
        ("label=Jane Doe", "label", "Jane Doe"),
        ("label=zz:not-a-prefix", "label", "zz:not-a-prefix"),
    ],
)
def test_parse_binding(session, text, name, value):
    parsed_name, term = parse_binding(text, session.prefixes)
    assert (parsed_name, str(term)) == (name, value)


def test_a_positional_argument_the_query_does_not_take_is_an_error(session):
    assert execute(session, "\\n label-of Jane").error == "the query takes 0 parameters, not 1"
