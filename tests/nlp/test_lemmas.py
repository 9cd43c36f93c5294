import pytest

from kg.nlp.lemmas import spelled_lemma

VERBS = {"hop", "hope", "fin", "fine", "plan", "plane", "stag", "stage", "visit", "fix", "tap", "tape"}


@pytest.mark.parametrize("form, tag, lemma, expected", [
    ("hoped", "VBD", "hop", "hope"),      # hop would be "hopped"
    ("hoping", "VBG", "hop", "hope"),
    ("Fined", "VBN", "fin", "fine"),
    ("staged", "VBD", "stag", "stage"),
    ("hopped", "VBD", "hop", "hop"),      # doubled: the short verb's
    ("planned", "VBN", "plan", "plan"),
    ("visited", "VBD", "visit", "visit"),  # no "visite"
    ("fixed", "VBD", "fix", "fix"),        # x is never doubled
    ("hoped", "NN", "hop", "hop"),         # only inflected verbs
])
def test_an_undoubled_stem_is_the_e_verbs(form, tag, lemma, expected):
    assert spelled_lemma(form, tag, lemma, VERBS) == expected


def test_the_pipeline_corrects_lemmas_that_the_rules_get_wrong_and_keeps_the_others(nlp):
    doc = nlp("The EU fined Intel after it hoped to settle. Officials tapped phones and planned a raid.")
    lemmas = {t.text: t.lemma_ for t in doc if t.pos_ == "VERB"}
    assert lemmas["fined"] == "fine" and lemmas["hoped"] == "hope"
    assert lemmas["tapped"] == "tap" and lemmas["planned"] == "plan"


def test_a_corrected_lemma_reaches_the_action_lexicon_and_modality(nlp, rules):
    from kg.model import Article
    from kg.nlp.extract import extract_doc

    text = "The EU fined Intel. Microsoft hoped to buy Yahoo."
    actions = extract_doc(nlp(text), Article("d", "d.txt", text), rules).actions
    by_lemma = {a.lemma: a for a in actions}
    assert by_lemma["fine"].action_class == "Fine"
    assert by_lemma["buy"].modality.value == "Intended"
