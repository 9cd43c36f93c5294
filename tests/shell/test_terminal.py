"""End to end in a real pseudo-terminal: `python -m kg shell --store DIR`, driven key by key with pexpect."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pexpect
import pytest

PROMPT = "kg> "
ROW_COUNT = re.compile(r"\((\d+) rows?\)")


def spawn_shell(store: Path, tmp_path: Path, lines: int = 50, **variables: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    # No cursor-position requests: nobody answers them in a pty, and prompt_toolkit would wait.
    env.update(XDG_STATE_HOME=str(tmp_path / "state"), XDG_CONFIG_HOME=str(tmp_path / "config"), TERM="xterm",
               PROMPT_TOOLKIT_NO_CPR="1", **variables)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kg", "shell", "--store", str(store)],
        cwd=str(tmp_path),  # no stray kg.yaml from the working folder
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(lines, 200),
    )
    child.expect_exact(PROMPT)
    return child


@pytest.fixture
def shell(store_dir, tmp_path):
    child = spawn_shell(store_dir, tmp_path)
    yield child
    child.close(force=True)


@pytest.fixture
def seeds_shell(seeds_store, tmp_path):
    child = spawn_shell(seeds_store, tmp_path)
    yield child
    child.close(force=True)


def test_multi_line_query_completion_errors_and_quitting(shell):
    # A query over several lines: Enter on an open brace continues it, ';' runs it.
    shell.send("SELECT ?s ?label WHERE {\r")
    shell.expect_exact("...")
    shell.send("?s skos:prefLabel ?label }")
    shell.send(";\r")
    shell.expect(ROW_COUNT)
    assert shell.match.group(1) == "4"
    table = shell.before.replace("\r\n", "\n")
    assert re.search(r" s +\| label\n-+\+-+\n", table)  # the header follows the terminal's own escapes
    assert re.search(r"^ kgr:person/jane-doe +\| Jane Doe$", table, re.MULTILINE)
    shell.expect_exact(PROMPT)

    # Tab completes a class read from the store; only the completed name finds the two people.
    shell.send("SELECT ?s WHERE { ?s a kg:Pers")
    shell.expect_exact("class")  # the completion menu is up
    shell.send("\t")
    shell.send(" }\r")
    shell.expect(ROW_COUNT)
    assert shell.match.group(1) == "2"
    shell.expect_exact(PROMPT)

    # A bad query prints one error line, and the prompt comes back.
    shell.send("SELEC nonsense;\r")
    shell.expect(r"error: line 1, column \d+: [^\r\n]+\r\n")
    shell.expect_exact(PROMPT)

    # Ctrl-C throws the half-typed input away; the next input runs on its own.
    shell.send("SELECT half typed")
    shell.sendcontrol("c")
    shell.expect_exact(PROMPT)
    shell.send("ASK { ?a a kg:ReduceRelations }\r")
    shell.expect(r"true\r\n")
    shell.expect_exact(PROMPT)

    shell.send("\\q\r")
    shell.expect(pexpect.EOF)
    shell.close()
    assert shell.exitstatus == 0


# Every pair of triples with every other triple: far too many rows to count before Ctrl-C comes.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.model
def test_a_session_on_the_seeds_completion_why_ask_errors_cancel_and_quit(seeds_shell):
    shell = seeds_shell
    # A two-line query: a class and an entity completed with Tab (the entity from its label).
    shell.send("SELECT ?agent ?action WHERE {\r")
    shell.expect_exact("...")
    shell.send("?action a kg:ReduceRel")
    shell.expect_exact("class")
    shell.send("\t ; kg:agent ?agent ; kg:target Kiwi")
    shell.expect_exact("kgr:organization/kiwi-farms")  # the menu shows the IRI beside the label
    shell.send("\t }")
    shell.send("\r")
    shell.expect(ROW_COUNT)
    rows = int(shell.match.group(1))
    table = shell.before.replace("\r\n", "\n")
    assert rows >= 1 and "kiwi-farms>" in table  # Tab put the IRI into the query
    assert re.search(r"^ kgr:organization/cloudflare \(Cloudflare\) +\| kgr:action/", table, re.MULTILINE)
    shell.expect_exact(PROMPT)

    # The evidence behind the first row: the action's sentence and where it is.
    shell.send("\\why 1\r")
    shell.expect(r"\?action kgr:action/\S+: action “[^”]+”")
    shell.expect(r"kgr:document/\w+ \(\S+\.txt\), characters \d+-\d+")
    shell.expect_exact(PROMPT)

    # A question: the names it matched and the SPARQL it generated, then the rows.
    shell.send("? who acted against Kiwi Farms\r")
    shell.expect_exact("# x: Kiwi Farms <https://w3id.org/kgnews/resource/organization/kiwi-farms>")
    shell.expect_exact("VALUES (?x) { (<https://w3id.org/kgnews/resource/organization/kiwi-farms>) }")
    shell.expect(ROW_COUNT)
    assert int(shell.match.group(1)) >= 1 and "Cloudflare" in shell.before
    shell.expect_exact(PROMPT)

    # A bad query: one line with where and what, and the shell stays.
    shell.send("SELECT ?x WHERE { ?x ?p }\r")
    shell.expect(r"error: line 1, column \d+: [^\r\n]+\r\n")
    shell.expect_exact(PROMPT)

    # Ctrl-C while a query runs gives the prompt back; the session goes on.
    shell.send(ENDLESS + ";\r")
    time.sleep(2.0)  # let the query start: a Ctrl-C that reaches the prompt first would only clear it
    # On a loaded machine the first Ctrl-C can land while prompt_toolkit is still handing the terminal back,
    # and its handler swallows it; a user would press again, and so does the test.
    for _ in range(5):
        shell.sendcontrol("c")
        if shell.expect_exact(["cancelled (Ctrl-C)", pexpect.TIMEOUT], timeout=4) == 0:
            break
    else:
        pytest.fail("Ctrl-C never cancelled the running query")
    shell.expect_exact(PROMPT)
    shell.send("ASK { ?a a kg:ReduceRelations }\r")
    shell.expect(r"true\r\n")
    shell.expect_exact(PROMPT)

    shell.sendcontrol("d")
    shell.expect(pexpect.EOF)
    shell.close()
    assert shell.exitstatus == 0


def test_describe_prints_its_first_screen_of_events_then_the_rest(seeds_store, tmp_path):
    # 22 lines: a first page of what fits under Cloudflare's header; Cloudflare is agent or target of more.
    shell = spawn_shell(seeds_store, tmp_path, lines=22, PAGER="cat")
    try:
        shell.send("\\describe Cloudflare\r")
        shell.expect(r"\(events 1-(\d+) of (\d+); the rest follows\)")
        shown, total = int(shell.match.group(1)), int(shell.match.group(2))
        printed = shell.before.replace("\r\n", "\n")
        first = [line for line in printed.splitlines() if line.startswith((" agent ", " target "))]
        assert 3 <= shown < total and len(first) >= shown
        assert len(printed[printed.index("Cloudflare  kgr:"):].splitlines()) + 2 <= 22  # it fits on the screen
        shell.expect(r"\((\d+) events\)")
        rest = [line for line in shell.before.replace("\r\n", "\n").splitlines() if line.startswith((" agent ", " target "))]
        assert int(shell.match.group(1)) == len(first) + len(rest) and len(rest) >= total - shown
        shell.expect_exact(PROMPT)
    finally:
        shell.close(force=True)
