"""Run SPARQL text in the session's output format; queries only, since the shell is read-only."""

from __future__ import annotations

from time import perf_counter

from pygments.lexers import SparqlLexer
from pygments.token import Keyword
from rdflib.term import Identifier

from kg.format import STANDARD_FORMATS, format_result
from kg.shell.session import Outcome, Session

_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
READ_ONLY_MESSAGE = (
    "the shell is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, …) is refused; "
    "use `kg build` to change the graph"
)


def is_update(sparql: str) -> bool:
    """Return True when the text is a SPARQL Update: its first keyword after PREFIX/BASE is an update verb.

    >>> is_update('PREFIX ex: <http://e/> # INSERT?\\ninsert data { ex:a ex:b "SELECT" }')
    True
    >>> is_update('SELECT * { ?s ?p "DELETE" }')
    False
    """
    words = [v.split()[0].upper() for kind, v in SparqlLexer().get_tokens(sparql) if kind in Keyword and v.strip()]
    first = next((w for w in words if w not in ("PREFIX", "BASE")), "")
    return first in _UPDATE_KEYWORDS


def render_query(session: Session, sparql: str, bindings: dict[str, Identifier] | None = None) -> str:
    """Run a query and render it in the session's format.

    Standard formats are written by the store itself, so the shell prints the same bytes as `kg query`.
    """
    if session.format in STANDARD_FORMATS:
        data = session.store.query_serialized(sparql, session.format, bindings).decode("utf-8")
        return data if data.endswith("\n") else data + "\n"
    return format_result(session.store.query(sparql, bindings), session.format, session.prefixes)


def run_sparql(session: Session, sparql: str, bindings: dict[str, Identifier] | None = None) -> Outcome:
    """Run one SPARQL query; updates are refused with a message rather than sent to the store."""
    if is_update(sparql):
        return Outcome(error=READ_ONLY_MESSAGE)
    started = perf_counter()
    text = render_query(session, sparql, bindings)
    status = f"Time: {(perf_counter() - started) * 1000:.3f} ms" if session.timing else ""
    return Outcome(text=text, status=status)
