"""`kg serve`: a real SPARQL 1.1 Protocol server over the seeds' store, on a free loopback port."""

from __future__ import annotations

import socket
import subprocess

import httpx
import pytest
from serving import KG, free_port, running

from kg.store import open_store
from kg.vocab import PREFIXES

PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
ACTIONS = PROLOGUE + "SELECT ?action ?agent ?target WHERE { ?action kg:agent ?agent ; kg:target ?target }"


def rows_of(csv_text: str) -> list[str]:
    return sorted(csv_text.strip().splitlines()[1:])


@pytest.fixture(scope="module")
def served(seeds_store):
    """`kg serve` with its defaults (read-only, loopback) over the seeds; yields (base URL, process)."""
    port = free_port()
    with running([*KG, "serve", "--store", str(seeds_store), "--port", str(port)], port) as process:
        yield f"http://127.0.0.1:{port}", process


@pytest.mark.model
def test_a_sparql_protocol_query_returns_the_seeds_facts(served, seeds_store):
    url, _ = served
    response = httpx.get(f"{url}/query", params={"query": ACTIONS}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    served_rows = rows_of(response.text)
    # The server keeps the store open read-only, so another reader may open it too.
    with open_store(str(seeds_store), read_only=True) as embedded:
        expected = rows_of(embedded.query_serialized(ACTIONS, "csv").decode("utf-8"))
    assert served_rows and served_rows == expected


@pytest.mark.model
def test_updates_are_refused_when_read_only(served):
    url, _ = served
    update = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> 'c' } }"
    response = httpx.post(f"{url}/update", data={"update": update})
    assert response.status_code == 403
    ask = httpx.get(f"{url}/query", params={"query": "ASK { <http://example.org/a> ?p ?o }"},
                    headers={"Accept": "application/sparql-results+json"})
    assert ask.json()["boolean"] is False


@pytest.mark.model
def test_it_listens_on_loopback_and_says_where(served):
    url, process = served
    banner = process.stdout.readline()
    assert f"{url}/query" in banner and "read-only" in banner
    listening = process.stderr.readline()
    assert listening.strip() == f"Listening for requests at {url}"


def run_serve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, "serve", *args], capture_output=True, text=True, timeout=60)


def test_a_missing_store_is_a_one_line_error(tmp_path):
    result = run_serve("--store", str(tmp_path / "nowhere"))
    assert result.returncode == 1 and result.stderr.strip().startswith("Error: no store at")


def test_serving_a_url_is_refused():
    result = run_serve("--store", "http://127.0.0.1:1")
    assert result.returncode == 1 and "already a SPARQL endpoint" in result.stderr


def test_a_busy_port_is_a_one_line_error(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run_serve("--write", "--store", str(tmp_path / "s"), "--port", str(busy.getsockname()[1]))
    assert result.returncode == 1 and "cannot listen on 127.0.0.1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.model
def test_a_build_into_a_served_folder_is_refused_while_queries_still_run(served, seeds_store):
    built = subprocess.run([*KG, "build", "seeds", "--store", str(seeds_store)], capture_output=True, text=True, timeout=120)
    assert built.returncode == 1 and "open in another kg process" in built.stderr and len(built.stderr.strip().splitlines()) == 1
    queried = subprocess.run([*KG, "query", "--store", str(seeds_store), "ASK { ?s kg:agent ?o }"],
                             capture_output=True, text=True, timeout=120)
    assert queried.returncode == 0 and "true" in queried.stdout.lower()
