"""The interactive SPARQL shell: run_shell for people at a terminal, run_script for -c and piped input."""

from __future__ import annotations

import sys
from typing import TextIO

from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from kg.config import Settings, state_dir
from kg.shell.app import build_prompt, repl
from kg.shell.completer import SparqlCompleter
from kg.shell.execute import execute_all
from kg.shell.history import open_history
from kg.shell.output import write_outcome
from kg.shell.refresher import Refresher
from kg.shell.session import Outcome, new_session
from kg.store.base import Store

__all__ = ["run_script", "run_shell"]


def run_shell(store: Store, settings: Settings, *, input: Input | None = None, output: Output | None = None) -> None:
    """Run the interactive shell on `store` until \\q or Ctrl-D; results go to sys.stdout.

    `input`/`output` are prompt_toolkit's; tests pass a pipe input and a DummyOutput.
    """
    out = sys.stdout
    session = new_session(store, settings)
    history, warning = open_history(state_dir() / "shell-history")
    if warning:
        write_outcome(Outcome(status=f"warning: {warning}"), out)
    refresher = Refresher(session).start()
    try:
        prompt = build_prompt(SparqlCompleter(lambda: refresher.meta), history, input=input, output=output)
        repl(session, prompt, out)
    finally:
        refresher.wait()


def run_script(store: Store, settings: Settings, text: str, out: TextIO, *, err: TextIO | None = None) -> int:
    """Run every statement in `text` as the shell would, printing to `out` (errors to `err`, default `out`).

    Returns 0 when every statement succeeded and 1 otherwise, for use as an exit status.
    """
    session = new_session(store, settings)
    failed = False
    for outcome in execute_all(session, text):
        write_outcome(outcome, out, err)
        failed = failed or bool(outcome.error)
    return 1 if failed else 0
