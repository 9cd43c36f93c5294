"""Turtle and TriG a person can read and `diff`: one prefix per kind of resource, subjects grouped and
ordered (ontology, entities, events, documents, reports, mentions and evidence), each block label first.

Terms are written here rather than by rdflib's serialiser because rdflib orders subjects by its own rules,
escapes slashes in prefixed names and is slow on large graphs; the order below is what makes two exports of
the same statements the same bytes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kg.vocab import KG

Quad = tuple  # (subject, predicate, object, graph or None), rdflib terms

# The short prefix of each kind of resource kg mints (the first path segment under the base IRI).
KIND_PREFIXES = {"person": "person", "organization": "org", "place": "place", "event": "event", "action": "action",
                 "document": "doc", "mention": "mention", "evidence": "evidence", "merge": "merge", "graph": "graph"}
# Sections in the order a reader looks for them; the number is the section's rank.
SECTIONS = ("ontology", "entities", "events", "documents", "reports", "mentions and evidence", "other")
_SECTION_OF_KIND = {"person": 1, "organization": 1, "place": 1, "event": 2, "document": 3, "action": 4,
                    "mention": 5, "evidence": 5, "merge": 5}
_ENTITY_ORDER = {"person": 0, "organization": 1, "place": 2}
_ONTOLOGY_ORDER = {OWL.Ontology: 0, OWL.Class: 1, OWL.ObjectProperty: 2, OWL.DatatypeProperty: 3,
                   OWL.AnnotationProperty: 4, OWL.NamedIndividual: 5}
_FIRST_PREDICATES = (SKOS.prefLabel, RDFS.label, RDF.type)
_LOCAL = re.compile(r"\A(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?\Z")
_INTEGER = re.compile(r"\A[+-]?[0-9]+\Z")


def kind_prefixes(base_iri: str, standard: dict[str, str]) -> dict[str, str]:
    """Prefixes for each kind of resource under base_iri, skipping any name a standard prefix already has."""
    base = base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"
    return {name: f"{base}{kind}/" for kind, name in KIND_PREFIXES.items() if name not in standard}


def escape(text: str) -> str:
    """A Turtle / N-Triples string body: the four characters the grammar forbids in "..." are escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


class TermWriter:
    """Writes terms with the longest prefix whose local part needs no escape; records the prefixes used."""

    def __init__(self, prefixes: dict[str, str]):
        self.namespaces = sorted(((iri, name) for name, iri in prefixes.items()), key=lambda p: -len(p[0]))
        self.used: set[str] = set()
        self._iri = lru_cache(maxsize=1 << 16)(self._compact)

    def _compact(self, iri: str) -> str:
        for namespace, name in self.namespaces:
            if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace):]):
                self.used.add(name)
                return f"{name}:{iri[len(namespace):]}"
        return f"<{iri}>"

    def term(self, term) -> str:
        if isinstance(term, URIRef):
            return self._iri(str(term))
        if isinstance(term, BNode):
            return f"_:{term}"
        return self.literal(term)

    def literal(self, literal: Literal) -> str:
        text = str(literal)
        if literal.language:
            return f'"{escape(text)}"@{literal.language}'
        datatype = literal.datatype
        if datatype is None or datatype == XSD.string:
            return f'"{escape(text)}"'
        if (datatype == XSD.integer and _INTEGER.match(text)) or (datatype == XSD.boolean and text in ("true", "false")):
            return text
        return f'"{escape(text)}"^^{self._iri(str(datatype))}'


def natural(text: str) -> tuple:
    """Sort key that puts 'x-9' before 'x-10'."""
    return tuple((int(part) if part.isdigit() else -1, part) for part in re.split(r"(\d+)", text))


def _kind(subject, base: str) -> str | None:
    text = str(subject)
    return text[len(base):].split("/", 1)[0] if text.startswith(base) else None


def _first(values: list, *predicates) -> str:
    for predicate in predicates:
        found = sorted(str(o) for p, o in values if p == predicate)
        if found:
            return found[0]
    return ""


def subject_order(subject, properties: list[tuple], base: str, ontology: frozenset) -> tuple:
    """(section, key within it): the ontology's terms by kind, entities by kind and label, events and documents
    by date, the rest by name."""
    name = natural(str(subject))
    if subject in ontology or str(subject).startswith(str(KG)):
        types = [_ONTOLOGY_ORDER.get(o, 6) for p, o in properties if p == RDF.type]
        return 0, (min(types, default=7),), name
    if isinstance(subject, BNode):
        return 6, (), name
    kind = _kind(subject, base)
    section = _SECTION_OF_KIND.get(kind or "", 6)
    if section == 1:
        return 1, (_ENTITY_ORDER[kind], _first(properties, SKOS.prefLabel, RDFS.label).casefold()), name
    if section == 2:
        return 2, (_first(properties, KG.earliest, KG.date, KG.firstReported) or "~",), name
    if section == 3:
        return 3, (_first(properties, DCTERMS.issued) or "~", _first(properties, KG.fileName)), name
    return section, (), name


def _predicate_order(predicate, writer: TermWriter) -> tuple:
    first = _FIRST_PREDICATES.index(predicate) if predicate in _FIRST_PREDICATES else len(_FIRST_PREDICATES)
    return first, writer.term(predicate)


def _blocks(triples: Iterable[tuple], writer: TermWriter, base: str, ontology: frozenset, indent: str) -> list[str]:
    """One block per subject, with a comment line where a new section starts."""
    by_subject: dict = defaultdict(list)
    for s, p, o in triples:
        by_subject[s].append((p, o))
    ordered = sorted(by_subject, key=lambda s: subject_order(s, by_subject[s], base, ontology))
    lines, section = [], None
    for subject in ordered:
        properties = by_subject[subject]
        rank = subject_order(subject, properties, base, ontology)[0]
        if rank != section:
            lines.append(f"{indent}# {SECTIONS[rank]}\n")
            section = rank
        objects: dict = defaultdict(list)
        for p, o in properties:
            objects[p].append(writer.term(o))
        predicates = sorted(objects, key=lambda p: _predicate_order(p, writer))
        parts = [f"{'a' if p == RDF.type else writer.term(p)} {_objects(sorted(set(objects[p]), key=natural), indent)}"
                 for p in predicates]
        body = f" ;\n{indent}    ".join(parts)
        lines.append(f"{indent}{writer.term(subject)} {body} .\n\n")
    return lines


def _objects(terms: list[str], indent: str) -> str:
    """Objects on one line, or one a line when they would not fit."""
    one_line = ", ".join(terms)
    return one_line if len(one_line) <= 80 or len(terms) == 1 else f",\n{indent}        ".join(terms)


def write_turtle(quads: Iterable[Quad], prefixes: dict[str, str], header: list[str], base: str, ontology: str) -> bytes:
    """All statements merged into one graph, as ordered Turtle."""
    writer = TermWriter(prefixes)
    quads = list(quads)
    body = _blocks({(s, p, o) for s, p, o, _ in quads}, writer, base, _ontology_terms(quads, ontology), "")
    return _assemble(header, writer, prefixes, body)


def write_trig(quads: Iterable[Quad], prefixes: dict[str, str], header: list[str], base: str, ontology: str) -> bytes:
    """One block per named graph (the ontology, then kg's own graphs, then documents), each ordered as Turtle."""
    writer = TermWriter(prefixes)
    quads = list(quads)
    terms = _ontology_terms(quads, ontology)
    graphs: dict = defaultdict(set)
    for s, p, o, g in quads:
        graphs[g].add((s, p, o))

    def graph_order(g) -> tuple:
        if g is None:
            return 0, ()
        kind = _kind(g, base)
        return (1 if str(g) == ontology else 2 if kind == "graph" else 3 if kind == "document" else 4), natural(str(g))

    body = []
    for g in sorted(graphs, key=graph_order):
        if g is None:
            body += _blocks(graphs[g], writer, base, terms, "")
            continue
        body.append(f"{writer.term(g)} {{\n\n")
        body += _blocks(graphs[g], writer, base, terms, "    ")
        body.append("}\n\n")
    return _assemble(header, writer, prefixes, body)


def _ontology_terms(quads: list[Quad], ontology: str) -> frozenset:
    """What the ontology's graph describes (its classes, properties, and the external terms it declares)."""
    return frozenset(s for s, _, _, g in quads if g is not None and str(g) == ontology)


def _assemble(header: list[str], writer: TermWriter, prefixes: dict[str, str], body: list[str]) -> bytes:
    head = [f"# {line}\n" for line in header]
    head += ["\n"] if head else []
    head += [f"@prefix {name}: <{prefixes[name]}> .\n" for name in sorted(writer.used)]
    return ("".join(head) + "\n" + "".join(body)).rstrip("\n").encode("utf-8") + b"\n"
