"""Entity labels read from the store in one query: prefix lookup for completion, name matching for questions."""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from kg.store.base import Store

# Entities are the nodes with a preferred label; kg.mapping writes every name, aliases too, as rdfs:label.
# (A property-path alternative over skos:altLabel as well costs 2.5 times as much on a large graph.)
LABELS_QUERY = """SELECT ?entity ?label ?preferred WHERE {
  ?entity skos:prefLabel ?preferred .
  OPTIONAL { ?entity rdfs:label ?label }
}"""
FUZZY_CUTOFF = 85


@dataclass(frozen=True)
class NameMatch:
    """An entity found for a name, and how: 'exact' (any label, case-insensitive) or 'fuzzy' with a score."""

    iri: str
    label: str
    how: str
    score: float = 100.0


@dataclass(frozen=True)
class LabelIndex:
    """Every entity label, sorted case-insensitively so a prefix is found by bisection in a million labels."""

    keys: tuple[str, ...] = ()  # casefolded labels, sorted
    labels: tuple[str, ...] = ()  # the labels as written, in the order of keys
    iris: tuple[str, ...] = ()  # the entity of each label, in the order of keys
    preferred: dict[str, str] = field(default_factory=dict)  # entity IRI → preferred label

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, str]]) -> LabelIndex:
        """Index (entity IRI, label, preferred label) rows."""
        rows = list(rows)
        names = {(label, iri) for iri, label, _ in rows} | {(preferred, iri) for iri, _, preferred in rows}
        ordered = sorted((label.casefold(), label, iri) for label, iri in names)
        keys, labels, iris = zip(*ordered) if ordered else ((), (), ())
        return cls(keys, labels, iris, {iri: pref for iri, _, pref in rows})

    def __len__(self) -> int:
        return len(self.keys)

    @cached_property
    def names(self) -> list[str]:
        """Every distinct label, for fuzzy matching."""
        return sorted(set(self.labels))

    def starting_with(self, text: str, limit: int = 50) -> list[tuple[str, str]]:
        """Return up to `limit` (label, IRI) pairs whose label starts with `text`, ignoring case.

        >>> LabelIndex.build([("urn:c", "Cloudflare", "Cloudflare"), ("urn:k", "Kiwi Farms", "Kiwi Farms")]).starting_with("cl")
        [('Cloudflare', 'urn:c')]
        """
        key = text.casefold()
        found = []
        for i in range(bisect_left(self.keys, key), len(self.keys)):
            if not self.keys[i].startswith(key) or len(found) == limit:
                break
            found.append((self.labels[i], self.iris[i]))
        return found

    def exact(self, name: str) -> list[str]:
        """Return the IRIs with `name` among their labels (ignoring case), entities preferring it first."""
        key = name.casefold()
        i = bisect_left(self.keys, key)
        iris = []
        while i < len(self.keys) and self.keys[i] == key:
            iris.append(self.iris[i])
            i += 1
        return sorted(set(iris), key=lambda iri: (self.preferred.get(iri, "").casefold() != key, iri))

    def find(self, name: str) -> NameMatch | None:
        """Match a name typed by a person to one entity: exact label or alias first, then the closest label."""
        name = clean_name(name)
        iris = self.exact(name)
        if iris:
            return NameMatch(iris[0], self.preferred.get(iris[0], name), "exact")
        from rapidfuzz import fuzz, process, utils  # only for names typed inexactly: shells start without it

        labels = self.names
        # Whole-string similarity catches spellings ("Kiwifarms"); token sets catch partial names ("Acme").
        found = [process.extractOne(name, labels, scorer=scorer, processor=utils.default_process,
                                    score_cutoff=FUZZY_CUTOFF) for scorer in (fuzz.ratio, fuzz.token_set_ratio)]
        best = max((f for f in found if f is not None), key=lambda f: f[1], default=None)
        if best is None:
            return None
        iri = self.exact(best[0])[0]
        return NameMatch(iri, self.preferred.get(iri, best[0]), "fuzzy", best[1])

    def closest(self, name: str) -> str | None:
        """Return the label nearest to `name` at any score, for 'did you mean' hints."""
        from rapidfuzz import fuzz, process, utils

        best = process.extractOne(clean_name(name), self.names, scorer=fuzz.WRatio, processor=utils.default_process)
        return best[0] if best else None


def clean_name(name: str) -> str:
    """Strip what surrounds a name in a question: quotes, a leading 'the', a possessive, end punctuation.

    >>> clean_name(" the 'Kiwi Farms'? "), clean_name("Cloudflare's")
    ('Kiwi Farms', 'Cloudflare')
    """
    name = name.strip().rstrip("?.!,;").strip()
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    name = re.sub(r"['’]s$", "", name)
    return name.strip("'\"“”‘’ ")


def load_labels(store: Store) -> LabelIndex:
    """Read every entity label with one query.

    The rows come as the W3C CSV results format and are read with the csv module: turning a million terms
    into rdflib objects would take longer than the query itself.
    """
    data = store.query_serialized(LABELS_QUERY, "csv").decode("utf-8")
    rows = csv.reader(io.StringIO(data, newline=""))
    next(rows, None)  # the header
    return LabelIndex.build((entity, label or preferred, preferred) for entity, label, preferred in rows if entity)
