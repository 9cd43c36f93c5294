"""Senses (kg/senses.py): which trigger lemmas name one kind of happening."""

from kg.senses import sense_table, senses_of


def test_a_group_maps_to_its_first_word():
    table = sense_table([["die", "death", "Dead"], ["quake", "earthquake"]])
    assert table == {"die": ("die",), "death": ("die",), "dead": ("die",), "quake": ("quake",),
                     "earthquake": ("quake",)}


def test_a_word_of_several_groups_has_each_of_their_senses():
    table = sense_table([["fire", "blaze"], ["dismiss", "fire", "sack"], ["shoot", "fire"]])
    assert table["fire"] == ("fire", "dismiss", "shoot") and table["sack"] == ("dismiss",)
    sense = senses_of(["fire", "blaze", "sack"], table)
    assert sense["fire"] & sense["blaze"] == {"fire"} and sense["fire"] & sense["sack"] == {"dismiss"}
    assert not sense["blaze"] & sense["sack"]


def test_an_ing_noun_or_a_plural_maps_to_its_verb_only_when_the_verb_is_a_lemma_too():
    sense = senses_of(["shoot", "shooting", "fire", "firing", "stab", "stabbing", "dies", "die", "meeting", "news"], {})
    assert (sense["shooting"], sense["firing"], sense["stabbing"], sense["dies"]) == \
        ({"shoot"}, {"fire"}, {"stab"}, {"die"})
    assert sense["meeting"] == {"meeting"} and sense["news"] == {"news"}  # no "meet", no "new" among the lemmas


def test_a_derived_form_takes_the_group_of_its_verb():
    sense = senses_of(["slay", "slayings", "murder"], sense_table([["kill", "murder", "slay"]]))
    assert sense["slay"] == sense["murder"] == {"kill"}
    assert sense["slayings"] == {"slayings"}  # "slaying" is not a lemma here; a plural strips one letter only


def test_derived_nouns_map_to_their_verb_when_the_verb_is_a_lemma_too():
    verbs = ["investigate", "announce", "explode", "admit", "arrive", "fail", "appear", "recover", "rob", "elect"]
    nouns = ["investigation", "announcement", "explosion", "admission", "arrival", "failure", "appearance",
             "recovery", "robbery", "election"]
    sense = senses_of(verbs + nouns, {})
    assert [sense[n] for n in nouns] == [{v} for v in verbs]
    alone = senses_of(nouns + ["business", "station"], {})
    assert all(alone[n] == {n} for n in nouns + ["business", "station"])  # no verb among the lemmas: no change


def test_an_acts_words_take_the_sense_of_its_outcome_but_the_outcomes_words_do_not_take_the_acts():
    table = sense_table([["die", "death"], ["kill", "murder"]], [("kill", "die")])
    sense = senses_of(["murder", "killing", "kill", "death"], table)
    assert sense["murder"] == sense["killing"] == frozenset({"kill", "die"})
    assert sense["death"] == frozenset({"die"})
