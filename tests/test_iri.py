import pytest
from rdflib import URIRef

from kg.iri import Minter, content_id, slug


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
