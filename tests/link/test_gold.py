"""The link gold list is well formed and points at things that exist (the scoring itself is bench/eval_link.py)."""

import csv
from pathlib import Path

from kg.link.dataset import DatasetIndex
from kg.link.geonames import geonames_index

GOLD = Path(__file__).resolve().parents[2] / "bench" / "gold"


def rows():
    lines = [line for line in (GOLD / "links.tsv").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_every_gold_target_exists_in_its_source():
    dataset = DatasetIndex(GOLD / "handmade-wikidata.ttl")
    in_dataset = {c.iri for cs in dataset.by_name.values() for c in cs}
    in_geonames = {c.iri for cs in geonames_index().by_name.values() for c in cs}
    gold = rows()
    assert len({(r["corpus"], r["entity"]) for r in gold}) == len(gold) > 400
    for r in gold:
        assert r["source"] in ("geonames", "handmade-wikidata"), r
        if r["target"] != "NIL":
            assert r["target"] in (in_geonames if r["source"] == "geonames" else in_dataset), r
