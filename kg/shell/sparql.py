"""Run SPARQL text in the session's output format; updates only in write mode, destructive ones confirmed."""

from __future__ import annotations

import re
from time import perf_counter

from pygments.lexers import SparqlLexer
from pygments.token import Keyword
from rdflib import URIRef
from rdflib.term import Identifier

from kg.format import STANDARD_FORMATS, format_result
from kg.shell.render import minted_iris, render_select, with_labels
from kg.shell.session import Outcome, Session
from kg.store.base import SelectResult
from kg.store.convert import to_oxigraph

# Labels for a result's IRIs are read for at most this many of them when the full label index is not loaded.
LABELS_PER_RESULT = 500

_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_DESTRUCTIVE = {"DROP", "CLEAR", "DELETE DATA", "DELETE WHERE"}
READ_ONLY_MESSAGE = (
    "the shell is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, …) needs `kg shell --write` "
    "or \\write on"
)
DESTRUCTIVE_MESSAGE = "a destructive update (DROP, CLEAR, DELETE without WHERE) needs confirming; run it at the prompt, or pass --yes"


def _keywords(sparql: str) -> list[str]:
    return [" ".join(v.split()).upper() for kind, v in SparqlLexer().get_tokens(sparql) if kind in Keyword and v.strip()]


def is_update(sparql: str) -> bool:
    """Return True when the text is a SPARQL Update: its first keyword after PREFIX/BASE is an update verb.

    >>> is_update('PREFIX ex: <http://e/> # INSERT?\\ninsert data { ex:a ex:b "SELECT" }')
    True
    >>> is_update('SELECT * { ?s ?p "DELETE" }')
    False
    """
    first = next((w for w in _keywords(sparql) if w not in ("PREFIX", "BASE")), "")
    return first.split()[0] in _UPDATE_KEYWORDS if first else False


def is_destructive(sparql: str) -> bool:
    """Return True for updates that remove data wholesale: DROP, CLEAR, and DELETE without a WHERE pattern.

    >>> is_destructive("CLEAR ALL"), is_destructive("DELETE WHERE { ?s ?p ?o }"), is_destructive("DELETE { ?s ?p ?o } WHERE { ?s a <urn:x> ; ?p ?o }")
    (True, True, False)
    """
    return is_update(sparql) and any(w in _DESTRUCTIVE for w in _keywords(sparql))


def render_query(session: Session, sparql: str, bindings: dict[str, Identifier] | None = None) -> str:
    """Run a query and render it in the session's format.

    Standard formats are written by the store itself, so the shell prints the same bytes as `kg query`.
    """
    if session.format in STANDARD_FORMATS:
        data = session.store.query_serialized(sparql, session.format, bindings).decode("utf-8")
        return data if data.endswith("\n") else data + "\n"
    result = session.store.query(sparql, bindings)
    if not isinstance(result, SelectResult):
        return format_result(result, session.format, session.prefixes)
    session.last_result = result
    if session.format == "vertical":
        return format_result(result, "vertical", session.prefixes)
    base = session.prefixes.get("kgr", "")
    shown = with_labels(result, labels_for(session, minted_iris(result, base)), session.prefixes, base)
    return render_select(shown, session.prefixes, expanded=session.expanded, width=session.width)


def labels_for(session: Session, iris: list[str]) -> dict[str, str]:
    """Preferred labels of the IRIs: from the label index once it is loaded (the shell loads it in the
    background), else with one query for just these IRIs, so a script never reads every label in the graph."""
    if session.labels is not None or not iris:
        return session.labels.preferred if session.labels is not None else {}
    values = " ".join(str(to_oxigraph(URIRef(iri))) for iri in iris[:LABELS_PER_RESULT])
    result = session.store.query(f"SELECT ?e ?label WHERE {{ VALUES ?e {{ {values} }} ?e skos:prefLabel ?label }}")
    return {str(e): str(label) for e, label in result.rows} if isinstance(result, SelectResult) else {}


def _elapsed(session: Session, started: float) -> str:
    return f"Time: {(perf_counter() - started) * 1000:.3f} ms" if session.timing else ""


def run_update(session: Session, sparql: str, *, confirmed: bool = False) -> Outcome:
    """Run a SPARQL Update in write mode; report how the number of triples changed."""
    if not session.write:
        return Outcome(error=READ_ONLY_MESSAGE)
    if is_destructive(sparql) and not (confirmed or session.assume_yes):
        return Outcome(error=DESTRUCTIVE_MESSAGE)
    started, before = perf_counter(), len(session.store)
    session.store.update(sparql)
    after = len(session.store)
    session.changed()
    note = f"updated: {after - before:+d} triples, {after} in the store"
    return Outcome(status="\n".join(filter(None, [note, _elapsed(session, started)])))


def run_sparql(
    session: Session, sparql: str, bindings: dict[str, Identifier] | None = None, *, confirmed: bool = False
) -> Outcome:
    """Run one SPARQL query or update; `confirmed` says a person agreed to a destructive update."""
    if is_update(sparql):
        return run_update(session, sparql, confirmed=confirmed)
    session.last_query = re.sub(r"\s*;?\s*$", "", sparql)
    started = perf_counter()
    text = render_query(session, sparql, bindings)
    return Outcome(text=text, status=_elapsed(session, started), result=True)
