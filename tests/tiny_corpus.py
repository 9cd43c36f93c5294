"""Small made-up news documents for build tests, and how to compare two stores' contents.

The names are chosen so that resolution changes as documents are added: 'Acme' alone reads as a person
or a place to the small model, while documents that say 'Acme Inc' make it one organisation, so earlier
documents' links must be redone.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.pipeline import ONTOLOGY_GRAPH

SENTENCES = [
    "{a} sued {b} in {place} on Monday.",
    "{p} of {a} criticised {b} last week.",
    "{b} blocked {a} on Friday, according to {p}.",
    "{a} said it would appeal against {b}.",
    "Officials in {place} investigated {b} in 2021.",
    "{p} met {q} in {place} to discuss {a}.",
]
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Acme Inc", "Globex Corporation", "Initech Inc"]
PEOPLE = ["Jane Doe", "John Smith", "Maria Garcia", "Wei Chen", "Doe", "Smith"]
PLACES = ["Berlin", "London", "Paris", "Madrid", "Tokyo"]


def document(i: int) -> str:
    """The i-th document: a date line and three sentences, different for every i."""
    names = {
        "a": COMPANIES[i % len(COMPANIES)],
        "b": COMPANIES[(i * 3 + 1) % len(COMPANIES)],
        "p": PEOPLE[i % len(PEOPLE)],
        "q": PEOPLE[(i + 2) % len(PEOPLE)],
        "place": PLACES[i % len(PLACES)],
    }
    picked = [SENTENCES[(i + k * 2) % len(SENTENCES)].format(**names) for k in range(3)]
    return f"date 2024-05-{1 + i % 28:02d}\n\n" + " ".join(picked) + f" Report number {i}.\n"


def write_corpus(folder: Path, indices: range | list[int]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in indices:
        (folder / f"doc{i:03d}.txt").write_text(document(i), encoding="utf-8")
    return folder


def canonical(nquads: bytes) -> dict[str, frozenset[str]]:
    """Graph name → its triples, comparable across stores: equal when the datasets are isomorphic.

    kg mints an IRI for every node, so triples compare as text; a blank node would make this fail loudly.
    The ontology graph is left out: every build writes the same kg.ttl there.
    """
    graphs: dict[str, set[str]] = {}
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        if quad.graph_name.value == ONTOLOGY_GRAPH:
            continue
        assert not any(isinstance(t, ox.BlankNode) for t in (quad.subject, quad.object)), quad
        graphs.setdefault(quad.graph_name.value, set()).add(str(ox.Triple(quad.subject, quad.predicate, quad.object)))
    return {name: frozenset(triples) for name, triples in graphs.items()}
