"""Who the agent and target are when the text does not name them in the clause itself.

Definite descriptions and pronouns, undergoer phrases, event nouns, coordinated targets and
names the model tags only once; each test is an invented sentence and one fact.
"""

from datetime import date

import pytest

from kg.errors import ConfigError
from kg.model import Article
from kg.nlp.extract import extract_doc
from kg.nlp.rules import load_rules

pytestmark = pytest.mark.model


def actions(nlp, rules, text, cls):
    ex = extract_doc(nlp(text), Article("t", "t.txt", text, date(2021, 3, 6)), rules)
    return [(a.agent and a.agent.text, a.target and a.target.text) for a in ex.actions if a.action_class == cls]


def test_the_company_is_the_organization_acting_nearby(nlp, rules):
    text = "Microsoft released a statement on Monday. Later the company banned Gab."
    assert actions(nlp, rules, text, "ReduceRelations") == [("Microsoft", "Gab")]


def test_the_site_is_the_name_introduced_as_a_site(nlp, rules):
    text = "Reddit criticized Parler, a social media site. Amazon then blocked the site."
    assert ("Amazon", "Parler") in actions(nlp, rules, text, "ReduceRelations")


def test_an_unclear_description_gives_no_participant(nlp, rules):
    text = "Microsoft and Google met investors. The company banned Gab."
    assert actions(nlp, rules, text, "ReduceRelations") == [(None, "Gab")]


def test_a_pronoun_is_the_one_person_in_view(nlp, rules):
    text = "Maria Lopez said she was tired. Later she sued Shell."
    assert ("Maria Lopez", "Shell") in actions(nlp, rules, text, "Sue")


@pytest.mark.parametrize("text, company", [
    ("Oracle CEO Safra Catz said her company had blocked Gab.", "Oracle"),
    ("John Walker, the chief executive of Acme, said his company had blocked Gab.", "Acme"),
])
def test_his_company_is_the_one_his_title_names(nlp, rules, text, company):
    assert actions(nlp, rules, text, "ReduceRelations") == [(company, "Gab")]


def test_the_subject_of_faced_criticism_is_the_target(nlp, rules):
    assert actions(nlp, rules, "Shell faced criticism from Greenpeace.", "Criticize") == [("Greenpeace", "Shell")]


def test_an_event_noun_with_a_possessor_is_an_action(nlp, rules):
    text = "Greenpeace's campaign against Shell has grown."
    assert actions(nlp, rules, text, "Protest") == [("Greenpeace", "Shell")]


def test_a_possessed_decision_gives_its_agent(nlp, rules):
    text = "Google said its decision to block Parler was final."
    assert ("Google", "Parler") in actions(nlp, rules, text, "ReduceRelations")


def test_coordinated_targets_are_separate_actions(nlp, rules):
    text = "Amazon banned Parler and Gab."
    assert sorted(actions(nlp, rules, text, "ReduceRelations")) == [("Amazon", "Gab"), ("Amazon", "Parler")]


def test_negation_does_not_leak_across_coordinated_clauses(nlp, rules):
    text = "The report did not mention Shell, but Greenpeace said it decided to stop supporting Exxon."
    ex = extract_doc(nlp(text), Article("t", "t.txt", text, None), rules)
    [ending] = [a for a in ex.actions if a.target is not None and a.target.text == "Exxon"]
    assert not ending.negated


def test_a_name_the_model_tags_once_is_found_again(nlp, rules):
    text = "Clara Sorrenti spoke on Monday. Sorrenti's campaign against Cloudflare grew."
    assert actions(nlp, rules, text, "Protest") == [("Sorrenti", "Cloudflare")]


def test_a_bare_on_in_a_user_lexicon_is_a_clear_error(tmp_path):
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text("target_prepositions: [against, on]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="quote words"):
        load_rules(str(lexicon))


def test_a_refusal_negates_what_it_governs(nlp, rules):
    text = "Tony Blair's refusal to accept the Tories' proposals angered Labour."
    ex = extract_doc(nlp(text), Article("t", "t.txt", text, None), rules)
    [accept] = [a for a in ex.actions if a.lemma == "accept"]
    assert accept.agent.text == "Tony Blair" and accept.negated


def test_coordinated_agents_are_separate_actions(nlp, rules):
    text = "France and Germany condemned Russia."
    assert sorted(actions(nlp, rules, text, "Criticize")) == [("France", "Russia"), ("Germany", "Russia")]


def test_urging_someone_to_act_is_an_appeal_too(nlp, rules):
    assert ("France", "Germany") in actions(nlp, rules, "France urged Germany to help Ukraine.", "Appeal")


def test_a_target_inside_the_object_phrase(nlp, rules):
    assert actions(nlp, rules, "Ethiopia broke relations with Libya.", "ReduceRelations") == [("Ethiopia", "Libya")]


def test_the_label_of_an_ended_cooperation_says_it_ended(nlp, rules):
    text = "Amazon will stop hosting Parler."
    ex = extract_doc(nlp(text), Article("t", "t.txt", text, None), rules)
    [ended] = [a for a in ex.actions if a.action_class == "ReduceRelations"]
    assert ended.trigger == "stop hosting" and ended.target.text == "Parler"


def test_a_pronoun_under_a_root_that_is_no_verb_ends_the_search_for_its_speaker(nlp, rules):
    """spaCy makes a new Token object at each access, so the root must be found by index, never by identity: the
    walk from "its" up to a verbless root ("Its sale to Globex.") once never ended."""
    from spacy.tokens import Doc

    from kg.nlp.actions import ActionFinder

    words = ["Acme", "Corp", "said", ".", "Its", "sale", "to", "Globex", "."]
    doc = Doc(nlp.vocab, words=words, heads=[1, 2, 2, 2, 5, 5, 5, 6, 5],
              deps=["compound", "nsubj", "ROOT", "punct", "poss", "ROOT", "prep", "pobj", "punct"],
              pos=["PROPN", "PROPN", "VERB", "PUNCT", "PRON", "NOUN", "ADP", "PROPN", "PUNCT"],
              sent_starts=[True, False, False, False, True, False, False, False, False])
    finder = ActionFinder(doc, Article("d", "d.txt", doc.text), [], [], rules)
    assert finder.speaker_for(doc[4]) is None
