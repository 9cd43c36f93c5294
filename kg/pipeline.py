"""Build a graph: read articles, run NLP, resolve entities, map to RDF, write to the store.

A build streams: only new or changed documents are parsed (`nlp.pipe`, `jobs` processes), and each one's
mapped triples wait in a temporary spool file, not in memory, until resolution has run. Resolution then
runs over the compact summaries of every document in the store (kg/docstate.py), each new document is
written as one atomic graph, stored documents whose entities changed are relinked one atomic update each,
and the entities' graph is replaced last, stamped with the set of documents it was computed from. A build
killed at any moment leaves only whole documents; the next build sees the stamp does not match and
finishes the job.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import pickle
import signal
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from kg.docstate import (
    SUMMARY,
    TEMPLATE,
    DocState,
    MappedDocument,
    applied_keys,
    decode_state,
    decode_template,
    encode_state,
    encode_template,
    fingerprint,
    link_triples,
    map_document,
)
from kg.ingest import Failure, iter_articles
from kg.iri import Minter
from kg.mapping import Mapper, Triple
from kg.model import Article, BuildReport, Extraction
from kg.nlp.rules import Rules
from kg.ontology import load_ontology
from kg.resolve import Resolution, resolve
from kg.store.base import SelectResult, Store
from kg.store.convert import to_oxigraph
from kg.vocab import KG

# The ontology lives in the store too, so queries can follow rdfs:subClassOf* from the data.
ONTOLOGY_GRAPH = "https://w3id.org/kgnews/ontology"
RESOLVED = KG.resolvedDocuments

Progress = Callable[[Extraction], None]
Log = Callable[[str], None]
# SHACL validation costs about as much as parsing, so a build validates what it wrote up to this many triples.
VALIDATION_BUDGET = 10_000


_PR_SET_PDEATHSIG = 1
_WORKERS_DIE_WITH_PARENT = False


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class Input:
    """A readable input file, without its text."""

    path: str
    doc_id: str
    fingerprint: str


def model_name(nlp) -> str:
    return f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"


def scan_inputs(paths: Iterable[Path], model: str, report: BuildReport) -> dict[str, Input]:
    """Read every input once to learn its identity (document id → input); the texts are not kept."""
    found: dict[str, Input] = {}
    for item in iter_articles(paths):
        if isinstance(item, Failure):
            report.failed.append(item.reason)
        elif item.id not in found:  # the same text twice is one document
            found[item.id] = Input(str(Path(item.path).resolve()), item.id, fingerprint(item, model))
    return found


def load_states(store: Store) -> dict[str, DocState]:
    """The resolution summary of every document in the store."""
    result = store.query(f"SELECT ?doc ?summary WHERE {{ ?doc <{SUMMARY}> ?summary }}")
    assert isinstance(result, SelectResult)
    states = {}
    for doc, summary in result.rows:
        doc_id = str(doc).rsplit("/", 1)[-1]
        states[doc_id] = decode_state(doc_id, str(summary))
    return states


def resolved_stamp(store: Store, minter: Minter) -> str | None:
    graph = minter.resolution_graph()
    result = store.query(f"SELECT ?stamp WHERE {{ GRAPH <{graph}> {{ <{graph}> <{RESOLVED}> ?stamp }} }}")
    assert isinstance(result, SelectResult)
    return str(result.rows[0][0]) if result.rows else None


def stamp(doc_ids: Iterable[str], rules: Rules) -> str:
    """Names what a resolution was computed from: the set of documents and the company suffixes."""
    text = " ".join(sorted(doc_ids)) + "|" + " ".join(sorted(rules.company_suffixes))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _data(triples: Iterable[Triple]) -> str:
    return "\n".join(f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)} ." for s, p, o in triples)


def forget_documents(store: Store, doc_ids: Iterable[str], minter: Minter) -> None:
    for doc_id in doc_ids:
        store.update(f"DROP SILENT GRAPH <{minter.document(doc_id)}>")


def _articles(paths: Iterable[Path], wanted: set[str]) -> Iterator[Article]:
    for item in iter_articles(paths):
        if isinstance(item, Article) and item.id in wanted:
            wanted.discard(item.id)
            yield item


def _die_with_parent() -> None:
    """In a forked parser worker: ask Linux to kill it when the build dies, so a killed build leaves no workers."""
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when their queue closes, as spaCy arranges
        pass


def extract_stream(nlp, articles: Iterable[Article], rules: Rules, jobs: int, batch_size: int) -> Iterator[Extraction]:
    """Parse with nlp.pipe in `jobs` processes (long documents in pieces); extraction runs here, in order."""
    from kg.nlp.extract import extract_articles

    global _WORKERS_DIE_WITH_PARENT
    if jobs > 1 and not _WORKERS_DIE_WITH_PARENT:
        os.register_at_fork(after_in_child=_die_with_parent)
        _WORKERS_DIE_WITH_PARENT = True

    yield from extract_articles(nlp, articles, rules, batch_size, n_process=jobs)


@dataclass(frozen=True)
class Spooled:
    """A mapped document waiting for resolution: its fixed triples already in N-Triples, ready to load."""

    iri: str
    static: bytes
    template: list[Triple]
    state: DocState


def _spool_write(spool: IO[bytes], mapped: MappedDocument) -> None:
    record = Spooled(str(mapped.iri), _data(mapped.static).encode("utf-8"), mapped.template, mapped.state)
    pickle.dump(record, spool, protocol=pickle.HIGHEST_PROTOCOL)


def _spool_read(spool: IO[bytes]) -> Iterator[Spooled]:
    spool.seek(0)
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


def put_graph(store: Store, graph: str, ntriples: bytes) -> None:
    """Replace a named graph with N-Triples in one transaction, natively when the store can load them."""
    load = getattr(store, "load_graph", None)
    if load is not None:
        load(graph, ntriples)
    else:
        store.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{ntriples.decode('utf-8')}\n}} }}")


def write_document(store: Store, spooled: Spooled, resolution: Resolution, minter: Minter) -> None:
    """One document, linked to its entities, as one atomic graph."""
    state = replace(spooled.state, applied=applied_keys(spooled.state, resolution))
    iri = URIRef(spooled.iri)
    rest = [
        *link_triples(spooled.template, state.applied, minter),
        (iri, SUMMARY, encode_state(state)),
        (iri, TEMPLATE, encode_template(spooled.template)),
    ]
    put_graph(store, spooled.iri, spooled.static + b"\n" + _data(rest).encode("utf-8"))


def relink_document(store: Store, state: DocState, keys: tuple[str, ...], minter: Minter) -> None:
    """Point a stored document's mentions and actions at their entities after resolution changed."""
    doc = minter.document(state.doc_id)
    result = store.query(f"SELECT ?t WHERE {{ GRAPH <{doc}> {{ <{doc}> <{TEMPLATE}> ?t }} }}")
    assert isinstance(result, SelectResult) and result.rows
    template = decode_template(str(result.rows[0][0]))
    old = link_triples(template, state.applied, minter) if state.applied is not None else set()
    new = link_triples(template, keys, minter)
    summary = (doc, SUMMARY, encode_state(replace(state, applied=keys)))
    graph = f"<{doc}>"
    store.update(
        f"DELETE DATA {{ GRAPH {graph} {{ {_data(old - new)} }} }} ;\n"
        f"DELETE WHERE {{ GRAPH {graph} {{ {graph} <{SUMMARY}> ?summary }} }} ;\n"
        f"INSERT DATA {{ GRAPH {graph} {{ {_data([*(new - old), summary])} }} }}"
    )


def write_entities(store: Store, resolution: Resolution, doc_ids: Iterable[str], rules: Rules, minter: Minter) -> None:
    graph = minter.resolution_graph()
    mapper = Mapper(resolution, minter)
    triples = [t for e in resolution.entities for t in mapper.entity(e)]
    triples.append((graph, RESOLVED, Literal(stamp(doc_ids, rules))))
    store.replace_graph(str(graph), triples)


def finish(store: Store, states: dict[str, DocState], spool: IO[bytes], rules: Rules, minter: Minter, log: Log = _quiet) -> Resolution:
    """Resolve over every document, write the new ones, relink the changed ones, then the entities."""
    resolution = resolve([s.as_extraction() for s in states.values()], rules.company_suffixes)
    log(f"resolved {len(states)} documents into {len(resolution.entities)} entities")
    written = set()
    for spooled in _spool_read(spool):
        write_document(store, spooled, resolution, minter)
        written.add(spooled.state.doc_id)
        log(f"stored {spooled.iri}")
    for doc_id, state in states.items():
        keys = applied_keys(state, resolution)
        if doc_id not in written and state.applied != keys:
            relink_document(store, state, keys, minter)
            log(f"relinked {minter.document(doc_id)}")
    write_entities(store, resolution, states, rules, minter)
    log(f"stored {minter.resolution_graph()}")
    return resolution


def check_shapes(store: Store, doc_ids: Iterable[str], minter: Minter) -> tuple[int, int]:
    """SHACL violations in written documents and the entities they name, up to VALIDATION_BUDGET triples.

    Returns (violations, documents checked).
    """
    from rdflib import Graph

    from kg.ontology import validate

    graph, checked = Graph(), 0
    entities = minter.resolution_graph()
    for doc_id in doc_ids:
        if len(graph) >= VALIDATION_BUDGET:
            break
        doc = minter.document(doc_id)
        result = store.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ GRAPH <{doc}> {{ ?s ?p ?o FILTER(?p NOT IN (<{SUMMARY}>, <{TEMPLATE}>)) }} }}"
            f" UNION {{ {{ SELECT DISTINCT ?e WHERE {{ GRAPH <{doc}> {{ ?x ?link ?e FILTER(isIRI(?e)) }} }} }}"
            f" GRAPH <{entities}> {{ {{ ?e ?p ?o BIND(?e AS ?s) }} UNION {{ ?e <{KG.merge}> ?s . ?s ?p ?o }} }} }} }}"
        )
        graph += result.graph
        checked += 1
    if not checked:
        return 0, 0
    return len(validate(graph).results), checked


def count_entities(store: Store, minter: Minter) -> int:
    graph = minter.resolution_graph()
    result = store.query(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?e <{SKOS.prefLabel}> ?label }} }}")
    assert isinstance(result, SelectResult)
    return int(result.rows[0][0])


def build(
    paths: Iterable[Path],
    store: Store,
    nlp,
    rules: Rules,
    minter: Minter,
    *,
    jobs: int = 1,
    batch_size: int = 16,
    force: bool = False,
    validate: bool = True,
    on_document: Progress | None = None,
    on_start: Callable[[int], None] | None = None,
    log: Log = _quiet,
) -> BuildReport:
    """Build the articles under `paths` into `store`; unchanged documents are skipped, changed ones replaced."""
    started = time.perf_counter()
    paths = list(paths)
    report = BuildReport()
    store.replace_graph(ONTOLOGY_GRAPH, load_ontology())
    states = load_states(store)
    inputs = scan_inputs(paths, model_name(nlp), report)
    input_paths = {i.path for i in inputs.values()}
    stale = [d for d, s in states.items() if s.path in input_paths and d not in inputs]
    todo = {d for d, i in inputs.items() if force or d not in states or (states[d].fingerprint, states[d].path) != (i.fingerprint, i.path)}
    forget_documents(store, stale, minter)
    for doc_id in stale:
        log(f"removed {minter.document(doc_id)} (its file changed)")
        del states[doc_id]
    report.skipped = len(inputs) - len(todo)
    report.removed = len(stale)
    if on_start:
        on_start(len(todo))
    jobs = max(1, min(jobs, -(-len(todo) // batch_size)))  # no more processes than batches
    with tempfile.TemporaryFile(prefix="kg-build-") as spool:
        parsed = extract_stream(nlp, _articles(paths, set(todo)), rules, jobs, batch_size) if todo else ()
        for ex in parsed:  # nothing to parse: the model is never loaded
            mapped = map_document(ex, inputs[ex.article.id].path, minter, inputs[ex.article.id].fingerprint)
            _spool_write(spool, mapped)
            states[ex.article.id] = mapped.state
            report.documents += 1
            log(f"parsed {mapped.state.path}")
            if on_document:
                on_document(ex)
        if report.documents or stale or resolved_stamp(store, minter) != stamp(states, rules):
            report.entities = len(finish(store, states, spool, rules, minter, log).entities)
        else:
            report.entities = count_entities(store, minter)
    if validate and report.documents:
        report.violations, report.validated = check_shapes(store, sorted(todo & states.keys()), minter)
    report.actions = sum(s.actions for s in states.values())
    report.triples = len(store)
    report.seconds = time.perf_counter() - started
    return report


def forget(store: Store, doc_ids: Iterable[str], rules: Rules, minter: Minter, log: Log = _quiet) -> BuildReport:
    """Remove documents and redo resolution over the rest, as if they had never been built."""
    started = time.perf_counter()
    report = BuildReport()
    states = load_states(store)
    gone = [d for d in doc_ids if d in states]
    forget_documents(store, gone, minter)
    for doc_id in gone:
        log(f"removed {minter.document(doc_id)}")
        del states[doc_id]
    with tempfile.TemporaryFile(prefix="kg-forget-") as spool:
        report.entities = len(finish(store, states, spool, rules, minter, log).entities)
    report.removed = len(gone)
    report.actions = sum(s.actions for s in states.values())
    report.triples = len(store)
    report.seconds = time.perf_counter() - started
    return report


def find_documents(store: Store, target: str, minter: Minter) -> list[str]:
    """Document ids a user means by `target`: a document IRI, an id, or an input file's path."""
    states = load_states(store)
    doc_prefix = str(minter.document(""))
    if target.startswith(doc_prefix) and target[len(doc_prefix):] in states:
        return [target[len(doc_prefix):]]
    if target in states:
        return [target]
    path = Path(target).resolve()
    return sorted(d for d, s in states.items() if s.path == str(path) or Path(s.path).is_relative_to(path))


__all__ = ["ONTOLOGY_GRAPH", "build", "find_documents", "forget"]
