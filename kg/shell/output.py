"""Write an Outcome to a text stream: results as they are, errors as one line, red on a terminal."""

from __future__ import annotations

from typing import TextIO

from kg.shell.session import Outcome

_RED, _DIM, _RESET = "\x1b[31m", "\x1b[2m", "\x1b[0m"


def _paint(text: str, colour: str, stream: TextIO) -> str:
    # Colour only for people: piped output and files stay plain text.
    isatty = getattr(stream, "isatty", None)
    return f"{colour}{text}{_RESET}" if isatty and isatty() else text


def write_outcome(outcome: Outcome, out: TextIO, err: TextIO | None = None) -> None:
    """Print results to `out`, then the status note, then the error line to `err` (default: `out`)."""
    err = err or out
    if outcome.text:
        out.write(outcome.text if outcome.text.endswith("\n") else outcome.text + "\n")
    if outcome.status:
        out.write(_paint(outcome.status, _DIM, out) + "\n")
    out.flush()
    if outcome.error:
        err.write(_paint(f"error: {outcome.error}", _RED, err) + "\n")
        err.flush()
