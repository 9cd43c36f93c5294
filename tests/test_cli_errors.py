"""Bad queries through the real `kg query` command: one line on stderr, with the position, never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import cli


def kg_query(store, *args: str, process: bool = False) -> subprocess.CompletedProcess:
    """Run `kg query` in-process through click (fast), or as a real process."""
    argv = ["query", "--store", str(store), *args]
    if process:
        return subprocess.run([sys.executable, "-m", "kg", *argv], capture_output=True, text=True, timeout=120)
    result = CliRunner().invoke(cli, argv, obj={})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return subprocess.CompletedProcess(argv, result.exit_code, result.stdout, result.stderr)


def one_line_error(run: subprocess.CompletedProcess) -> str:
    assert run.returncode == 1 and run.stdout == "" and "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), run.stderr
    return lines[0]


def test_a_real_process_prints_one_line_with_the_position(seeds_store):
    line = one_line_error(kg_query(seeds_store, "SELECT ?s WHERE {\n  ?s ?p ?o .\n  ?s ?p \"unterminated\n}", process=True))
    assert re.fullmatch(r"Error: line 3, column \d+: expected .*", line)


def test_a_real_process_names_an_unknown_canned_query(seeds_store):
    line = one_line_error(kg_query(seeds_store, "who-acted", process=True))
    assert line == "Error: unknown query 'who-acted'; did you mean 'who-acted-against-whom'?"


@pytest.mark.parametrize("query, position", [
    ("SELEC ?s WHERE { ?s ?p ?o }", "line 1, column "),
    ("SELECT ?s WHERE {\n  ?s ?p ?o .\n  ?s ?p \"unterminated\n}", "line 3, column "),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT -1", "line 1, column 36"),
    ("SELECT ?s WHERE { ?s ?p ?o ", "line 1, column "),
])
def test_bad_sparql_gives_one_line_with_the_position(seeds_store, query, position):
    line = one_line_error(kg_query(seeds_store, query))
    assert re.search(r"line \d+, column \d+: expected", line) and position in line


def test_an_unknown_prefix_is_named(seeds_store):
    line = one_line_error(kg_query(seeds_store, "SELECT * WHERE { ?s foo:bar ?o }"))
    assert line == "Error: unknown prefix 'foo:'; declare it with PREFIX foo: <...>"


@pytest.mark.parametrize("name, hint", [
    ("timelin", "did you mean 'timeline'?"),
    ("zzz", "known queries: actions, entities, events, mentions, reports, timeline, who-acted-against-whom"),
])
def test_an_unknown_canned_query_is_named_with_a_suggestion(seeds_store, name, hint):
    line = one_line_error(kg_query(seeds_store, name))
    assert line.startswith(f"Error: unknown query '{name}'") and hint in line


def test_a_bad_query_file_is_named_with_the_position(seeds_store, tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER (?o = \n}\n")
    line = one_line_error(kg_query(seeds_store, str(path)))
    assert line.startswith(f"Error: {path}: line ") and "column" in line


def test_a_missing_query_file_is_named(seeds_store, tmp_path):
    line = one_line_error(kg_query(seeds_store, str(tmp_path / "missing.rq")))
    assert line == f"Error: query file '{tmp_path / 'missing.rq'}' not found"


def test_a_bad_param_is_a_usage_error_without_traceback(seeds_store):
    run = kg_query(seeds_store, "--param", "no-equals-sign", "mentions")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "Error: Invalid value for --param: 'no-equals-sign' is not NAME=VALUE" in run.stderr


def test_a_failing_service_call_is_one_line(seeds_store):
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    line = one_line_error(kg_query(seeds_store, service))
    assert "127.0.0.1:9" in line or "port 9" in line
