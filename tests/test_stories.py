"""Stories (kg/stories.py): documents that name the same entities, found without gold."""

from __future__ import annotations

from collections import Counter
from datetime import date

from kg.stories import find_stories

BAGS = {
    "a": Counter({"org/cloudflare": 3, "org/kiwi-farms": 2}),
    "b": Counter({"org/cloudflare": 1, "org/kiwi-farms": 1, "person/prince": 1}),
    "c": Counter({"org/labour": 2, "person/blair": 3}),
    "d": Counter({"person/blair": 1, "org/labour": 1}),
    "e": Counter(),
}


def groups(story: dict[str, str]) -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for doc, s in story.items():
        by.setdefault(s, set()).add(doc)
    return {frozenset(g) for g in by.values()}


def test_documents_that_name_the_same_entities_are_one_story_named_after_its_first_document():
    story = find_stories(BAGS, {}, 0.9, 100)
    assert groups(story) == {frozenset("ab"), frozenset("cd"), frozenset("e")}
    assert story["b"] == "a" and story["d"] == "c"


def test_documents_are_compared_only_within_their_month_of_publication():
    published = {"a": date(2022, 9, 3), "b": date(2022, 10, 3)}
    assert groups(find_stories(BAGS, published, 0.9, 100)) == {
        frozenset("a"), frozenset("b"), frozenset("cd"), frozenset("e")}


def test_a_tight_cut_or_a_block_too_big_leaves_documents_alone():
    assert all(len(g) == 1 for g in groups(find_stories(BAGS, {}, 1e-6, 100)))
    assert all(len(g) == 1 for g in groups(find_stories(BAGS, {}, 0.9, 3)))
