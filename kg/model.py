"""Plain records that flow between the pipeline's stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class EntityKind(str, Enum):
    PERSON = "Person"
    ORGANIZATION = "Organization"
    PLACE = "Place"


class Modality(str, Enum):
    ASSERTED = "Asserted"
    POSSIBLE = "Possible"  # may, might, could
    INTENDED = "Intended"  # will, would, going to
    OBLIGATED = "Obligated"  # should, must
    HYPOTHETICAL = "Hypothetical"  # in an if-clause


@dataclass(frozen=True)
class Article:
    """One document. `text` keeps the file's offsets: metadata lines are blanked, not cut."""

    id: str
    path: str
    text: str
    published: date | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class TimeValue:
    """A time expression, its calendar value and its TimeML (TIMEX3) reading, against the publication date."""

    text: str
    start: int
    end: int
    value: str | None  # ISO 8601: 2022-09-03, 2022-09, 2019, 2022-W35; None when it cannot be placed
    granularity: str | None  # day, month, year, week
    timex_type: str = "DATE"  # TimeML type: DATE, TIME, DURATION, SET
    timex: str | None = None  # full TimeML value: 2022-09-03T20:00, P90D, XXXX-WI, PRESENT_REF
    mod: str | None = None  # TimeML mod: APPROX, LESS_THAN, START, MID, END ...
    begin_point: str | None = None  # a duration's start or end, when the text ties it to a date
    end_point: str | None = None
    freq: str | None = None  # a set's frequency: "2X" (twice)
    quant: str | None = None  # a set's quantifier: EVERY, EACH


@dataclass(frozen=True)
class Mention:
    """One surface form of an entity in one article."""

    doc_id: str
    text: str
    kind: EntityKind
    start: int
    end: int
    sentence: int
    descriptor: str | None = None  # head noun that introduced it ("forum" in "the forum 8chan")

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.doc_id, self.start, self.end)


@dataclass(frozen=True)
class Alias:
    """Text evidence that two names denote one thing ("Clara Sorrenti, known as Keffals")."""

    doc_id: str
    name: Mention
    alias: Mention
    rule: str
    evidence: str


@dataclass(frozen=True)
class Action:
    """Someone did something (to someone), somewhere, at some time, according to a sentence."""

    doc_id: str
    trigger: str
    lemma: str
    action_class: str
    start: int  # trigger span
    end: int
    sentence: int
    sentence_start: int
    sentence_end: int
    evidence: str
    agent: Mention | None = None
    target: Mention | None = None
    time: TimeValue | None = None
    place: Mention | None = None
    negated: bool = False
    modality: Modality = Modality.ASSERTED
    reported_by: Mention | None = None
    tense: int = 0  # of the trigger's clause: -2 past perfect, -1 past, 0 present or unknown, 1 future
    recipient: Mention | None = None  # PropBank Arg2: to whom or for whom ("sold the unit to X")
    reported_in: int | None = None  # start of the statement's trigger that reports this action ("X said ...")


@dataclass(frozen=True)
class Extraction:
    """Everything found in one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    aliases: tuple[Alias, ...] = ()
    actions: tuple[Action, ...] = ()
    times: tuple[TimeValue, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()
    located_in: tuple[tuple[Mention, Mention], ...] = ()  # (place, containing place)


@dataclass(frozen=True)
class Merge:
    """Why a name joined an entity: the rule and the text that supports it."""

    name: str
    rule: str
    evidence: str


@dataclass(frozen=True)
class Entity:
    """One real-world thing across all articles."""

    key: str
    kind: EntityKind
    pref_label: str
    labels: tuple[str, ...]
    mentions: tuple[Mention, ...]
    merges: tuple[Merge, ...] = ()
    descriptors: tuple[str, ...] = ()


@dataclass
class BuildReport:
    """What a build did, for the summary line."""

    documents: int = 0
    entities: int = 0
    actions: int = 0
    events: int = 0  # event instances the actions were grouped into
    triples: int = 0
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)  # documents kg itself failed on: path, id, traceback
    skipped: int = 0  # unchanged documents that were not parsed again
    removed: int = 0  # stored documents replaced by a changed file or forgotten
    violations: int | None = None  # SHACL violations in what was written; None when not validated
    validated: int = 0  # documents the SHACL check covered
