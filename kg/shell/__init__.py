"""The interactive SPARQL shell: run_shell for people at a terminal, run_script for -c and piped input."""

from __future__ import annotations

import sys
from collections.abc import Callable
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

__all__ = ["after_first_render", "run_script", "run_shell"]


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
    refresher = Refresher(session)
    session.on_change = refresher.start
    questions: list[PromptSession[str]] = []  # made when first needed: a PromptSession costs ~15 ms to build

    def confirm(question: str) -> bool:
        if not questions:
            questions.append(PromptSession(input=input, output=output))
        return questions[0].prompt(f"{question} [y/N] ").strip().lower() in ("y", "yes")

    try:
        prompt = build_prompt(SparqlCompleter(lambda: refresher.meta), history, input=input, output=output)
        after_first_render(prompt, refresher.start)
        repl(session, prompt, out, confirm)
    finally:
        refresher.wait()
        session.close()


def after_first_render(prompt: PromptSession[str], start: Callable[[], object]) -> None:
    """Call `start` once the first prompt is on the screen: the completion data's background read (the saved data's
    JSON, or the graph's labels) holds the interpreter's lock for long stretches and would delay that prompt."""
    started: list[bool] = []

    def once(_app: object) -> None:
        if not started:
            started.append(True)
            start()

    prompt.app.after_render += once


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
