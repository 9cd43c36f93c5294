"""Reading while a build writes: another process sees the graph before or after each stored batch, never half a
document; a second build is refused (tests/test_crash.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from tiny_corpus import write_corpus

from kg.errors import StoreError
from kg.iri import Minter
from kg.pipeline import build
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

MINTER = Minter(DEFAULT_BASE_IRI)
EARLY, ALL = range(0, 10, 3), range(10)

# A reader in its own process: open the store read-only, check every document graph is whole (typed, named,
# every mention linked to an entity), print the files it saw, again and again until told to stop. Readers see
# only the user's graph: the build state is kept beside it (kg/buildstate.py).
READER = """
import json, sys, time
from pathlib import Path
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

WHOLE = \"\"\"SELECT ?name (COUNT(DISTINCT ?m) AS ?mentions) (COUNT(DISTINCT ?linked) AS ?linked) WHERE {
  GRAPH ?d { ?d a kg:Document ; kg:fileName ?name . OPTIONAL { ?m a kg:Mention . OPTIONAL { ?m kg:refersTo ?e . BIND(?m AS ?linked) } } }
} GROUP BY ?name\"\"\"
while not Path(sys.argv[2]).exists():
    with open_store(sys.argv[1], read_only=True, prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        rows = store.query(WHOLE).rows
        for name, mentions, linked in rows:
            assert int(mentions) == int(linked) > 0, f"{name} is not whole"
        print(json.dumps([store.snapshot is not None, sorted(str(r[0]) for r in rows)]), flush=True)
    time.sleep(0.05)  # a pause without the store open, in which a build can take it
"""


def open_for_writing(store_path):
    """Open the store for a build, trying again while the reader has it open (readers keep writers out)."""
    for _ in range(200):
        try:
            return open_store(str(store_path), prefixes=prefixes_with_base(DEFAULT_BASE_IRI))
        except StoreError:
            time.sleep(0.01)
    raise AssertionError("the reader never let the build start")


def test_queries_during_a_build_see_whole_stored_batches(tmp_path, nlp, rules, monkeypatch):
    docs = write_corpus(tmp_path / "docs", EARLY)
    store_path = tmp_path / "store"
    with open_store(str(store_path), prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        build([docs], store, nlp, rules, MINTER, validate=False)
    write_corpus(docs, ALL)
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(store_path), str(stop)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert json.loads(reader.stdout.readline())[1]  # it has read the store once before the build starts
        monkeypatch.setattr("kg.pipeline.LOAD_BATCH_BYTES", 1)  # every document is a batch of its own
        with open_for_writing(store_path) as store:
            build([docs], store, nlp, rules, MINTER, batch_size=1, validate=False,
                  on_document=lambda _: time.sleep(0.4))  # slow enough for the reader to look between batches
        time.sleep(1.0)  # a read or two of the finished store
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err[-3000:]
    reads = [json.loads(line) for line in out.splitlines()]
    during = [len(paths) for from_snapshot, paths in reads if from_snapshot]
    early, every = {f"doc{i:03d}.txt" for i in EARLY}, {f"doc{i:03d}.txt" for i in ALL}
    assert all(early <= set(paths) <= every for _, paths in reads)
    counts = [len(paths) for _, paths in reads]
    assert counts == sorted(counts), "a reader saw documents disappear"
    assert len(during) >= 3 and any(len(EARLY) < n < len(ALL) for n in during), during
    assert counts[-1] == len(ALL) and not reads[-1][0]  # after the build: the store itself, complete
    # Snapshots go when the build ends, except one a reader still held, which the next writer deletes.
    assert not (store_path / ".snapshots" / "latest").exists()
    open_for_writing(store_path).close()
    assert not any((store_path / ".snapshots").iterdir())
