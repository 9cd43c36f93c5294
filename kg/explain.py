"""What kg extracts from one document, as plain data for `kg extract` (nothing is stored)."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from kg.ingest import read_article, read_manifest
from kg.model import Action, Mention, TimeValue
from kg.nlp.extract import extract_articles
from kg.nlp.rules import Rules
from kg.resolve import resolve

log = logging.getLogger(__name__)


def _mention(m: Mention | None) -> dict[str, Any] | None:
    return None if m is None else {"text": m.text, "start": m.start, "end": m.end}


def _time(t: TimeValue) -> dict[str, Any]:
    """A time expression: kg's calendar value and the TimeML reading (attributes it has only)."""
    timeml = {"mod": t.mod, "begin_point": t.begin_point, "end_point": t.end_point, "freq": t.freq, "quant": t.quant}
    return {"text": t.text, "start": t.start, "end": t.end, "type": t.timex_type, "timex": t.timex,
            "value": t.value, "granularity": t.granularity, **{k: v for k, v in timeml.items() if v is not None}}


def _action(a: Action, entity_of: dict) -> dict[str, Any]:
    def who(m: Mention | None):
        return None if m is None else {**_mention(m), "entity": entity_of.get(m.key)}

    return {
        "trigger": a.trigger,
        "class": a.action_class,
        "agent": who(a.agent),
        "target": who(a.target),
        "recipient": who(a.recipient),
        "lemma": a.lemma,
        "time": None if a.time is None else _time(a.time),
        "place": who(a.place),
        "negated": a.negated,
        "modality": a.modality.value,
        "reported_by": who(a.reported_by),
        "reported_in": a.reported_in,
        "span": [a.start, a.end],
        "sentence": a.sentence,
        "evidence": a.evidence,
    }


def explain_document(path: Path, nlp, rules: Rules, published: date | None = None) -> dict[str, Any]:
    """Parse and extract one document; resolve its entities within the document only."""
    manifest, problems = read_manifest(path.parent)
    for problem in problems:
        log.warning("%s", problem.reason)
    meta = manifest.get(path.name)
    article = read_article(path, meta, published)
    [ex] = extract_articles(nlp, [article], rules)
    resolution = resolve([ex], rules.company_suffixes, rules.short_names)
    return {
        "document": {"path": article.path, "id": article.id, "published": article.published and article.published.isoformat()},
        "entities": [
            {
                "entity": e.key,
                "type": e.kind.value,
                "subtypes": list(e.descriptors),
                "label": e.pref_label,
                "labels": list(e.labels),
                "merges": [{"name": m.name, "rule": m.rule, "evidence": m.evidence} for m in e.merges],
                "mentions": [_mention(m) for m in e.mentions],
            }
            for e in resolution.entities
        ],
        "actions": [_action(a, resolution.entity_of) for a in ex.actions],
        "times": [_time(t) for t in ex.times],
    }


def render_text(report: dict[str, Any]) -> str:
    """A readable summary of explain_document's output."""
    doc = report["document"]
    lines = [f"{doc['path']}  (published {doc['published'] or 'unknown'})", "", "Entities:"]
    for e in report["entities"]:
        spans = ", ".join(f"{m['start']}-{m['end']}" for m in e["mentions"][:6])
        more = f" +{len(e['mentions']) - 6}" if len(e["mentions"]) > 6 else ""
        names = " / ".join(e["labels"])
        lines.append(f"  {e['type']:<12} {e['label']:<28} names: {names}  mentions: {spans}{more}")
    lines += ["", "Actions:"]
    for a in report["actions"]:
        agent = a["agent"]["text"] if a["agent"] else "?"
        target = a["target"]["text"] if a["target"] else "-"
        when = (a["time"]["timex"] or "") if a["time"] else ""
        flags = " ".join(f for f in ("NEGATED" if a["negated"] else "", a["modality"] if a["modality"] != "Asserted" else "") if f)
        place = f" in {a['place']['text']}" if a["place"] else ""
        recipient = f" (to {a['recipient']['text']})" if a["recipient"] else ""
        lines.append(f"  [{a['class']}] {agent} --{a['trigger']}--> {target}{recipient} {when}{place} {flags}".rstrip())
        lines.append(f"      “{a['evidence'][:160]}”")
    lines += ["", "Times:"]
    lines += [f"  {t['text']!r:32} {t['type']:<8} {t['timex'] or '(no value)'}{_attributes(t)}" for t in report["times"]]
    return "\n".join(lines)


def _attributes(time: dict[str, Any]) -> str:
    """The TIMEX3 attributes beside the value, as TimeML names them."""
    names = {"mod": "mod", "begin_point": "beginPoint", "end_point": "endPoint", "freq": "freq", "quant": "quant"}
    found = [f"{label}={time[key]}" for key, label in names.items() if key in time]
    return f"  ({', '.join(found)})" if found else ""
