"""Events to RDF (kg/event_mapping.py): every event gets its own node, linked to the mentions that report it."""

from __future__ import annotations

from datetime import date

from rdflib import RDF

from kg.event_mapping import event_triples
from kg.events import Report, resolve_events
from kg.iri import Minter
from kg.vocab import KG

MINTER = Minter("https://example.org/kg/")


def test_two_acts_told_by_one_mention_are_two_event_nodes():
    """One mention of a coordinated act ("Cloudflare blocked Kiwi Farms and sued 8chan" parsed as one trigger with
    two targets) gives two reports with one key; the events they form must not share a node."""
    fields = dict(lemma="block", trigger="blocked", tense=-1, published=date(2022, 9, 3))
    reports = [Report("a", 10, "ReduceRelations", agent="organization/cloudflare", target="organization/kiwi-farms", **fields),
               Report("a", 10, "ReduceRelations", agent="organization/cloudflare", target="organization/8chan", **fields)]
    events = resolve_events(reports)
    assert len(events) == 2
    triples = event_triples(events, MINTER)
    nodes = {s for s, p, o in triples if p == RDF.type and o == KG.Event}
    assert len(nodes) == 2
    assert {o for s, p, o in triples if p == KG.reportCount} and all(
        len({o for s, p, o in triples if s == node and p == KG.reportCount}) == 1 for node in nodes)
    assert set(event_triples(events, MINTER)) == set(triples)  # the same names every time


def test_only_asserted_hostile_events_with_agent_and_target_are_confrontations():
    """kg:Confrontation is what who-acted-against-whom lists: hostile class, both roles, not negated, not a mere
    possibility; every other event stays a plain kg:Event."""
    fields = dict(lemma="block", trigger="blocked", tense=-1, published=date(2022, 9, 3))
    both = dict(agent="organization/cloudflare", target="organization/kiwi-farms")
    reports = {
        10: Report("a", 10, "ReduceRelations", **both, **fields),
        20: Report("a", 20, "ReduceRelations", **both, negated=True, **fields),
        30: Report("a", 30, "ReduceRelations", **both, modality="Possible", **fields),
        40: Report("a", 40, "ReduceRelations", agent="organization/cloudflare", **fields),
        50: Report("a", 50, "Consult", **both, lemma="meet", trigger="met", published=date(2022, 9, 3)),
        60: Report("a", 60, "Threaten", **both, modality="Intended", lemma="threaten", trigger="will threaten"),
    }
    triples = event_triples(resolve_events(reports.values()), MINTER)
    confrontations = {s for s, p, o in triples if p == RDF.type and o == KG.Confrontation}
    reported = {s: o for s, p, o in triples if p == KG.firstReport}
    assert sorted(str(reported[node]).rsplit("-", 1)[1] for node in confrontations) == ["10", "60"]


def test_a_date_basis_is_written_only_for_events_placed_in_time():
    fields = dict(lemma="block", trigger="blocked", tense=-1, agent="organization/cloudflare")
    dated = Report("a", 10, "ReduceRelations", target="organization/kiwi-farms", published=date(2022, 9, 3), **fields)
    undated = Report("b", 10, "ReduceRelations", target="organization/8chan", published=None, **fields)
    triples = event_triples(resolve_events([dated, undated]), MINTER)
    target = {s: o for s, p, o in triples if p == KG.target}
    based = {s for s, p, o in triples if p == KG.dateBasis}
    events = {s for s, p, o in triples if p == RDF.type and o == KG.Event}
    assert {str(target[e]).rsplit("/", 1)[1] for e in events & based} == {"kiwi-farms"}
    assert len(based - events) == 1  # the dated report's own basis; the undated one has none
