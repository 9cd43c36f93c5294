"""The REPL loop and the PromptSession it reads from; no SPARQL logic lives here."""

from __future__ import annotations

from typing import TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import Completer
from prompt_toolkit.filters import Condition
from prompt_toolkit.history import History
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from kg.shell.buffer import is_complete
from kg.shell.execute import execute_all
from kg.shell.keys import key_bindings
from kg.shell.output import write_outcome
from kg.shell.session import Outcome, Session
from kg.shell.style import shell_style, sparql_lexer

PROMPT, CONTINUATION = "kg> ", "... "
BANNER = "kg shell. End a query with ';' (or Enter after its closing '}'); \\? for help, \\q or Ctrl-D to quit."


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


def run_input(session: Session, text: str, out: TextIO) -> bool:
    """Run everything in one input and print it; return False once a statement asks to quit."""
    try:
        for outcome in execute_all(session, text):
            write_outcome(outcome, out)
            if outcome.quit:
                return False
    except KeyboardInterrupt:
        write_outcome(Outcome(error="cancelled"), out)
    return True


def repl(session: Session, prompt: PromptSession[str], out: TextIO) -> None:
    """Read, run and print until \\q or Ctrl-D; Ctrl-C on the prompt just clears the input."""
    out.write(BANNER + "\n")
    while True:
        try:
            text = prompt.prompt()
        except KeyboardInterrupt:
            continue
        except EOFError:
            return
        if not run_input(session, text, out):
            return
