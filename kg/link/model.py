"""Plain records the linkers pass around: the entity as a linker sees it, a candidate, a decided link."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Relation(str, Enum):
    SAME_AS = "sameAs"  # confident: owl:sameAs
    CLOSE_MATCH = "closeMatch"  # plausible: skos:closeMatch


@dataclass(frozen=True)
class EntityInfo:
    """A kg entity with the context a linker needs, read from the store."""

    iri: str
    kind: str  # Person, Organization or Place
    pref_label: str
    labels: tuple[str, ...]
    containers: tuple[str, ...] = ()  # names of places that contain it ("Northern Ireland" for Belfast)
    article_places: tuple[str, ...] = ()  # other places named in the same articles
    context: str = ""  # the sentences of its articles, for context words


@dataclass(frozen=True)
class Candidate:
    """A resource of another dataset that one of an entity's names matches."""

    iri: str
    label: str  # the label that matched
    kind: str | None  # Person, Organization, Place, or None when the source does not say
    type_label: str = ""  # the source's own type ('city', a class IRI)
    primary: bool = True  # matched the resource's main label rather than an alternative one
    prior: float = 1.0  # popularity before context (a population, a count)
    context_terms: tuple[str, ...] = field(default=())  # names tied to it (its country, region, description words)
    surname_only: bool = False  # only the surname matched ('Mr Blair' and 'Tony Blair'): never owl:sameAs


@dataclass(frozen=True)
class Link:
    """A decided link from a kg entity to a resource, with why."""

    entity: str
    target: str
    relation: Relation
    score: float
    method: str
    matched_label: str
    matched_type: str
    context: str
