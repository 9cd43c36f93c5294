"""Open-class actions: any verb or event noun with a named participant, its PropBank roles, and its class.

Each test is an invented sentence, parsed by the real model, and one structure: active, passive, control,
relative clause, coordination, light verb, nominal event, recipient, generic class and lemma.
"""

from datetime import date

import pytest

from kg.model import Action, Article
from kg.nlp.extract import extract_doc

pytestmark = pytest.mark.model


def extracted(nlp, rules, text) -> list[Action]:
    return list(extract_doc(nlp(text), Article("t", "t.txt", text, date(2021, 3, 6)), rules).actions)


def roles(nlp, rules, text, lemma) -> list[tuple]:
    return [(a.agent and a.agent.text, a.target and a.target.text, a.recipient and a.recipient.text)
            for a in extracted(nlp, rules, text) if a.lemma == lemma]


def test_an_active_verb_gives_its_subject_and_object(nlp, rules):
    assert roles(nlp, rules, "Microsoft bought LinkedIn in 2016.", "buy") == [("Microsoft", "LinkedIn", None)]


def test_a_passive_verb_takes_its_agent_from_the_by_phrase(nlp, rules):
    assert roles(nlp, rules, "LinkedIn was acquired by Microsoft.", "acquire") == [("Microsoft", "LinkedIn", None)]


def test_a_controlled_verb_inherits_the_subject_of_its_governor(nlp, rules):
    assert roles(nlp, rules, "Google agreed to buy Motorola.", "buy") == [("Google", "Motorola", None)]


def test_a_subject_raised_by_an_adjective_is_the_agent_of_the_complement(nlp, rules):
    assert roles(nlp, rules, "Shell is likely to buy BG Group.", "buy") == [("Shell", "BG Group", None)]


def test_a_raised_subject_is_the_agent_of_the_complement(nlp, rules):
    assert roles(nlp, rules, "Disney is expected to acquire Fox.", "acquire") == [("Disney", "Fox", None)]
    assert roles(nlp, rules, "Disney is expected to acquire Fox.", "expect") == []  # Disney is not what is expected


def test_a_relative_pronoun_stands_for_the_noun_it_modifies(nlp, rules):
    text = "Motorola, which Google bought in 2012, lost money."
    assert roles(nlp, rules, text, "buy") == [("Google", "Motorola", None)]


def test_a_relative_subject_is_the_agent(nlp, rules):
    text = "Investors praised Boeing, which hired Stan Deal last year."
    assert roles(nlp, rules, text, "hire") == [("Boeing", "Stan Deal", None)]


def test_coordinated_verbs_share_their_subject(nlp, rules):
    text = "Airbus sold its stake to Boeing and hired Tim Cook."
    assert roles(nlp, rules, text, "hire") == [("Airbus", "Tim Cook", None)]


def test_a_to_phrase_beside_an_object_is_the_recipient(nlp, rules):
    text = "Airbus sold its stake to Boeing and hired Tim Cook."
    assert roles(nlp, rules, text, "sell") == [("Airbus", None, "Boeing")]


def test_an_indirect_object_is_the_recipient(nlp, rules):
    text = "The Pentagon awarded Northrop Grumman a contract."
    assert roles(nlp, rules, text, "award") == [("Pentagon", None, "Northrop Grumman")]


def test_a_light_verb_lets_its_noun_name_the_action(nlp, rules):
    [action] = extracted(nlp, rules, "Disney made an offer for Fox.")
    assert (action.lemma, action.action_class, action.agent.text, action.target.text) == ("offer", "Acquire", "Disney", "Fox")


def test_a_light_verb_gives_its_negation_to_its_noun(nlp, rules):
    [action] = extracted(nlp, rules, "Apple did not file a complaint against Samsung.")
    assert (action.lemma, action.agent.text, action.target.text, action.negated) == ("complaint", "Apple", "Samsung", True)


def test_a_possessed_event_noun_with_an_of_phrase(nlp, rules):
    text = "Microsoft's acquisition of LinkedIn closed in December."
    assert roles(nlp, rules, text, "acquisition") == [("Microsoft", "LinkedIn", None)]


def test_a_by_phrase_makes_the_possessor_of_an_event_noun_its_target(nlp, rules):
    text = "AIG's bailout by the Treasury cost billions."
    assert roles(nlp, rules, text, "bailout") == [("Treasury", "AIG", None)]


def test_a_deal_between_two_names_is_one_action(nlp, rules):
    text = "The deal between Airbus and Boeing collapsed."
    assert roles(nlp, rules, text, "deal") == [("Airbus", "Boeing", None)]


@pytest.mark.parametrize("text, lemma, cls", [
    ("Boeing defeated Airbus in the contest.", "defeat", "Defeat"),
    ("Samsung launched the Galaxy in Seoul.", "launch", "Launch"),
    ("Toyota recalled a million cars in Japan.", "recall", "Recall"),
    ("The board appointed Satya Nadella on Tuesday.", "appoint", "Appoint"),
])
def test_the_family_lexicon_classes_news_verbs(nlp, rules, text, lemma, cls):
    assert [a.action_class for a in extracted(nlp, rules, text) if a.lemma == lemma] == [cls]


def test_a_verb_no_lexicon_knows_is_kept_with_the_generic_class_and_its_lemma(nlp, rules):
    [action] = [a for a in extracted(nlp, rules, "Ryanair operates Boeing jets.") if a.lemma == "operate"]
    assert action.action_class == rules.generic_class == "OtherAction"
    assert (action.agent.text, action.target) == ("Ryanair", None)  # the jets are the object, not Boeing


def test_a_verb_without_a_named_participant_is_no_action(nlp, rules):
    assert [a for a in extracted(nlp, rules, "The company bought a small firm.") if a.lemma == "buy"] == []


def test_a_copula_is_no_action(nlp, rules):
    assert [a for a in extracted(nlp, rules, "Boeing is a large company.") if a.lemma == "be"] == []


def test_negation_and_modality_apply_to_open_class_actions(nlp, rules):
    [action] = [a for a in extracted(nlp, rules, "Microsoft might not buy TikTok.") if a.lemma == "buy"]
    assert action.negated and action.modality.value == "Possible"


@pytest.mark.parametrize("text, person, organization, title", [
    ("Tim Cook, Apple's chief executive, resigned.", "Tim Cook", "Apple", "chief executive"),
    ("Tim Cook, the chief executive of Apple, resigned.", "Tim Cook", "Apple", "chief executive"),
    ("Apple CEO Tim Cook resigned.", "Tim Cook", "Apple", "CEO"),
    ("Paul Nesbit, an analyst at JSA Research, said so.", "Paul Nesbit", "JSA Research", "analyst"),
])
def test_a_title_is_an_affiliation_of_the_person_with_the_organisation(nlp, rules, text, person, organization, title):
    found = [(a.agent.text, a.target.text, a.trigger) for a in extracted(nlp, rules, text) if a.action_class == "Affiliation"]
    assert found == [(person, organization, title)]


def test_reported_speech_is_a_statement_that_points_to_the_action_it_reports(nlp, rules):
    found = extracted(nlp, rules, "Airbus said Boeing bought Embraer.")
    [said] = [a for a in found if a.lemma == "say"]
    [bought] = [a for a in found if a.lemma == "buy"]
    assert (said.agent.text, bought.agent.text, bought.target.text) == ("Airbus", "Boeing", "Embraer")
    assert bought.reported_in == said.start and bought.reported_by.text == "Airbus"


def test_a_support_verb_is_an_action_and_gives_its_subject_to_its_event_noun(nlp, rules):
    found = {a.lemma: a for a in extracted(nlp, rules, "Aeroflot negotiated the purchase of Boeing jets.")}
    assert found["negotiate"].agent.text == found["purchase"].agent.text == "Aeroflot"
    assert found["purchase"].target is None  # the jets are bought, not Boeing


@pytest.mark.parametrize("text, lemma, agent", [
    ("A spokesman for Airbus said the deal was signed.", "say", "Airbus"),
    ("Boeing's lawyers sued Airbus.", "sue", "Boeing"),
])
def test_people_who_act_for_an_organisation_stand_for_it_as_agents(nlp, rules, text, lemma, agent):
    assert [a.agent.text for a in extracted(nlp, rules, text) if a.lemma == lemma] == [agent]


def test_a_verb_with_two_sides_joined_by_between_has_the_first_as_agent(nlp, rules):
    text = "The contract was fought over between Boeing and Lockheed."
    assert roles(nlp, rules, text, "fight") == [("Boeing", "Lockheed", None)]


def test_acting_on_an_event_acts_on_its_possessor(nlp, rules):
    assert roles(nlp, rules, "The GAO upheld Boeing's protest.", "uphold") == [("GAO", "Boeing", None)]


def test_a_support_verb_does_not_act_on_the_possessor_of_its_event(nlp, rules):
    assert roles(nlp, rules, "Airbus won Qatar Airways' order.", "win") == [("Airbus", None, None)]


@pytest.mark.parametrize("text, lemma", [
    ("Airbus will supply the Royal Air Force with tankers.", "supply"),
    ("The Pentagon provided Ukraine with missiles.", "provide"),
])
def test_the_object_of_a_provision_verb_with_a_with_phrase_is_the_recipient(nlp, rules, text, lemma):
    [(agent, target, recipient)] = roles(nlp, rules, text, lemma)
    assert target is None and recipient in ("Royal Air Force", "Ukraine")


def test_a_name_before_an_event_noun_is_its_agent(nlp, rules):
    assert roles(nlp, rules, "Analysts praised the Air Canada deal.", "deal") == [("Air Canada", None, None)]


def test_a_name_before_a_hostile_event_noun_is_left_out(nlp, rules):
    assert roles(nlp, rules, "The Huawei ban hurt sales.", "ban") == []  # Huawei is banned, not the banner


def test_an_event_noun_framing_a_verb_takes_its_subject(nlp, rules):
    text = "Thomas Enders said in a statement that sales rose."
    assert roles(nlp, rules, text, "statement") == [("Thomas Enders", None, None)]


def test_an_ending_verb_without_a_complement_is_an_action_itself(nlp, rules):
    assert roles(nlp, rules, "Boeing ended production in Long Beach.", "end") == [("Boeing", None, None)]


def test_an_event_noun_takes_its_target_from_over(nlp, rules):
    text = "Investors fled the market amid fears over Lehman Brothers."
    assert roles(nlp, rules, text, "fear") == [(None, "Lehman Brothers", None)]


def test_a_name_that_qualifies_the_title_of_the_next_is_no_conjunct(nlp, rules):
    text = "Northrop Grumman and Airbus parent EADS defeat Boeing for a contract."
    assert roles(nlp, rules, text, "defeat") == [("Northrop Grumman", "Boeing", None), ("EADS", "Boeing", None)]


@pytest.mark.parametrize("text, lemma, agent, target", [
    ("Chrysler's merger with Fiat was approved.", "merger", "Chrysler", "Fiat"),
    ("Boeing held talks with Airbus.", "talk", "Boeing", "Airbus"),
])
def test_an_event_noun_takes_its_target_from_with(nlp, rules, text, lemma, agent, target):
    assert roles(nlp, rules, text, lemma) == [(agent, target, None)]


# Structures from the QA-SRL error analysis (bench/eval_srl.py qasrl --structures)

def test_an_infinitive_of_purpose_takes_the_subject_not_the_object(nlp, rules):
    assert roles(nlp, rules, "Boeing contacted Airbus to offer help.", "offer") == [("Boeing", None, None)]
    assert roles(nlp, rules, "Tim Cook used the interview to criticise Samsung.", "criticise") == [("Tim Cook", "Samsung", None)]


def test_an_object_control_verb_gives_its_object_as_the_agent(nlp, rules):
    assert roles(nlp, rules, "Google pushed Apple to drop the app.", "drop") == [("Apple", None, None)]


def test_a_bare_participle_in_an_adverbial_clause_is_passive(nlp, rules):
    assert roles(nlp, rules, "If convicted, Smith faces ten years in prison.", "convict") == [(None, "Smith", None)]


def test_a_nationality_before_a_representative_noun_is_who_acts(nlp, rules):
    assert roles(nlp, rules, "British troops shut down the base in Helmand.", "shut") == [("British", None, None)]


@pytest.mark.parametrize("text, lemma, agent", [
    ('Tim Cook said: "I will meet Sundar Pichai."', "meet", "Tim Cook"),
    ("The United States said it would sanction Russia.", "sanction", "The United States"),
])
def test_a_pronoun_in_reported_speech_is_the_speaker(nlp, rules, text, lemma, agent):
    assert [a.agent.text for a in extracted(nlp, rules, text) if a.lemma == lemma] == [agent]


def test_use_and_take_are_actions_when_their_object_is_no_event(nlp, rules):
    assert roles(nlp, rules, "Samsung used Google's software.", "use") == [("Samsung", None, None)]


def test_a_negated_governor_negates_its_infinitive(nlp, rules):
    buy = [a for a in extracted(nlp, rules, "Boeing did not agree to buy Airbus.") if a.lemma == "buy"]
    assert [(a.agent.text, a.target.text, a.negated) for a in buy] == [("Boeing", "Airbus", True)]


def test_an_apposed_name_is_the_head_nouns_referent_before_a_compound_name(nlp, rules):
    text = "A village resident, Iftikhar, was shot by India's BSF."
    assert roles(nlp, rules, text, "shoot") == [("BSF", "Iftikhar", None)]


@pytest.mark.parametrize("text", [
    "Airbus won an order from Qatar Airways.",  # a from-phrase
    "Airbus wins Qatar Airways order worth $15bn.",  # a name before the noun
])
def test_the_source_of_what_a_receiving_verb_takes_is_its_agent_and_the_subject_its_recipient(nlp, rules, text):
    assert roles(nlp, rules, text, "order") == [("Qatar Airways", None, "Airbus")]


def test_a_light_verb_without_a_source_still_gives_its_subject_as_agent(nlp, rules):
    assert roles(nlp, rules, "Qatar Airways placed an order with Airbus for 80 jets.", "order") == [("Qatar Airways", "Airbus", None)]


@pytest.mark.parametrize("text", ["Airbus will compensate Singapore Airlines.", "Singapore Airlines will be compensated by Airbus."])
def test_the_one_a_payee_verb_pays_is_the_recipient(nlp, rules, text):
    assert roles(nlp, rules, text, "compensate") == [("Airbus", None, "Singapore Airlines")]


def test_a_with_phrase_beside_an_object_is_a_co_participant_not_the_target(nlp, rules):
    assert roles(nlp, rules, "Tesla shared its battery data with Panasonic.", "share") == [("Tesla", None, "Panasonic")]
    assert roles(nlp, rules, "Boeing fought with Airbus.", "fight") == [("Boeing", "Airbus", None)]  # no object: the target


def test_a_place_before_based_locates_the_name_after_it(nlp, rules):
    text = "The Air Force selected Los Angeles based Northrop Grumman to build the tanker."
    assert roles(nlp, rules, text, "select") == [("The Air Force", "Northrop Grumman", None)]
    assert roles(nlp, rules, text, "base") == []  # where it is, not what it does


@pytest.mark.parametrize("text, member", [
    ("Police arrested three men including David Jones.", "David Jones"),  # on the object
    ("Around 47 people were arrested including the councillor Chas Booth.", "Chas Booth"),  # on the passive verb
])
def test_a_named_member_of_an_unnamed_group_takes_its_role(nlp, rules, text, member):
    assert [a.target and a.target.text for a in extracted(nlp, rules, text) if a.lemma == "arrest"] == [member]


@pytest.mark.parametrize("text, lemma, expected", [
    ("Siemens signed a contract with Alstom.", "sign", ("Siemens", None, "Alstom")),
    ("Nissan agreed with Renault on the price.", "agree", ("Nissan", None, "Renault")),
    ("Goldman Sachs settled with Barclays last year.", "settle", ("Goldman Sachs", None, "Barclays")),
    ("Ford negotiated with Toyota for months.", "negotiate", ("Ford", "Toyota", None)),
])
def test_the_with_party_takes_the_role_its_propbank_frame_numbers(nlp, rules, text, lemma, expected):
    """sign.02, agree.01 and settle.02 number the with-party Arg2 (a co-participant, kg's recipient); negotiate.01
    numbers it Arg1 (the target)."""
    assert roles(nlp, rules, text, lemma) == [expected]


def test_coordinated_named_members_each_take_the_groups_role(nlp, rules):
    assert roles(nlp, rules, "Police arrested three men including David Jones and Peter Smith.", "arrest") == [
        (None, "David Jones", None), (None, "Peter Smith", None)]


def test_a_named_member_after_an_unnamed_one_takes_the_groups_role(nlp, rules):
    text = "The gunmen hit several targets including a railway station and the Taj Mahal Hotel."
    assert [t for _, t, _ in roles(nlp, rules, text, "hit")] == ["Taj Mahal Hotel"]


def test_in_order_to_gives_the_governing_subject_and_is_no_order(nlp, rules):
    text = "Boeing cut prices in order to beat Airbus."
    assert roles(nlp, rules, text, "beat") == [("Boeing", "Airbus", None)]
    assert roles(nlp, rules, text, "order") == []
    passive = "David Headley pleaded guilty in order to avoid being extradited to India."
    assert [t for _, t, _ in roles(nlp, rules, passive, "extradite")] == ["David Headley"]


def test_a_hyphen_tagged_as_a_verb_is_no_action(nlp, rules):
    text = "Headley pleaded guilty and co-operated in Chicago."
    assert not [a for a in extracted(nlp, rules, text) if not any(ch.isalpha() for ch in a.trigger)]


def test_an_active_participle_takes_the_noun_it_modifies_as_agent(nlp, rules):
    text = "Louise Straw, a solicitor representing Stuart Hall, said Hall is innocent."
    assert roles(nlp, rules, text, "represent") == [("Louise Straw", "Stuart Hall", None)]


def test_a_participle_on_an_unnamed_event_noun_keeps_the_light_verbs_subject(nlp, rules):
    text = "Barack Obama gave a statement condemning Russia."
    assert [a for a, _, _ in roles(nlp, rules, text, "condemn")] == ["Barack Obama"]


def test_coordinated_co_parties_are_each_a_recipient(nlp, rules):
    text = "Eriador agrees with the Philippines and France that disputes should go to arbitration."
    assert sorted(r for _, _, r in roles(nlp, rules, text, "agree")) == ["France", "Philippines"]


def test_a_participle_on_a_noun_a_name_only_modifies_takes_no_agent_from_it(nlp, rules):
    text = "TCI and Atticus opposed the LSE bid for months saying it would destroy value."
    assert "LSE" not in [a for a, _, _ in roles(nlp, rules, text, "say")]


def test_an_event_noun_apposed_to_a_name_does_not_stand_for_it(nlp, rules):
    text = "Russia took control of Yukos, a move that prompted calls of outrage."
    assert "Yukos" not in [a for a, _, _ in roles(nlp, rules, text, "prompt")]


def test_a_phrase_after_an_infinitive_complement_is_not_the_governors(nlp, rules):
    text = "The Federal Reserve arranged to raise credit lines with the Bank of England, and with the Bank of Japan."
    assert roles(nlp, rules, text, "arrange") == [("The Federal Reserve", None, None)]
    assert roles(nlp, rules, "Boeing negotiated with Airbus to share the costs.", "negotiate") == [("Boeing", "Airbus", None)]


@pytest.mark.parametrize("text, lemma, expected", [
    ("Boeing completed its acquisition of McDonnell Douglas in 1997.", "acquisition", ("Boeing", "McDonnell Douglas", None)),
    ("Microsoft said Google completed its acquisition of Motorola.", "acquisition", ("Google", "Motorola", None)),
    ("Ryanair chief executive Michael O'Leary justified his choice of Boeing.", "choice", ("Michael O'Leary", "Boeing", None)),
])
def test_a_possessive_pronoun_is_bound_to_the_subject_of_its_clause(nlp, rules, text, lemma, expected):
    assert roles(nlp, rules, text, lemma) == [expected]


def test_a_possessive_pronoun_inside_the_subject_is_not_bound_to_it(nlp, rules):
    assert roles(nlp, rules, "Cloudflare said its decision to stop serving Kiwi Farms was hard.", "serve") == [
        ("Cloudflare", "Kiwi Farms", None)]


def test_a_possessive_pronoun_is_not_bound_to_one_of_coordinated_subjects(nlp, rules):
    text = "Gondor and Osgiliath have delayed their meeting after a hafling was reported."
    assert all(agent != "Gondor" for agent, _, _ in roles(nlp, rules, text, "meeting"))


def test_a_possessive_pronoun_on_what_its_subject_receives_is_not_its_agent(nlp, rules):
    text = "The jury praised the film, and Clint Eastwood got his third nomination for Million Dollar Baby."
    assert all(agent != "Clint Eastwood" for agent, _, _ in roles(nlp, rules, text, "nomination"))


def test_a_singular_relative_clause_after_coordinated_names_is_about_the_last(nlp, rules):
    text = "The court heard from Microsoft and Google, which was later fined by the European Commission."
    assert [target for _, target, _ in roles(nlp, rules, text, "fin") + roles(nlp, rules, text, "fine")] == ["Google"]
    plural = "Police questioned Smith and Jones, who were later charged by prosecutors."
    assert [target for _, target, _ in roles(nlp, rules, plural, "charge")] == ["Smith and Jones"]


@pytest.mark.parametrize("text, action_class", [
    ("Sony released a new game in Tokyo.", "Launch"),          # a product
    ("The ONS released figures on Monday.", "Statement"),     # what is made public
    ("Hamas released Gilad Shalit in 2011.", "Yield"),        # a captive
])
def test_release_takes_its_class_from_what_is_released(nlp, rules, text, action_class):
    assert [a.action_class for a in extracted(nlp, rules, text) if a.lemma == "release"] == [action_class]


def test_a_verb_the_rule_lemmatizer_misspells_finds_its_class(nlp, rules):
    assert [a.action_class for a in extracted(nlp, rules, "The EU fined Intel.") if a.lemma == "fine"] == ["Fine"]
