"""`kg validate`: check the stored graph against the SHACL shapes and print a readable report."""

from __future__ import annotations

import sys
from collections import defaultdict

import click
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from kg.cli.app import cli, open_store_for, require_store, settings_from, store_option
from kg.ontology import ONTOLOGY_IRI, ValidationReport
from kg.ontology import validate as run_shapes
from kg.vocab import KG, prefixes_with_base

# The ontology is stored in its own named graph; it is passed to pyshacl separately.
_DATA = "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{ontology}>) }}"
# What names a node for a reader, best first.
_NAMING = (SKOS.prefLabel, RDFS.label, KG.trigger, KG.text, KG.fileName)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"  # the datatype of a plain literal (RDF 1.1)
_SHOWN_PER_GROUP = 20
_TEXT_WIDTH = 60


@cli.command()
@store_option
@click.pass_context
def validate(ctx: click.Context, store: str | None) -> None:
    """Check the graph in the store against ontology/shapes.ttl (SHACL); exit status 1 if it does not conform."""
    from kg.store.base import GraphResult

    settings = settings_from(ctx, store=store)
    require_store(settings)
    with open_store_for(settings, read_only=True) as kg_store:
        result = kg_store.query(_DATA.format(ontology=ONTOLOGY_IRI))
    assert isinstance(result, GraphResult)
    data = result.graph
    report = run_shapes(data)
    prefixes = prefixes_with_base(settings.base_iri)
    click.echo("\n".join(report_lines(report, data, prefixes, settings.store)))
    if not report.conforms:
        sys.exit(1)


def report_lines(report: ValidationReport, data: Graph, prefixes: dict[str, str], where: str) -> list[str]:
    """The report: one group per problem (message and property), each listing the nodes at fault."""
    from kg.format import display_term

    if report.conforms and not report.results:
        return [f"{where}: conforms ({len(data)} triples checked against ontology/shapes.ttl)"]
    groups: dict[tuple[str, str, str], list] = defaultdict(list)
    for r in report.results:
        path = display_term(r.path, prefixes) if r.path is not None else "(the node itself)"
        groups[(r.severity, path, r.message)].append(r)
    lines = []
    for (severity, path, message), results in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        lines.append(f"{severity}: {message}  [{path}, {len(results)} node{'s' if len(results) > 1 else ''}]")
        for r in results[:_SHOWN_PER_GROUP]:
            name = _name(data, r.focus)
            value = f"  value: {_show_value(r.value, prefixes)}" if r.value is not None else ""
            lines.append(f"  {display_term(r.focus, prefixes)}" + (f"  \"{name}\"" if name else "") + value)
        if len(results) > _SHOWN_PER_GROUP:
            lines.append(f"  ... and {len(results) - _SHOWN_PER_GROUP} more")
    violations = sum(1 for r in report.results if r.severity == "Violation")
    verdict = "conforms" if report.conforms else "does not conform"
    lines.append(f"{where}: {verdict}: {violations} violations, {len(report.results) - violations} warnings "
                 f"in {len(groups)} groups ({len(data)} triples checked)")
    return lines


def _show_value(value: Node, prefixes: dict[str, str]) -> str:
    """A value as written in Turtle, so a wrong datatype shows: "2022-09"^^xsd:string."""
    from kg.format import compact_iri, display_term

    if isinstance(value, Literal):
        datatype = compact_iri(str(value.datatype or _XSD_STRING), prefixes)
        kind = f"@{value.language}" if value.language else f"^^{datatype}"
        return f"\"{_shorten(str(value))}\"{kind}"
    return display_term(value, prefixes)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _TEXT_WIDTH else text[: _TEXT_WIDTH - 3] + "..."


def _name(data: Graph, node: Node) -> str:
    """A short readable name for node: its label, or the text it stands for."""
    for prop in _NAMING:
        value = data.value(node, prop)
        if isinstance(value, Literal):
            return _shorten(str(value))
    return ""
