"""Show a SELECT result to a person: entity labels beside their IRIs, vertical records when rows are too wide."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.format import compact_iri, format_result, text_width
from kg.store.base import SelectResult


def labelled_columns(variables: tuple[str, ...]) -> set[int]:
    """Return the columns whose IRIs get a label beside them: those without a label column of their own.

    >>> sorted(labelled_columns(("agent", "agentLabel", "target", "date")))
    [2, 3]
    >>> labelled_columns(("s", "label"))
    set()
    """
    names = {v.casefold() for v in variables}
    if "label" in names:
        return set()
    return {i for i, v in enumerate(variables) if f"{v}label".casefold() not in names and not v.casefold().endswith("label")}


def minted_iris(result: SelectResult, base: str) -> list[str]:
    """The distinct IRIs minted under `base` in the columns that would show labels, in order of appearance."""
    columns = labelled_columns(result.variables)
    found = (str(row[i]) for row in result.rows for i in columns if isinstance(row[i], URIRef))
    return list(dict.fromkeys(iri for iri in found if base and iri.startswith(base)))


def with_labels(result: SelectResult, labels: dict[str, str], prefixes: dict[str, str], base: str) -> SelectResult:
    """Write minted IRIs (under `base`) that have a preferred label as 'kgr:x/y (Label)', for display only."""
    columns = labelled_columns(result.variables)
    if not columns or not labels:
        return result

    def cell(i: int, term):
        if i in columns and isinstance(term, URIRef) and str(term).startswith(base) and str(term) in labels:
            return Literal(f"{compact_iri(str(term), prefixes)} ({labels[str(term)]})")
        return term

    rows = [tuple(cell(i, term) for i, term in enumerate(row)) for row in result.rows]
    return SelectResult(result.variables, rows)


def render_select(result: SelectResult, prefixes: dict[str, str], *, expanded: str, width: int | None) -> str:
    """A table, or vertical records when \\x is on, or when it is auto and the table is wider than the screen."""
    if expanded == "on":
        return format_result(result, "vertical", prefixes)
    table = format_result(result, "table", prefixes)
    too_wide = width is not None and max(text_width(line) for line in table.splitlines()) > width
    return format_result(result, "vertical", prefixes) if expanded == "auto" and too_wide else table
