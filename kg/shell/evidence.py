"""\\describe and \\why: what the graph says about an entity and its events, and the reports behind a result row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import QueryError
from kg.format import align, compact_iri, display_term
from kg.store.base import SelectResult, Store
from kg.store.convert import to_oxigraph
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

# Mentions and documents are counted, not listed: the most connected entity has thousands.
FACTS_QUERY = """SELECT ?p ?o WHERE { ?node ?p ?o FILTER (?p NOT IN (kg:hasMention, kg:source)) } ORDER BY ?p ?o"""
COUNTS_QUERY = """SELECT ?mentions ?documents WHERE {
  { SELECT (COUNT(DISTINCT ?m) AS ?mentions) WHERE { ?node kg:hasMention ?m } }
  { SELECT (COUNT(DISTINCT ?d) AS ?documents) WHERE { ?node kg:source ?d } }
}"""

EVENT_COLUMNS = ["role", "date", "action", "class", "with", "reports", "articles", "event"]
# Unordered: Oxigraph decodes each IRI and date at every comparison of an ORDER BY, a third of this query's time
# for the 511 events of the 10x BBC graph's most connected entity; describe_entity sorts the rows itself.
EVENTS_QUERY = """SELECT ?role ?date ?actionLabel ?class ?other ?otherLabel ?reports ?articles ?event WHERE {
  { ?event kg:agent ?node BIND("agent" AS ?role)
    OPTIONAL { ?event kg:target ?other OPTIONAL { ?other skos:prefLabel ?otherLabel } } }
  UNION
  { ?event kg:target ?node BIND("target" AS ?role)
    OPTIONAL { ?event kg:agent ?other OPTIONAL { ?other skos:prefLabel ?otherLabel } } }
  ?event kg:actionClass ?class ; rdfs:label ?actionLabel ; kg:reportCount ?reports ;
         kg:articleCount ?articles .
  OPTIONAL { ?event kg:date ?date }
}"""

# One page's events for describe_pages: each (event, role) pair comes with the property that leads to the other
# participant, so that every event is looked up once; EVENTS_QUERY bound by VALUES evaluated both branches of its
# UNION (every event and action of the entity) before joining (41 against 7 ms for the 10x BBC graph's first page).
PAGE_QUERY = """SELECT ?role ?date ?actionLabel ?class ?other ?otherLabel ?reports ?articles ?event WHERE {
  VALUES (?event ?role ?otherRole) { PAGE }
  ?event kg:actionClass ?class ; rdfs:label ?actionLabel ; kg:reportCount ?reports ; kg:articleCount ?articles .
  OPTIONAL { ?event ?otherRole ?other OPTIONAL { ?other skos:prefLabel ?otherLabel } }
  OPTIONAL { ?event kg:date ?date }
}"""
_OTHER_ROLE = {"agent": KG.target, "target": KG.agent}

# Where each event of an entity comes in \\describe's order, for its first page (describe_pages).
# Events are told from actions (which have agents and targets too) by their graph (kg.iri.Minter.events_graph),
# read with each triple, instead of looking up each one's kg:actionClass: 8 against 13 ms of CPU for the 1,173
# events and actions of the 10x BBC graph's most connected entity.
KEYS_QUERY = """SELECT ?role ?date ?event WHERE {
  GRAPH ?graph { { ?event kg:agent ?node BIND("agent" AS ?role) } UNION { ?event kg:target ?node BIND("target" AS ?role) } }
  FILTER (STRENDS(STR(?graph), "/graph/events"))
  OPTIONAL { ?event kg:date ?date }
}"""

# Every report of an event, with where it was published and how its date was decided.
REPORTS_QUERY = """SELECT ?action ?trigger ?doc ?file ?outlet ?published ?start ?end ?sentence ?stated ?basis WHERE {
  ?node kg:denotedBy ?action .
  ?action kg:trigger ?trigger ; kg:source ?doc ; kg:evidence ?ev .
  ?ev kg:text ?sentence ; kg:startChar ?start ; kg:endChar ?end .
  OPTIONAL { ?doc kg:fileName ?file }
  OPTIONAL { ?doc kg:outlet ?outlet }
  OPTIONAL { ?doc dcterms:issued ?published }
  OPTIONAL { ?action kg:date ?stated }
  OPTIONAL { ?action kg:dateBasis ?basis }
} ORDER BY ?published ?doc ?start"""

EVENT_QUERY = """SELECT ?label ?class ?date ?basis ?earliest ?latest ?reports ?articles ?outlets WHERE {
  ?node kg:actionClass ?class ; rdfs:label ?label ; kg:reportCount ?reports ;
        kg:articleCount ?articles ; kg:outletCount ?outlets .
  OPTIONAL { ?node kg:dateBasis ?basis }
  OPTIONAL { ?node kg:date ?date }
  OPTIONAL { ?node kg:earliest ?earliest }
  OPTIONAL { ?node kg:latest ?latest }
}"""

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
    """Run one of the templates above with ?node as a constant: written into the query (serialised as an IRI,
    never pasted), not bound by a trailing VALUES, so that Oxigraph plans from it. Bound by VALUES, the events of
    the BBC graph's most connected entity took 2.4 s of CPU (each OPTIONAL joined over every event); as a
    constant, 40 ms."""
    result = store.query(sparql.replace("?node", str(to_oxigraph(URIRef(node)))))
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


def _date_text(value) -> str:
    return str(value) if value is not None else "unknown"


def event_reports(store: Store, iri: str, prefixes: dict[str, str]) -> list[str]:
    """Lines telling what an event is, when it happened and how that was decided, then every report of it; none
    when `iri` is not an event."""
    rows = _select(store, EVENT_QUERY, iri).rows
    if not rows:
        return []
    label, cls, when, basis, earliest, latest, reports, articles, outlets = rows[0]
    bounds = "" if earliest is None and latest is None or earliest == latest else (
        f", between {_date_text(earliest)} and {_date_text(latest)}")
    how = ("no report states one and no publication date places it" if basis is None else
           {"stated": "stated by a report", "inferred": "inferred from publication date and tense"}.get(str(basis), str(basis)))
    lines = [f"{compact_iri(iri, prefixes)}: event “{label}” ({display_term(cls, prefixes)}), "
             f"{reports} reports in {articles} articles from {outlets} outlets",
             f"  date {_date_text(when)} ({how}{bounds})"]
    for n, (action, trigger, doc, file, outlet, published, start, end, sentence, stated, basis) in enumerate(
            _select(store, REPORTS_QUERY, iri).rows, 1):
        source = ", ".join(str(x) for x in (outlet, f"published {published}" if published else None) if x)
        own = f"its sentence says {stated}" if stated is not None else f"date {basis or 'unknown'}"
        lines += [f"  report {n}: “{trigger}” {compact_iri(str(action), prefixes)} ({own})",
                  f"    {compact_iri(str(doc), prefixes)}{f' ({file})' if file else ''}"
                  f"{f', {source}' if source else ''}, characters {start}-{end}",
                  f"    “{sentence}”"]
    return lines


def why_row(store: Store, result: SelectResult, number: int, prefixes: dict[str, str]) -> str:
    """Explain row `number` (1-based) of a result: an event's every report (document, outlet, publication date,
    sentence, span, how its date was decided); for other IRIs in it, the document, sentence and span."""
    row = result.rows[number - 1]
    iris = [(var, str(term)) for var, term in zip(result.variables, row) if isinstance(term, URIRef)]
    events = [(var, lines) for var, iri in iris if (lines := event_reports(store, iri, prefixes))]
    if events:
        return "\n".join([f"row {number}:"] + [f"?{var} {line}" if i == 0 else line
                                                for var, lines in events for i, line in enumerate(lines)]) + "\n"
    found = [(var, iri, spans) for var, iri in iris if (spans := evidence_spans(store, iri))]
    if not found:
        return f"row {number} holds no event, action, mention or entity with evidence in the graph\n"
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


def _event_order(row: tuple) -> tuple:
    """ORDER BY ?role (!BOUND(?date)) STR(?date) ?event, for a row of EVENTS_QUERY; then the other columns, so
    that an event with two partners lists them in the same order every time."""
    role, date, *_, event = row
    return (str(role), date is None, "" if date is None else str(date), str(event),
            tuple("" if term is None else str(term) for term in row))


def _header(store: Store, iri: str, prefixes: dict[str, str]) -> list[str] | None:
    """An entity's labels, types, links and how often it is mentioned; None when the graph says nothing of it."""
    facts = _select(store, FACTS_QUERY, iri).rows
    if not facts:
        return None
    by_property: dict[URIRef, list] = {}
    for p, o in facts:
        by_property.setdefault(p, []).append(o)
    preferred = [str(o) for o in by_property.get(SKOS.prefLabel, [])]
    others = sorted({str(o) for p in _LABELS for o in by_property.get(p, [])} - set(preferred))
    lines = [f"{(preferred or [compact_iri(iri, prefixes)])[0]}  {compact_iri(iri, prefixes)}"]
    lines.append("  types:     " + ", ".join(sorted(display_term(t, prefixes) for t in by_property.get(RDF.type, []))))
    if others:
        lines.append("  also:      " + ", ".join(others))
    links = [(p, o) for p, values in by_property.items() if p not in _NOT_LINKS for o in values]
    for p, o in links:
        lines.append(f"  {display_term(p, prefixes)}: {display_term(o, prefixes)}")
    mentions, documents = (int(n) for n in _select(store, COUNTS_QUERY, iri).rows[0])
    lines.append(f"  mentioned: {mentions} time{'s' if mentions != 1 else ''} in {documents} document"
                 f"{'s' if documents != 1 else ''}")
    return lines


def _cells(events: list, prefixes: dict[str, str]) -> list[list[str]]:
    return [
        [str(role), display_term(date, prefixes), str(label), display_term(cls, prefixes),
         str(other_label or display_term(other, prefixes)), str(reports), str(articles), display_term(event, prefixes)]
        for role, date, label, cls, other, other_label, reports, articles, event in sorted(events, key=_event_order)
    ]


def _count_events(n: int) -> str:
    return f"({n} event{'s' if n != 1 else ''})"


def describe_entity(store: Store, iri: str, prefixes: dict[str, str]) -> str:
    """An entity's labels, types, links, mentions and every action where it is agent or target, with dates."""
    lines = _header(store, iri, prefixes)
    if lines is None:
        return f"nothing is known about {compact_iri(iri, prefixes)}\n"
    rows = _cells(_select(store, EVENTS_QUERY, iri).rows, prefixes)
    if not rows:
        return "\n".join(lines + ["  no events with it as agent or target"]) + "\n"
    return "\n".join(lines + [""] + align(EVENT_COLUMNS, rows) + [_count_events(len(rows))]) + "\n"


def describe_pages(store: Store, iri: str, prefixes: dict[str, str], screen: int) -> tuple[str, Callable[[], str] | None]:
    """describe_entity for a terminal of `screen` lines: the text up to the events that fit on it at once, and when
    there are more, a function that returns the rest. Every event's place in the order is read first (KEYS_QUERY),
    then the columns of one page's events; the rest's table repeats its header when it needs wider columns."""
    lines = _header(store, iri, prefixes)
    if lines is None:
        return f"nothing is known about {compact_iri(iri, prefixes)}\n", None
    page = max(3, screen - len(lines) - 5)  # a blank line, the table's two header lines, the note and the prompt
    ordered = sorted(_select(store, KEYS_QUERY, iri).rows, key=_event_order)
    keys = list(dict.fromkeys((str(role), event) for role, _, event in ordered))
    if not keys:
        return "\n".join(lines + ["  no events with it as agent or target"]) + "\n", None
    first = _cells(_page_rows(store, iri, keys[:page]), prefixes)
    table = align(EVENT_COLUMNS, first)
    if len(keys) <= page:
        return "\n".join(lines + [""] + table + [_count_events(len(first))]) + "\n", None
    note = f"(events 1-{page} of {len(keys)}; the rest follows)"

    def rest() -> str:
        more = _cells(_page_rows(store, iri, keys[page:]), prefixes)
        whole = align(EVENT_COLUMNS, first + more)
        # Same header line, same columns (the last one is not padded); else the rest starts with its own header.
        body = whole[2 + len(first):] if whole[0] == table[0] else whole[:2] + whole[2 + len(first):]
        return "\n".join(body + [_count_events(len(first) + len(more))]) + "\n"

    return "\n".join(lines + [""] + table + [note]) + "\n", rest


def _page_rows(store: Store, iri: str, keys: list[tuple[str, URIRef]]) -> list:
    """EVENTS_QUERY's rows for these (role, event) pairs (PAGE_QUERY, the pairs given as VALUES)."""
    page = " ".join(f"({to_oxigraph(event)} {to_oxigraph(Literal(role))} {to_oxigraph(_OTHER_ROLE[role])})"
                    for role, event in keys)
    return _select(store, PAGE_QUERY.replace("PAGE", page, 1), iri).rows
