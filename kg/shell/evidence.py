"""\\describe and \\why: what the graph says about an entity, and the sentences behind a result row."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import QueryError
from kg.format import align, compact_iri, display_term
from kg.store.base import SelectResult, Store
from kg.vocab import KG

# One query per IRI: whichever of the branches fits says what the node is and where its evidence lies.
EVIDENCE_QUERY = """SELECT ?kind ?doc ?file ?start ?end ?quote ?sentence WHERE {
  { ?node kg:trigger ?quote ; kg:evidence ?ev . ?ev kg:document ?doc ; kg:startChar ?start ; kg:endChar ?end ;
        kg:text ?sentence . BIND("action" AS ?kind) }
  UNION { ?node a kg:Mention ; kg:document ?doc ; kg:startChar ?start ; kg:endChar ?end ; kg:text ?quote ;
        kg:evidence/kg:text ?sentence . BIND("mention" AS ?kind) }
  UNION { ?node a kg:Evidence ; kg:document ?doc ; kg:startChar ?start ; kg:endChar ?end ; kg:text ?sentence .
        BIND("sentence" AS ?kind) }
  UNION { ?node kg:hasMention ?m . ?m kg:document ?doc ; kg:startChar ?start ; kg:endChar ?end ; kg:text ?quote ;
        kg:evidence/kg:text ?sentence . BIND("entity" AS ?kind) }
  OPTIONAL { ?doc kg:fileName ?file }
} ORDER BY ?doc ?start"""

FACTS_QUERY = "SELECT ?p ?o WHERE { ?node ?p ?o } ORDER BY ?p ?o"

ACTIONS_QUERY = """SELECT ?role ?date ?actionLabel ?class ?other ?otherLabel ?action ?source WHERE {
  { ?action kg:agent ?node BIND("agent" AS ?role)
    OPTIONAL { ?action kg:target ?other OPTIONAL { ?other skos:prefLabel ?otherLabel } } }
  UNION
  { ?action kg:target ?node BIND("target" AS ?role)
    OPTIONAL { ?action kg:agent ?other OPTIONAL { ?other skos:prefLabel ?otherLabel } } }
  ?action kg:trigger ?actionLabel ; a ?class ; kg:source ?source .
  OPTIONAL { ?action kg:date ?date }
} ORDER BY ?role (!BOUND(?date)) STR(?date) ?action"""

MENTIONS_SHOWN = 3
_LABELS = {SKOS.prefLabel, RDFS.label, SKOS.altLabel}
_NOT_LINKS = {RDF.type, KG.hasMention, KG.source, KG.merge} | _LABELS


@dataclass(frozen=True)
class Span:
    kind: str  # action, mention, sentence or entity
    document: str
    file: str
    start: int
    end: int
    quote: str
    sentence: str

    def within(self, other: Span) -> bool:
        return self.document == other.document and other.start <= self.start and self.end <= other.end


def _select(store: Store, sparql: str, node: str) -> SelectResult:
    result = store.query(sparql, {"node": URIRef(node)})
    if not isinstance(result, SelectResult):
        raise QueryError("the store answered a SELECT without rows")
    return result


def evidence_spans(store: Store, iri: str) -> list[Span]:
    """Return where the graph's provenance places `iri`: its sentence, mention spans, or an entity's mentions."""
    rows = _select(store, EVIDENCE_QUERY, iri).rows
    return [
        Span(str(kind), str(doc), str(file or ""), int(start), int(end), str(quote or ""), str(sentence))
        for kind, doc, file, start, end, quote, sentence in rows
    ]


def _where(span: Span, prefixes: dict[str, str]) -> str:
    file = f" ({span.file})" if span.file else ""
    return f"{compact_iri(span.document, prefixes)}{file}, characters {span.start}-{span.end}"


def why_row(store: Store, result: SelectResult, number: int, prefixes: dict[str, str]) -> str:
    """Explain row `number` (1-based) of a result: for each IRI in it, the document, sentence and span."""
    row = result.rows[number - 1]
    found = [(var, str(term), evidence_spans(store, str(term))) for var, term in zip(result.variables, row)
             if isinstance(term, URIRef)]
    found = [(var, iri, spans) for var, iri, spans in found if spans]
    if not found:
        return f"row {number} holds no action, mention or entity with evidence in the graph\n"
    # An entity's most relevant mentions are those inside the sentences of the row's actions.
    sentences = [s for _, _, spans in found for s in spans if s.kind == "action"]
    lines = [f"row {number}:"]
    for var, iri, spans in found:
        kind = spans[0].kind
        name = compact_iri(iri, prefixes)
        if kind == "action":
            span = spans[0]
            lines += [f"?{var} {name}: action “{span.quote}”", f"  {_where(span, prefixes)}", f"  “{span.sentence}”"]
            continue
        if kind == "entity":
            spans = sorted(spans, key=lambda s: not any(s.within(a) for a in sentences))
            lines.append(f"?{var} {name}: entity with {len(spans)} mention{'s' if len(spans) != 1 else ''}")
        else:
            lines.append(f"?{var} {name}: {kind}")
        for span in spans[:MENTIONS_SHOWN]:
            quote = f" “{span.quote}”" if span.quote else ""
            lines += [f"  {_where(span, prefixes)}{quote}", f"  in “{span.sentence}”"]
        if len(spans) > MENTIONS_SHOWN:
            lines.append(f"  … and {len(spans) - MENTIONS_SHOWN} more (\\describe {name})")
    return "\n".join(lines) + "\n"


def describe_entity(store: Store, iri: str, prefixes: dict[str, str]) -> str:
    """An entity's labels, types, links, mentions and every action where it is agent or target, with dates."""
    facts = _select(store, FACTS_QUERY, iri).rows
    if not facts:
        return f"nothing is known about {compact_iri(iri, prefixes)}\n"
    by_property: dict[URIRef, list] = {}
    for p, o in facts:
        by_property.setdefault(p, []).append(o)
    preferred = [str(o) for o in by_property.get(SKOS.prefLabel, [])]
    others = sorted({str(o) for p in _LABELS for o in by_property.get(p, [])} - set(preferred))
    documents = Counter(str(o) for o in by_property.get(KG.source, []))
    lines = [f"{(preferred or [compact_iri(iri, prefixes)])[0]}  {compact_iri(iri, prefixes)}"]
    lines.append("  types:     " + ", ".join(sorted(display_term(t, prefixes) for t in by_property.get(RDF.type, []))))
    if others:
        lines.append("  also:      " + ", ".join(others))
    links = [(p, o) for p, values in by_property.items() if p not in _NOT_LINKS for o in values]
    for p, o in links:
        lines.append(f"  {display_term(p, prefixes)}: {display_term(o, prefixes)}")
    mentions = len(by_property.get(KG.hasMention, []))
    lines.append(f"  mentioned: {mentions} time{'s' if mentions != 1 else ''} in {len(documents)} document"
                 f"{'s' if len(documents) != 1 else ''}")
    actions = _select(store, ACTIONS_QUERY, iri).rows
    if not actions:
        return "\n".join(lines + ["  no actions with it as agent or target"]) + "\n"
    rows = [
        [str(role), display_term(date, prefixes), str(label), display_term(cls, prefixes),
         str(other_label or display_term(other, prefixes)), display_term(source, prefixes)]
        for role, date, label, cls, other, other_label, _action, source in actions
    ]
    table = align(["role", "date", "action", "class", "with", "source"], rows)
    return "\n".join(lines + [""] + table + [f"({len(rows)} action{'s' if len(rows) != 1 else ''})"]) + "\n"
