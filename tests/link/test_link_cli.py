"""`kg link` on the seeds' store: links are stored per source, annotated, replaced on re-run, and undone."""

import json

import pytest

from tests.link.conftest import DBPEDIA_TTL, WIKIDATA_TTL, invoke

pytestmark = pytest.mark.model
BELFAST = "https://sws.geonames.org/2655984/"


def select(store, sparql):
    out = invoke("query", "--store", str(store), "--format", "json", sparql).output
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(out)["results"]["bindings"]]


def links(store, source):
    return select(store, f"""SELECT ?e ?r ?t ?score ?method ?label ?type ?context WHERE {{
        ?l a kg:Link ; kg:linkSource "{source}" ; kg:linkEntity ?e ; kg:linkRelation ?r ; kg:linkTarget ?t ;
           kg:linkScore ?score ; kg:linkMethod ?method ; kg:matchedLabel ?label .
        OPTIONAL {{ ?l kg:matchedType ?type }} OPTIONAL {{ ?l kg:linkContext ?context }}
        ?e ?r ?t }}""")


def test_geonames_runs_when_no_source_is_named(store_copy):
    output = invoke("link", "--store", str(store_copy)).output
    assert output.startswith("geonames: ")
    found = {r["t"]: r for r in links(store_copy, "geonames")}
    belfast = found[BELFAST]
    assert belfast["e"].endswith("/place/belfast") and belfast["r"].endswith("#sameAs")
    assert belfast["method"] == "geonames-offline" and belfast["label"] == "Belfast" and belfast["type"] == "city"
    assert "Northern Ireland" in belfast["context"] and 0.9 <= float(belfast["score"]) <= 1
    assert "https://sws.geonames.org/6251999/" in found  # Canada
    assert all(not r["e"].split("/")[-2] in ("person", "organization") for r in found.values())


def test_re_running_replaces_and_undo_removes(store_copy):
    invoke("link", "--store", str(store_copy), "geonames")
    first = sorted((r["e"], r["t"]) for r in links(store_copy, "geonames"))
    invoke("link", "--store", str(store_copy))
    assert sorted((r["e"], r["t"]) for r in links(store_copy, "geonames")) == first
    assert len(select(store_copy, "SELECT ?l WHERE { ?l a kg:Link }")) == len(first)
    assert "geonames: " in invoke("link", "--store", str(store_copy), "--list").output
    assert "removed the links from geonames" in invoke("link", "--store", str(store_copy), "--undo", "geonames").output
    assert select(store_copy, "SELECT ?e WHERE { { ?e owl:sameAs ?t } UNION { ?e skos:closeMatch ?t } UNION { ?l a kg:Link } }") == []


def test_undoing_an_unknown_source_is_one_line(store_copy):
    result = invoke("link", "--store", str(store_copy), "--undo", "wikidata", ok=False)
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "no links from 'wikidata'" in result.output


def test_a_local_dataset_in_wikidata_shape(store_copy, tmp_path):
    extract = tmp_path / "wikidata-extract.ttl"
    extract.write_text(WIKIDATA_TTL, encoding="utf-8")
    output = invoke("link", "--store", str(store_copy), "--dataset", str(extract)).output
    assert output.startswith("wikidata-extract: ")
    found = {r["e"].rsplit("/", 2)[-2] + "/" + r["e"].rsplit("/", 1)[-1]: r for r in links(store_copy, "wikidata-extract")}
    wd = "http://www.wikidata.org/entity/"
    assert found["place/canada"]["t"] == wd + "Q16"  # not the person called Canada
    assert found["place/belfast"]["t"] == wd + "Q10686"
    assert found["organization/cloudflare"]["t"] == wd + "Q900002"
    assert found["person/clara-sorrenti"]["t"] == wd + "Q900004"
    assert found["place/us"]["t"] == wd + "Q30" and found["place/us"]["label"] in ("US", "U.S.")
    assert all(r["method"] == "dataset" for r in found.values())


def test_a_local_dataset_in_dbpedia_shape_with_a_chosen_name(store_copy, tmp_path):
    extract = tmp_path / "dbpedia.ttl"
    extract.write_text(DBPEDIA_TTL, encoding="utf-8")
    invoke("link", "--store", str(store_copy), str(extract), "--name", "dbp")
    found = {r["e"]: r["t"] for r in links(store_copy, "dbp")}
    dbr = "http://dbpedia.org/resource/"
    assert {k.rsplit("/", 1)[-1]: v for k, v in found.items() if "/place/" in k}["belfast"] == dbr + "Belfast"
    assert dbr + "Belfast_(band)" not in found.values() and dbr + "Keffals" not in found.values()
    assert {k.rsplit("/", 1)[-1]: v for k, v in found.items() if "/person/" in k}["clara-sorrenti"] == dbr + "Clara_Sorrenti"


def test_a_broken_dataset_is_one_line_naming_the_file(store_copy, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    result = invoke("link", "--store", str(store_copy), "--dataset", str(broken), ok=False)
    assert result.exit_code == 1 and "broken.ttl" in result.output and result.output.count("\n") == 1
    result = invoke("link", "--store", str(store_copy), "--dataset", str(tmp_path / "extract.csv"), ok=False)
    assert "unknown RDF format '.csv'" in result.output
    result = invoke("link", "--store", str(store_copy), "wikipedia", ok=False)
    assert "unknown link source 'wikipedia'" in result.output
