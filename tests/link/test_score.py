"""Choosing among candidates: type compatibility, ties, untyped candidates, context."""

from kg.link.model import Candidate, EntityInfo, Relation
from kg.link.score import CLOSE_MATCH_AT, SAME_AS_AT, decide, rank

PERSON = EntityInfo("urn:e:1", "Person", "Jordan Smith", ("Jordan Smith",), context="Jordan Smith, the Labour MP, said")


def test_a_person_is_never_linked_to_a_place():
    city = Candidate("urn:c:city", "Jordan Smith", "Place", "city")
    assert rank(PERSON, [city]) == [] and decide(PERSON, [city], "t") is None


def test_one_typed_candidate_is_a_confident_match():
    link = decide(PERSON, [Candidate("urn:c:1", "Jordan Smith", "Person")], "t")
    assert link.relation is Relation.SAME_AS and link.score >= SAME_AS_AT and link.matched_label == "Jordan Smith"


def test_an_untyped_candidate_is_at_most_a_close_match():
    link = decide(PERSON, [Candidate("urn:c:1", "Jordan Smith", None)], "t")
    assert link.relation is Relation.CLOSE_MATCH and CLOSE_MATCH_AT <= link.score < SAME_AS_AT


def test_namesakes_the_text_cannot_tell_apart_are_not_linked():
    twins = [Candidate("urn:c:1", "Jordan Smith", "Person"), Candidate("urn:c:2", "Jordan Smith", "Person")]
    assert decide(PERSON, twins, "t") is None


def test_context_words_pick_one_namesake():
    footballer = Candidate("urn:c:1", "Jordan Smith", "Person", context_terms=("Arsenal",))
    politician = Candidate("urn:c:2", "Jordan Smith", "Person", context_terms=("Labour",))
    link = decide(PERSON, [footballer, politician], "t")
    assert link.target == "urn:c:2" and "Labour" in link.context
