"""Score the dates kg gives events (kg:event / kg:date) against gold TLINKs on news: MEANTIME and TimeBank.

Gold: an event mention has a date when a TLINK ties it to a time expression with a calendar value (DATE or TIME
type, no X, not PRESENT_REF; a time of day is cut to its day), the document creation time included, by a relation
that puts the event inside that time: event IS_INCLUDED time, time INCLUDES event, SIMULTANEOUS, DURING,
DURING_INV or IDENTITY in either direction (TempEval-3 scores DURING and IDENTITY as SIMULTANEOUS). BEFORE, AFTER,
BEGINS, ENDS, an event that INCLUDES a time, ... bound the event without fixing its date and are not used. An event
with several such links takes the finest time (day, then week, month, quarter, year). Gold granularities scored:
day, week, month, quarter, year; a value of another shape (1998-SU, 199X) gives no gold date.

kg: each corpus half is written as .txt files with a manifest.yaml giving each document's creation time as its
publication date, built with kg's real pipeline (kg.pipeline.build) into an in-memory Oxigraph store, and each
action's event date is read from the store (?action kg:event ?event . ?event kg:date ?date), with the basis of the
action's own date (?action kg:dateBasis: stated, propagated or inferred).

Alignment: a kg action and a gold event align when kg's trigger overlaps the gold event's extent (one-to-one,
largest overlap first). Scored: of kg's actions aligned to a gold event that has a date, the share whose kg
date equals the gold date *at the gold date's granularity*: kg's date, cut to the gold granularity (a day to its
ISO week, month, quarter or year), must equal the gold value; a kg date coarser than the gold one ("2008" for
2008-03-01) is wrong, and so is an action without a kg:date (kg gives weeks no kg:date).

Halves: MEANTIME airbus (development) and stock; TimeBank (TBAQ-cleaned) AQUAINT (development) and TimeBank.
Each half is one build (its documents are resolved, and their actions grouped into events, together).

Prototypes of changes to kg/events.py rerun kg.events.resolve_events on the reports the built store holds (the
first row reproduces the store's figures): without cross-document merges, and with an undated past report bounded
below as well as above (it happened at most N days before publication; kg.events leaves it unbounded below, so
undated reports published years apart can be one event). On MEANTIME each row also counts cross-document pairs of
kg actions that lie on gold event mentions with a cross-document instance (intra_cross-doc_annotation): pairs kg
joins rightly, wrongly, and pairs gold joins that kg keeps apart.

    python bench/eval_event_dates.py [--meantime PATH] [--tempeval PATH] [--halves airbus,stock,AQUAINT,TimeBank]
                                     [--limit N] [--errors N]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_coref import MODEL, detokenize  # noqa: E402
from eval_time import day_of, text_and_spans  # noqa: E402

# (relation, the time is the link's source): the event lies inside the time
INSIDE = {("IS_INCLUDED", False), ("INCLUDES", True)} | {
    (rel, source) for rel in ("SIMULTANEOUS", "DURING", "DURING_INV", "IDENTITY") for source in (True, False)}
GRANULARITIES = ("day", "week", "month", "quarter", "year")  # finest first
_SHAPES = {
    "day": re.compile(r"^\d{4}-\d\d-\d\d$"),
    "week": re.compile(r"^\d{4}-W\d\d$"),
    "month": re.compile(r"^\d{4}-\d\d$"),
    "quarter": re.compile(r"^\d{4}-Q[1-4]$"),
    "year": re.compile(r"^\d{4}$"),
}
OUTCOMES = ("right", "wrong", "too coarse", "no kg date")
WINDOWS = (3, 7, 30, 36500)  # undated reports of one event published at most this many days apart
_KG_GRANULARITY = {"date": "day", "gYearMonth": "month", "gYear": "year"}


_COMPARED_TYPES = ("DATE", "TIME")


def comparable(timex: ET.Element) -> str | None:
    """A gold DATE or TIME value cut to its calendar part, as eval_time.day_of writes it; None for other types."""
    return day_of(timex.get("value")) if timex.get("type") in _COMPARED_TYPES else None


def is_calendar(value: str | None) -> bool:
    """A fully specified calendar position (not PRESENT_REF, not "1989-WXX", not a duration)."""
    return bool(value) and not value.endswith("_REF") and "X" not in value and not value.startswith("P")


@dataclass(frozen=True)
class GoldEvent:
    eid: str
    start: int
    end: int
    text: str
    value: str | None  # gold date, or None when no link fixes one
    granularity: str | None


@dataclass(frozen=True)
class Document:
    name: str
    half: str
    text: str
    published: date
    events: tuple[GoldEvent, ...]
    instances: tuple[tuple[int, int, str], ...] = ()  # MEANTIME: (start, end, cross-document event instance)


def granularity(value: str | None) -> str | None:
    """'2008-03' -> 'month'; None for a value kg's dates cannot be compared with.

    >>> granularity("1998-Q3"), granularity("1998-SU")
    ('quarter', None)
    """
    if value is None:
        return None
    return next((name for name, shape in _SHAPES.items() if shape.match(value)), None)


def calendar_value(timex: ET.Element) -> str | None:
    """A TIMEX3's value when it is a calendar position kg could give (see the module docstring)."""
    value = comparable(timex)
    return value if is_calendar(value) and granularity(value) else None


def dates_of(links: list[tuple[str, str, str]], times: dict[str, str]) -> dict[str, str]:
    """Event id -> its finest gold date from (relation, source id, target id) links; `times`: time id -> value."""
    found: dict[str, list[str]] = defaultdict(list)
    for relation, source, target in links:
        if source in times and target not in times and (relation, True) in INSIDE:
            found[target].append(times[source])
        elif target in times and source not in times and (relation, False) in INSIDE:
            found[source].append(times[target])
    return {event: min(values, key=lambda v: (GRANULARITIES.index(granularity(v)), v))
            for event, values in found.items()}


def gold_event(eid: str, start: int, end: int, text: str, dates: dict[str, str]) -> GoldEvent:
    value = dates.get(eid)
    return GoldEvent(eid, start, end, text, value, granularity(value))


# reading the corpora
def load_timeml(path: Path, half: str) -> Document:
    """One TempEval-3 .tml file: the text of <TEXT>, its EVENTs (by event instance) and their gold dates."""
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3")
    text, found = text_and_spans(root.find("TEXT"), "EVENT")
    spans = {element.get("eid"): (start, end) for element, start, end in found}
    times = {t.get("tid"): v for t in root.iter("TIMEX3") if (v := calendar_value(t))}
    event_of = {i.get("eiid"): i.get("eventID") for i in root.iter("MAKEINSTANCE")}
    links = []
    for link in root.iter("TLINK"):
        source = link.get("timeID") or event_of.get(link.get("eventInstanceID"))
        target = link.get("relatedToTime") or event_of.get(link.get("relatedToEventInstance"))
        links.append((link.get("relType"), source, target))
    dates = dates_of(links, times)
    events = tuple(gold_event(eid, s, e, text[s:e], dates) for eid, (s, e) in spans.items())
    return Document(path.stem, half, text, date.fromisoformat(dct.get("value")[:10]), events)


def load_meantime(path: Path, half: str) -> Document:
    """One MEANTIME CAT file: text rebuilt from its tokens, EVENT_MENTIONs and their gold dates."""
    root = ET.parse(path).getroot()
    tokens = [(int(t.get("t_id")), int(t.get("sentence")), t.text or "") for t in root.iter("token")]
    text, token_spans = detokenize(tokens)
    markables = root.find("Markables")
    times = {t.get("m_id"): v for t in markables.iter("TIMEX3") if (v := calendar_value(t))}
    sentence_of = {t_id: sentence for t_id, sentence, _ in tokens}
    creation = creation_time(markables, sentence_of)
    if creation is None:
        sys.exit(f"{path}: no creation time and no dated sentence 1")
    links = [(link.get("reltype"), link.find("source").get("m_id"), link.find("target").get("m_id"))
             for link in root.iter("TLINK")]
    dates = dates_of(links, times)
    events = []
    for mention in markables.iter("EVENT_MENTION"):
        anchors = [int(a.get("t_id")) for a in mention.iter("token_anchor")]
        if anchors:
            start, end = token_spans[min(anchors)][0], token_spans[max(anchors)][1]
            events.append(gold_event(mention.get("m_id"), start, end, text[start:end], dates))
    cross = path.parents[2] / "intra_cross-doc_annotation" / path.parent.name / path.name
    instances = event_instances(cross, token_spans) if cross.is_file() else ()
    return Document(path.stem, half, text, date.fromisoformat(creation[:10]), tuple(events), instances)


def creation_time(markables: ET.Element, sentence_of: dict[int, int]) -> str | None:
    """The creation time's value; two files mark none but date their dateline (sentence 1), which stands for it."""
    timexes = list(markables.iter("TIMEX3"))
    for t in timexes:
        if t.get("functionInDocument") == "CREATION_TIME":
            return t.get("value")
    for t in timexes:
        sentences = {sentence_of.get(int(a.get("t_id"))) for a in t.iter("token_anchor")}
        if granularity(t.get("value")) == "day" and sentences == {1}:
            return t.get("value")
    return None


def event_instances(path: Path, token_spans: dict[int, tuple[int, int]]) -> tuple[tuple[int, int, str], ...]:
    """MEANTIME's cross-document layer (same tokens): each event mention that REFERS_TO an event instance."""
    root = ET.parse(path).getroot()
    instance = {m.get("m_id"): m.get("instance_id") for m in root.iter("EVENT") if m.get("instance_id")}
    mentions = {m.get("m_id"): [int(a.get("t_id")) for a in m.iter("token_anchor")] for m in root.iter("EVENT_MENTION")}
    found = []
    for link in root.iter("REFERS_TO"):
        target = instance.get(link.find("target").get("m_id"))
        for source in link.iter("source"):
            anchors = mentions.get(source.get("m_id"))
            if target and anchors:
                found.append((token_spans[min(anchors)][0], token_spans[max(anchors)][1], target))
    return tuple(sorted(set(found)))


def load_halves(meantime: Path, tempeval: Path, halves: list[str], limit: int | None) -> dict[str, list[Document]]:
    found = {}
    for half in halves:
        if half in ("airbus", "stock"):
            paths = sorted((meantime / "intra-doc_annotation" / f"corpus_{half}").glob("*.xml"))
            loader = load_meantime
        elif half in ("AQUAINT", "TimeBank"):
            paths = sorted((tempeval / "TBAQ-cleaned" / half).glob("*.tml"))
            loader = load_timeml
        else:
            sys.exit(f"unknown half '{half}'; choose from airbus, stock, AQUAINT, TimeBank")
        if not paths:
            sys.exit(f"no {half} documents under {meantime if half in ('airbus', 'stock') else tempeval};"
                     " pass --meantime PATH or --tempeval PATH")
        found[half] = [loader(path, half) for path in paths[:limit]]
    return found


# running kg
@dataclass(frozen=True)
class KgAction:
    start: int
    end: int
    trigger: str
    value: str | None  # kg:date of its event
    granularity: str | None
    basis: str | None  # kg:dateBasis of the action
    event: str | None = None  # the event it reports


def write_inputs(folder: Path, docs: list[Document]) -> dict[str, Path]:
    """Each document as a .txt file, its creation time in manifest.yaml; document name -> file."""
    import yaml

    files = {}
    for n, doc in enumerate(docs):
        files[doc.name] = folder / f"{n:04d}.txt"
        files[doc.name].write_text(doc.text, encoding="utf-8")
    manifest = {"documents": [{"file": files[d.name].name, "published": d.published.isoformat()} for d in docs]}
    (folder / "manifest.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    return files


ACTIONS_QUERY = """SELECT ?action ?trigger ?date ?basis ?event WHERE {{
  GRAPH ?doc {{ ?action <{kg}trigger> ?trigger }}
  OPTIONAL {{ GRAPH ?events {{ ?action <{kg}event> ?event ; <{kg}dateBasis> ?basis
                               OPTIONAL {{ ?event <{kg}date> ?date }} }} }}
}}"""


def run_kg(docs: list[Document], nlp, rules) -> tuple[dict[str, list[KgAction]], dict[str, list[KgAction]]]:
    """Build `docs` with kg's pipeline into an in-memory store. Returns document name -> its actions with the
    dates the store gives them, and the reports the store's summaries give, as kg.events sees them
    (document name -> [(Report, trigger end)]) for the prototypes."""
    from kg.ingest import iter_articles
    from kg.iri import Minter
    from kg.model import Article
    from kg.buildstate import open_state
    from kg.pipeline import build, load_states
    from kg.ontology import family
    from kg.resolve import resolve
    from kg.store import open_store
    from kg.vocab import DEFAULT_BASE_IRI, KG, prefixes_with_base

    minter = Minter(DEFAULT_BASE_IRI)
    with tempfile.TemporaryDirectory() as tmp:
        files = write_inputs(Path(tmp), docs)
        by_file = {path: d for d in docs for path in [files[d.name]]}
        name_of = {}
        for article in iter_articles([Path(tmp)]):
            if isinstance(article, Article):
                doc = by_file[Path(article.path)]
                if article.text != doc.text:
                    sys.exit(f"{doc.name}: kg read a different text than was written (offsets would not align)")
                name_of[article.id] = doc.name
        store = open_store("memory:", prefixes=prefixes_with_base(DEFAULT_BASE_IRI))
        report = build([Path(tmp)], store, nlp, rules, minter, jobs=1, validate=False)
        if report.failed:
            sys.exit(f"kg could not build: {report.failed[0]}")
        rows = store.query(ACTIONS_QUERY.format(kg=KG)).rows
        states = load_states(open_state(store, minter))
    actions: dict[str, list[KgAction]] = defaultdict(list)
    prefix = str(minter.action("", 0))[: -len("-0")]
    for action, trigger, value, basis, event in rows:
        doc_id, _, start = str(action)[len(prefix):].rpartition("-")
        kind = str(value.datatype).rsplit("#", 1)[-1] if value is not None and value.datatype else None
        actions[name_of[doc_id]].append(KgAction(int(start), int(start) + len(str(trigger)), str(trigger),
                                                 str(value) if value is not None else None,
                                                 _KG_GRANULARITY.get(kind or ""), str(basis) if basis else None,
                                                 str(event) if event else None))
    resolution = resolve([s.as_extraction() for s in states.values()], rules.company_suffixes, rules.short_names)
    speech = family("CommunicativeAction")
    reports = {name_of[doc_id]: s.reports(resolution, speech) for doc_id, s in states.items()}
    return actions, reports


# prototypes of changes to kg/events.py, run on the reports of the built store
def dated_actions(events, name_of: dict[str, str]) -> dict[str, list[KgAction]]:
    """Document name -> its actions with the dates `events` (kg.events.Event) give them, as kg:date would
    (date_literal: a week gets none)."""
    from kg.mapping import date_literal

    actions: dict[str, list[KgAction]] = defaultdict(list)
    for event in events:
        dated = date_literal(event.date_value, event.granularity) is not None
        for r in event.reports:
            actions[name_of[r.doc_id]].append(KgAction(r.start, r.start + len(r.trigger), r.trigger,
                                                       event.date_value if dated else None,
                                                       event.granularity if dated else None,
                                                       event.report_basis[r.key], str(event.key)))
    return actions


def variants(reports: dict[str, list]) -> dict[str, dict[str, list[KgAction]]]:
    from kg.events import load_event_rules, resolve_events

    name_of = {r.doc_id: name for name, rs in reports.items() for r in rs}
    every = [r for rs in reports.values() for r in rs]
    rules = load_event_rules()
    found = {"library, as built": dated_actions(resolve_events(every, rules=rules), name_of),
             "no cross-document merges": dated_actions(
                 [e for rs in reports.values() for e in resolve_events(rs, rules=rules)], name_of)}
    for days in WINDOWS:
        found[f"undated: published within {days} days"] = dated_actions(
            resolve_events(every, rules=replace(rules, undated_days=days)), name_of)
    return found


def align(actions: list[KgAction], events: tuple[GoldEvent, ...]) -> list[tuple[KgAction, GoldEvent]]:
    """(kg action, gold event) pairs whose extents overlap, one-to-one, largest overlap first."""
    candidates = sorted(((-(min(a.end, g.end) - max(a.start, g.start)), n, m)
                         for n, a in enumerate(actions) for m, g in enumerate(events)
                         if a.start < g.end and g.start < a.end))
    used_a, used_g, pairs = set(), set(), []
    for _, n, m in candidates:
        if n not in used_a and m not in used_g:
            used_a.add(n)
            used_g.add(m)
            pairs.append((actions[n], events[m]))
    return pairs


# scoring
def same_date(kg_value: str | None, kg_granularity: str | None, gold_value: str, gold_granularity: str) -> bool:
    """kg's date cut to the gold granularity equals the gold date; a coarser kg date never does.

    >>> same_date("2008-03-01", "day", "2008-W09", "week"), same_date("2008", "year", "2008-03", "month")
    (True, False)
    """
    if kg_value is None or kg_granularity not in GRANULARITIES:
        return False
    if GRANULARITIES.index(kg_granularity) > GRANULARITIES.index(gold_granularity):
        return False
    if kg_granularity == "week":
        return gold_granularity == "week" and kg_value == gold_value
    if gold_granularity == "day":
        return kg_value == gold_value
    if gold_granularity == "week":
        year, week, _ = date.fromisoformat(kg_value).isocalendar()
        return f"{year}-W{week:02d}" == gold_value
    if gold_granularity == "month":
        return kg_value[:7] == gold_value
    if gold_granularity == "quarter":
        return f"{kg_value[:4]}-Q{(int(kg_value[5:7]) + 2) // 3}" == gold_value
    return kg_value[:4] == gold_value


def outcome(action: KgAction, gold: GoldEvent) -> str:
    if action.value is None:
        return "no kg date"
    if same_date(action.value, action.granularity, gold.value, gold.granularity):  # type: ignore[arg-type]
        return "right"
    coarser = GRANULARITIES.index(action.granularity) > GRANULARITIES.index(gold.granularity)  # type: ignore[arg-type]
    return "too coarse" if coarser else "wrong"


def score(docs: list[Document], actions: dict[str, list[KgAction]], errors: list[str]) -> Counter:
    """Counts per (basis, outcome) over kg actions aligned to dated gold events, plus coverage counts."""
    c = Counter()
    for doc in docs:
        c["gold events"] += len(doc.events)
        c["gold events with a date"] += sum(g.value is not None for g in doc.events)
        c["kg actions"] += len(actions.get(doc.name, ()))
        pairs = align(actions.get(doc.name, []), doc.events)
        c["aligned"] += len(pairs)
        for action, gold in pairs:
            if gold.value is None:
                continue
            result = outcome(action, gold)
            c[("all", result)] += 1
            c[(action.basis or "no basis", result)] += 1
            if result != "right":
                errors.append(f"{doc.half}\t{doc.name}\t{gold.text!r}\tgold {gold.value}\tkg {action.value}"
                              f" ({action.basis})\t{result}")
    return c


def cross_document_pairs(docs: list[Document], actions: dict[str, list[KgAction]]) -> Counter:
    """Pairs of kg actions in different documents, both on a MEANTIME event mention that has a cross-document
    instance: right (kg's event and gold's instance both join them), wrong (kg joins, gold does not), missed."""
    linked = []
    for doc in docs:
        golds = tuple(GoldEvent(instance, start, end, "", None, None) for start, end, instance in doc.instances)
        linked += [(doc.name, action.event, gold.eid) for action, gold in align(actions.get(doc.name, []), golds)]
    c = Counter()
    for n, (doc_a, event_a, gold_a) in enumerate(linked):
        for doc_b, event_b, gold_b in linked[n + 1:]:
            joined, same = event_a == event_b, gold_a == gold_b
            if doc_a != doc_b and (joined or same):
                c["right" if joined and same else "wrong" if joined else "missed"] += 1
    return c


def accuracy(c: Counter) -> float:
    return c[("all", "right")] / max(sum(c[("all", o)] for o in OUTCOMES), 1)


def print_table(results: dict[str, Counter]) -> None:
    outcomes = OUTCOMES
    print(f"  {'half':<10}{'basis':<12}{'scored':>7}" + "".join(f"{o:>12}" for o in outcomes) + f"{'accuracy':>10}")
    for half, c in results.items():
        for basis in ("all", "stated", "propagated", "inferred", "no basis"):
            n = sum(c[(basis, o)] for o in outcomes)
            if n or basis == "all":
                cells = "".join(f"{c[(basis, o)]:>12}" for o in outcomes)
                print(f"  {half:<10}{basis:<12}{n:>7}{cells}{c[(basis, 'right')] / max(n, 1):>10.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meantime", type=Path, default=ROOT.parent / "shared/corpus/meantime-dev")
    parser.add_argument("--tempeval", type=Path, default=ROOT.parent / "shared/corpus/tempeval3")
    parser.add_argument("--halves", default="airbus,stock,AQUAINT,TimeBank")
    parser.add_argument("--limit", type=int, default=None, help="at most N documents per half")
    parser.add_argument("--errors", type=int, default=0, help="print N misdated actions")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    halves = load_halves(args.meantime, args.tempeval, [h.strip() for h in args.halves.split(",") if h.strip()],
                         args.limit)
    from kg.nlp import load_pipeline
    from kg.nlp.rules import load_rules

    nlp, rules = load_pipeline(MODEL), load_rules()
    results, errors, prototypes, pairs = {}, [], defaultdict(dict), defaultdict(dict)
    for half, docs in halves.items():
        actions, reports = run_kg(docs, nlp, rules)
        results[half] = score(docs, actions, errors)
        for name, dated in variants(reports).items():
            prototypes[name][half] = score(docs, dated, [])
            pairs[name][half] = cross_document_pairs(docs, dated)
    print("Event dates: kg actions aligned to gold events that a TLINK dates (relations and rule: see --help)")
    for half, c in results.items():
        print(f"  {half}: {len(halves[half])} documents, {c['gold events']} gold events ({c['gold events with a date']}"
              f" dated), {c['kg actions']} kg actions, {c['aligned']} aligned to a gold event")
    print()
    print_table(results)
    print("\nPrototypes (kg.events rerun on the store's reports): date accuracy per half, all bases; and on MEANTIME,"
          "\ncross-document pairs of kg actions on gold event mentions with a cross-document instance:"
          " right/wrong/missed merges")
    meantime = [h for h in results if any(d.instances for d in halves[h])]
    print(f"  {'setting':<36}" + "".join(f"{half:>10}" for half in results)
          + "".join(f"{h + ' pairs':>18}" for h in meantime))
    for name, by_half in prototypes.items():
        counts = (pairs[name][h] for h in meantime)
        merges = "".join(f"{c['right']}/{c['wrong']}/{c['missed']}".rjust(18) for c in counts)
        print(f"  {name:<36}" + "".join(f"{accuracy(c):>10.3f}" for c in by_half.values()) + merges)
    print(f"\nTook {time.perf_counter() - started:.1f} s")
    if args.errors:
        print("\n" + "\n".join(errors[: args.errors]))


if __name__ == "__main__":
    main()
