"""Links to RDF: one named graph per source, so re-running replaces them and undo drops the graph."""

from __future__ import annotations

import hashlib

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS, XSD

from kg.errors import KgError
from kg.iri import Minter, slug
from kg.link.model import Link, Relation
from kg.store.base import SelectResult, Store, Triple
from kg.vocab import KG

PROPERTY = {Relation.SAME_AS: OWL.sameAs, Relation.CLOSE_MATCH: SKOS.closeMatch}


def link_graph(minter: Minter, source: str) -> str:
    return f"{minter.base}graph/link/{slug(source)}"


def _link_node(minter: Minter, source: str, link: Link) -> URIRef:
    digest = hashlib.sha256(f"{link.entity} {link.target}".encode()).hexdigest()[:12]
    return URIRef(f"{minter.base}link/{slug(source)}/{digest}")


def link_triples(links: list[Link], source: str, minter: Minter) -> list[Triple]:
    """The asserted links plus, for each, a kg:Link record of its score, method and evidence."""
    triples: list[Triple] = []
    for link in links:
        entity, target, prop = URIRef(link.entity), URIRef(link.target), PROPERTY[link.relation]
        node = _link_node(minter, source, link)
        triples += [
            (entity, prop, target),
            (node, RDF.type, KG.Link),
            (node, KG.linkEntity, entity),
            (node, KG.linkTarget, target),
            (node, KG.linkRelation, prop),
            (node, KG.linkScore, Literal(f"{link.score:.3f}", datatype=XSD.decimal)),
            (node, KG.linkMethod, Literal(link.method)),
            (node, KG.linkSource, Literal(source)),
            (node, KG.matchedLabel, Literal(link.matched_label)),
        ]
        triples += [(node, p, Literal(v)) for p, v in ((KG.matchedType, link.matched_type), (KG.linkContext, link.context)) if v]
    return triples


def write_links(store: Store, minter: Minter, source: str, links: list[Link]) -> None:
    """Replace the links from `source` with `links`."""
    store.replace_graph(link_graph(minter, source), link_triples(links, source, minter))


def link_counts(store: Store) -> dict[str, tuple[int, int]]:
    """For each source in the store: how many owl:sameAs and skos:closeMatch links it holds."""
    result = store.query(
        "SELECT ?source (SUM(IF(?r = owl:sameAs, 1, 0)) AS ?same) (SUM(IF(?r = skos:closeMatch, 1, 0)) AS ?close) "
        "WHERE { ?l a kg:Link ; kg:linkSource ?source ; kg:linkRelation ?r } GROUP BY ?source ORDER BY ?source"
    )
    assert isinstance(result, SelectResult)
    return {str(s): (int(same), int(close)) for s, same, close in result.rows}


def remove_links(store: Store, minter: Minter, source: str) -> None:
    """Drop every link from `source`; naming a source that has none is an error that lists those that do."""
    graph = link_graph(minter, source)
    if graph not in store.graphs():
        known = ", ".join(link_counts(store)) or "none"
        raise KgError(f"no links from '{source}' in the store; sources with links: {known}")
    store.update(f"DROP GRAPH <{graph}>")
