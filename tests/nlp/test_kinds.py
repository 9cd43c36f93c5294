"""Entity typing beyond the NER label, and short names that merge with their long forms."""

from datetime import date

import pytest

from kg.model import Article, EntityKind, Mention
from kg.nlp.extract import extract_doc
from kg.nlp.kinds import people_to_places

pytestmark = pytest.mark.model
from kg.resolve import resolve



def kinds(nlp, rules, text) -> dict[str, tuple[EntityKind, str | None]]:
    ex = extract_doc(nlp(text), Article("t", "t.txt", text, date(2021, 3, 6)), rules)
    return {m.text: (m.kind, m.descriptor) for m in ex.mentions}


def test_a_name_ending_in_an_organisation_word_is_an_organisation(nlp, rules):
    assert kinds(nlp, rules, "Boeing bought Douglas Aircraft in 1997.")["Douglas Aircraft"] == (EntityKind.ORGANIZATION, "Company")


def test_a_government_is_an_agency_not_a_place(nlp, rules):
    found = kinds(nlp, rules, "The US Government said it would act.")
    assert [v for k, v in found.items() if k.endswith("Government")] == [(EntityKind.ORGANIZATION, "Agency")]


def test_a_seat_of_government_stands_for_the_government(nlp, rules):
    assert kinds(nlp, rules, "Officials at the White House criticised Boeing.")["White House"] == (EntityKind.ORGANIZATION, "Agency")


def test_people_are_not_named_with_an_article(nlp, rules):
    assert kinds(nlp, rules, "The Beatles played in Liverpool.")["Beatles"][0] is EntityKind.ORGANIZATION


def person(text: str, start: int = 0) -> Mention:
    return Mention("t", text, EntityKind.PERSON, start, start + len(text), 0)


def test_a_one_word_person_the_gazetteer_knows_as_a_country_is_a_place():
    assert [m.kind for m in people_to_places([person("Chad"), person("Nevada", 10)])] == [EntityKind.PLACE] * 2


def test_a_word_that_names_a_person_of_the_document_stays_a_person():
    mentions = [person("Chad Smith"), person("Chad", 20)]
    assert [m.kind for m in people_to_places(mentions)] == [EntityKind.PERSON] * 2


def place(text: str, start: int = 0) -> Mention:
    return Mention("t", text, EntityKind.PLACE, start, start + len(text), 0)


@pytest.mark.parametrize("text", ["Toulouse, France", "Toulouse in France", "Toulouse , France"])
def test_a_one_word_person_that_lies_in_a_country_is_a_place(text):
    mentions = [person("Toulouse"), place("France", text.index("France"))]
    assert [m.kind for m in people_to_places(mentions, text)] == [EntityKind.PLACE] * 2


def test_a_person_before_a_countrys_title_stays_a_person():
    text = "Dupont, France's minister"
    assert people_to_places([person("Dupont"), place("France", 8)], text)[0].kind is EntityKind.PERSON


def test_an_adjective_of_nationality_is_a_mention_of_its_place(nlp, rules):
    assert kinds(nlp, rules, "German magazine Der Spiegel cited documents.")["German"] == (EntityKind.PLACE, None)


def test_an_adjective_of_nationality_merges_with_its_country(nlp, rules):
    texts = ["German magazine Der Spiegel cited documents.", "Germany signed the treaty."]
    extractions = [extract_doc(nlp(t), Article(str(i), "t.txt", t), rules) for i, t in enumerate(texts)]
    resolution = resolve(extractions, rules.company_suffixes, rules.short_names)
    assert any({"German", "Germany"} <= set(e.labels) for e in resolution.entities)


def test_short_names_merge_with_their_long_forms(nlp, rules):
    texts = ["The U.S. and the UK met on Monday.", "The United States and Britain signed a deal.", "The US agreed."]
    extractions = [extract_doc(nlp(t), Article(str(i), "t.txt", t), rules) for i, t in enumerate(texts)]
    resolution = resolve(extractions, rules.company_suffixes, rules.short_names)
    labels = {frozenset(e.labels) for e in resolution.entities}
    assert any({"U.S.", "US"} <= names and any("United States" in n for n in names) for names in labels)
    assert any({"UK", "Britain"} <= names for names in labels)


def test_a_continent_the_model_leaves_untagged_is_a_place(nlp, rules):
    text = "Stocks fell in Asia and Europe."
    doc = nlp(text)
    doc.ents = []  # as when the model misses them
    mentions = extract_doc(doc, Article("t", "t.txt", text), rules).mentions
    assert [(m.text, m.kind) for m in mentions] == [("Asia", EntityKind.PLACE), ("Europe", EntityKind.PLACE)]


@pytest.mark.parametrize("text, name, kind", [
    ("The Tories will charge Labour with hypocrisy.", "Tories", EntityKind.ORGANIZATION),
    ("Americans elected Obama.", "Americans", EntityKind.PLACE),
])
def test_a_group_name_is_an_organisation_and_a_plural_nationality_its_place(nlp, rules, text, name, kind):
    assert kinds(nlp, rules, text)[name][0] is kind


def test_a_group_adjective_that_is_no_nationality_is_no_mention(nlp, rules):
    assert "Muslim" not in kinds(nlp, rules, "A Muslim man met the officials.")


@pytest.mark.parametrize("text", [
    "Shares of Old Mutual, the insurance company, fell.",  # apposed
    "The Old Mutual insurance company rose 5%.",  # before the class noun
])
def test_an_untagged_name_a_class_noun_describes_is_found_with_its_kind(nlp, rules, text):
    assert kinds(nlp, rules, text)["Old Mutual"] == (EntityKind.ORGANIZATION, "Company")


def test_a_tagged_name_before_a_class_noun_keeps_the_models_kind(nlp, rules):
    assert kinds(nlp, rules, "The US company bought it.")["US"] == (EntityKind.PLACE, None)


def test_a_name_labelled_a_title_whose_head_only_organisations_have_is_an_organisation(nlp, rules):
    text = "The US Embassy in Manila stated , `` The Government of the Philippines was promptly informed of the incident ."
    assert kinds(nlp, rules, text)["The Government of the Philippines"] == (EntityKind.ORGANIZATION, "Agency")


def test_a_title_without_an_organisation_word_stays_out(nlp, rules):
    assert "War and Peace" not in kinds(nlp, rules, "He read War and Peace.")


@pytest.mark.parametrize("text, name", [
    ("The Eurogroup met on Sunday.", "Eurogroup"),  # an organisation word as a one-word name's ending
    ("On Sunday the Bundesbank raised rates.", "Bundesbank"),
])
def test_an_untagged_name_after_the_that_an_organisation_word_ends_is_an_organisation(nlp, rules, text, name):
    assert kinds(nlp, rules, text)[name][0] is EntityKind.ORGANIZATION


def test_a_one_word_plural_name_with_the_is_a_group(nlp, rules):
    assert kinds(nlp, rules, "A goal by Katie Hill saw the Gliders leading 38 -- 28.")["Gliders"][0] is EntityKind.ORGANIZATION
