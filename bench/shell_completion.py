"""How fast the shell's entity-label completion is on a graph of a million triples.

Builds an in-memory store of 200,000 synthetic entities with five triples each, written as kg.mapping writes
them (type, preferred label, the name and an alias as rdfs:label, the alias as skos:altLabel), then times the
one query that reads every label, building the sorted index, prefix lookups as Tab does them, and fuzzy name
matching as \\ask and \\describe do it. Times are CPU time, so other load on the machine does not count.

    .venv/bin/python bench/shell_completion.py [ENTITIES]
"""

from __future__ import annotations

import random
import sys
from time import process_time

from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from kg.labels import LABELS_QUERY, LabelIndex, load_labels
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, KG, prefixes_with_base

WORDS = ["acme", "alpha", "beta", "cloud", "delta", "echo", "farms", "global", "harbor", "iris", "kiwi", "lumen", "metro", "north", "omega", "pacific", "quartz", "river", "solar", "terra", "union", "vector", "willow", "xenon", "yellow", "zenith"]


def synthetic(n: int):
    rng = random.Random(7)
    for i in range(n):
        entity = URIRef(f"{DEFAULT_BASE_IRI}organization/e{i}")
        name = f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {i}"
        yield from [(entity, RDF.type, KG.Organization), (entity, SKOS.prefLabel, Literal(name)),
                    (entity, RDFS.label, Literal(name)), (entity, RDFS.label, Literal(f"{name} Inc")),
                    (entity, SKOS.altLabel, Literal(f"{name} Inc"))]


def timed(label: str, action, repeat: int = 1):
    started = process_time()
    for _ in range(repeat):
        value = action()
    per = (process_time() - started) / repeat
    print(f"{label:<44} {per * 1000:10.2f} ms CPU")
    return value


def main(entities: int) -> None:
    with open_store("memory:", prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        timed("load the graph", lambda: store.replace_graph(DEFAULT_BASE_IRI + "bench", synthetic(entities)))
        print(f"{len(store):,} triples, {entities:,} entities")
        timed("labels query, as CSV", lambda: store.query_serialized(LABELS_QUERY, "csv"))
        index: LabelIndex = timed("labels query + sorted index (load_labels)", lambda: load_labels(store))
        print(f"{len(index):,} labels indexed")
        timed("Tab: labels starting with 'Clo' (20)", lambda: index.starting_with("Clo", 20), repeat=1000)
        timed("Tab: labels starting with 'Kiwi Far' (20)", lambda: index.starting_with("Kiwi Far", 20), repeat=1000)
        name = index.labels[len(index) // 2]
        typo = name[:2] + name[3:]
        timed(f"exact name {name!r}", lambda: index.find(name), repeat=100)
        timed(f"fuzzy name {typo!r} (no exact match)", lambda: index.find(typo), repeat=3)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
