"""The offline GeoNames linker on places described the way the store describes them."""

from kg.link.geonames import geonames_index, link_places
from kg.link.model import EntityInfo, Relation

UK_BELFAST = "https://sws.geonames.org/2655984/"
SA_BELFAST = "https://sws.geonames.org/1020340/"


def place(*labels: str, containers=(), article_places=(), context="") -> EntityInfo:
    return EntityInfo(f"urn:test:{labels[0]}", "Place", labels[0], labels, tuple(containers), tuple(article_places), context)


def only_link(entity: EntityInfo):
    links = link_places([entity])
    assert len(links) <= 1
    return links[0] if links else None


def test_a_country_with_one_name_is_a_confident_match():
    link = only_link(place("Canada"))
    assert (link.target, link.relation, link.matched_type) == ("https://sws.geonames.org/6251999/", Relation.SAME_AS, "country")


def test_news_abbreviations_of_countries_are_known():
    for labels in (("US", "U.S."), ("UK",), ("Britain",)):
        link = only_link(place(*labels))
        assert link is not None and link.relation is Relation.SAME_AS, labels
    assert only_link(place("U.S.")).target == "https://sws.geonames.org/6252001/"


def test_the_containing_place_in_the_text_decides_between_namesakes():
    link = only_link(place("Belfast", containers=["Northern Ireland"]))
    assert link.target == UK_BELFAST and link.relation is Relation.SAME_AS
    assert "in Northern Ireland" in link.context


def test_the_container_overrides_population():
    link = only_link(place("Belfast", containers=["South Africa"]))
    assert link.target == SA_BELFAST and link.relation is Relation.SAME_AS


def test_another_place_of_the_article_gives_the_country():
    alone = only_link(place("Georgia"))
    assert alone is None or alone.relation is Relation.CLOSE_MATCH  # a country and a US state
    with_us = only_link(place("Georgia", article_places=["Atlanta", "United States"]))
    assert with_us.target == "https://sws.geonames.org/4197000/" and "United States" in with_us.context
    with_russia = only_link(place("Georgia", article_places=["Russia"]))
    assert with_russia.target == "https://sws.geonames.org/614540/"


def test_population_is_the_prior_when_the_text_says_nothing():
    link = only_link(place("London"))
    assert link.target == "https://sws.geonames.org/2643743/" and link.relation is Relation.SAME_AS


def test_a_state_and_a_big_city_of_one_name_are_only_a_close_match():
    link = only_link(place("New York"))
    assert link.relation is Relation.CLOSE_MATCH


def test_only_places_are_linked_and_unknown_names_are_not():
    person = EntityInfo("urn:test:paris", "Person", "Paris", ("Paris",))
    assert link_places([person]) == []
    assert link_places([place("Kiwi Farms"), place("Silicon Valley")]) == []


def test_every_candidate_carries_a_country_or_region_for_context():
    candidates = geonames_index().candidates(("El Paso",))
    assert candidates and all(c.context_terms for c in candidates)
