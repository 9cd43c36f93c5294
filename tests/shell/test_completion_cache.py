"""The completion data a shell saves for the next one: used while the store is unchanged, read again after a write."""

from __future__ import annotations

import json

from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from kg.shell.completion_cache import cache_dir, load_cached
from kg.shell.refresher import Refresher
from kg.shell.session import Session
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, KG, prefixes_with_base

PREFIXES = prefixes_with_base(DEFAULT_BASE_IRI)
GRAPH_IRI = DEFAULT_BASE_IRI + "document/test-article"

GLOBEX = ("Globex", "https://w3id.org/kgnews/resource/organization/globex")


def refreshed(store) -> Refresher:
    refresher = Refresher(Session(store, dict(PREFIXES), {})).start()
    refresher.wait(timeout=20)
    return refresher


def saved_file():
    files = list(cache_dir().glob("*.json"))
    assert len(files) == 1
    return files[0]


def test_a_second_shell_on_an_unchanged_store_takes_the_saved_data(store_dir):
    with open_store(str(store_dir), read_only=True) as store:
        first = refreshed(store)
        assert load_cached(store) is not None
    assert first.meta.labels.starting_with("Glo") == [GLOBEX]
    # Prove the next shell reads the file, not the store: a label only the file holds is offered.
    cache = saved_file()
    saved = json.loads(cache.read_text(encoding="utf-8"))
    saved["labels"].append("Zeta Only In The Cache")
    saved["iris"].append("urn:zeta")
    cache.write_text(json.dumps(saved), encoding="utf-8")
    with open_store(str(store_dir), read_only=True) as store:
        second = refreshed(store)
    assert second.meta.labels.starting_with("Zeta") == [("Zeta Only In The Cache", "urn:zeta")]
    assert second.meta.labels.starting_with("Glo") == [GLOBEX]
    assert second.meta.terms[str(KG.Organization)] == "class"


def test_a_write_to_the_store_makes_the_saved_data_stale(store_dir):
    with open_store(str(store_dir), read_only=True) as store:
        refreshed(store)
    umbrella = URIRef(DEFAULT_BASE_IRI + "organization/umbrella")
    with open_store(str(store_dir), prefixes=PREFIXES) as store:
        store.replace_graph(GRAPH_IRI + "-2", [(umbrella, RDF.type, KG.Organization),
                                               (umbrella, RDFS.label, Literal("Umbrella")),
                                               (umbrella, SKOS.prefLabel, Literal("Umbrella"))])
    with open_store(str(store_dir), read_only=True) as store:
        assert load_cached(store) is None
        assert refreshed(store).meta.labels.starting_with("Umb") == [("Umbrella", str(umbrella))]
        assert load_cached(store) is not None


def test_a_broken_cache_file_is_read_past(store_dir):
    with open_store(str(store_dir), read_only=True) as store:
        refreshed(store)
        saved_file().write_text("{not json", encoding="utf-8")
        assert load_cached(store) is None
        assert refreshed(store).meta.labels.starting_with("Glo") == [GLOBEX]


def test_a_store_in_memory_is_never_cached(store):
    assert refreshed(store).meta.labels.starting_with("Glo") == [GLOBEX]
    assert not cache_dir().exists()
