"""Build a graph: read articles, run NLP, resolve entities, map to RDF, write to the store."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Iterable

from kg.ingest import Failure, iter_articles
from kg.iri import Minter
from kg.mapping import to_graphs
from kg.model import Article, BuildReport, Extraction
from kg.nlp.extract import extract_articles
from kg.ontology import load_ontology
from kg.nlp.rules import Rules
from kg.resolve import resolve
from kg.store.base import Store

# The ontology lives in the store too, so queries can follow rdfs:subClassOf* from the data.
ONTOLOGY_GRAPH = "https://w3id.org/kgnews/ontology"

Progress = Callable[[Extraction], None]


def read_inputs(paths: Iterable[Path], report: BuildReport) -> list[Article]:
    """Read every article under `paths`; unreadable files are recorded in the report, not fatal."""
    articles = []
    for item in iter_articles(paths):
        if isinstance(item, Failure):
            report.failed.append(f"{item.reason}")
        else:
            articles.append(item)
    unique = {a.id: a for a in articles}  # the same text twice is one document
    return list(unique.values())


def build(
    paths: Iterable[Path],
    store: Store,
    nlp,
    rules: Rules,
    minter: Minter,
    *,
    on_document: Progress | None = None,
    on_start: Callable[[int], None] | None = None,
) -> BuildReport:
    """Build the articles under `paths` into `store`; rebuilding the same input gives the same graph."""
    started = time.perf_counter()
    report = BuildReport()
    store.replace_graph(ONTOLOGY_GRAPH, load_ontology())
    articles = read_inputs(paths, report)
    if on_start:
        on_start(len(articles))
    extractions = []
    for ex in extract_articles(nlp, articles, rules):
        extractions.append(ex)
        if on_document:
            on_document(ex)
    resolution = resolve(extractions, rules.company_suffixes)
    graphs = to_graphs(extractions, resolution, minter)
    for doc, triples in graphs.documents.items():
        store.replace_graph(str(doc), triples)
    entity_triples = [t for triples in graphs.entities.values() for t in triples]
    store.replace_about(str(minter.resolution_graph()), [str(e) for e in graphs.entities], entity_triples)
    report.documents = len(extractions)
    report.entities = len(resolution.entities)
    report.actions = sum(len(ex.actions) for ex in extractions)
    report.triples = len(store)
    report.seconds = time.perf_counter() - started
    return report
