"""`kg link --endpoint` against real Oxigraph SPARQL servers on loopback, in Wikidata's and DBpedia's shapes."""

import socket

import pytest

from kg.config import state_dir
from kg.link.endpoint import Cache, Endpoint, EndpointOptions, link_via_endpoint
from kg.link.model import EntityInfo, Relation
from tests.link.conftest import invoke
from tests.link.test_link_cli import links

WD = "http://www.wikidata.org/entity/"


def entity(kind, *labels, context=""):
    return EntityInfo(f"urn:e:{labels[0]}", kind, labels[0], labels, context=context)


ENTITIES = [entity("Place", "Canada"), entity("Place", "Belfast"), entity("Organization", "Cloudflare"),
            entity("Person", "Clara Sorrenti", "Keffals"), entity("Person", "Matthew Prince"), entity("Place", "US", "U.S.")]


def test_wikidata_profile_batches_and_checks_types(wikidata_endpoint, tmp_path):
    cache = Cache(tmp_path / "cache.sqlite")
    endpoint = Endpoint(EndpointOptions(wikidata_endpoint, "wikidata", batch_size=2, delay=0), cache)
    found = {link.entity.rsplit(":", 1)[-1]: link for link in link_via_endpoint(ENTITIES, endpoint)}
    assert found["Canada"].target == WD + "Q16"  # the country, not the person called Canada
    assert found["Belfast"].target == WD + "Q10686" and found["Belfast"].relation is Relation.SAME_AS
    assert found["Cloudflare"].target == WD + "Q900002" and found["Cloudflare"].method == "endpoint-wikidata"
    assert found["Clara Sorrenti"].target == WD + "Q900004"
    assert found["US"].target == WD + "Q30"
    # 2 organization names, 3 person names, 4 place names at 2 per request
    assert endpoint.requests == 1 + 2 + 2
    cache.close()


def test_dbpedia_profile_follows_redirects(dbpedia_endpoint, tmp_path):
    cache = Cache(tmp_path / "cache.sqlite")
    endpoint = Endpoint(EndpointOptions(dbpedia_endpoint, "dbpedia", delay=0), cache)
    found = {link.entity.rsplit(":", 1)[-1]: link.target for link in link_via_endpoint(ENTITIES, endpoint)}
    dbr = "http://dbpedia.org/resource/"
    assert found["Belfast"] == dbr + "Belfast" and found["Cloudflare"] == dbr + "Cloudflare"
    assert found["Clara Sorrenti"] == dbr + "Clara_Sorrenti"
    cache.close()


@pytest.mark.model
def test_a_re_run_needs_no_network(store_copy, tmp_path):
    from tests.link.conftest import WIKIDATA_TTL, sparql_server

    (tmp_path / "wd").mkdir()
    with sparql_server(WIKIDATA_TTL, tmp_path / "wd") as url:
        output = invoke("link", "--store", str(store_copy), "--endpoint", url, "--delay", "0").output
        first = sorted((r["e"], r["t"], r["method"]) for r in links(store_copy, "wikidata"))
    assert output.startswith("wikidata: ") and ("https://w3id.org/kgnews/resource/place/belfast", WD + "Q10686",
                                                 "endpoint-wikidata") in first
    assert (state_dir() / "link-cache.sqlite").is_file()
    # The server is gone: the same run is answered from the cache.
    invoke("link", "--store", str(store_copy), "--endpoint", url, "--offline")
    assert sorted((r["e"], r["t"], r["method"]) for r in links(store_copy, "wikidata")) == first
    invoke("link", "--store", str(store_copy), "--endpoint", url, "--delay", "0")
    assert sorted((r["e"], r["t"], r["method"]) for r in links(store_copy, "wikidata")) == first


def test_offline_without_a_cache_says_so(tmp_path):
    endpoint = Endpoint(EndpointOptions("http://127.0.0.1:9/query", offline=True), Cache(tmp_path / "c.sqlite"))
    with pytest.raises(Exception, match="not in the cache and --offline"):
        link_via_endpoint(ENTITIES, endpoint)


def test_no_server_and_a_silent_server_are_one_line_errors(tmp_path):
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        endpoint = Endpoint(EndpointOptions(f"http://127.0.0.1:{port}/query", timeout=0.3, delay=0), Cache(tmp_path / "c.sqlite"))
        with pytest.raises(Exception, match=r"no answer within 0.3 s"):
            link_via_endpoint(ENTITIES, endpoint)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    endpoint = Endpoint(EndpointOptions(f"http://127.0.0.1:{closed}/query", delay=0), Cache(tmp_path / "c.sqlite"))
    with pytest.raises(Exception, match=rf"endpoint http://127.0.0.1:{closed}/query: cannot connect"):
        link_via_endpoint(ENTITIES, endpoint)


def test_requests_are_spaced_by_the_delay(wikidata_endpoint, tmp_path):
    import time

    endpoint = Endpoint(EndpointOptions(wikidata_endpoint, "wikidata", batch_size=1, delay=0.2), Cache(tmp_path / "c.sqlite"))
    started = time.monotonic()
    endpoint.lookup("Person", ["Matthew Prince", "Keffals", "Nobody"])
    assert endpoint.requests == 3 and time.monotonic() - started >= 0.4
