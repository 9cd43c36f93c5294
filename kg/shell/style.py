"""Colours for the shell: SPARQL highlighting through pygments' SparqlLexer, and the prompt's own styles."""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.lexers import Lexer, PygmentsLexer, SimpleLexer
from prompt_toolkit.styles import Style

# ANSI names follow the user's terminal palette, so they read on dark and light backgrounds alike.
SHELL_STYLE = {
    "prompt": "ansigreen bold",
    "continuation": "ansibrightblack",
    "auto-suggestion": "ansibrightblack",
    "completion-menu.completion": "bg:ansibrightblack ansiwhite",
    "completion-menu.completion.current": "bg:ansiwhite ansiblack",
    "completion-menu.meta.completion": "bg:ansibrightblack ansiwhite",
    "completion-menu.meta.completion.current": "bg:ansiwhite ansiblack",
}


class SparqlOnFirstText(Lexer):
    """Highlights SPARQL through pygments' SparqlLexer, built when the first text is there to colour: building it
    compiles the lexer's regular expressions (30-50 ms), which the empty first prompt does not need."""

    def __init__(self) -> None:
        self.pygments: PygmentsLexer | None = None

    def lex_document(self, document: Document) -> Callable[[int], StyleAndTextTuples]:
        if self.pygments is None:
            if not document.text:
                return SimpleLexer().lex_document(document)
            from pygments.lexers import SparqlLexer

            self.pygments = PygmentsLexer(SparqlLexer)
        return self.pygments.lex_document(document)


def sparql_lexer() -> Lexer:
    """Return the lexer that highlights SPARQL as it is typed."""
    return SparqlOnFirstText()


def shell_style() -> Style:
    """Return the prompt and completion-menu styles (token colours come from pygments' default style)."""
    return Style.from_dict(SHELL_STYLE)
