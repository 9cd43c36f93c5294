"""Completions for each kind of suggestion, and the terms the refresher reads from a real store."""

from __future__ import annotations

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from kg.labels import LabelIndex
from kg.shell.completer import CompletionMeta, SparqlCompleter, candidates, matches
from kg.shell.refresher import Refresher, load_terms, static_meta
from kg.shell.suggest import LocalName
from kg.vocab import DEFAULT_BASE_IRI, KG, prefixes_with_base

PREFIXES = prefixes_with_base(DEFAULT_BASE_IRI)

META = CompletionMeta(
    prefixes=PREFIXES,
    terms={
        str(KG.Person): "class",
        str(KG.Organization): "class",
        str(KG.agent): "property",
        "https://w3id.org/kgnews/resource/person/jane-doe": "class",  # '/' would need escaping: never offered
    },
    queries={"who-did-what": "Who did what.", "timeline": "Dated actions."},
    commands={"\\timing": "Timing.", "\\T": "Format.", "\\q": "Quit."},
    formats=("table", "csv", "tsv"),
)


def complete(text: str, *, requested: bool = False, meta: CompletionMeta = META) -> list[str]:
    completer = SparqlCompleter(lambda: meta)
    event = CompleteEvent(completion_requested=requested)
    return [c.text for c in completer.get_completions(Document(text), event)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("SELECT ?x WHERE { ?x a kg:Pers", ["kg:Person"]),
        ("SELECT ?x WHERE { ?x kg:", ["kg:agent"]),  # predicate position: properties only
        ("SELECT ?x WHERE { ?x a kg:", ["kg:Organization", "kg:Person"]),  # after 'a': classes only
        ("SELECT ?x WHERE { ?x ?p kg:", ["kg:Organization", "kg:Person", "kg:agent"]),
        ("SELECT ?x WHERE { ?x kg:a", ["kg:agent"]),
        ("SELECT ?x WHERE { ?x kgr:", []),
        ("SELECT ?agent ?date WHERE { ?a kg:agent ?ag", ["?agent"]),
        ("SELECT ?agent WHERE { ?a kg:agent $ag", ["?agent"]),
        ("SELECT ?x WHERE { ?x sko", ["skos:"]),
        ("sel", ["SELECT"]),
        ("SELECT ?x WHERE { ?x ?p ?o } ORD", ["ORDER BY"]),
        ("PREFIX sk", ["skos: <http://www.w3.org/2004/02/skos/core#>"]),
        ("PREFIX zoo: <http://e.org/> SELECT * { ?s zo", ["zoo:"]),
        ("\\ti", ["\\timing"]),
        ("\\n who", ["who-did-what"]),
        ("\\n ", []),
        ("\\T c", ["csv"]),
    ],
)
def test_completions(text, expected):
    assert complete(text) == expected


def test_tab_on_an_empty_word_offers_keywords_prefixes_and_variables():
    found = complete("SELECT ?agent WHERE { ", requested=True)
    assert {"SELECT", "kg:", "?agent"} <= set(found)


def test_no_menu_pops_up_after_a_space_while_typing():
    assert complete("SELECT ?agent WHERE { ") == []


def test_tab_after_backslash_n_lists_every_canned_query():
    assert complete("\\n ", requested=True) == ["timeline", "who-did-what"]


def test_a_prefix_declared_in_the_query_completes_its_terms():
    meta = CompletionMeta(prefixes={}, terms={"http://e.org/knows": "property"})
    assert complete("PREFIX ex: <http://e.org/>\nSELECT * { ?s ex:k", meta=meta) == ["ex:knows"]


def test_local_name_candidates_carry_their_kind():
    assert ("kg:Person", "class") in candidates(LocalName("kg"), META, "")


@pytest.mark.parametrize(
    "candidate, word, expected",
    [("SELECT", "sel", True), ("SELECT", "SELECT", False), ("?agent", "$a", True), ("kg:Person", "kg:O", False)],
)
def test_matches_on_a_case_insensitive_prefix(candidate, word, expected):
    assert matches(candidate, word) is expected


def test_load_terms_reads_classes_and_properties_from_the_store(store):
    terms = load_terms(store)
    assert terms[str(KG.Person)] == "class"
    assert terms[str(KG.ReduceRelations)] == "class"
    assert terms[str(KG.agent)] == "property"
    assert "https://w3id.org/kgnews/resource/person/jane-doe" not in terms


def test_refresher_adds_store_terms_to_the_static_meta(session):
    refresher = Refresher(session)
    assert refresher.meta.terms == {}
    assert "who-did-what" in refresher.meta.queries and "\\timing" in refresher.meta.commands
    refresher.start().wait(timeout=10)
    assert refresher.meta.terms[str(KG.Organization)] == "class"


def test_static_meta_knows_the_session_prefixes(session):
    assert static_meta(session).prefixes["kgr"] == PREFIXES["kgr"]


LABELLED = CompletionMeta(
    prefixes=PREFIXES,
    labels=LabelIndex.build(
        [
            ("https://w3id.org/kgnews/resource/organization/cloudflare", "Cloudflare", "Cloudflare"),
            ("https://w3id.org/kgnews/resource/organization/cloudflare", "Cloudfare", "Cloudflare"),
            ("https://w3id.org/kgnews/resource/organization/kiwi-farms", "Kiwi Farms", "Kiwi Farms"),
        ]
    ),
)


def test_an_entity_label_completes_to_its_iri():
    completer = SparqlCompleter(lambda: LABELLED)
    found = list(completer.get_completions(Document("SELECT * { ?a kg:agent Cloud"), CompleteEvent()))
    assert [(c.text, c.display_text, c.display_meta_text) for c in found] == [
        ("<https://w3id.org/kgnews/resource/organization/cloudflare>", "Cloudfare", "kgr:organization/cloudflare"),
        ("<https://w3id.org/kgnews/resource/organization/cloudflare>", "Cloudflare", "kgr:organization/cloudflare"),
    ]
    assert all(c.start_position == -len("Cloud") for c in found)


def test_describe_completes_entity_names_with_spaces():
    completer = SparqlCompleter(lambda: LABELLED)
    found = list(completer.get_completions(Document("\\describe kiwi f"), CompleteEvent()))
    assert [(c.text, c.start_position) for c in found] == [("Kiwi Farms", -len("kiwi f"))]


def test_one_letter_offers_no_entities():
    assert not [c for c in SparqlCompleter(lambda: LABELLED).get_completions(Document("{ ?a ?p C"), CompleteEvent())
                if c.text.startswith("<")]


def test_label_prefix_lookup_in_a_large_index_returns_the_sorted_matches():
    labels = LabelIndex.build((f"urn:e:{n}", f"Entity {n:06d}", f"Entity {n:06d}") for n in range(0, 200_000, 7))
    found = labels.starting_with("entity 00070", limit=5)
    assert found == [(f"Entity {n:06d}", f"urn:e:{n}") for n in (700, 707)]


def test_the_refresher_reads_entity_labels(session):
    refresher = Refresher(session).start()
    refresher.wait(timeout=10)
    assert refresher.meta.labels.starting_with("Glo") == [("Globex", "https://w3id.org/kgnews/resource/organization/globex")]
    assert session.labels is refresher.meta.labels
