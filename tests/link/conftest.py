"""Link-test fixtures: a writable copy of the seeds' store, and real Oxigraph SPARQL servers on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

OXIGRAPH = str(Path(sys.executable).parent / "oxigraph")

WIKIDATA_TTL = """
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .

# Classes as Wikidata has them (subclass chains shortened).
wd:Q5 rdfs:label "human"@en .
wd:Q6256 rdfs:label "country"@en ; wdt:P279 wd:Q2221906 .
wd:Q515 rdfs:label "city"@en ; wdt:P279 wd:Q2221906 .
wd:Q35657 rdfs:label "state of the United States"@en ; wdt:P279 wd:Q2221906 .
wd:Q4830453 rdfs:label "business"@en ; wdt:P279 wd:Q43229 .

wd:Q16 rdfs:label "Canada"@en ; wdt:P31 wd:Q6256 ; schema:description "country in North America"@en .
wd:Q30 rdfs:label "United States of America"@en ; skos:altLabel "US"@en, "U.S."@en, "USA"@en ; wdt:P31 wd:Q6256 .
wd:Q145 rdfs:label "United Kingdom"@en ; skos:altLabel "UK"@en ; wdt:P31 wd:Q6256 .
wd:Q26 rdfs:label "Northern Ireland"@en ; wdt:P31 wd:Q6256 ; wdt:P17 wd:Q145 .
wd:Q10686 rdfs:label "Belfast"@en ; wdt:P31 wd:Q515 ; wdt:P17 wd:Q145 ; wdt:P1082 "345418" .
wd:Q1439 rdfs:label "Texas"@en ; wdt:P31 wd:Q35657 ; wdt:P17 wd:Q30 .
wd:Q900001 rdfs:label "Canada"@en ; wdt:P31 wd:Q5 ; schema:description "a person who happens to be called Canada"@en .
wd:Q900002 rdfs:label "Cloudflare"@en ; wdt:P31 wd:Q4830453 ; schema:description "American web infrastructure company"@en .
wd:Q900003 rdfs:label "Matthew Prince"@en ; wdt:P31 wd:Q5 ; schema:description "co-founder of Cloudflare"@en .
wd:Q900004 rdfs:label "Clara Sorrenti"@en ; skos:altLabel "Keffals"@en ; wdt:P31 wd:Q5 .
"""

DBPEDIA_TTL = """
@prefix dbr: <http://dbpedia.org/resource/> .
@prefix dbo: <http://dbpedia.org/ontology/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

dbo:City rdfs:subClassOf dbo:Settlement . dbo:Settlement rdfs:subClassOf dbo:PopulatedPlace .
dbo:PopulatedPlace rdfs:subClassOf dbo:Place . dbo:Country rdfs:subClassOf dbo:PopulatedPlace .
dbo:Company rdfs:subClassOf dbo:Organisation .

dbr:Canada a dbo:Country, dbo:PopulatedPlace, dbo:Place ; rdfs:label "Canada"@en .
dbr:United_Kingdom a dbo:Country, dbo:Place ; rdfs:label "United Kingdom"@en .
dbr:Belfast a dbo:City, dbo:Place ; rdfs:label "Belfast"@en ; dbo:country dbr:United_Kingdom ;
    dbo:populationTotal 345418 ; rdfs:comment "Belfast is the capital city of Northern Ireland."@en .
dbr:Belfast_\\(band\\) a dbo:Organisation ; rdfs:label "Belfast"@en .
dbr:Cloudflare a dbo:Company, dbo:Organisation ; rdfs:label "Cloudflare"@en .
dbr:Clara_Sorrenti a dbo:Person ; rdfs:label "Clara Sorrenti"@en .
dbr:Keffals dbo:wikiPageRedirects dbr:Clara_Sorrenti ; rdfs:label "Keffals"@en .
"""


def invoke(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args), obj={})
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def store_copy(seeds_store, tmp_path) -> Path:
    """A private, writable copy of the seeds' store."""
    target = tmp_path / "store"
    shutil.copytree(seeds_store, target)
    return target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def sparql_server(data: str, folder: Path) -> Iterator[str]:
    """Load `data` (Turtle) into a fresh Oxigraph store and serve it on a free loopback port; yield the query URL."""
    (folder / "data.ttl").write_text(data, encoding="utf-8")
    subprocess.run([OXIGRAPH, "load", "--location", str(folder / "db"), "--file", str(folder / "data.ttl")],
                   check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while True:
            assert process.poll() is None, process.stderr.read().decode()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"oxigraph did not listen on {port}"
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()


@pytest.fixture
def wikidata_endpoint(tmp_path) -> Iterator[str]:
    folder = tmp_path / "wikidata"
    folder.mkdir()
    with sparql_server(WIKIDATA_TTL, folder) as url:
        yield url


@pytest.fixture
def dbpedia_endpoint(tmp_path) -> Iterator[str]:
    folder = tmp_path / "dbpedia"
    folder.mkdir()
    with sparql_server(DBPEDIA_TTL, folder) as url:
        yield url
