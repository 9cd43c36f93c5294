"""Decide when typed text is a complete statement, and split text into statements (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Strings, IRIs and comments may hold braces, quotes, '#' and ';' that mean nothing to the structure.
# Closed forms come before open ones, and long strings before short ones, because the first alternative wins.
_LEXEME = re.compile(
    r'''(?P<long_string>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\')|(?P<long_string_open>"""[\s\S]*|\'\'\'[\s\S]*)'''
    r'''|(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(?P<string_open>"(?:[^"\\\n]|\\.)*|'(?:[^'\\\n]|\\.)*)'''
    r'''|(?P<iri><[^<>"{}|^`\\\s]*>)|(?P<iri_open><[^<>"{}|^`\\\s]*\Z)'''
    r"""|(?P<comment>\#[^\n]*)"""
    r"""|(?P<code>[^"'<\#]+|[\s\S])""",
)
_OPEN = {"long_string_open": "long string", "string_open": "string", "iri_open": "iri", "comment": "comment"}
_OPENERS, _CLOSERS = "{([", "})]"
_ENDS_QUERY = re.compile(r"(\}|\b(?:LIMIT|OFFSET)\s+\d+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Masked:
    """The text with strings and IRIs blanked to 'x' and comments to spaces, index for index."""

    code: str
    open: str | None  # "string", "long string", "iri" or "comment" when the text ends inside one


def mask(text: str) -> Masked:
    """Blank out strings, IRIs and comments so only the query's structure is left.

    >>> mask('{ ?s <http://x#y> "a}b" } # c').code
    '{ ?s xxxxxxxxxxxx xxxxx }    '
    >>> mask('?s rdfs:label "Jan').open, mask("\'\'\'a\\nb").open, mask('"a\\\\" # c\\n').open
    ('string', 'long string', None)
    """
    parts, kind = [], None
    for match in _LEXEME.finditer(text):
        kind, lexeme = match.lastgroup, match.group()
        if kind == "code":
            parts.append(lexeme)
        else:
            parts.append(re.sub(r"[^\n]", " " if kind == "comment" else "x", lexeme))
    return Masked("".join(parts), _OPEN.get(kind or ""))


def depth(code: str) -> int:
    """Return how many brackets are still open in masked code.

    >>> depth("{ ?s ?p [ ?q ?o ] FILTER(")
    2
    """
    return sum(code.count(c) for c in _OPENERS) - sum(code.count(c) for c in _CLOSERS)


_QUESTION = re.compile(r"\?\s")


def is_question(text: str) -> bool:
    """A line starting with '?' and a space is a question in plain English (a SPARQL variable has no space).

    >>> is_question("? who is Keffals"), is_question("?s ?p ?o }")
    (True, False)
    """
    return bool(_QUESTION.match(text.lstrip() + " "))


def is_command(text: str) -> bool:
    """Backslash commands and '? questions' are always one line."""
    return text.lstrip().startswith("\\") or is_question(text)


def is_complete(text: str) -> bool:
    """Return True when Enter should run the text rather than start a new line.

    Runs on a top-level ';', or on balanced text that ends like a query (a closing brace or LIMIT/OFFSET N);
    a ';' inside braces is SPARQL's own separator. Empty text, and a backslash command on the last line, run at once.

    >>> is_complete("SELECT ?s WHERE {"), is_complete("SELECT ?s WHERE { ?s ?p ?o }")
    (False, True)
    >>> is_complete("SELECT * { ?s a kg:Person ;"), is_complete("SELECT * { ?s ?p ?o } ORDER BY ?s;")
    (False, True)
    """
    if not text.strip() or is_command(text.rstrip().rsplit("\n", 1)[-1]):
        return True  # a command on the last line runs now, after whatever SPARQL came before it
    masked = mask(text)
    if masked.open == "long string":
        return False  # long strings may span lines
    code = masked.code.rstrip()
    if depth(code) > 0:
        return False
    return not code or code.endswith(";") or bool(_ENDS_QUERY.search(code))


def _line_start(code: str, i: int) -> bool:
    """Return True when only whitespace precedes position i on its line."""
    return not code[code.rfind("\n", 0, i) + 1 : i].strip()


def split_statements(text: str) -> list[str]:
    """Split a script into statements: backslash command lines, and SPARQL ended by a top-level ';'.

    A line that starts with a backslash is a command even when the SPARQL before it lacks its ';'.

    >>> split_statements("\\\\T csv\\nSELECT * { ?s ?p ?o ; a ?c } ;\\nASK {}\\n\\\\q")
    ['\\\\T csv', 'SELECT * { ?s ?p ?o ; a ?c }', 'ASK {}', '\\\\q']
    """
    code = mask(text).code
    statements, start, level, i = [], 0, 0, 0
    while i < len(text):
        if (code[i] == "\\" or code[i : i + 2] in ("? ", "?\t")) and _line_start(code, i):
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            statements += [text[start:i], text[i:end]]
            start, level, i = end, 0, end
            continue
        level += (code[i] in _OPENERS) - (code[i] in _CLOSERS)
        if code[i] == ";" and level <= 0:
            statements.append(text[start:i])
            start, level = i + 1, 0
        i += 1
    statements.append(text[start:])
    return [s.strip() for s in statements if mask(s).code.strip()]
