"""Colours for the shell: SPARQL highlighting through pygments' SparqlLexer, and the prompt's own styles."""

from __future__ import annotations

from prompt_toolkit.lexers import Lexer, PygmentsLexer
from prompt_toolkit.styles import Style
from pygments.lexers import SparqlLexer

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


def sparql_lexer() -> Lexer:
    """Return the lexer that highlights SPARQL as it is typed."""
    return PygmentsLexer(SparqlLexer)


def shell_style() -> Style:
    """Return the prompt and completion-menu styles (token colours come from pygments' default style)."""
    return Style.from_dict(SHELL_STYLE)
