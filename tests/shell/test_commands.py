"""The shell's newer commands against a real in-memory store: \\why, \\describe, named queries and parameters,
\\o, \\x, write mode, \\export, \\validate, \\stats, \\e, questions."""

from __future__ import annotations

import io
import sys

import pytest
from rdflib import Graph

from kg.config import Settings, config_dir
from kg.shell import run_script
from kg.shell.execute import execute
from kg.shell.sparql import DESTRUCTIVE_MESSAGE, READ_ONLY_MESSAGE
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

ACTIONS = "SELECT ?agent ?action ?target WHERE { ?action kg:agent ?agent ; kg:target ?target ; kg:trigger ?t }"
EVENTS = "SELECT ?agent ?event ?target WHERE { ?event a kg:Event ; kg:agent ?agent ; kg:target ?target }"


def test_why_shows_the_document_sentence_and_span_behind_a_row(session):
    execute(session, ACTIONS)
    text = execute(session, "\\why 1").text
    assert "?action kgr:action/test-article-120: action “cut its ties”" in text
    assert "kgr:document/test-article (test-article.txt), characters 100-146" in text
    assert "“Acme Corp cut its ties with Globex on Friday.”" in text
    # Acme's mention lies inside the action's sentence, so it is what \why shows for the agent.
    assert "?agent kgr:organization/acme: entity with 1 mention" in text and "characters 100-109 “Acme Corp”" in text


def test_why_on_an_event_lists_every_report_and_how_its_date_was_decided(session):
    execute(session, EVENTS)
    text = execute(session, "\\why 1").text
    assert "?event kgr:event/test-article-120: event “cut its ties” (kg:ReduceRelations), 1 reports in 1 articles" in text
    assert "date 2024-03-01 (stated by a report)" in text
    assert "report 1: “cut its ties” kgr:action/test-article-120" in text
    assert "kgr:document/test-article (test-article.txt), characters 100-146" in text
    assert "“Acme Corp cut its ties with Globex on Friday.”" in text


@pytest.mark.parametrize("arg", ["0", "2", "x", ""])
def test_why_wants_a_row_number_of_the_last_result(session, arg):
    execute(session, ACTIONS)
    assert execute(session, f"\\why {arg}").error == f"\\why takes a row number from 1 to 1, not '{arg}'"


def test_why_before_any_query_says_so(session):
    assert "run a SELECT query first" in execute(session, "\\why 1").error


def test_why_on_a_row_without_provenance(session):
    execute(session, "SELECT ?x WHERE { ?x a kg:Person } LIMIT 1")
    assert "holds no event, action, mention or entity with evidence" in execute(session, "\\why 1").text


@pytest.mark.parametrize("name", ["Acme Corp", "acme corp", "Acme Crop", "kgr:organization/acme"])
def test_describe_finds_an_entity_by_name_alias_typo_or_iri(session, name):
    text = execute(session, f"\\describe {name}").text
    assert text.startswith("Acme Corp  kgr:organization/acme\n")
    assert "types:     kg:Organization" in text and "mentioned: 1 time in 0 documents" in text
    assert " agent | 2024-03-01 | cut its ties | kg:ReduceRelations | Globex | 1       | 1        | kgr:event/test-article-120" in text


def test_describe_by_alias(session):
    text = execute(session, "\\describe JD").text
    assert text.startswith("Jane Doe  kgr:person/jane-doe") and "also:      JD" in text


def test_describe_an_unknown_name_suggests_the_closest(session):
    assert execute(session, "\\describe Globus Industries").error == (
        "no entity called 'Globus Industries' in the graph; did you mean 'Globex'?"
    )


def test_tables_show_labels_beside_minted_iris_without_a_label_column(session):
    text = execute(session, ACTIONS).text
    assert " kgr:organization/acme (Acme Corp) | kgr:action/test-article-120 | kgr:organization/globex (Globex)" in text
    labelled = execute(session, "SELECT ?agent ?agentLabel WHERE { ?a kg:agent ?agent . ?agent skos:prefLabel ?agentLabel }")
    assert " kgr:organization/acme | Acme Corp" in labelled.text


def test_saved_queries_round_trip_through_the_config_folder(session):
    execute(session, "SELECT ?label WHERE { ?x a kg:Person ; skos:prefLabel ?label } ORDER BY ?label")
    assert execute(session, "\\ns people").status.startswith("saved 'people' to ")
    assert (config_dir() / "queries" / "people.rq").read_text().startswith("SELECT ?label")
    assert "people" in execute(session, "\\n").text
    assert "Jane Doe" in execute(session, "\\n people").text
    assert execute(session, "\\nd people").status == "deleted 'people'"
    assert not (config_dir() / "queries" / "people.rq").exists()
    assert execute(session, "\\n people").error.startswith("unknown query 'people'")


def test_a_saved_query_is_there_in_the_next_session(store):
    out = io.StringIO()
    run_script(store, Settings(), "\\ns orgs SELECT ?x WHERE { ?x a kg:Organization }", out)
    out = io.StringIO()
    assert run_script(store, Settings(), "\\n orgs", out) == 0
    assert "(2 rows)" in out.getvalue()


def test_canned_query_names_are_protected(session):
    session.canned = frozenset({"who-did-what"})
    assert "is a canned query" in execute(session, "\\nd who-did-what").error
    assert "is a canned query" in execute(session, "\\ns who-did-what ASK {}").error
    assert "cannot name a query" in execute(session, "\\ns ../evil ASK {}").error


def test_positional_parameters_are_bound_as_terms(session):
    execute(session, "\\ns acts-of SELECT ?action WHERE { ?action kg:agent/skos:prefLabel $1 ; kg:target $2 ; kg:trigger ?t }")
    text = execute(session, "\\n acts-of 'Acme Corp' kgr:organization/globex").text
    assert "kgr:action/test-article-120" in text and "(1 row)" in text
    assert execute(session, "\\n acts-of 'Acme Corp'").error == "the query takes 2 parameters ($1..$2), not 1"


@pytest.mark.parametrize(
    "value",
    ['Jane Doe" } ; DROP ALL #', "Jane Doe' } DELETE WHERE { ?s ?p ?o } #", 'x"^^<urn:t> } UNION { ?s ?p ?o'],
)
def test_a_parameter_cannot_break_out_of_its_quotes(session, value):
    before = len(session.store)
    execute(session, "\\ns by-label SELECT ?s WHERE { ?s skos:prefLabel $1 }")
    outcome = execute(session, f"\\n by-label {value!r}".replace("\\'", "'"))
    assert not outcome.error and "(0 rows)" in outcome.text
    assert len(session.store) == before


def test_output_file_receives_results_and_the_screen_a_note(session, tmp_path):
    target = tmp_path / "out.txt"
    assert execute(session, f"\\o {target}").status == f"results go to {target}"
    outcome = execute(session, "SELECT ?x WHERE { ?x a kg:Person }")
    assert outcome.text == "" and outcome.status.startswith(f"5 lines written to {target}")
    execute(session, "\\o")
    assert execute(session, "ASK {}").text == "true"
    assert "(2 rows)" in target.read_text()


@pytest.mark.parametrize("arg, mode", [("on", "on"), ("off", "off"), ("auto", "auto"), ("", "on")])
def test_x_sets_the_expanded_display(session, arg, mode):
    session.expanded = "off"
    execute(session, f"\\x {arg}".strip())
    assert session.expanded == mode


def test_wide_rows_turn_vertical_on_a_narrow_terminal(session):
    session.width = 30
    assert "-[ RECORD 1 ]" in execute(session, ACTIONS).text
    session.width = 300
    assert "-[ RECORD 1 ]" not in execute(session, ACTIONS).text
    execute(session, "\\x on")
    assert "-[ RECORD 1 ]" in execute(session, ACTIONS).text


def test_updates_need_write_mode_and_destructive_ones_need_confirming(session):
    insert = "INSERT DATA { kgr:x a kg:Person ; skos:prefLabel 'Xavier' }"
    assert execute(session, insert).error == READ_ONLY_MESSAGE
    assert execute(session, "\\write on").status.startswith("write mode is on")
    before = len(session.store)
    assert execute(session, insert).status.startswith("updated: +2 triples")
    assert len(session.store) == before + 2
    assert execute(session, "\\describe Xavier").text.startswith("Xavier  kgr:x")  # labels were read again
    assert execute(session, "CLEAR ALL").error == DESTRUCTIVE_MESSAGE
    assert execute(session, "DELETE WHERE { kgr:x ?p ?o }").error == DESTRUCTIVE_MESSAGE
    assert len(session.store) == before + 2
    assert execute(session, "DELETE WHERE { kgr:x ?p ?o }", confirmed=True).status.startswith("updated: -2 triples")
    execute(session, "\\write off")
    assert execute(session, insert).error == READ_ONLY_MESSAGE


def test_a_script_runs_destructive_updates_only_with_yes(store):
    out = io.StringIO()
    assert run_script(store, Settings(), "CLEAR ALL", out, write=True) == 1
    assert len(store) > 0
    assert run_script(store, Settings(), "CLEAR ALL", io.StringIO(), write=True, assume_yes=True) == 0
    assert len(store) == 0


def test_write_on_reopens_a_read_only_store_it_owns(store_dir):
    from kg.store import open_store

    out = io.StringIO()
    script = "\\write on\nINSERT DATA { kgr:new a kg:Person };\nASK { kgr:new a kg:Person }"
    reader = open_store(str(store_dir), read_only=True, prefixes=prefixes_with_base(DEFAULT_BASE_IRI))
    status = run_script(reader, Settings(), script, out, owns_store=True)
    assert status == 0 and out.getvalue().rstrip().endswith("true"), out.getvalue()
    with open_store(str(store_dir), read_only=True) as again:
        assert again.query(f"ASK {{ <{DEFAULT_BASE_IRI}new> a ?type }}").value


def test_load_needs_write_mode(session, tmp_path):
    assert "the shell is read-only" in execute(session, f"\\load {tmp_path}").error


@pytest.mark.model
def test_load_builds_articles_into_the_store(session, tmp_path, nlp, rules):
    article = tmp_path / "a.txt"
    article.write_text("date 2024-05-02\nAcme Corp sued Globex on Tuesday.\n", encoding="utf-8")
    session.cache.update(nlp=nlp, rules=rules)
    execute(session, "\\write on")
    outcome = execute(session, f"\\load {tmp_path}")
    assert outcome.text.startswith("loaded 1 documents:"), outcome
    assert execute(session, "ASK { ?d kg:fileName 'a.txt' }").text == "true"


@pytest.mark.parametrize("suffix, rdf_format", [(".ttl", "turtle"), (".nt", "nt")])
def test_export_writes_the_graph_in_the_format_its_suffix_names(session, tmp_path, suffix, rdf_format):
    target = tmp_path / f"graph{suffix}"
    assert execute(session, f"\\export {target}").status.startswith("wrote ")
    assert len(Graph().parse(target, format=rdf_format)) == len(session.store)


def test_export_refuses_an_unknown_suffix(session, tmp_path):
    assert "cannot tell the format of 'graph.xyz'" in execute(session, f"\\export {tmp_path}/graph.xyz").error


def test_validate_lists_the_shape_violations(session):
    text = execute(session, "\\validate").text
    assert "focus" in text and "problem" in text
    assert "kgr:action/test-article-120" in text  # the hand-made action lacks what the shapes require
    assert text.rstrip().endswith("problems)") or text.rstrip().endswith("problem)")


def test_stats_counts_what_the_graph_holds(session, triples):
    text = execute(session, "\\stats").text
    assert " people        |     2" in text and " organizations |     2" in text and " actions       |     1" in text
    assert f" triples       | {len(triples):5d}" in text


def test_edit_puts_the_edited_query_back_at_the_prompt(session, monkeypatch):
    session.interactive = True
    execute(session, "SELECT ?x WHERE { ?x a kg:Person }")
    monkeypatch.setenv("EDITOR", f"{sys.executable} -c \"import sys; p = sys.argv[1]; open(p, 'a').write('LIMIT 1')\"")
    monkeypatch.delenv("VISUAL", raising=False)
    assert execute(session, "\\e").edit == "SELECT ?x WHERE { ?x a kg:Person }\nLIMIT 1"


def test_edit_needs_a_terminal(session):
    assert execute(session, "\\e").error == "\\e needs a terminal"


@pytest.mark.parametrize("line, attribute", [("\\vi on", "vi"), ("\\pager on", "pager"), ("\\timing on", "timing")])
def test_switches(session, line, attribute):
    execute(session, line)
    assert getattr(session, attribute) is True
    execute(session, line.replace(" on", " off"))
    assert getattr(session, attribute) is False


def test_refresh_forgets_the_labels(session):
    session.label_index()
    execute(session, "\\refresh")
    assert session.labels is None


def test_a_question_line_shows_the_query_with_the_name_bound_then_the_rows(session):
    outcome = execute(session, "? what did Acme do to Globex?")
    assert not outcome.error
    assert "# x: Acme Corp <https://w3id.org/kgnews/resource/organization/acme> (closest match" in outcome.text
    assert "VALUES (?x ?y) {" in outcome.text and "(1 row)" in outcome.text


def test_ask_who_is_describes(session):
    assert "types:     kg:Person" in execute(session, "\\ask who is Jane Doe?").text


def test_an_unreadable_question_lists_the_forms(session):
    assert "cannot read the question 'why is the sky blue'; try: who acted against X?" in execute(
        session, "\\ask why is the sky blue"
    ).error


@pytest.mark.parametrize(
    "flags, status, message",
    [([], 1, READ_ONLY_MESSAGE), (["--write"], 1, DESTRUCTIVE_MESSAGE), (["--write", "--yes"], 0, "updated: -")],
)
def test_kg_shell_is_read_only_unless_asked_and_scripts_clear_only_with_yes(store_dir, flags, status, message):
    from click.testing import CliRunner

    from kg.cli import cli

    done = CliRunner().invoke(cli, ["shell", "--store", str(store_dir), *flags, "-c", "CLEAR ALL"])
    assert done.exit_code == status and message in done.output



def test_describe_in_pages_has_the_rows_and_order_of_describe_at_once(seeds_store):
    from kg.shell.evidence import describe_entity, describe_pages
    from kg.store import open_store
    from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

    prefixes = prefixes_with_base(DEFAULT_BASE_IRI)
    with open_store(str(seeds_store), read_only=True, prefixes=prefixes) as store:
        for name in ("cloudflare", "kiwi-farms"):
            iri = f"{DEFAULT_BASE_IRI}organization/{name}"
            whole = describe_entity(store, iri, prefixes)
            first, rest = describe_pages(store, iri, prefixes, 8)  # a screen of 8 lines: 3 events under the header
            assert rest is not None and "(events 1-3 of " in first
            events = [line.split("|") for line in (first + rest()).splitlines() if line.startswith((" agent", " target"))]
            expected = [line.split("|") for line in whole.splitlines() if line.startswith((" agent", " target"))]
            assert [[cell.strip() for cell in row] for row in events] == [[cell.strip() for cell in row] for row in expected]
            assert first.split("\n\n")[0] == whole.split("\n\n")[0]  # the same labels, types, links and counts
