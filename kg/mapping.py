"""Map extractions and resolved entities to RDF triples under the kg ontology (pure: no store, no spaCy)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime, timedelta
from typing import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.iri import Minter
from kg.model import Action, Entity, Extraction, Mention, TimeValue
from kg.resolve import Resolution
from kg.vocab import KG, SCHEMA

Triple = tuple[URIRef, URIRef, object]
# Organisation subtypes that are classes of the ontology.
SUBTYPES = {"Website", "Company", "NewsOrganization", "Agency", "Campaign"}
DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
_CLOCK = re.compile(r"(?P<day>\d{4}-\d\d-\d\d)T(?P<hour>[01]\d|2[0-4])(?::(?P<minute>[0-5]\d))?(?P<utc>Z)?")
_PART_OF_DAY = re.compile(r"\d{4}-\d\d-\d\dT(?P<code>MO|MI|AF|EV|NI|DT)")
PARTS_OF_DAY = {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_XSD_DURATION = re.compile(r"P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?")


@dataclass(frozen=True)
class GraphSet:
    """The triples of one build: one named graph per document, plus the entities' own graph."""

    documents: dict[URIRef, list[Triple]]
    entities: dict[URIRef, list[Triple]]  # entity IRI -> triples about it (and its merge records)


def date_literal(value: str | None, granularity: str | None) -> Literal | None:
    """Type a normalised time value for kg:date; weeks and unknowns get none.

    >>> date_literal("2019", "year").datatype.endswith("gYear")
    True
    """
    datatype = DATE_TYPES.get(granularity or "")
    return Literal(value, datatype=datatype) if value and datatype else None


def time_triples(node: URIRef, time: TimeValue) -> list[Triple]:
    """An action's time: as written, its calendar date, and what TimeML adds (type, value, clock
    time or part of the day, duration, recurrence)."""
    triples: list[Triple] = [(node, KG.timeExpression, Literal(time.text)), (node, KG.timexType, Literal(time.timex_type))]
    if time.timex is not None:
        triples.append((node, KG.timexValue, Literal(time.timex)))
    if (when := date_literal(time.value, time.granularity)) is not None:
        triples.append((node, KG.date, when))
    if time.timex_type == "TIME" and time.timex and (clock := _CLOCK.fullmatch(time.timex)):
        moment = datetime.fromisoformat(clock["day"]) + timedelta(hours=int(clock["hour"]), minutes=int(clock["minute"] or 0))
        triples.append((node, KG.dateTime, Literal(moment.isoformat() + (clock["utc"] or ""), datatype=XSD.dateTime)))
    elif time.timex_type == "TIME" and time.timex and (part := _PART_OF_DAY.fullmatch(time.timex)):
        triples.append((node, KG.partOfDay, Literal(PARTS_OF_DAY[part["code"]])))
    if time.timex_type == "DURATION" and (length := xsd_duration(time.timex)) is not None:
        triples.append((node, KG.duration, length))
    if time.timex_type == "SET" and time.timex:
        triples.append((node, KG.recurrence, Literal(time.timex)))
    return triples


def xsd_duration(timex: str | None) -> Literal | None:
    """A TimeML duration as xsd:duration, which has no weeks or quarters; vague ones ("PXY") have none.

    >>> str(xsd_duration("P2W")), str(xsd_duration("P1Q")), str(xsd_duration("PT1H30M")), xsd_duration("PXY")
    ('P14D', 'P3M', 'PT1H30M', None)
    """
    if not timex:
        return None
    value = re.sub(r"(\d+)Q", lambda m: f"{3 * int(m[1])}M", timex)
    value = re.sub(r"(\d+)W", lambda m: f"{7 * int(m[1])}D", value)
    if not _XSD_DURATION.fullmatch(value) or value in ("P", "PT"):
        return None
    return Literal(value, datatype=XSD.duration)


@lru_cache(maxsize=1 << 16, typed=True)  # typed: True == 1, but "true" is not "1"
def literal(value, datatype=None) -> Literal:
    """A literal made once per value: offsets, indexes, flags, counts and days repeat across thousands of
    mentions and events, and rdflib's Literal() casts and checks each (a fifth of mapping's CPU)."""
    return Literal(value, datatype=datatype)


class Mapper:
    def __init__(self, resolution: Resolution, minter: Minter):
        self.minter = minter
        self.entity_of = resolution.entity_of
        self.entities = {e.key: e for e in resolution.entities}
        self.texts: dict[str, Literal] = {}

    def text(self, value: str) -> Literal:
        """A plain string literal made once per document: names, triggers, lemmas and sentences repeat within a
        document, and rdflib's Literal() costs some 7 µs each."""
        found = self.texts.get(value)
        if found is None:
            found = self.texts[value] = Literal(value)
        return found

    def entity_iri(self, mention: Mention | None) -> URIRef | None:
        if mention is None or mention.key not in self.entity_of:
            return None
        return self.minter.entity_for_key(self.entity_of[mention.key])

    def document(self, ex: Extraction) -> list[Triple]:
        a, doc = ex.article, self.minter.document(ex.article.id)
        self.texts = {}  # one document's: a mapper of many (to_graphs) would otherwise keep every sentence
        triples: list[Triple] = [
            (doc, RDF.type, KG.Document),
            (doc, KG.contentHash, Literal(a.id)),
            (doc, KG.fileName, Literal(a.path.replace("\\", "/").rsplit("/", 1)[-1])),
        ]
        optional = [(DCTERMS.issued, a.published and Literal(a.published.isoformat(), datatype=XSD.date)),
                    (KG.outlet, a.outlet and Literal(a.outlet)), (DCTERMS.title, a.title and Literal(a.title)),
                    (SCHEMA.url, a.url and URIRef(a.url))]
        triples += [(doc, p, o) for p, o in optional if o is not None]
        sentences: set[int] = set()  # a sentence's evidence node is mapped once, however many mentions it holds
        for m in ex.mentions:
            mention = self.mention(m, doc, ex)
            if mention and m.sentence not in sentences:
                sentences.add(m.sentence)
                triples += self.sentence(ex, m.sentence, doc)
            triples += mention
        for action in ex.actions:
            triples += self.action(action, doc, with_evidence=action.sentence not in sentences)
            sentences.add(action.sentence)
        for inner, outer in ex.located_in:  # in the document's graph: it is this document's claim
            place, container = self.entity_iri(inner), self.entity_iri(outer)
            if place is not None and container is not None and place != container:
                triples.append((place, KG.locatedIn, container))
        return list(dict.fromkeys(triples))  # an action's evidence can be a mention's sentence too

    def _span(self, node: URIRef, doc: URIRef, start: int, end: int, text: str, sentence: int) -> list[Triple]:
        return [
            (node, KG.document, doc),
            (node, KG.startChar, literal(start)),
            (node, KG.endChar, literal(end)),
            (node, KG.text, self.text(text)),
            (node, KG.sentenceIndex, literal(sentence)),
        ]

    def sentence(self, ex: Extraction, index: int, doc: URIRef) -> list[Triple]:
        start, end = ex.sentences[index]
        node = self.minter.evidence(ex.article.id, start, end)
        text = ex.article.text[start:end].strip()
        return [(node, RDF.type, KG.Evidence), *self._span(node, doc, start, end, text, index)]

    def mention(self, m: Mention, doc: URIRef, ex: Extraction) -> list[Triple]:
        """The mention's own triples; its sentence's evidence node is mapped by sentence()."""
        entity = self.entity_iri(m)
        if entity is None:
            return []
        node = self.minter.mention(m.doc_id, m.start, m.end)
        start, end = ex.sentences[m.sentence]
        return [
            (node, KG.evidence, self.minter.evidence(ex.article.id, start, end)),
            (node, RDF.type, KG.Mention),
            (node, KG.refersTo, entity),
            (entity, KG.hasMention, node),
            (entity, KG.source, doc),
            *self._span(node, doc, m.start, m.end, m.text, m.sentence),
        ]

    def action(self, action: Action, doc: URIRef, with_evidence: bool = True) -> list[Triple]:
        """The action's triples; its sentence's own (type and span) unless `with_evidence` is False because
        the document's mapping already holds them."""
        node = self.minter.action(action.doc_id, action.start)
        evidence = self.minter.evidence(action.doc_id, action.sentence_start, action.sentence_end)
        triples: list[Triple] = [
            (node, RDF.type, KG[action.action_class]),
            (node, RDFS.label, self.text(action.trigger)),
            (node, KG.trigger, self.text(action.trigger)),
            (node, KG.lemma, self.text(action.lemma)),
            (node, KG.negated, literal(action.negated)),
            (node, KG.modality, KG[action.modality.value]),
            (node, KG.source, doc),
            (node, KG.evidence, evidence),
        ]
        if with_evidence:
            triples.append((evidence, RDF.type, KG.Evidence))
            triples += self._span(evidence, doc, action.sentence_start, action.sentence_end, action.evidence, action.sentence)
        roles = [(KG.agent, action.agent), (KG.target, action.target), (KG.recipient, action.recipient),
                 (KG.place, action.place), (KG.reportedBy, action.reported_by)]
        triples += [(node, p, iri) for p, m in roles if (iri := self.entity_iri(m)) is not None]
        if action.reported_in is not None:  # the statement's own action: "X said" reports what follows
            triples.append((self.minter.action(action.doc_id, action.reported_in), KG.reports, node))
        if action.time is not None:
            triples += time_triples(node, action.time)
        return triples

    def entity_triples(self) -> list[Triple]:
        """The triples of every entity of the resolution."""
        return [t for e in self.entities.values() for t in self.entity(e)]

    def entity(self, e: Entity) -> list[Triple]:
        node = self.minter.entity_for_key(e.key)
        name = e.key.partition("/")[2]
        triples: list[Triple] = [(node, RDF.type, KG[e.kind.value]), (node, SKOS.prefLabel, Literal(e.pref_label))]
        triples += [(node, RDF.type, KG[d]) for d in e.descriptors if d in SUBTYPES]
        for label in e.labels:
            triples.append((node, RDFS.label, Literal(label)))
            if label != e.pref_label:
                triples.append((node, SKOS.altLabel, Literal(label)))
        for merge in e.merges:
            record = self.minter.merge(name, f"{merge.name}-{merge.rule}")
            triples += [
                (node, KG.merge, record),
                (record, RDF.type, KG.NameMerge),
                (record, KG.mergedName, Literal(merge.name)),
                (record, KG.rule, Literal(merge.rule)),
                (record, KG.mergeEvidence, Literal(merge.evidence)),
            ]
        return triples


def to_graphs(extractions: Iterable[Extraction], resolution: Resolution, minter: Minter) -> GraphSet:
    """Return the triples for every document graph and for every entity."""
    mapper = Mapper(resolution, minter)
    documents = {minter.document(ex.article.id): mapper.document(ex) for ex in extractions}
    entities = {minter.entity_for_key(e.key): mapper.entity(e) for e in resolution.entities}
    return GraphSet(documents, entities)



