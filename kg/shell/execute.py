"""Run one input (backslash command, question or SPARQL) to an Outcome; every kg error becomes one line here."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import replace

from kg.errors import KgError
from kg.shell.buffer import is_command, is_question, split_statements
from kg.shell.session import Outcome, Session
from kg.shell.sparql import run_sparql
from kg.shell.special import run_command, run_question

log = logging.getLogger(__name__)


def error_line(error: Exception) -> str:
    """Return the first line of an error's message, so the shell shows one line per failure.

    >>> error_line(KgError("unknown prefix 'zz:'\\ndetails"))
    "unknown prefix 'zz:'"
    """
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def redirect(session: Session, outcome: Outcome) -> Outcome:
    """Send a query result to the \\o file (appended), leaving only a note for the terminal."""
    if session.output is None or not outcome.result or not outcome.text:
        return outcome
    try:
        with session.output.open("a", encoding="utf-8") as file:
            file.write(outcome.text)
    except OSError as e:
        return Outcome(error=f"cannot write to {session.output}: {e.strerror or e}")
    lines = outcome.text.count("\n")
    note = f"{lines} line{'' if lines == 1 else 's'} written to {session.output}"
    return replace(outcome, text="", status="\n".join(filter(None, [note, outcome.status])))


def execute(session: Session, statement: str, *, confirmed: bool = False) -> Outcome:
    """Run one statement; a KgError is turned into an error Outcome and logged with its traceback.

    `confirmed` says a person has agreed to run a destructive update.
    """
    if hasattr(session.store, "timeout"):  # the store may have been reopened (\write on) since \timeout was set
        session.store.timeout = session.timeout
    try:
        if is_question(statement):
            outcome = run_question(session, statement.lstrip()[1:].strip())
        elif is_command(statement):
            outcome = run_command(session, statement)
        else:
            outcome = run_sparql(session, statement, confirmed=confirmed)
    except KgError as e:
        log.debug("statement failed: %s", statement, exc_info=True)
        return Outcome(error=error_line(e))
    return redirect(session, outcome)


def execute_more(more: Callable[[], Outcome]) -> Outcome:
    """Produce the rest of a result whose first page was shown (Outcome.more), errors as one line like execute."""
    try:
        return more()
    except KgError as e:
        log.debug("the rest of a result failed", exc_info=True)
        return Outcome(error=error_line(e))


def execute_all(session: Session, text: str) -> Iterator[Outcome]:
    """Run every statement in `text` in order, stopping after one that quits."""
    for statement in split_statements(text):
        outcome = execute(session, statement)
        yield outcome
        if outcome.quit:
            return
