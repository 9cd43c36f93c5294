"""Which ECB+ gold action triggers kg finds an action at, by the part of speech of the trigger's head and by
whether a named entity hangs off it: why kg's own mentions score low in bench/eval_events.py.

    python bench/ecb_missed_triggers.py [--corpus PATH] [--topics 1-6]

A trigger "has an entity argument" when a token tagged PERSON, ORG, GPE, NORP, LOC or FAC depends on its head or
on a dependent of its head (a rough reading of "a named participant"; kg's actions need one). Develop on topics
1-35 only (bench/eval_events.py). Topics 1-6 take about 20 CPU seconds.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import eval_events as E  # noqa: E402

NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})


def kind_of(head) -> tuple[str, str]:
    pos = "verb" if head.pos_ in ("VERB", "AUX") else "noun" if head.pos_ in ("NOUN", "PROPN") else "other"
    named = any(t.ent_type_ in NAMED for t in head.subtree if t.i != head.i and head.i in (t.head.i, t.head.head.i))
    return pos, "entity argument" if named else "no entity argument"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/ecbplus")
    parser.add_argument("--topics", default="1-6")
    args = parser.parse_args(argv)
    if not (args.corpus / "ECB+").is_dir():
        sys.exit(f"no ECB+ corpus at {args.corpus}; pass --corpus PATH to the ecbplus folder")
    from kg.model import Article
    from kg.nlp import load_pipeline
    from kg.nlp.extract import extract_doc, parse_pieces
    from kg.nlp.rules import load_rules

    docs = E.load_corpus(args.corpus, E.topic_range(args.topics))
    nlp, rules = load_pipeline(E.MODEL), load_rules()
    by_name = {d.name: d for d in docs}
    counts: Counter = Counter()
    for spacy_doc, article in parse_pieces(nlp, (Article(d.name, d.name, d.text) for d in docs)):
        doc = by_name[article.id]
        actions = extract_doc(spacy_doc, article, rules).actions
        found = {g.key for g in E.align(doc, [(a.start, a.end) for a in actions], E.actions_of(doc)).values()}
        for g in E.actions_of(doc):
            span = spacy_doc.char_span(*E.gold_span(doc, g), alignment_mode="expand")
            if span is not None:
                counts[("found" if g.key in found else "missed",) + kind_of(span.root)] += 1
    total = sum(counts.values())
    print(f"ECB+ topics {args.topics}: {total} gold action triggers with a parsed head")
    for key, n in sorted(counts.items()):
        print(f"  {' / '.join(key):<44}{n:6d}  {n / max(total, 1):.3f}")


if __name__ == "__main__":
    main()
