"""End to end in a real pseudo-terminal: `python -m kg shell --store DIR`, driven key by key with pexpect."""

from __future__ import annotations

import os
import re
import sys

import pexpect
import pytest

PROMPT = "kg> "
ROW_COUNT = re.compile(r"\((\d+) rows?\)")


@pytest.fixture
def shell(store_dir, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    # No cursor-position requests: nobody answers them in a pty, and prompt_toolkit would wait.
    env.update(XDG_STATE_HOME=str(tmp_path / "state"), TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kg", "shell", "--store", str(store_dir)],
        cwd=str(tmp_path),  # no stray kg.yaml from the working folder
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 160),
    )
    child.expect_exact(PROMPT)
    yield child
    child.close(force=True)


def test_multi_line_query_completion_errors_and_quitting(shell):
    # A query over several lines: Enter on an open brace continues it, ';' runs it.
    shell.send("SELECT ?s ?label WHERE {\r")
    shell.expect_exact("...")
    shell.send("?s rdfs:label ?label }")
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
