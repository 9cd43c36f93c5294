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


def test_no_copies_times_the_named_queries_on_the_store_itself(seeds_store, tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "growth.py"), str(seeds_store), "--copies", "0",
                           "--scratch", str(tmp_path), "--repeat", "2", "--queries", "timeline,who-acted-against-whom"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "grown").exists()
    rows = [line.split("|")[1:-1] for line in done.stdout.splitlines() if line.startswith("| ") and "backend" not in line]
    assert sorted((backend.strip(), name.strip()) for backend, name, *_ in rows) == [
        ("embedded", "timeline"), ("embedded", "who-acted-against-whom"),
        ("kg serve", "timeline"), ("kg serve", "who-acted-against-whom")]
    assert all(int(row[2].replace(",", "")) > 0 and re.match(r" [\d,.]+ / [\d,.]+", row[3]) for row in rows)
    assert all(", CPU " in row[3] for row in rows if row[0].strip() == "embedded")
    assert re.search(r"load average [\d.]+ at the end", done.stdout)


def test_an_unknown_query_name_is_one_line(seeds_store, tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "growth.py"), str(seeds_store), "--scratch",
                           str(tmp_path), "--queries", "timeline,nonesuch"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.strip() == "growth.py: no canned query named nonesuch"
