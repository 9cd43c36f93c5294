"""Event coreference: decide which action mentions report the same real happening, and when it happened.

Each action mention is a *report*. Reports become one event when they are the same kind of act (same action
class, and the same lemma for generic actions), have the same polarity and modality (a denial or a plan is
never merged with an act), share a resolved participant in the same role with no participant in conflict (and
do not both leave the target unnamed), and have overlapping times. Reports that name no participant merge by
lemma within their story (kg/stories.py: documents that name the same entities). Every pair in an event must be
compatible (complete link), never a chain of weak links. On a line, intervals that overlap pairwise share a
point, and compatible reports can only name one agent and one target, so an event's summary (its agent, its
target, the intersection of its times, how many reports lack each role) decides compatibility with all its
reports at once: resolution is a single pass over reports blocked by class and participant. Then events told in
one story with the same lemma or a shared sense (kg/senses.py: a group of synonyms in kg/data/events.yaml, a word
of several senses in each of its groups, a derived noun with its verb) join when every report of one agrees with
every report of the other (_Cluster.agrees_with): one pass over the events, largest first, indexed by story and main
senses.

Times: a report's own time is the one its sentence states; without one, its bounds come from the publication
date and tense (a past act on or before the day it was published, a statement within a week before, a future
act after). Reports that state no time are one event only if they were published within a week of each other
(kg/data/events.yaml); a report with neither a stated time nor a publication date is compared only within its
story (a speech act, only within its document). An event's date is the most specific stated date among its
reports; a report that states none takes it from the event (propagated); an event no report dates gets its
first publication day, marked inferred, with its bounds kept.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable, Mapping

from kg.collector import paused
from kg.event_rules import EventRules, load_event_rules
from kg.intervals import SPECIFICITY, Interval, interval_text, span, stated_interval
from kg.senses import sense_table, senses_of

STATED, PROPAGATED, INFERRED = "stated", "propagated", "inferred"


@dataclass(frozen=True)
class Report:
    """One action mention as event resolution sees it: its participants already resolved to entity keys."""

    doc_id: str
    start: int  # the trigger's offset: with doc_id, names the action node
    action_class: str
    lemma: str
    trigger: str
    agent: str | None = None
    target: str | None = None
    place: str | None = None
    time_value: str | None = None  # the time its own sentence states (ISO: 2022-09-03, 2022-09, 2019, 2022-W35)
    granularity: str | None = None
    tense: int = 0  # -2 past perfect, -1 past, 0 present or unknown, 1 future
    negated: bool = False
    modality: str = "Asserted"
    published: date | None = None
    outlet: str | None = None
    generic: bool = False  # a class that says little (kg:OtherAction): reports must share the lemma too
    momentary: bool = False  # a speech act: undated, it was made shortly before it was published
    story: str | None = None  # the story (kg/stories.py) of its document; None: the document alone

    @property
    def key(self) -> tuple[str, int]:
        return (self.doc_id, self.start)

    @property
    def stated(self) -> bool:
        return self.time_value is not None and self.granularity in SPECIFICITY

    @property
    def anchored(self) -> bool:
        """Whether anything places it in time: a stated time or a publication date."""
        return self.stated or self.published is not None

    @property
    def scope(self) -> str:
        """Where a report that nothing places in time, or that names no participant, finds others of its event:
        its story; a speech act nothing places in time, only its own document (a speaker says many things)."""
        if self.story is None or (self.momentary and not self.anchored):
            return self.doc_id
        return self.story


@dataclass(frozen=True)
class EventMerge:
    """Why a report joined an event: the rule and the facts that made it compatible."""

    report: tuple[str, int]
    rule: str
    evidence: str


@dataclass(frozen=True)
class Event:
    """One real happening and the reports of it."""

    key: tuple[str, int]  # its first report's key: stable while earlier reports are not added
    reports: tuple[Report, ...]
    action_class: str
    negated: bool
    modality: str
    agent: str | None
    target: str | None
    place: str | None
    date_value: str | None
    granularity: str | None
    basis: str | None  # stated, inferred, or None when nothing places it in time (no date, no bound)
    bounds: Interval
    stated_dates: tuple[str, ...]
    report_basis: Mapping[tuple[str, int], str]
    merges: tuple[EventMerge, ...] = ()

    @property
    def articles(self) -> int:
        return len({r.doc_id for r in self.reports})

    @property
    def outlets(self) -> int:
        return len({r.outlet for r in self.reports if r.outlet})

    @property
    def first(self) -> Report:
        return self.reports[0]

    @property
    def label(self) -> str:
        """Its triggers, most frequent first ("blocked / dropped")."""
        counts = Counter(r.trigger.lower() for r in self.reports)
        return " / ".join(t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3])


def report_interval(report: Report, rules: EventRules = EventRules()) -> Interval:
    """When the report says it happened: its stated time, else bounds from publication date and tense."""
    if report.stated:
        stated = stated_interval(report.time_value, report.granularity)  # type: ignore[arg-type]
        if stated is not None:
            return stated
    if report.published is None:
        return Interval(None, None)
    if report.tense > 0:
        return Interval(report.published, None)
    if report.momentary:
        return Interval(report.published - timedelta(days=rules.momentary_days), report.published)
    return Interval(None, report.published)


def _order(report: Report) -> tuple:
    """Reports that state a finer time go first, so they form the events the others join."""
    specificity = SPECIFICITY.get(report.granularity or "", 9) if report.stated else 9
    return (specificity, report.published or date.max, report.doc_id, report.start)


def _first_reported(report: Report) -> tuple:
    return (report.published or date.max, report.doc_id, report.start)


@dataclass
class _Cluster:
    """An event being built: the summary that decides compatibility with all its reports at once."""

    reports: list[Report]
    agent: str | None
    target: str | None
    without_agent: int
    without_target: int
    interval: Interval
    scopes: set[str]
    unanchored: bool  # some report here has neither a stated time nor a publication date
    undated: Interval  # the first and last publication day of the reports here that state no time
    rules: EventRules
    merges: list[EventMerge] = field(default_factory=list)
    agents: set[str] = field(default_factory=set)  # the agents and targets its reports name (one each, or
    targets: set[str] = field(default_factory=set)  # names alike once events of one story are joined)

    @classmethod
    def start(cls, report: Report, rules: EventRules) -> _Cluster:
        return cls([report], report.agent, report.target, int(report.agent is None), int(report.target is None),
                   report_interval(report, rules), {report.scope}, not report.anchored, _undated(report), rules,
                   agents={report.agent} - {None}, targets={report.target} - {None})  # type: ignore[arg-type]

    def in_time_with(self, report: Report) -> bool:
        """Times overlap; reports placed only by publication were published close together; a report nothing
        places in time is compared only within its scope (its story)."""
        if (self.unanchored or not report.anchored) and self.scopes != {report.scope}:
            return False
        undated = span(self.undated, _undated(report))
        if undated.earliest and undated.latest and (undated.latest - undated.earliest).days > self.rules.undated_days:
            return False
        return not self.interval.meet(report_interval(report, self.rules)).empty

    def shared_roles(self, report: Report) -> tuple[str, ...] | None:
        """The roles `report` shares with every report here, or None when it cannot join.

        Every report here names this event's agent or target (a report names no other). A newcomer must share a
        named participant with each of them, and a pair must not both leave the target unnamed: "Labour said" and
        "Labour said" share their speaker, but nothing says they are one statement, while "Sorrenti was doxed" and
        "Sorrenti faced harassment" tell of one act on one person.
        """
        if (report.agent and self.agent and report.agent != self.agent) or \
                (report.target and self.target and report.target != self.target):
            return None
        if report.target is None and self.without_target:
            return None
        share_agent = report.agent is not None and report.agent == self.agent
        share_target = report.target is not None and report.target == self.target
        if not (share_agent or share_target) or (self.without_target and not share_agent) or \
                (self.without_agent and not share_target):
            return None
        if not self.in_time_with(report):
            return None
        return tuple(role for role, shared in (("agent", share_agent), ("target", share_target)) if shared)

    def add(self, report: Report, roles: tuple[str, ...], describe) -> None:
        rule = "same-" + "-and-".join(roles) if roles else "same-lemma-in-story"
        self.merges.append(EventMerge(report.key, rule, describe(self, report, roles)))
        self.reports.append(report)
        self.agent = self.agent or report.agent
        self.target = self.target or report.target
        self.agents |= {report.agent} - {None}  # type: ignore[arg-type]
        self.targets |= {report.target} - {None}  # type: ignore[arg-type]
        self.without_agent += report.agent is None
        self.without_target += report.target is None
        self.interval = self.interval.meet(report_interval(report, self.rules))
        self.undated = span(self.undated, _undated(report))
        self.scopes.add(report.scope)
        self.unanchored = self.unanchored or not report.anchored

    @property
    def kind(self) -> tuple:
        """What must be equal for two events to be one: polarity and modality."""
        first = self.reports[0]
        return (first.negated, first.modality)

    @property
    def specific_classes(self) -> set[str]:
        return {r.action_class for r in self.reports if not r.generic}

    def agrees_with(self, other: _Cluster) -> bool:
        """Whether every report here is compatible with every report of `other`: one kind of act (the same
        class, or a generic one), no participant in conflict, times that overlap, both in one scope."""
        if self.kind != other.kind or len(self.specific_classes | other.specific_classes) > 1:
            return False
        if not (_alike(self.agents, other.agents) and _alike(self.targets, other.targets)):
            return False
        if self.scopes != other.scopes or len(self.scopes) != 1:
            return False
        undated = span(self.undated, other.undated)
        if undated.earliest and undated.latest and (undated.latest - undated.earliest).days > self.rules.undated_days:
            return False
        return not self.interval.meet(other.interval).empty

    def absorb(self, other: _Cluster, rule: str, evidence: str) -> None:
        """Take in every report of `other` (which agrees with this event), each with the merge that brought it."""
        for report in other.reports:
            self.merges.append(EventMerge(report.key, rule, evidence))
        self.merges.extend(other.merges)
        self.reports.extend(other.reports)
        self.agent = self.agent or other.agent
        self.target = self.target or other.target
        self.agents |= other.agents
        self.targets |= other.targets
        self.without_agent += other.without_agent
        self.without_target += other.without_target
        self.interval = self.interval.meet(other.interval)
        self.undated = span(self.undated, other.undated)
        self.unanchored = self.unanchored or other.unanchored


def _alike(ours: set[str], theirs: set[str]) -> bool:
    """Whether every participant named here may be every one named there: the same entity, names that share a
    word ("Lohan" and "Lindsay Lohan", which entity resolution keeps apart when one is tagged a place), or entities
    of different kinds (the small spaCy model often types a name wrongly; "San Diego" is read as the agent of "San
    Diego police arrested"; on ECB+ topics 1-35 this scores 74.6 against 74.2 with only a place set apart)."""
    return all(a == b or _kind(a) != _kind(b) or _words(a) & _words(b) for a in ours for b in theirs)


def _kind(entity: str) -> str:
    return entity.split("/", 1)[0]


def _words(entity: str) -> set[str]:
    """The words of an entity key's name, singular: organization/oscars -> {oscar}."""
    return {w[:-1] if w.endswith("s") else w for w in entity.rsplit("/", 1)[-1].split("--")[0].split("-") if len(w) > 1}


def _undated(report: Report) -> Interval:
    """The publication day of a report that states no time, as an interval to widen; empty otherwise."""
    return Interval(None, None) if report.stated or report.published is None else Interval(report.published, report.published)


def _block(report: Report) -> tuple:
    return (report.action_class, report.lemma if report.generic else "", report.negated, report.modality)


def resolve_events(reports: Iterable[Report], label_of: Mapping[str, str] | None = None,
                   rules: EventRules = EventRules()) -> list[Event]:
    """Group reports into events (see the module docstring); every report ends up in exactly one event."""
    with paused():
        return _resolve(reports, label_of or {}, rules)


def _resolve(reports: Iterable[Report], label_of: Mapping[str, str], rules: EventRules) -> list[Event]:
    clusters: list[_Cluster] = []
    by_participant: dict[tuple, set[int]] = defaultdict(set)  # (block, role, entity) -> clusters
    by_scope: dict[tuple, list[int]] = defaultdict(list)  # participant-less reports: (block, story, lemma) -> clusters

    def describe(cluster: _Cluster, report: Report, roles: tuple[str, ...]) -> str:
        first = cluster.reports[0]
        named = "; ".join(f"same {role} {label_of.get(getattr(report, role), getattr(report, role))}" for role in roles)
        times = (f"times overlap ({interval_text(report_interval(first, rules))} and "
                 f"{interval_text(report_interval(report, rules))})")
        return f"{report.action_class} '{report.trigger}' in {report.doc_id} joins '{first.trigger}' in {first.doc_id}: " \
               f"{named or 'same lemma in the same story'}; {times}"

    for report in sorted(reports, key=_order):
        block = _block(report)
        best: tuple[tuple, int, tuple[str, ...]] | None = None
        if report.agent is None and report.target is None:
            for index in by_scope[(block, report.scope, report.lemma)]:
                cluster = clusters[index]
                if cluster.in_time_with(report):
                    best = ((0, -len(cluster.reports), index), index, ())
                    break
        else:
            candidates = {i for role in ("agent", "target") if getattr(report, role)
                          for i in by_participant[(block, role, getattr(report, role))]}
            for index in candidates:
                roles = clusters[index].shared_roles(report)
                if roles is not None:
                    rank = (-len(roles), -len(clusters[index].reports), index)
                    if best is None or rank < best[0]:
                        best = (rank, index, roles)
        if best is None:
            clusters.append(_Cluster.start(report, rules))
            index = len(clusters) - 1
            if report.agent is None and report.target is None:
                by_scope[(block, report.scope, report.lemma)].append(index)
        else:
            _, index, roles = best
            clusters[index].add(report, roles, describe)
        for role in ("agent", "target"):
            entity = getattr(report, role)
            if entity:
                by_participant[(block, role, entity)].add(index)
    sense = senses_of((r.lemma for c in clusters for r in c.reports), sense_table(rules.senses, rules.outcomes))
    return [_event(c) for c in _join_in_stories(clusters, sense, rules.outcomes)]


def _main_senses(cluster: _Cluster, sense: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The senses most of its reports have (those of its first report on a tie): an event told with several words
    joins others by its main ones, so that it cannot bridge two happenings ("shot" and "killed" of one victim). A
    word of several senses ("fire") keeps them all until another word of the event settles which it is ("fire"
    beside "blaze")."""
    if len(cluster.reports) == 1:  # most events: every sense of its one word
        return sense[cluster.reports[0].lemma.lower()]
    counts = Counter(s for r in cluster.reports for s in sense[r.lemma.lower()])
    most = max(counts.values())
    top = frozenset(s for s, n in counts.items() if n == most)
    return top & sense[cluster.reports[0].lemma.lower()] or top


def _size_first(cluster: _Cluster) -> tuple:
    reports = cluster.reports
    return (-len(reports), reports[0].key if len(reports) == 1 else min(r.key for r in reports))


def _undergone(clusters: list[_Cluster], sense: Mapping[str, frozenset[str]], outcomes: tuple[tuple[str, str], ...]) -> None:
    """Count the subject of an outcome's word ("three villagers died") among its event's targets (the summary that
    joins compare, not the event's agent), where the act that brings it about names the one it befalls ("gunmen
    killed three villagers"), so that the two can agree."""
    acts = {act for act, _ in outcomes}
    results = {outcome for _, outcome in outcomes}
    befalls = {lemma for lemma, names in sense.items() if names & results and not names & acts}
    for cluster in clusters:
        if any(r.lemma.lower() in befalls for r in cluster.reports):
            undergoer = [r.lemma.lower() in befalls for r in cluster.reports]
            cluster.agents = {r.agent for r, u in zip(cluster.reports, undergoer) if r.agent and not u}
            cluster.targets = {r.target for r in cluster.reports if r.target} | \
                {r.agent for r, u in zip(cluster.reports, undergoer) if r.agent and u}


def _join_rule(lemmas: list[str], ours: frozenset[str], theirs: frozenset[str], outcomes: tuple[tuple[str, str], ...]) -> str:
    """Which rule joins two events: a lemma they share, an act and its outcome (one tells the act, the other only
    what it did: "killed", "died"), or a sense they share."""
    if lemmas:
        return "same-lemma-in-story"
    if any((act in ours) != (act in theirs) and outcome in ours & theirs for act, outcome in outcomes):
        return "act-and-outcome-in-story"
    return "same-sense-in-story"


def _join_in_stories(clusters: list[_Cluster], sense: Mapping[str, frozenset[str]],
                     outcomes: Iterable[tuple[str, str]] = ()) -> list[_Cluster]:
    """Join events told in one story (kg/stories.py; a document when there is none) that share a main sense
    (kg/senses.py: "the shooting", "was shot"; an act and its outcome: "killed", "died") and whose reports all
    agree (_Cluster.agrees_with), largest first. Speech acts stay as they are: a speaker says many things, and the
    same verb tells them all."""
    outcomes = tuple((act.lower(), outcome.lower()) for act, outcome in outcomes)
    if outcomes:
        _undergone(clusters, sense, outcomes)
    joined: list[_Cluster] = []
    hosts = _Hosts()
    for cluster in sorted(clusters, key=_size_first):
        if any(r.momentary for r in cluster.reports) or len(cluster.scopes) != 1:
            joined.append(cluster)
            continue
        (scope,) = cluster.scopes
        senses = _main_senses(cluster, sense)
        keys = [(scope, cluster.kind, s) for s in sorted(senses)]
        into = next((i for i in hosts.candidates(keys, cluster) if joined[i].agrees_with(cluster)), None)
        if into is None:
            hosts.add(len(joined), keys, cluster)
            joined.append(cluster)
            continue
        host = joined[into]
        before = {role: set(getattr(host, role)) for role in _ROLES}
        lemmas = sorted({r.lemma.lower() for r in host.reports} & {r.lemma.lower() for r in cluster.reports})
        host_senses = _main_senses(host, sense)
        shared = sorted(host_senses & senses) or sorted(senses)
        first, other = host.reports[0], cluster.reports[0]
        rule = _join_rule(lemmas, host_senses, senses, outcomes)
        what = {"same-lemma-in-story": f"lemma {lemmas[0]!r}" if lemmas else "",
                "act-and-outcome-in-story": f"an act and its outcome {shared[0]!r}"}.get(rule, f"sense {shared[0]!r}")
        host.absorb(cluster, rule, f"'{other.trigger}' in {other.doc_id} joins '{first.trigger}' in {first.doc_id}: "
                                   f"{what} in one story, no participant in conflict, times overlap")
        hosts.grown(into, before, host)
    return joined


_ROLES = ("agents", "targets")


class _Hosts:
    """The events others of their story may join, by (scope, kind, sense), and within each by the participants
    _Cluster.agrees_with compares (_alike): in each role, an event can agree only with one that names no participant
    of a kind it names there, or that names one of its participants or a name of that kind sharing a word with it.
    candidates() are a superset of the events that agree, in order, so the first that agrees is the one a scan of
    every event of those senses finds. A long document is one story, and that scan grew with the square of its
    events (5 MB of BBC text: 435k comparisons for 22k events; bench/long_document_end.py). Lists, not sets, and
    keys numbered: for a 20 MB document's 47k events the index adds 8 MB to the grouping's 272 at its peak (28 with
    sets)."""

    def __init__(self) -> None:
        self.ids: dict[tuple, int] = {}  # (scope, kind, sense) -> its number
        self.keys: dict[int, tuple[int, ...]] = {}  # event -> its keys' numbers
        self.of_key: dict[int, list[int]] = defaultdict(list)
        self.named: dict[tuple[int, str, str], list[int]] = defaultdict(list)  # (key, role, token) -> events
        self.by_kinds: dict[tuple[int, str], dict[frozenset[str], set[int]]] = defaultdict(dict)  # kinds named
        self.tokens: dict[str, list[str]] = {}

    def add(self, index: int, keys: list[tuple], cluster: _Cluster) -> None:
        ids = self.keys[index] = tuple(self.ids.setdefault(key, len(self.ids)) for key in keys)
        for key in ids:
            self.of_key[key].append(index)
            for role in _ROLES:
                self.by_kinds[(key, role)].setdefault(frozenset(), set()).add(index)
        self.grown(index, {role: set() for role in _ROLES}, cluster)

    def grown(self, index: int, before: Mapping[str, set[str]], cluster: _Cluster) -> None:
        """Index the participants `cluster` (the event at `index`) names beyond those it named `before`."""
        for role in _ROLES:
            new = getattr(cluster, role) - before[role]
            if not new:
                continue
            kinds = frozenset(map(_kind, before[role]))
            grown = kinds | frozenset(map(_kind, new))
            for key in self.keys[index]:
                for token in {token for entity in new for token in self._tokens(entity)}:
                    self.named[(key, role, token)].append(index)
                if grown != kinds:
                    groups = self.by_kinds[(key, role)]
                    groups[kinds].discard(index)
                    groups.setdefault(grown, set()).add(index)

    def candidates(self, keys: list[tuple], cluster: _Cluster) -> list[int]:
        """The events begun with one of `keys` that `cluster` may agree with, in the order they were added."""
        found: set[int] = set()
        for key in (self.ids[key] for key in keys if key in self.ids):
            within: set[int] | None = None
            for role in _ROLES:
                named = getattr(cluster, role)
                if not named:
                    continue
                kinds = {_kind(e) for e in named}
                some = set().union(*(events for group, events in self.by_kinds[(key, role)].items()
                                     if kinds.isdisjoint(group)),
                                   *(self.named.get((key, role, token), ()) for e in named for token in self._tokens(e)))
                within = some if within is None else within & some
            found.update(self.of_key[key] if within is None else within)
        return sorted(found)

    def _tokens(self, entity: str) -> list[str]:
        """What an entity is indexed and looked up by: itself, and each word of its name with its kind."""
        if (tokens := self.tokens.get(entity)) is None:
            kind = _kind(entity)
            tokens = self.tokens[entity] = ["=" + entity] + [f"{kind} {word}" for word in _words(entity)]
        return tokens


def _commonest(values: list, rank):
    """The value `rank(value, count)` puts first (None for no values); a lone value without counting (most events)."""
    if len(values) < 2:
        return values[0] if values else None
    counts = Counter(values)
    return min(counts, key=lambda v: rank(v, counts[v]))


def _event(cluster: _Cluster) -> Event:
    reports = tuple(sorted(cluster.reports, key=_first_reported)) if len(cluster.reports) > 1 else tuple(cluster.reports)
    stated = [r for r in reports if r.stated and stated_interval(r.time_value, r.granularity)]  # type: ignore[arg-type]
    place = _commonest([r.place for r in reports if r.place], lambda p, n: (-n, p))
    if stated:
        value, granularity = _commonest([(r.time_value, r.granularity) for r in stated],
                                        lambda v, n: (SPECIFICITY[v[1]], -n, v[0]))
        basis = STATED
        report_basis = {r.key: STATED if r.stated else PROPAGATED for r in reports}
    else:
        first = reports[0]
        # Only an asserted act told in the simple past or present is placed on its first report's day; "had
        # terminated" (-2) lies further back, and a plan or a possibility has no day at all.
        past = first.published is not None and all(r.tense in (-1, 0) and r.modality == "Asserted" for r in reports)
        value, granularity = (first.published.isoformat(), "day") if past else (None, None)  # type: ignore[union-attr]
        # With neither a day nor a bound (an undated article) nothing was inferred, so no basis is claimed.
        placed = value is not None or cluster.interval.earliest is not None or cluster.interval.latest is not None
        basis = INFERRED if placed else None
        report_basis = {r.key: INFERRED for r in reports} if placed else {}
    return Event(
        key=reports[0].key,
        reports=reports,
        action_class=next((r.action_class for r in reports if not r.generic), reports[0].action_class),
        negated=reports[0].negated,
        modality=reports[0].modality,
        agent=cluster.agent,
        target=cluster.target,
        place=place,
        date_value=value,
        granularity=granularity,
        basis=basis,
        bounds=cluster.interval,
        stated_dates=tuple(sorted({r.time_value for r in stated})),  # type: ignore[misc]
        report_basis=report_basis,
        merges=tuple(cluster.merges),
    )


__all__ = ["Event", "EventMerge", "EventRules", "Interval", "Report", "load_event_rules", "resolve_events", "report_interval", "stated_interval",
           "STATED", "PROPAGATED", "INFERRED"]
