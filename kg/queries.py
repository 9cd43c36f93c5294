"""Canned SPARQL queries (queries/*.rq) and what a query text says about its prefixes."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from pygments.lexers import SparqlLexer
from rdflib import Literal, URIRef
from rdflib.term import Identifier
from pygments.token import Comment, Keyword, Name

from kg import resources
from kg.errors import QueryError
from kg.iri import is_iri


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    text: str


def _description(text: str) -> str:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            return stripped.lstrip("#").strip()
        if stripped:
            break
    return ""


def load_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Read every NAME.rq in the queries folder; the first comment line describes it."""
    folder = folder or resources.path("queries")
    found = {}
    for file in sorted(folder.glob("*.rq")):
        text = file.read_text(encoding="utf-8")
        found[file.stem] = NamedQuery(file.stem, _description(text), text)
    return found


def resolve_query_text(query: str, queries: dict[str, NamedQuery] | None = None) -> str:
    """Return SPARQL text for `query`: a canned query's name, a .rq file, or SPARQL itself."""
    query = query.strip()
    if query.endswith(".rq") and "\n" not in query:
        path = Path(query)
        if not path.is_file():
            raise QueryError(f"query file '{query}' not found")
        return path.read_text(encoding="utf-8")
    if " " in query or "\n" in query or "{" in query:
        return query
    queries = load_queries() if queries is None else queries
    if query in queries:
        return queries[query].text
    close = [n for n in sorted(queries) if n.startswith(query)] or difflib.get_close_matches(query, list(queries), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known queries: {', '.join(sorted(queries))}"
    raise QueryError(f"unknown query '{query}'{hint}")


def used_prefixes(sparql: str) -> list[str]:
    """Return the prefixes a query uses, in order of first use, declared or not.

    >>> used_prefixes('SELECT * { ?s a kg:Person ; rdfs:label "x:y" }')
    ['kg', 'rdfs']
    """
    seen: list[str] = []
    tokens = list(SparqlLexer().get_tokens(sparql))
    for (kind, value), (_, following) in zip(tokens, tokens[1:]):
        if kind in Name.Namespace and following == ":" and value not in seen:
            seen.append(value)
    return seen


def declared_prefixes(sparql: str) -> list[str]:
    """Return the prefixes a query declares with PREFIX.

    >>> declared_prefixes('PREFIX ex: <http://e/> SELECT * { ?s ex:p ?o }')
    ['ex']
    """
    tokens = [t for t in SparqlLexer().get_tokens(sparql) if not t[1].isspace()]
    return [
        tokens[i + 1][1]
        for i, (_, value) in enumerate(tokens[:-1])
        if value.upper() == "PREFIX" and tokens[i + 1][0] in Name.Namespace
    ]


def undeclared_prefixes(sparql: str, known: dict[str, str]) -> list[str]:
    """Return prefixes the query uses that neither it nor `known` declares."""
    declared = set(declared_prefixes(sparql)) | set(known)
    return [p for p in used_prefixes(sparql) if p not in declared]


_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def is_update(sparql: str) -> bool:
    """True if the text is a SPARQL Update (INSERT, DELETE, DROP, LOAD, ...) rather than a query.

    >>> is_update("PREFIX ex: <http://e/> # comment\\nDELETE WHERE { ?s ex:p ?o }")
    True
    >>> is_update("SELECT * { ?s ?p 'DROP ALL' }")
    False
    """
    in_prologue_iri = False
    for kind, value in SparqlLexer().get_tokens(sparql):
        if value.isspace() or kind in Comment:
            continue
        if in_prologue_iri:
            in_prologue_iri = not (kind in Name.Label or value.startswith("<"))
            continue
        word = value.split()[0].upper() if kind in Keyword else ""
        if word in ("PREFIX", "BASE"):
            in_prologue_iri = True
            continue
        return word in _UPDATE_KEYWORDS
    return False


def parse_binding(text: str, prefixes: dict[str, str]) -> tuple[str, Identifier]:
    """Parse NAME=VALUE as `kg query --param` does: <iri> or prefix:local is an IRI, anything else text.

    >>> parse_binding("agent=kg:Person", {"kg": "https://w3id.org/kgnews/ontology#"})
    ('agent', rdflib.term.URIRef('https://w3id.org/kgnews/ontology#Person'))
    >>> parse_binding("label=Clara Sorrenti", {})
    ('label', rdflib.term.Literal('Clara Sorrenti'))
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not name:
        raise QueryError(f"'{text}' is not NAME=VALUE")
    prefix, colon, local = value.partition(":")
    if value.startswith("<") and value.endswith(">"):
        return name, _iri(value[1:-1], text)
    if colon and prefix in prefixes and " " not in value:
        return name, _iri(prefixes[prefix] + local, text)
    return name, Literal(value)


def _iri(value: str, binding: str) -> URIRef:
    if not is_iri(value):
        raise QueryError(f"'{binding}': <{value}> is not a valid IRI")
    return URIRef(value)
