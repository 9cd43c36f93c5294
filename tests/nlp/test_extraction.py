"""Extraction with the real model on short invented sentences (loose: one fact per test)."""

from datetime import date

import pytest

from kg.model import Article, EntityKind, Modality
from kg.nlp.extract import extract_doc

pytestmark = pytest.mark.model


def extract(nlp, rules, text, published=date(2021, 3, 6)):
    return extract_doc(nlp(text), Article("t", "t.txt", text, published), rules)


def find(ex, cls):
    return [a for a in ex.actions if a.action_class == cls]


def test_active_clause_gives_agent_and_target(nlp, rules):
    [action] = find(extract(nlp, rules, "Microsoft sued Google in 2019."), "Sue")
    assert (action.agent.text, action.target.text, action.time.value) == ("Microsoft", "Google", "2019")


def test_passive_clause_keeps_the_direction(nlp, rules):
    [action] = find(extract(nlp, rules, "Greenpeace was criticized by Shell on Monday."), "Criticize")
    assert action.agent.text == "Shell" and action.target.text == "Greenpeace"


def test_light_verb_target_comes_from_the_object_preposition(nlp, rules):
    [action] = find(extract(nlp, rules, "Amazon withdrew its support for Parler last month."), "ReduceRelations")
    assert (action.agent.text, action.target.text, action.time.value) == ("Amazon", "Parler", "2021-02")


def test_negation_is_recorded(nlp, rules):
    actions = find(extract(nlp, rules, "Google did not block Reddit."), "ReduceRelations")
    assert actions and actions[0].negated


def test_modal_is_recorded(nlp, rules):
    actions = find(extract(nlp, rules, "Apple may ban Gab."), "ReduceRelations")
    assert actions and actions[0].modality is Modality.POSSIBLE


def test_name_after_a_head_noun_is_an_organisation(nlp, rules):
    ex = extract(nlp, rules, "Twitter blocked the forum 4chan.")
    names = {m.text: m for m in ex.mentions}
    assert names["4chan"].kind is EntityKind.ORGANIZATION and names["4chan"].descriptor == "Website"


def test_known_as_gives_an_alias(nlp, rules):
    ex = extract(nlp, rules, "John Smith, better known as Jazzy, attacked the company.")
    assert [(a.name.text, a.alias.text) for a in ex.aliases] == [("John Smith", "Jazzy")]


def test_weekday_resolves_against_publication_date(nlp, rules):
    ex = extract(nlp, rules, "Shell sued Greenpeace on Saturday.", published=date(2021, 3, 8))
    [action] = find(ex, "Sue")
    assert action.time.value == "2021-03-06"


def test_the_name_before_a_ticker_is_a_company_even_when_the_model_misses_it(nlp, rules):
    ex = extract(nlp, rules, "Cloudy (NYSE:NET) blocked the forum Gab.")
    names = {m.text: m for m in ex.mentions}
    assert names["Cloudy"].kind is EntityKind.ORGANIZATION
    assert [(a.name.text, a.alias.text, a.rule) for a in ex.aliases] == [("Cloudy", "NET", "ticker-adjacent")]


def test_a_lowercase_phrase_is_never_a_name(nlp, rules):
    ex = extract(nlp, rules, "The white supremacist site Daily Stormer was dropped by its host.")
    assert all(any(c.isupper() for c in m.text) for m in ex.mentions)


def test_a_title_is_not_part_of_a_name(nlp, rules):
    ex = extract(nlp, rules, "Patricia Hewitt announced the plan. Ms Hewitt said it was fair.")
    assert {m.text for m in ex.mentions} == {"Patricia Hewitt", "Hewitt"}


def test_movement_needs_a_place_and_has_no_target(nlp, rules):
    ex = extract(nlp, rules, "Falling sales have left Nissan with spare capacity. Jane Doe traveled to Belfast.")
    moves = [a for a in ex.actions if a.action_class in ("Travel", "Flee")]
    assert [(a.agent.text, a.target, a.place.text) for a in moves] == [("Jane Doe", None, "Belfast")]


def test_a_verb_inside_a_name_is_no_action(nlp, rules):
    ex = extract(nlp, rules, "The Committee to Protect Journalists criticized Russia.")
    assert [a.action_class for a in ex.actions] == ["Criticize"]


def test_striking_a_deal_is_an_agreement_not_an_attack(nlp, rules):
    assert find(extract(nlp, rules, "Nissan struck a deal with Renault."), "Agree")


def test_an_organisation_and_a_one_word_person_read_as_one_noun_phrase_are_one_company(nlp, rules):
    text = "Lockheed Martin filed a lawsuit against Boeing. BBC Michael Howard said so."
    mentions = extract_doc(nlp(text), Article("d", "d.txt", text), rules).mentions
    kinds = {m.text: m.kind for m in mentions}
    assert kinds.get("Lockheed Martin") is EntityKind.ORGANIZATION
    assert "Martin" not in kinds
    assert "BBC Michael Howard" not in kinds  # an affiliation and a full name stay two names
