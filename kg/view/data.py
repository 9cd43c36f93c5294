"""What the view page shows, read from any store through SPARQL: entities, one edge per event, evidence.

`fetch_view` asks the store; everything else here is a pure function of the rows it got, so the page's data
can be tested without a browser.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Iterable, Sequence

import yaml

from kg import resources
from kg.errors import KgError
from kg.store.base import SelectResult, Store
from kg.view.sparql import (
    CLASSES_QUERY,
    DOCUMENTS_QUERY,
    ENTITIES_QUERY,
    EVENTS_OF_ACTIONS_QUERY,
    EVENTS_QUERY,
    NAMES_QUERY,
    REPORTS_QUERY,
)

Row = dict[str, str]

VALUES_CHUNK = 400  # IRIs per VALUES block: keeps each request well under servers' URL and body limits


@dataclass(frozen=True)
class Style:
    """Families of actions and kinds of entities, with their colours, from kg/data/view.yaml."""

    families: tuple[dict, ...]
    kinds: tuple[dict, ...]
    top_entities: int


@lru_cache(maxsize=1)
def load_style() -> Style:
    path = resources.package_data("view.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Style(tuple(data["families"]), tuple(data["kinds"]), int(data["top_entities"]))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as e:
        raise KgError(f"{path}: cannot read the view's style: {e}") from e


@dataclass(frozen=True)
class Filters:
    """What to show: a date range (ISO days), action families, entities by name or IRI, how many entities at most."""

    start: str | None = None
    end: str | None = None
    families: tuple[str, ...] = ()
    entity: str | None = None  # a name or alias: only the events of the entities it names
    top: int | None = None  # None: the style's default; 0: every entity
    events: frozenset[str] | None = None  # only these events (what a query's result points to)
    entities: frozenset[str] | None = None  # only the events of these entities


@dataclass
class Node:
    id: str
    label: str
    kind: str
    type: str
    events: int


@dataclass
class Edge:
    id: str
    source: str
    target: str
    family: str
    actionClass: str
    label: str
    date: str | None
    start: str | None
    end: str | None
    precision: str | None
    basis: str | None
    reports: int
    articles: int
    outlets: int
    firstReported: str | None
    negated: bool
    modality: str | None


@dataclass
class ViewData:
    """Everything the page needs, as plain data; `as_json` is what the page reads."""

    title: str
    nodes: list[Node]
    edges: list[Edge]
    reports: dict[str, list[dict]] = field(default_factory=dict)
    documents: dict[str, dict] = field(default_factory=dict)
    left_out: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        style = load_style()
        return {
            "title": self.title,
            "families": list(style.families),
            "kinds": list(style.kinds),
            "nodes": [asdict(n) for n in self.nodes],
            "edges": [asdict(e) for e in self.edges],
            "reports": self.reports,
            "documents": self.documents,
            "leftOut": self.left_out,
        }


def records(result) -> list[Row]:
    """A SELECT result as dicts of strings (unbound variables left out)."""
    if not isinstance(result, SelectResult):
        raise KgError("the view needs a SELECT query")
    return [{v: str(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def day_bounds(value: str) -> tuple[str, str, str] | None:
    """An xsd date, gYearMonth or gYear as its first and last day and its precision.

    >>> day_bounds("2022-09-03"), day_bounds("2022-02"), day_bounds("2019")
    (('2022-09-03', '2022-09-03', 'day'), ('2022-02-01', '2022-02-28', 'month'), ('2019-01-01', '2019-12-31', 'year'))
    """
    match = re.match(r"^(-?\d{4})(?:-(\d\d))?(?:-(\d\d))?", value or "")
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    if day:
        return f"{year}-{month}-{day}", f"{year}-{month}-{day}", "day"
    if month:
        try:
            last = calendar.monthrange(int(year), int(month))[1]
        except ValueError:
            return None
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}", "month"
    return f"{year}-01-01", f"{year}-12-31", "year"


def parse_bound(text: str, *, end: bool) -> str:
    """--from/--to: YYYY, YYYY-MM or YYYY-MM-DD as a day (the last day of the period for an end).

    >>> parse_bound("2019", end=False), parse_bound("2019", end=True), parse_bound("2022-02", end=True)
    ('2019-01-01', '2019-12-31', '2022-02-28')
    """
    bounds = day_bounds(text.strip()) if re.fullmatch(r"\d{4}(-\d\d){0,2}", text.strip()) else None
    try:
        date.fromisoformat(bounds[0])
    except (TypeError, ValueError):
        raise KgError(f"'{text}' is not a date: give YYYY, YYYY-MM or YYYY-MM-DD") from None
    return bounds[1] if end else bounds[0]


def event_span(row: Row) -> tuple[str | None, str | None, str | None]:
    """When an event happened as (first day, last day, precision): its date, else its bounds, else unknown."""
    if "date" in row:
        bounds = day_bounds(row["date"])
        if bounds:
            return bounds
    first = day_bounds(row.get("earliest", ""))
    last = day_bounds(row.get("latest", ""))
    if first and last:
        return first[0], last[1], "interval"
    return None, None, None


def family_of(classes: Iterable[Row], families: Sequence[dict]) -> dict[str, str]:
    """Each action class's family: the first family in the style whose class it falls under."""
    ancestors: dict[str, set[str]] = {}
    for row in classes:
        ancestors.setdefault(row["class"], set()).add(local_name(row["ancestor"]))
    return {cls: next((f["id"] for f in families if f["class"] in found), families[-1]["id"])
            for cls, found in ancestors.items()}


def kind_of(rows: Iterable[Row], kinds: Sequence[dict]) -> dict[str, tuple[str, str, str]]:
    """Each entity's (label, kind, most specific type) from rows of ?entity ?label ?type ?kind."""
    order = {k["class"]: i for i, k in enumerate(kinds)}
    ids = {k["class"]: k["id"] for k in kinds}
    found: dict[str, tuple[str, str, str, int]] = {}
    for row in rows:
        kind_class, type_name = local_name(row["kind"]), local_name(row["type"])
        rank = order[kind_class]
        previous = found.get(row["entity"])
        specific = type_name != kind_class
        if previous is None or rank < previous[3] or (rank == previous[3] and specific):
            found[row["entity"]] = (row["label"], ids[kind_class], type_name, rank)
    return {e: v[:3] for e, v in found.items()}


def to_edges(rows: Iterable[Row], families: dict[str, str]) -> list[Edge]:
    """One edge per event (an event with several agents or targets keeps the first of each, by IRI)."""
    by_event: dict[str, Row] = {}
    for row in sorted(rows, key=lambda r: (r["event"], r["agent"], r["target"])):
        by_event.setdefault(row["event"], row)
    edges = []
    for event, row in by_event.items():
        start, end, precision = event_span(row)
        edges.append(Edge(
            id=event, source=row["agent"], target=row["target"], family=families.get(row["class"], "other"),
            actionClass=local_name(row["class"]), label=row.get("label", local_name(row["class"])),
            date=row.get("date"), start=start, end=end, precision=precision, basis=row.get("basis"),
            reports=int(row.get("reports", 1)), articles=int(row.get("articles", 1)), outlets=int(row.get("outlets", 0)),
            firstReported=row.get("firstReported"), negated=row.get("negated") == "true",
            modality=local_name(row["modality"]) if "modality" in row else None))
    return edges


def keep(edges: Iterable[Edge], filters: Filters, entities: frozenset[str] | None = None) -> list[Edge]:
    """The events the filters let through (an undated event is left out once a date range is given)."""
    kept = []
    for edge in edges:
        if filters.events is not None and edge.id not in filters.events:
            continue
        if filters.families and edge.family not in filters.families:
            continue
        if entities is not None and edge.source not in entities and edge.target not in entities:
            continue
        if (filters.start or filters.end) and edge.start is None:
            continue
        if filters.start and edge.end < filters.start:
            continue
        if filters.end and edge.start > filters.end:
            continue
        kept.append(edge)
    return kept


def top_entities(edges: Sequence[Edge], top: int) -> tuple[list[Edge], Counter]:
    """The edges among the `top` entities in most events (all when top is 0), and every entity's event count."""
    counts: Counter = Counter()
    for edge in edges:
        counts[edge.source] += 1
        if edge.target != edge.source:
            counts[edge.target] += 1
    if top <= 0 or len(counts) <= top:
        return list(edges), counts
    chosen = {e for e, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]}
    return [e for e in edges if e.source in chosen and e.target in chosen], counts


def to_nodes(edges: Sequence[Edge], entities: dict[str, tuple[str, str, str]]) -> list[Node]:
    """One node per entity an edge touches, sized by its events in the view."""
    counts: Counter = Counter()
    for edge in edges:
        counts[edge.source] += 1
        if edge.target != edge.source:
            counts[edge.target] += 1
    nodes = []
    for entity, n in counts.items():
        label, kind, type_name = entities.get(entity, (local_name(entity), "organization", "Entity"))
        nodes.append(Node(id=entity, label=label, kind=kind, type=type_name, events=n))
    return sorted(nodes, key=lambda n: (-n.events, n.label, n.id))


def to_reports(rows: Iterable[Row]) -> dict[str, list[dict]]:
    """Each event's reports: trigger, document, evidence sentence and span, in document and text order."""
    reports: dict[str, list[dict]] = {}
    seen = set()
    for row in sorted(rows, key=lambda r: (r["event"], r["document"], int(r["start"]), r["action"])):
        if (row["event"], row["action"]) in seen:
            continue
        seen.add((row["event"], row["action"]))
        reports.setdefault(row["event"], []).append({
            "action": row["action"], "trigger": row.get("trigger", ""), "document": row["document"],
            "text": row["text"], "start": int(row["start"]), "end": int(row["end"]), "date": row.get("statedDate")})
    return reports


def to_documents(rows: Iterable[Row]) -> dict[str, dict]:
    return {row["document"]: {"file": row.get("fileName"), "title": row.get("title"), "url": row.get("url"),
                              "outlet": row.get("outlet"), "published": row.get("published")} for row in rows}


def iri_values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


def chunks(items: Sequence[str], size: int = VALUES_CHUNK) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def query_values(store: Store, template: str, iris: Sequence[str], *rest: str) -> list[Row]:
    rows: list[Row] = []
    for chunk in chunks(sorted(set(iris))):
        rows += records(store.query(template % (iri_values(chunk), *rest)))
    return rows


def entities_named(store: Store, name: str) -> frozenset[str]:
    from rdflib import Literal

    found = frozenset(r["entity"] for r in records(store.query(NAMES_QUERY % Literal(name).n3())))
    if not found:
        raise KgError(f"no entity is named '{name}' in the store (names and aliases are matched whole, any case)")
    return found


def events_of(store: Store, iris: Iterable[str]) -> frozenset[str]:
    """The events among `iris`, and the events of the actions among them (what a query's result points to)."""
    return frozenset(r["event"] for r in query_values(store, EVENTS_OF_ACTIONS_QUERY, list(iris)))


def fetch_view(store: Store, filters: Filters = Filters(), title: str = "kg") -> ViewData:
    """Read the page's data from `store`: the filtered events among the most connected entities, with evidence."""
    style = load_style()
    ancestors = " ".join(f"kg:{f['class']}" for f in style.families)
    families = family_of(records(store.query(CLASSES_QUERY % ancestors)), style.families)
    wanted = filters.entities
    if filters.entity:
        named = entities_named(store, filters.entity)
        wanted = named if wanted is None else wanted & named
    unknown = set(filters.families) - {f["id"] for f in style.families}
    if unknown:
        raise KgError(f"unknown action family '{sorted(unknown)[0]}'; the families are: "
                      + ", ".join(f["id"] for f in style.families))
    edges = keep(to_edges(records(store.query(EVENTS_QUERY)), families), filters, wanted)
    top = style.top_entities if filters.top is None else filters.top
    shown, counts = top_entities(edges, top)
    endpoints = sorted({e.source for e in shown} | {e.target for e in shown})
    kinds = " ".join(f"kg:{k['class']}" for k in style.kinds)
    entities = kind_of(query_values(store, ENTITIES_QUERY, endpoints, kinds), style.kinds)
    report_rows = query_values(store, REPORTS_QUERY, [e.id for e in shown])
    documents = to_documents(query_values(store, DOCUMENTS_QUERY, [r["document"] for r in report_rows]))
    left_out = {"entities": len(counts) - len(endpoints), "events": len(edges) - len(shown), "top": top}
    return ViewData(title, to_nodes(shown, entities), shown, to_reports(report_rows), documents, left_out)


__all__ = ["Filters", "ViewData", "fetch_view", "events_of", "parse_bound", "load_style"]
