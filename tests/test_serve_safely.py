"""`kg serve` beyond loopback: what it exposes is said, --write needs an explicit flag, queries are time-limited."""

from __future__ import annotations

import subprocess
import time

import httpx
import pytest
from big_graph import ENDLESS, QUICK, write_big_store
from serving import KG, free_port, running


@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    return write_big_store(tmp_path_factory.mktemp("serve") / "store")


def test_write_beyond_loopback_is_refused_without_the_unauthenticated_flag(big_store):
    done = subprocess.run([*KG, "serve", "--store", str(big_store), "--host", "0.0.0.0", "--port", str(free_port()),
                           "--write"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and not done.stdout
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("Error: refusing --write on 0.0.0.0: anyone who can reach it could change or delete the graph")
    assert "--allow-unauthenticated-writes" in line


def endless_query_seconds(url: str) -> float:
    """How long the server takes to give up on a query that would never end (it answers that it cancelled it)."""
    started = time.monotonic()
    response = httpx.post(f"{url}/query", data={"query": ENDLESS}, headers={"Accept": "text/csv"}, timeout=60)
    assert "cancelled" in response.text
    return time.monotonic() - started


def test_beyond_loopback_the_exposure_and_the_default_timeout_are_said(big_store):
    port = free_port()
    command = [*KG, "serve", "--store", str(big_store), "--host", "0.0.0.0", "--port", str(port), "--write",
               "--allow-unauthenticated-writes"]
    with running(command, port) as process:
        banner = [process.stdout.readline() for _ in range(3)]
        assert "read-write" in banner[0]
        assert banner[1].startswith("WARNING: listening on 0.0.0.0, beyond this machine: anyone who can reach port")
        assert "change or delete any of it" in banner[1] and "each query is stopped after 30 s" in banner[1]
        assert "reverse proxy with authentication" in banner[2]
        url = f"http://127.0.0.1:{port}"
        assert "3000" in httpx.post(f"{url}/query", data={"query": QUICK}, headers={"Accept": "text/csv"}).text


def test_a_timeout_stops_a_served_query_and_the_server_goes_on(big_store):
    port = free_port()
    with running([*KG, "serve", "--store", str(big_store), "--port", str(port), "--timeout", "1"], port):
        url = f"http://127.0.0.1:{port}"
        assert endless_query_seconds(url) < 30
        assert "3000" in httpx.post(f"{url}/query", data={"query": QUICK}, headers={"Accept": "text/csv"}).text
