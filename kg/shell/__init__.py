"""The interactive SPARQL shell: run_shell for people at a terminal, run_script for -c and piped input."""

from __future__ import annotations

import sys
from typing import TextIO

from prompt_toolkit import PromptSession
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


def run_shell(
    store: Store,
    settings: Settings,
    *,
    write: bool = False,
    vi: bool = False,
    owns_store: bool = False,
    input: Input | None = None,
    output: Output | None = None,
) -> None:
    """Run the interactive shell on `store` until \\q or Ctrl-D; results go to sys.stdout.

    `owns_store` lets the shell reopen the store for writing (\\write on) and makes it close the store at the end.
    `input`/`output` are prompt_toolkit's; tests pass a pipe input and a DummyOutput.
    """
    out = sys.stdout
    session = new_session(store, settings, write=write, owns_store=owns_store)
    session.interactive, session.timing, session.pager, session.vi = True, True, True, vi
    history, warning = open_history(state_dir() / "shell-history")
    if warning:
        write_outcome(Outcome(status=f"warning: {warning}"), out)
    refresher = Refresher(session).start()
    session.on_change = refresher.start
    questions: PromptSession[str] = PromptSession(input=input, output=output)

    def confirm(question: str) -> bool:
        return questions.prompt(f"{question} [y/N] ").strip().lower() in ("y", "yes")

    try:
        prompt = build_prompt(SparqlCompleter(lambda: refresher.meta), history, input=input, output=output)
        repl(session, prompt, out, confirm)
    finally:
        refresher.wait()
        session.close()


def run_script(
    store: Store,
    settings: Settings,
    text: str,
    out: TextIO,
    *,
    err: TextIO | None = None,
    write: bool = False,
    assume_yes: bool = False,
    owns_store: bool = False,
) -> int:
    """Run every statement in `text` as the shell would, printing to `out` (errors to `err`, default `out`).

    Destructive updates run only with `assume_yes`, since nobody is there to confirm them.
    Returns 0 when every statement succeeded and 1 otherwise, for use as an exit status.
    """
    session = new_session(store, settings, write=write, owns_store=owns_store)
    session.assume_yes = assume_yes
    failed = False
    try:
        for outcome in execute_all(session, text):
            write_outcome(outcome, out, err)
            failed = failed or bool(outcome.error)
    finally:
        session.close()
    return 1 if failed else 0
