"""What kind of token the completer should offer at the cursor."""

from __future__ import annotations

import pytest

from kg.shell.suggest import (
    Command,
    Entity,
    EntityName,
    Format,
    Keyword,
    LocalName,
    NamedQuery,
    Prefix,
    PrefixDeclaration,
    Variable,
    current_word,
    declared_namespaces,
    suggest,
    variables,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("SELECT ?x WHERE { ?x kg:", {LocalName("kg", "property")}),
        ("SELECT ?x WHERE { ?x a kg:Pers", {LocalName("kg", "class")}),
        ("SELECT ?x WHERE { ?x ex:p", {LocalName("ex", "property")}),
        ("SELECT ?x WHERE { ?x ?p kg:", {LocalName("kg")}),
        ("SELECT ?x WHERE { ?x kg:agent ?y ; kg:", {LocalName("kg", "property")}),
        ("SELECT ?x WHERE { ?x kg:agent ?y . <http://e.org/s> kg:", {LocalName("kg", "property")}),
        ("SELECT ?x WHERE { ?x rdfs:label 'a' ; a kg:", {LocalName("kg", "class")}),
        ("SELECT ?ag", {Variable()}),
        ("SELECT $ag", {Variable()}),
        ("SEL", {Keyword(), Prefix(), Entity()}),
        ("SELECT ?x WHERE { ?x rd", {Keyword(), Prefix(), Entity()}),
        ("SELECT ?x WHERE { ", {Keyword(), Prefix(), Variable()}),
        ("PREFIX sk", {PrefixDeclaration()}),
        ("prefix ", {PrefixDeclaration()}),
        ("\\", {Command()}),
        ("\\ti", {Command()}),
        ("\\n who", {NamedQuery()}),
        ("\\n ", {NamedQuery()}),
        ("\\nd my", {NamedQuery()}),
        ("\\describe Kiwi F", {EntityName()}),
        ("\\T cs", {Format()}),
        ("\\n who-did-what label=", set()),
        ('SELECT ?x WHERE { ?x rdfs:label "kg:', set()),
        ("SELECT ?x WHERE { ?x <http://e.org/kg:", set()),
        ("SELECT ?x WHERE { # kg:", set()),
    ],
)
def test_suggest(text, expected):
    assert set(suggest(text)) == expected


@pytest.mark.parametrize(
    "text, word",
    [
        ("SELECT ?ag", "?ag"),
        ("{ ?s a kg:Per", "kg:Per"),
        ("{ ?s a kg:", "kg:"),
        ("SELECT ", ""),
        ("COUNT(?s", "?s"),
        ("\\n who-d", "who-d"),
        ("\\tim", "\\tim"),
    ],
)
def test_current_word_is_what_a_completion_replaces(text, word):
    assert current_word(text) == word


def test_declared_namespaces_ignore_commented_out_declarations():
    text = "PREFIX ex: <http://example.org/>\n# PREFIX old: <http://old.org/>\nPREFIX : <http://default.org/>"
    assert declared_namespaces(text) == {"ex": "http://example.org/", "": "http://default.org/"}


def test_variables_are_listed_once_in_order_of_first_use():
    assert variables("SELECT ?b ?a { ?a ?p ?b . FILTER(?b != '?c') } # ?d") == ["b", "a", "p"]
