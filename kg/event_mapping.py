"""Map resolved events to RDF: one instance per happening, linked to the action mentions that report it (pure).

The events' graph is a third of a large store's triples and is written after the last parse, so it is made
straight as N-Triples text, each distinct term written once by Oxigraph (which checks IRIs and escapes
literals), without rdflib terms in between: at 2,225 BBC articles that took 4.2 s of CPU, this takes 1.
"""

from __future__ import annotations

from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, XSD

from kg.events import Event
from kg.iri import Minter
from kg.mapping import DATE_TYPES, Triple
from kg.ontology import family
from kg.vocab import KG

# What a kg:Confrontation is told as (see ontology/kg.ttl): fact or intent, not a possibility, duty or supposition.
CONFRONTATION_MODALITIES = frozenset({"Asserted", "Intended"})


class _Terms:
    """The N-Triples text of terms, each distinct one made once: counts, flags, classes and documents repeat."""

    def __init__(self) -> None:
        self._iris: dict[str, str] = {}
        self._literals: dict[tuple[type, object, str | None], str] = {}  # the type: True == 1

    def iri(self, value: str) -> str:
        if (text := self._iris.get(value)) is None:
            text = self._iris[value] = str(ox.NamedNode(value))
        return text

    def literal(self, value: object, datatype: str | None = None) -> str:
        key = (type(value), value, datatype)
        if (text := self._literals.get(key)) is None:
            if isinstance(value, bool):
                value, datatype = ("true" if value else "false"), str(XSD.boolean)
            elif isinstance(value, int):
                value, datatype = str(value), str(XSD.integer)
            typed = ox.NamedNode(datatype) if datatype else None
            text = self._literals[key] = str(ox.Literal(str(value), datatype=typed))
        return text


_P = {name: str(ox.NamedNode(iri)) for name, iri in {
    "type": RDF.type, "label": RDFS.label, **{name: KG[name] for name in (
        "actionClass", "reportCount", "articleCount", "outletCount", "firstReport", "firstReportedIn",
        "dateBasis", "negated", "modality", "firstReported", "agent", "target", "place", "date", "earliest",
        "latest", "statedDate", "event", "denotedBy", "source", "eventMerge", "mergedReport", "rule",
        "mergeEvidence")}}.items()}
_EVENT_CLASS = str(ox.NamedNode(KG.Event))
_CONFRONTATION = str(ox.NamedNode(KG.Confrontation))
_MERGE_CLASS = str(ox.NamedNode(KG.EventMerge))
_DAY = str(XSD.date)


def each_event_ntriples(events: Iterable[Event], minter: Minter) -> Iterator[list[str]]:
    """Each event's N-Triples lines: the instance with its class, participants, date and basis, counts and merge
    records; each action mention gets kg:event (and the instance kg:denotedBy) plus the basis of its own date. An
    event that nothing places in time (an undated article's) has no date, no bound and no basis.
    A line is about one event, one of its reports or one of its merges, so no two events share one."""
    terms = _Terms()
    iri, literal = terms.iri, terms.literal
    hostile = family("HostileAction") | {"HostileAction"}
    begun_with: dict[tuple[str, int], int] = {}
    for event in events:
        begun_with[event.key] = nth = begun_with.get(event.key, 0) + 1
        event_iri = minter.event(*event.key, nth)
        node = iri(event_iri)
        first = event.first
        facts = [
            (_P["type"], _EVENT_CLASS),
            (_P["actionClass"], iri(KG[event.action_class])),
            (_P["label"], literal(event.label)),
            (_P["reportCount"], literal(len(event.reports))),
            (_P["articleCount"], literal(event.articles)),
            (_P["outletCount"], literal(event.outlets)),
            (_P["firstReport"], iri(minter.action(first.doc_id, first.start))),
            (_P["firstReportedIn"], iri(minter.document(first.doc_id))),
            (_P["negated"], literal(event.negated)),
            (_P["modality"], iri(KG[event.modality])),
        ]
        if event.basis:
            facts.append((_P["dateBasis"], literal(event.basis)))
        if is_confrontation(event, hostile):
            facts.append((_P["type"], _CONFRONTATION))
        if first.published is not None:
            facts.append((_P["firstReported"], literal(first.published.isoformat(), _DAY)))
        facts += [(_P[role], iri(minter.entity_text(key)))
                  for role, key in (("agent", event.agent), ("target", event.target), ("place", event.place)) if key]
        datatype = DATE_TYPES.get(event.granularity or "")
        if event.date_value and datatype:
            facts.append((_P["date"], literal(event.date_value, str(datatype))))
        for end, day in (("earliest", event.bounds.earliest), ("latest", event.bounds.latest)):
            if day is not None:
                facts.append((_P[end], literal(day.isoformat(), _DAY)))
        facts += [(_P["statedDate"], literal(value)) for value in event.stated_dates]
        lines = [f"{node} {p} {o} ." for p, o in facts]
        for report in event.reports:
            action = iri(minter.action(report.doc_id, report.start))
            lines += [f"{action} {_P['event']} {node} .",
                      f"{node} {_P['denotedBy']} {action} .",
                      f"{node} {_P['source']} {iri(minter.document(report.doc_id))} ."]
            if basis := event.report_basis.get(report.key):
                lines.append(f"{action} {_P['dateBasis']} {literal(basis)} .")
        for merge in event.merges:
            record = iri(minter.event_merge(event_iri, *merge.report))
            lines += [f"{node} {_P['eventMerge']} {record} .",
                      f"{record} {_P['type']} {_MERGE_CLASS} .",
                      f"{record} {_P['mergedReport']} {iri(minter.action(*merge.report))} .",
                      f"{record} {_P['rule']} {literal(merge.rule)} .",
                      f"{record} {_P['mergeEvidence']} {literal(merge.evidence)} ."]
        yield list(dict.fromkeys(lines))


def event_ntriples(events: Iterable[Event], minter: Minter) -> str:
    """The whole events' graph as N-Triples."""
    return "\n".join(line for lines in each_event_ntriples(events, minter) for line in lines)


def event_triples(events: Iterable[Event], minter: Minter) -> list[Triple]:
    """The events' graph as rdflib triples, for code that inspects it rather than stores it."""
    return list(Graph().parse(data=event_ntriples(events, minter), format="nt"))


def is_confrontation(event: Event, hostile: frozenset[str]) -> bool:
    """One side acting against another, told as fact or intent: the rows of who-acted-against-whom, typed at build
    time so that the query reads them alone (a per-event walk of class, roles, negation and modality cost ~40 ms)."""
    return (event.action_class in hostile and bool(event.agent) and bool(event.target) and not event.negated
            and event.modality in CONFRONTATION_MODALITIES)


__all__ = ["CONFRONTATION_MODALITIES", "each_event_ntriples", "event_ntriples", "event_triples", "is_confrontation"]
