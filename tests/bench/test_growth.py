"""bench/growth.py on the seeds: three disjoint copies give three times the rows, and every backend is timed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from growth import copy_of  # noqa: E402

from kg.store import open_store  # noqa: E402


def test_a_copy_moves_every_resource_and_leaves_the_ontology_out():
    nquads = (b'<https://w3id.org/kgnews/resource/person/ann> <http://www.w3.org/2004/02/skos/core#prefLabel> "Ann" '
              b'<https://w3id.org/kgnews/resource/document/d1> .\n'
              b'<https://w3id.org/kgnews/ontology#Person> <http://www.w3.org/2000/01/rdf-schema#label> "person" '
              b'<https://w3id.org/kgnews/ontology> .\n')
    assert copy_of(nquads, 0) == nquads
    assert copy_of(nquads, 2) == (b'<https://w3id.org/kgnews/resource/copy2/person/ann> '
                                  b'<http://www.w3.org/2004/02/skos/core#prefLabel> "Ann" '
                                  b'<https://w3id.org/kgnews/resource/copy2/document/d1> .\n')


def test_three_copies_answer_three_times_the_rows(seeds_store, tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "growth.py"), str(seeds_store), "--copies", "3",
                           "--scratch", str(tmp_path), "--repeat", "1"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    with open_store(str(seeds_store), read_only=True) as one, open_store(str(tmp_path / "grown"), read_only=True) as three:
        ontology = len(one.query("SELECT * { GRAPH <https://w3id.org/kgnews/ontology> { ?s ?p ?o } }").rows)
        assert len(three) == 3 * (len(one) - ontology) + ontology
    last_table = done.stdout[done.stdout.rindex("| backend |"):]  # the 1x table comes first, then the whole one
    rows = [line.split("|")[1:-1] for line in last_table.splitlines()[2:] if line.startswith("| ")]
    by_backend = {(backend.strip(), name.strip()): (int(small.replace(",", "")), int(large.replace(",", "")))
                  for backend, name, small, large, *_ in rows}
    assert {backend for backend, _ in by_backend} == {"embedded", "kg serve"}
    for (backend, name), (small, large) in by_backend.items():
        # A bound event exists in the first copy only; everything else is found once per copy.
        assert large == (small if name == "reports" else 3 * small), (backend, name)
    assert by_backend[("embedded", "actions")][0] > 0
    assert all(re.match(r" [\d,]+ / [\d,]+", row[4]) and re.match(r" [\d,]+ / [\d,]+", row[5]) for row in rows)
