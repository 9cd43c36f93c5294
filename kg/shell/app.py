"""The REPL loop and the PromptSession it reads from; no SPARQL logic lives here."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import Completer
from prompt_toolkit.enums import EditingMode
from prompt_toolkit.filters import Condition
from prompt_toolkit.history import History
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from kg.shell.buffer import is_complete, split_statements
from kg.shell.execute import execute, execute_more
from kg.shell.keys import key_bindings
from kg.shell.output import write_outcome
from kg.shell.session import Outcome, Session
from kg.shell.sparql import is_destructive
from kg.shell.style import shell_style, sparql_lexer

log = logging.getLogger(__name__)

PROMPT, CONTINUATION = "kg> ", "... "
BANNER = "kg shell. End a query with ';' (or Enter after its closing '}'); \\? for help, \\q or Ctrl-D to quit."
CANCELLED = "cancelled (Ctrl-C); the shell is still here"
STOPPED = "cancelled (Ctrl-C): the query was stopped; the shell is still here"

Confirm = Callable[[str], bool]


def build_prompt(
    completer: Completer, history: History, *, input: Input | None = None, output: Output | None = None
) -> PromptSession[str]:
    """Return the PromptSession: Enter runs complete text and starts a new line otherwise."""
    incomplete = Condition(lambda: not is_complete(get_app().current_buffer.text))
    return PromptSession(
        PROMPT,
        multiline=incomplete,
        prompt_continuation=CONTINUATION,
        lexer=sparql_lexer(),
        style=shell_style(),
        completer=completer,
        complete_while_typing=True,
        auto_suggest=AutoSuggestFromHistory(),
        history=history,
        key_bindings=key_bindings(),
        input=input,
        output=output,
    )


def run_cancellable(session: Session, statement: str, *, confirmed: bool = False) -> Outcome:
    """Run one statement on a worker thread, so Ctrl-C can give the prompt back while a query runs."""
    return in_worker(session, lambda: execute(session, statement, confirmed=confirmed), statement)


def in_worker(session: Session, job: Callable[[], Outcome], statement: str) -> Outcome:
    """Run job (a statement, or the rest of its result) on a worker thread; Ctrl-C gives the prompt back.

    A read-only store folder runs queries in child processes (kg/stoppable.py) and Ctrl-C kills the one running;
    other stores cannot stop pyoxigraph, so there a cancelled query finishes in the background and its result is
    dropped.
    """
    box: list[Outcome] = []

    def work() -> None:
        try:
            box.append(job())
        except Exception as e:  # a bug in one statement must not end the session
            log.debug("statement crashed: %s", statement, exc_info=True)
            box.append(Outcome(error=f"unexpected {type(e).__name__}: {e}"))

    worker = threading.Thread(target=work, name="kg-statement", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.05)
    except KeyboardInterrupt:
        cancel = getattr(session.store, "cancel", None)
        if cancel is not None and cancel(worker.ident):
            worker.join(1.0)
            return Outcome(error=STOPPED)
        return Outcome(error=CANCELLED)
    return box[0]


def page(text: str) -> bool:
    """Show text through $PAGER (default `less -SRFX`); return False when no pager could run."""
    command = os.environ.get("PAGER", "less -SRFX" if shutil.which("less") else "")
    if not command.strip():
        return False
    try:
        subprocess.run(command, shell=True, input=text, text=True, check=False)
    except OSError:
        return False
    except KeyboardInterrupt:
        pass  # leaving the pager early is fine
    return True


def show(session: Session, outcome: Outcome, out: TextIO) -> None:
    """Print an outcome, through the pager when it is on and the text is longer than the screen."""
    height = shutil.get_terminal_size().lines
    if session.pager and outcome.text.count("\n") > height - 2 and page(outcome.text):
        outcome = replace(outcome, text="")
    write_outcome(outcome, out)


def run_input(session: Session, text: str, out: TextIO, confirm: Confirm | None = None) -> tuple[bool, str | None]:
    """Run everything in one input and print it; return (go on?, text for the next prompt from \\e)."""
    edit = None
    for statement in split_statements(text):
        session.width = shutil.get_terminal_size().columns
        confirmed = False
        if session.write and is_destructive(statement) and confirm is not None:
            try:
                confirmed = confirm("This update removes data (DROP, CLEAR or DELETE without WHERE). Run it?")
            except (KeyboardInterrupt, EOFError):
                confirmed = False
            if not confirmed:
                write_outcome(Outcome(status="not run"), out)
                continue
        outcome = run_cancellable(session, statement, confirmed=confirmed)
        show(session, outcome, out)
        while outcome.more is not None:  # a long result's first page is shown; the rest comes now
            outcome = in_worker(session, partial(execute_more, outcome.more), statement)
            show(session, outcome, out)
        edit = outcome.edit if outcome.edit is not None else edit
        if outcome.quit:
            return False, None
    return True, edit


def repl(session: Session, prompt: PromptSession[str], out: TextIO, confirm: Confirm | None = None) -> None:
    """Read, run and print until \\q or Ctrl-D; Ctrl-C on the prompt just clears the input."""
    out.write(BANNER + "\n")
    pending = ""
    while True:
        prompt.editing_mode = EditingMode.VI if session.vi else EditingMode.EMACS
        try:
            text = prompt.prompt(default=pending)
        except KeyboardInterrupt:
            pending = ""
            continue
        except EOFError:
            return
        go_on, edit = run_input(session, text, out, confirm)
        if not go_on:
            return
        pending = edit or ""
