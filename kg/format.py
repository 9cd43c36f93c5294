"""Render query results as text: aligned tables and records for people, W3C formats for programs (pure)."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Iterable, Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError
from kg.store.base import AskResult, GraphResult, QueryResult, SelectResult

# Formats meant for people; kg renders them itself.
DISPLAY_FORMATS = ("table", "vertical")
# Standard formats (SPARQL 1.1 results for SELECT/ASK, RDF for CONSTRUCT/DESCRIBE); a store can write these itself.
STANDARD_FORMATS = ("csv", "tsv", "json", "turtle", "ntriples")
FORMATS = DISPLAY_FORMATS + STANDARD_FORMATS
RESULT_FORMATS = ("csv", "tsv", "json")
GRAPH_FORMATS = ("turtle", "ntriples")

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {f"{_XSD}{name}" for name in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}
# The TSV results format writes these literals bare, as Turtle does (same rules as Oxigraph).
_BARE_TSV = {
    f"{_XSD}boolean": re.compile(r"true|false"),
    f"{_XSD}integer": re.compile(r"[+-]?\d+"),
    f"{_XSD}decimal": re.compile(r"[+-]?\d*\.\d+"),
    f"{_XSD}double": re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)[eE][+-]?\d+"),
}


def compact_iri(iri: str, prefixes: dict[str, str]) -> str:
    """Write an IRI as prefix:local using the longest matching namespace, else as <iri>.

    Meant for display: the local part is kept as is, even where SPARQL would need escapes.

    >>> p = {"kg": "https://w3id.org/kgnews/ontology#", "kgr": "https://w3id.org/kgnews/resource/"}
    >>> compact_iri("https://w3id.org/kgnews/ontology#Person", p)
    'kg:Person'
    >>> compact_iri("https://w3id.org/kgnews/resource/organization/cloudflare", p)
    'kgr:organization/cloudflare'
    >>> compact_iri("http://example.org/x", p)
    '<http://example.org/x>'
    """
    best = max((ns for ns in prefixes.items() if iri.startswith(ns[1])), key=lambda ns: len(ns[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else f"<{iri}>"


def display_term(term: Node | None, prefixes: dict[str, str]) -> str:
    """Show a term to a person: IRIs compacted, literals as their lexical value, unbound as empty.

    >>> display_term(Literal("Jane Doe", lang="en"), {})
    'Jane Doe'
    >>> display_term(None, {})
    ''
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact_iri(str(term), prefixes)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def text_width(text: str) -> int:
    """Return how many terminal columns `text` takes (wide East Asian characters take two).

    >>> text_width("abc"), text_width("東京")
    (3, 4)
    """
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
    )


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - text_width(text))
    return fill + text if right else text + fill


def align(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool] = ()) -> list[str]:
    """Lay out cells in psql-style columns; no trailing spaces, so output diffs and greps cleanly.

    >>> print("\\n".join(align(["name", "n"], [["Jane", "10"], ["Al", "2"]], right=[False, True])))
     name | n
    ------+----
     Jane | 10
     Al   |  2
    """
    right = list(right) or [False] * len(headers)
    widths = [max([text_width(h)] + [text_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    header = " | ".join(_pad(h, w, False) for h, w in zip(headers, widths))
    rule = "-+-".join("-" * w for w in widths)
    body = [" | ".join(_pad(c, w, r) for c, w, r in zip(row, widths, right)) for row in rows]
    return [(" " + header).rstrip(), "-" + rule + "-"] + [(" " + line).rstrip() for line in body]


def _cell(term: Node | None, prefixes: dict[str, str]) -> str:
    # One row per line keeps the table pipe-friendly, so line breaks inside values are shown escaped.
    return display_term(term, prefixes).replace("\r", "\\r").replace("\n", "\\n")


def _is_numeric_column(rows: Sequence[tuple[Node | None, ...]], i: int) -> bool:
    values = [r[i] for r in rows if r[i] is not None]
    return bool(values) and all(isinstance(v, Literal) and str(v.datatype) in _NUMERIC for v in values)


def _footer(count: int) -> str:
    return f"({count} row{'' if count == 1 else 's'})"


def _table(result: SelectResult, prefixes: dict[str, str]) -> str:
    cells = [[_cell(t, prefixes) for t in row] for row in result.rows]
    right = [_is_numeric_column(result.rows, i) for i in range(len(result.variables))]
    return "\n".join(align(result.variables, cells, right) + [_footer(len(cells))]) + "\n"


def _vertical(result: SelectResult, prefixes: dict[str, str]) -> str:
    width = max((text_width(v) for v in result.variables), default=0)
    records = [
        [f"{_pad(v, width, False)} | {_cell(t, prefixes)}".rstrip() for v, t in zip(result.variables, row)]
        for row in result.rows
    ]
    rule = max((text_width(line) for fields in records for line in fields), default=0)
    lines = []
    for n, fields in enumerate(records, start=1):
        lines += [f"-[ RECORD {n} ]".ljust(rule, "-"), *fields]
    return "\n".join(lines + [_footer(len(result.rows))]) + "\n"


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    found = {"type": "literal", "value": str(term)}
    if term.language:
        found["xml:lang"] = term.language
    elif term.datatype and str(term.datatype) != f"{_XSD}string":
        found["datatype"] = str(term.datatype)
    return found


def _json(result: SelectResult) -> str:
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    data = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _csv_value(term: Node | None) -> str:
    text = "" if term is None else f"_:{term}" if isinstance(term, BNode) else str(term)
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in '",\r\n') else text


def _csv(result: SelectResult) -> str:
    lines = [",".join(result.variables)] + [",".join(_csv_value(t) for t in row) for row in result.rows]
    return "".join(line + "\r\n" for line in lines)


def _tsv_quoted(text: str) -> str:
    escapes = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}
    return '"' + "".join(escapes.get(c, c) for c in text) + '"'


def _tsv_value(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if term.language:
        return f"{_tsv_quoted(str(term))}@{term.language}"
    datatype = str(term.datatype or f"{_XSD}string")
    if datatype in _BARE_TSV and _BARE_TSV[datatype].fullmatch(str(term)):
        return str(term)
    return _tsv_quoted(str(term)) + ("" if datatype == f"{_XSD}string" else f"^^<{datatype}>")


def _tsv(result: SelectResult) -> str:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_value(t) for t in row) for row in result.rows]
    return "".join(line + "\n" for line in lines)


def _ask(result: AskResult, fmt: str) -> str:
    value = "true" if result.value else "false"
    return f'{{"head":{{}},"boolean":{value}}}' if fmt == "json" else value


def _graph(result: GraphResult, fmt: str, prefixes: dict[str, str]) -> str:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    graph += result.graph
    if fmt == "ntriples":
        # Sorted so the same graph always prints the same way.
        return "".join(sorted(line + "\n" for line in graph.serialize(format="nt").splitlines() if line))
    return graph.serialize(format="turtle")


def _check(fmt: str, allowed: Iterable[str], kind: str) -> None:
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}")
    if fmt not in allowed:
        raise QueryError(f"{kind} cannot be written as '{fmt}'; use one of: {', '.join(allowed)}")


def format_result(result: QueryResult, fmt: str, prefixes: dict[str, str]) -> str:
    """Render a query result in `fmt` (one of FORMATS).

    table/vertical show SELECT rows to people (ASK as true/false, graphs as Turtle); csv/tsv/json are the
    W3C SPARQL 1.1 results formats; turtle/ntriples write CONSTRUCT/DESCRIBE graphs.

    Raises:
        QueryError: the format is unknown or does not fit the kind of result.
    """
    if isinstance(result, GraphResult):
        _check(fmt, DISPLAY_FORMATS + GRAPH_FORMATS, "a graph result")
        return _graph(result, "ntriples" if fmt == "ntriples" else "turtle", prefixes)
    if isinstance(result, AskResult):
        _check(fmt, DISPLAY_FORMATS + RESULT_FORMATS, "an ASK result")
        return _ask(result, fmt)
    _check(fmt, DISPLAY_FORMATS + RESULT_FORMATS, "a SELECT result")
    renderers = {"table": _table, "vertical": _vertical}
    if fmt in renderers:
        return renderers[fmt](result, prefixes)
    return {"json": _json, "csv": _csv, "tsv": _tsv}[fmt](result)
