"""Run one input (backslash command or SPARQL) to an Outcome; every kg error becomes a one-line message here."""

from __future__ import annotations

import logging
from typing import Iterator

from kg.errors import KgError
from kg.shell.buffer import is_command, split_statements
from kg.shell.session import Outcome, Session
from kg.shell.special import run_command
from kg.shell.sparql import run_sparql

log = logging.getLogger(__name__)


def error_line(error: Exception) -> str:
    """Return the first line of an error's message, so the shell shows one line per failure.

    >>> error_line(KgError("unknown prefix 'zz:'\\ndetails"))
    "unknown prefix 'zz:'"
    """
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def execute(session: Session, statement: str) -> Outcome:
    """Run one statement; a KgError is turned into an error Outcome and logged with its traceback."""
    try:
        if is_command(statement):
            return run_command(session, statement)
        return run_sparql(session, statement)
    except KgError as e:
        log.debug("statement failed: %s", statement, exc_info=True)
        return Outcome(error=error_line(e))


def execute_all(session: Session, text: str) -> Iterator[Outcome]:
    """Run every statement in `text` in order, stopping after one that quits."""
    for statement in split_statements(text):
        outcome = execute(session, statement)
        yield outcome
        if outcome.quit:
            return
