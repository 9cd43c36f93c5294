"""Map resolved events to RDF: one instance per happening, linked to the action mentions that report it (pure)."""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Iterator

from rdflib.namespace import RDF, RDFS, XSD

from kg.events import Event
from kg.iri import Minter
from kg.mapping import Triple, date_literal, literal
from kg.ontology import family
from kg.vocab import KG

# What a kg:Confrontation is told as (see ontology/kg.ttl): fact or intent, not a possibility, duty or supposition.
CONFRONTATION_MODALITIES = frozenset({"Asserted", "Intended"})


def event_triples(events: Iterable[Event], minter: Minter) -> list[Triple]:
    """The events graph: each instance with its class, participants, date and basis, counts and merge records;
    each action mention gets kg:event (and the instance kg:denotedBy) plus the basis of its own date."""
    return [triple for triples in each_event_triples(events, minter) for triple in triples]


def each_event_triples(events: Iterable[Event], minter: Minter) -> Iterator[list[Triple]]:
    """event_triples an event at a time, for writing a large events' graph in parts: a triple is about one event,
    one of its reports or one of its merges, so no two events share one."""
    begun_with: Counter = Counter()
    hostile = family("HostileAction") | {"HostileAction"}
    for event in events:
        begun_with[event.key] += 1
        node = minter.event(*event.key, begun_with[event.key])
        first = event.first
        triples: list[Triple] = [
            (node, RDF.type, KG.Event),
            (node, KG.actionClass, KG[event.action_class]),
            (node, RDFS.label, literal(event.label)),
            (node, KG.reportCount, literal(len(event.reports))),
            (node, KG.articleCount, literal(event.articles)),
            (node, KG.outletCount, literal(event.outlets)),
            (node, KG.firstReport, minter.action(first.doc_id, first.start)),
            (node, KG.firstReportedIn, minter.document(first.doc_id)),
            (node, KG.dateBasis, literal(event.basis)),
            (node, KG.negated, literal(event.negated)),
            (node, KG.modality, KG[event.modality]),
        ]
        if is_confrontation(event, hostile):
            triples.append((node, RDF.type, KG.Confrontation))
        if first.published is not None:
            triples.append((node, KG.firstReported, literal(first.published.isoformat(), XSD.date)))
        roles = ((KG.agent, event.agent), (KG.target, event.target), (KG.place, event.place))
        triples += [(node, p, minter.entity_for_key(key)) for p, key in roles if key]
        when = date_literal(event.date_value, event.granularity)
        if when is not None:
            triples.append((node, KG.date, when))
        if event.bounds.earliest is not None:
            triples.append((node, KG.earliest, literal(event.bounds.earliest.isoformat(), XSD.date)))
        if event.bounds.latest is not None:
            triples.append((node, KG.latest, literal(event.bounds.latest.isoformat(), XSD.date)))
        triples += [(node, KG.statedDate, literal(value)) for value in event.stated_dates]
        for report in event.reports:
            action = minter.action(report.doc_id, report.start)
            triples += [
                (action, KG.event, node),
                (node, KG.denotedBy, action),
                (node, KG.source, minter.document(report.doc_id)),
                (action, KG.dateBasis, literal(event.report_basis[report.key])),
            ]
        for merge in event.merges:
            record = minter.event_merge(node, *merge.report)
            triples += [
                (node, KG.eventMerge, record),
                (record, RDF.type, KG.EventMerge),
                (record, KG.mergedReport, minter.action(*merge.report)),
                (record, KG.rule, literal(merge.rule)),
                (record, KG.mergeEvidence, literal(merge.evidence)),
            ]
        yield list(dict.fromkeys(triples))


def is_confrontation(event: Event, hostile: frozenset[str]) -> bool:
    """One side acting against another, told as fact or intent: the rows of who-acted-against-whom, typed at build
    time so that the query reads them alone (a per-event walk of class, roles, negation and modality cost ~40 ms)."""
    return (event.action_class in hostile and bool(event.agent) and bool(event.target) and not event.negated
            and event.modality in CONFRONTATION_MODALITIES)


__all__ = ["CONFRONTATION_MODALITIES", "each_event_triples", "event_triples", "is_confrontation"]

