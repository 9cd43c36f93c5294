"""Load ontology/kg.ttl; list its action classes; check it with HermiT and validate data with SHACL.

This is the only module that imports owlready2, and it does so lazily: owlready2 is slow to import and
its reasoners need Java, which the rest of kg must not depend on.
"""

from __future__ import annotations

import functools
import io
import shutil
import tempfile
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from rdflib import Graph, URIRef
from rdflib.term import Node
from rdflib.namespace import RDF, RDFS, SH

from kg import resources
from kg.errors import KgError
from kg.vocab import KG, PREFIXES

ONTOLOGY_IRI = "https://w3id.org/kgnews/ontology"

_ACTION_CLASSES_QUERY = """
SELECT ?class ?label ?parent WHERE {
    ?class rdfs:subClassOf+ kg:Action .
    OPTIONAL { ?class rdfs:label ?label }
    OPTIONAL { ?class rdfs:subClassOf ?parent . FILTER (STRSTARTS(STR(?parent), STR(kg:))) }
}
"""


class Violation(NamedTuple):
    """One SHACL result: the node at fault, the property (None for the node itself), what is wrong,
    the offending value if there is one, and its severity (Violation, Warning or Info)."""

    focus: Node
    path: Node | None
    message: str
    value: Node | None = None
    severity: str = "Violation"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of SHACL validation: whether the graph conforms, and every result sorted by node."""

    conforms: bool
    results: list[Violation]
    text: str


def ontology_path() -> Path:
    """Return the path of kg.ttl, the source of truth for kg's classes and properties."""
    return resources.path("ontology") / "kg.ttl"


def shapes_path() -> Path:
    """Return the path of shapes.ttl, the SHACL shapes a kg graph must conform to."""
    return resources.path("ontology") / "shapes.ttl"


def load_ontology() -> Graph:
    """Parse kg.ttl into a fresh graph with kg's prefixes bound (fresh, so callers may modify it)."""
    return _parse(ontology_path())


def stored_ontology() -> Graph:
    """The ontology as the store keeps it: its blank nodes (the owl:oneOf lists) named from their content,
    so every build stores, and every export writes, the very same IRIs instead of fresh blank nodes."""
    from rdflib.compare import to_canonical_graph

    return to_canonical_graph(load_ontology()).skolemize(authority="https://w3id.org", basepath="/kgnews/genid/")


def load_shapes() -> Graph:
    """Parse shapes.ttl into a fresh graph."""
    return _parse(shapes_path())


def _parse(path: Path) -> Graph:
    """A fresh copy of the file's graph: a build asks for the ontology and the shapes several times (action
    classes, the stored copy, each SHACL check), and copying triples is ~5 times cheaper than parsing Turtle."""
    graph = _fresh_graph()
    for triple in _parsed(path, path.stat().st_mtime_ns):
        graph.add(triple)
    return graph


def _fresh_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


@functools.lru_cache(maxsize=4)
def _parsed(path: Path, mtime_ns: int) -> Graph:
    """Parsed once per version of the file (`mtime_ns` keys the cache); callers only read it."""
    try:
        return _fresh_graph().parse(path, format="turtle")
    except Exception as e:  # rdflib raises several unrelated types for bad Turtle
        raise KgError(f"cannot read {path.name}: {e}") from e


def action_classes(graph: Graph | None = None) -> dict[str, dict]:
    """Return every subclass of kg:Action by local name, with label, parent and CAMEO/PLOVER alignment.

    Each value is {"label": str, "parent": local name, "cameo": str | None, "plover": str | None,
    "quad": int | None}; several parents, CAMEO codes or PLOVER categories are joined with "/".
    """
    graph = graph if graph is not None else load_ontology()
    classes: dict[str, dict] = {}
    for row in graph.query(_ACTION_CLASSES_QUERY, initNs={"kg": KG, "rdfs": PREFIXES["rdfs"]}):
        name = _local(row[0])
        entry = classes.setdefault(name, {"label": None, "parent": None})
        entry["label"] = entry["label"] or (str(row[1]) if row[1] is not None else name)
        if row[2] is not None and row[2] != row[0]:
            parents = set(filter(None, (entry["parent"] or "").split("/"))) | {_local(row[2])}
            entry["parent"] = "/".join(sorted(parents))
    for name, entry in classes.items():
        node = KG[name]
        entry["cameo"] = _joined(graph, node, KG.cameoRoot)
        entry["plover"] = _joined(graph, node, KG.ploverRoot)
        quad = graph.value(node, KG.quadClass)
        entry["quad"] = int(quad) if quad is not None else None
    return dict(sorted(classes.items()))


def family(root: str, graph: Graph | None = None) -> frozenset[str]:
    """The action classes below `root` (a local name such as "CommunicativeAction"), at any depth.

    Walks rdfs:subClassOf directly: a build asks once, and action_classes()'s SPARQL took 0.2 s of its tail."""
    graph = graph if graph is not None else _parsed(ontology_path(), ontology_path().stat().st_mtime_ns)
    top = KG[root]
    return frozenset(_local(c) for c in graph.transitive_subjects(RDFS.subClassOf, top)
                     if c != top and isinstance(c, URIRef) and str(c).startswith(str(KG)))


def _local(node: object) -> str:
    return str(node).removeprefix(str(KG))


def _joined(graph: Graph, node: URIRef, prop: URIRef) -> str | None:
    values = sorted(str(v) for v in graph.objects(node, prop))
    return "/".join(values) or None


def to_ntriples(graph: Graph) -> bytes:
    """Serialise graph as sorted N-Triples: owlready2 reads N-Triples but not Turtle."""
    text = graph.serialize(format="nt", encoding="utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return b"\n".join(lines) + b"\n"


def check_consistency(reasoner: str = "hermit", *, data: Graph | None = None) -> None:
    """Run an OWL reasoner over kg.ttl (plus data, if given) and raise KgError if it is inconsistent.

    Literals typed outside the OWL 2 datatype map (xsd:date, xsd:gYear, ...) are ignored when data is
    given, since HermiT refuses them and kg.ttl places no constraint on them.

    Raises:
        KgError: the ontology is inconsistent, the reasoner is unknown, or Java is missing.
    """
    try:
        import owlready2  # lazy: slow to import and only needed here
    except ImportError as e:
        raise KgError("checking consistency needs owlready2; install it with 'pip install owlready2'") from e

    runners = {"hermit": owlready2.sync_reasoner_hermit, "pellet": owlready2.sync_reasoner_pellet}
    if reasoner not in runners:
        raise KgError(f"unknown reasoner '{reasoner}'; use one of: {', '.join(sorted(runners))}")
    if shutil.which(owlready2.JAVA_EXE) is None:
        java = owlready2.JAVA_EXE
        raise KgError(f"the {reasoner} reasoner needs Java, but '{java}' is not on PATH; "
                      "install a Java runtime")
    graph = load_ontology()
    if data is not None:
        graph += data
    world = owlready2.World()
    try:
        world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(to_ntriples(graph)), format="ntriples")
        options = {"ignore_unsupported_datatypes": True} if reasoner == "hermit" and data is not None else {}
        with _private_tempdir(owlready2.reasoning):
            runners[reasoner](world, infer_property_values=False, debug=0, **options)
    except owlready2.OwlReadyInconsistentOntologyError as e:
        what = "kg.ttl with the given data" if data is not None else "kg.ttl"
        raise KgError(f"{what} is inconsistent according to {reasoner}") from e
    except owlready2.OwlReadyJavaError as e:
        raise KgError(f"{reasoner} failed: {_java_message(str(e))}") from e
    finally:
        world.close()


@contextmanager
def _private_tempdir(reasoning: types.ModuleType) -> Iterator[None]:
    """Give owlready2's reasoner a temporary directory we delete: it leaks its file when Java fails."""
    original = reasoning.tempfile
    with tempfile.TemporaryDirectory(prefix="kg-reasoner-") as folder:
        reasoning.tempfile = types.SimpleNamespace(
            NamedTemporaryFile=functools.partial(tempfile.NamedTemporaryFile, dir=folder)
        )
        try:
            yield
        finally:
            reasoning.tempfile = original


def _java_message(text: str) -> str:
    """Pick the informative line out of a Java stack trace."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if "Exception" in line and ":" in line:
            return line.split(":", 1)[1].strip() or line
    return lines[-1] if lines else "unknown Java error"


def validate(data_graph: Graph) -> ValidationReport:
    """Validate data_graph against shapes.ttl, with kg.ttl mixed in so that subclasses count.

    No inference: with RDFS inference every value of kg:agent would be typed kg:Entity by the
    property's range, and an untyped agent could not be caught (it is also 8 times slower).
    The data graph is left untouched.
    """
    import pyshacl  # lazy: pyshacl pulls in owlrl and is only needed here

    conforms, results_graph, text = pyshacl.validate(
        data_graph,
        shacl_graph=load_shapes(),
        ont_graph=load_ontology(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    results = [
        Violation(
            focus=results_graph.value(result, SH.focusNode),
            path=results_graph.value(result, SH.resultPath),
            message=str(results_graph.value(result, SH.resultMessage) or ""),
            value=results_graph.value(result, SH.value),
            severity=_local_name(results_graph.value(result, SH.resultSeverity)),
        )
        for result in results_graph.subjects(RDF.type, SH.ValidationResult)
    ]
    results.sort(key=lambda r: (str(r.focus), str(r.path), r.message, str(r.value)))
    return ValidationReport(conforms=bool(conforms), results=results, text=str(text))


def _local_name(iri: Node | None) -> str:
    return str(iri or SH.Violation).rsplit("#", 1)[-1]


__all__ = [
    "ONTOLOGY_IRI",
    "ValidationReport",
    "Violation",
    "action_classes",
    "check_consistency",
    "load_ontology",
    "load_shapes",
    "ontology_path",
    "shapes_path",
    "to_ntriples",
    "validate",
]
