import re

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from kg.iri import Minter, content_id, is_iri, numbered, slug


@pytest.mark.parametrize(
    "name, expected",
    [("Clara Sorrenti", "clara-sorrenti"), ("Kiwi Farms", "kiwi-farms"), ("#DropKiwiFarms", "dropkiwifarms"), ("Café Müller", "cafe-muller")],
)
def test_slug_is_readable(name, expected):
    assert slug(name) == expected


@pytest.mark.parametrize("name", ["🙂", "///", "#", "x" * 300, "a/b#c d"])
def test_slug_is_always_iri_safe_and_bounded(name):
    value = slug(name)
    assert value and len(value) <= 70 and all(c.isalnum() or c == "-" for c in value)


def test_long_names_that_share_a_prefix_get_different_slugs():
    assert slug("a" * 80 + "x") != slug("a" * 80 + "y")


def test_minter_builds_iris_under_the_base():
    minter = Minter("http://example.org/kg")
    assert minter.entity("Person", "jane-doe") == URIRef("http://example.org/kg/person/jane-doe")
    assert minter.action("abc", 12) == URIRef("http://example.org/kg/action/abc-12")


def test_content_id_depends_on_text_only():
    assert content_id("x") == content_id("x") != content_id("y")


HOSTILE_NAMES = ["🙂 Smile Corp", "a/b/c", "AT&T #1", "   spaced   out   ", "x" * 300, "<script>", 'Say "hi"',
                 "back\\slash", "ﾃｽﾄ", "Путин", "مرحبا\u200f", "%20encoded%2F", "?q=1&r=2", "Ω", ""]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_minted_entity_iris_are_valid_whatever_the_name(name):
    iri = Minter("https://w3id.org/kgnews/resource/").entity("Organization", slug(name))
    ox.NamedNode(str(iri))  # Oxigraph checks IRI syntax (RFC 3987) and raises ValueError
    assert re.fullmatch(r"https://w3id\.org/kgnews/resource/organization/[a-z0-9-]{1,70}", str(iri))


def test_numbered_slugs_never_equal_a_plain_slug():
    names = ["Muller", "Muller 2", "Muller--2", "muller 2 2", "Muller-2"]
    plain = {slug(n) for n in names}
    assert numbered("muller", 2) not in plain and all("--" not in s for s in plain)


def _resolve_names(names):
    from kg.model import Article, EntityKind, Extraction, Mention
    from kg.resolve import resolve

    text = " ; ".join(names)
    mentions, at = [], 0
    for name in names:
        start = text.index(name, at)
        mentions.append(Mention("d1", name, EntityKind.PERSON, start, start + len(name), 0))
        at = start + len(name)
    return resolve([Extraction(Article("d1", "a.txt", text), tuple(mentions), (), (), (), ((0, len(text)),))])


def test_two_different_entities_never_share_an_iri():
    resolution = _resolve_names(["Müller", "Muller 2", "Mùller", "Zoë Ng", "Zoe Ng 2", "Zoè Ng"])
    keys = [e.key for e in resolution.entities]
    assert len(keys) == len(set(keys)) == len(resolution.entities)


@settings(max_examples=40, deadline=None, database=None)
@given(st.lists(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30), min_size=1, max_size=6))
def test_fuzzed_names_mint_valid_iris(names):
    minter = Minter("https://w3id.org/kgnews/resource/")
    for name in names:
        ox.NamedNode(str(minter.entity("Person", slug(name))))


@pytest.mark.parametrize("text, valid", [
    ("https://w3id.org/kgnews/resource/person/x", True), ("urn:isbn:0451450523", True),
    ("http://x> } ; DROP ALL ; #", False), ("http://a b", False), ("relative/path", False), ('http://"q"', False),
])
def test_is_iri_agrees_with_oxigraph(text, valid):
    assert is_iri(text) is valid
    if valid:
        ox.NamedNode(text)
    else:
        with pytest.raises(ValueError):
            ox.NamedNode(text)
