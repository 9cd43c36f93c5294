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


def test_shared_nearest_neighbours_keep_apart_two_happenings_with_the_same_protagonist():
    """Two stays in rehab of one actress, each told by four documents naming its own clinic and lawyer: by cosine
    the actress joins all eight into one story; by the nearest documents they share, each stay is a story."""
    first = {f"a{i}": Counter({"person/lohan": 2, "org/betty-ford": 1, "person/shawn-chapman": 1}) for i in range(4)}
    second = {f"b{i}": Counter({"person/lohan": 2, "org/cliffside": 1, "person/mark-heller": 1}) for i in range(4)}
    bags = {**first, **second}
    assert len(groups(find_stories(bags, {}, 0.9, 100))) == 1
    assert groups(find_stories(bags, {}, 0.9, 100, neighbours=3)) == {frozenset(first), frozenset(second)}


def test_shared_nearest_neighbours_still_join_documents_of_one_happening():
    assert groups(find_stories(BAGS, {}, 0.9, 100, neighbours=6)) == {frozenset("ab"), frozenset("cd"), frozenset("e")}
