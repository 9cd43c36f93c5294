"""What the store keeps about each document so resolution can be redone without parsing it again.

A document graph has two parts: facts that depend only on the document (mentions, actions, evidence) and
links to resolved entities (`kg:refersTo`, `kg:agent`, ...), which change whenever cross-document
resolution changes. The document is mapped once with a placeholder entity per mention; the triples that
contain a placeholder are the *link template*, and substituting each placeholder with the mention's
entity gives exactly what mapping with the real resolution gives. The template and the resolution inputs
(mentions and aliases) are encoded as two JSON texts that the store keeps beside the graph (kg/buildstate.py),
so that a document's links can be redone after any other document is added or forgotten.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from collections import Counter
from dataclasses import dataclass, fields
from datetime import date
from json.encoder import encode_basestring as _json, encode_basestring_ascii as _ascii_json
from typing import Iterable, Sequence

import pyoxigraph as ox
from rdflib import Literal, URIRef

from kg.events import Report
from kg.iri import Minter
from kg.mapping import Mapper, Triple
from kg.model import Action, Alias, Article, EntityKind, Extraction, Mention
from kg.resolve import Resolution
from kg.store.convert import ntriples, ox_literal

_PLACEHOLDER = "x-kg-pending/"
# Part of every fingerprint: a kg whose summaries hold more than before, or whose extraction reads documents
# otherwise (3: verb lemmas English spelling rules out, names joined, times of round 10), parses stored documents
# again, so that a store built by an older kg equals a clean build once rebuilt.
SUMMARY_VERSION = "3"
# Action classes that say little about the act: reports of them must share their lemma to be one event.
GENERIC_CLASSES = frozenset({"OtherAction"})


@dataclass(frozen=True)
class ActionState:
    """One action as event resolution needs it; participants are indexes into the document's mentions."""

    start: int
    action_class: str
    lemma: str
    trigger: str
    agent: int | None
    target: int | None
    place: int | None
    time_value: str | None
    granularity: str | None
    tense: int
    negated: bool
    modality: str


@dataclass(frozen=True)
class DocState:
    """One stored document as resolution sees it; `applied` is the entity key of each mention in the store."""

    doc_id: str
    path: str
    fingerprint: str
    actions: int
    mentions: tuple[Mention, ...]
    aliases: tuple[Alias, ...]
    applied: tuple[str, ...] | None = None
    action_states: tuple[ActionState, ...] = ()
    published: str | None = None  # ISO date
    outlet: str | None = None

    @property
    def publication(self) -> date | None:
        return date.fromisoformat(self.published) if self.published else None

    def named(self, resolution: Resolution) -> Counter:
        """How often the document names each entity (entity key -> mentions)."""
        return Counter(resolution.entity_of[m.key] for m in self.mentions if m.key in resolution.entity_of)

    def as_extraction(self) -> Extraction:
        """The part of an Extraction that resolve() reads."""
        return Extraction(Article(self.doc_id, self.path, ""), self.mentions, self.aliases)

    def reports(self, resolution: Resolution, momentary: frozenset[str] = frozenset(),
                story: str | None = None) -> list[Report]:
        """This document's actions as event reports, their participants resolved by `resolution`; actions of the
        `momentary` classes (speech acts) are taken to have happened shortly before publication; `story` is the
        story of the document (kg/stories.py)."""
        def entity(index: int | None) -> str | None:
            return resolution.entity_of.get(self.mentions[index].key) if index is not None else None

        return [Report(self.doc_id, a.start, a.action_class, a.lemma, a.trigger, entity(a.agent), entity(a.target),
                       entity(a.place), a.time_value, a.granularity, a.tense, a.negated, a.modality, self.publication,
                       self.outlet, a.action_class in GENERIC_CLASSES, a.action_class in momentary, story)
                for a in self.action_states]


@dataclass(frozen=True)
class MappedDocument:
    """A freshly extracted document: its resolution-independent triples, link template and state."""

    iri: URIRef
    static: list[Triple]
    template: list[Triple]
    state: DocState


def fingerprint(article: Article, model: str) -> str:
    """What besides the text changes a document's graph: its metadata and the model that read it."""
    meta = [article.id, str(article.published), article.outlet, article.title, article.url, model, SUMMARY_VERSION]
    return hashlib.sha256(json.dumps(meta).encode("utf-8")).hexdigest()[:16]


def _resolution_inputs(ex: Extraction) -> list[Mention]:
    """Every mention resolve() would see for this document, in a stable order."""
    found = {m.key: m for m in ex.mentions}
    for a in ex.aliases:
        found.setdefault(a.name.key, a.name)
        found.setdefault(a.alias.key, a.alias)
    return [found[k] for k in sorted(found)]


def map_document(ex: Extraction, path: str, minter: Minter, doc_fingerprint: str, first: int = 0) -> MappedDocument:
    """Map one extraction with a placeholder entity per mention, splitting off the link template.

    A piece of a longer document (kg/pieces.py) numbers its placeholders and the participants of its actions from
    `first`, the number of resolution inputs in the pieces before it; its state's mentions are its own."""
    mentions = _resolution_inputs(ex)
    index = {m.key: first + i for i, m in enumerate(mentions)}
    placeholders = Resolution((), {m.key: f"{_PLACEHOLDER}{first + i}" for i, m in enumerate(mentions)})
    pending = placeholder_prefix(minter)
    static, template = [], []
    starts = str.startswith  # str's own: rdflib's override of startswith on terms costs twice as much
    for triple in Mapper(placeholders, minter).document(ex):  # an entity is a subject or an object
        (template if starts(triple[0], pending) or starts(triple[2], pending) else static).append(triple)
    aliases = tuple(a for a in ex.aliases if a.name.key in index and a.alias.key in index)
    published = ex.article.published.isoformat() if ex.article.published else None
    state = DocState(ex.article.id, path, doc_fingerprint, len(ex.actions), tuple(mentions), aliases,
                     action_states=tuple(_action_state(a, index) for a in ex.actions), published=published,
                     outlet=ex.article.outlet)
    return MappedDocument(minter.document(ex.article.id), static, template, state)


def _action_state(action: Action, index: dict) -> ActionState:
    def at(m: Mention | None) -> int | None:
        return index.get(m.key) if m is not None else None

    time = action.time
    return ActionState(action.start, action.action_class, action.lemma, action.trigger, at(action.agent),
                       at(action.target), at(action.place), time.value if time else None,
                       time.granularity if time else None, action.tense, action.negated,
                       action.modality.value)


def placeholder_prefix(minter: Minter) -> str:
    """The IRI of a link template's placeholder entity without its number."""
    return str(minter.entity_for_key(_PLACEHOLDER))


def link_triples(template: Iterable[Triple], keys: Sequence[str], minter: Minter) -> set[Triple]:
    """The template with each placeholder replaced by its mention's entity."""
    return fill_template(template, entity_iris(keys, minter), minter)


def entity_iris(keys: Sequence[str], minter: Minter) -> list[URIRef]:
    """The entity of each mention, as an IRI (each distinct one minted once)."""
    minted = {key: minter.entity_for_key(key) for key in set(keys)}
    return [minted[key] for key in keys]


def fill_template(template: Iterable[Triple], entities: Sequence[URIRef], minter: Minter) -> set[Triple]:
    """The template with each placeholder replaced by its mention's entity in `entities` (entity_iris)."""
    pending = placeholder_prefix(minter)

    def fill(term):
        text = str(term)
        return entities[int(text[len(pending):])] if isinstance(term, URIRef) and text.startswith(pending) else term

    return {(fill(s), p, fill(o)) for s, p, o in template}


def relink_ntriples(template: str, old: Sequence[str] | None, new: Sequence[str], minter: Minter) -> tuple[str, str]:
    """N-Triples (to delete, to insert) when a stored document's mentions move from entity keys `old` to `new`,
    written from the template's rows without making rdflib terms (half the CPU of a build's relinking, which waits
    for it after the last parse)."""
    removed, added = _relinked_rows(template, old, new, minter)
    return ntriples(removed, _row_term), ntriples(added, _row_term)


def _row_term(value: str | tuple) -> ox.NamedNode | ox.Literal:
    """A template row's term as Oxigraph's: an IRI (a string) or a literal ([text, datatype, language])."""
    return ox.NamedNode(value) if isinstance(value, str) else ox_literal(*value)


def _relinked_rows(template: str, old: Sequence[str] | None, new: Sequence[str],
                   minter: Minter) -> tuple[list[tuple], list[tuple]]:
    """The template's rows (IRIs as strings, literals as [text, datatype, language]) to delete and to insert when
    a stored document's mentions move from entity keys `old` to `new`. Only the rows with a mention of an entity
    that gains or loses a mention can differ once linked (most of a relinked document's mentions keep theirs):
    both linkings of those rows are compared as plain text."""
    rows = _template_rows(template)
    pending = placeholder_prefix(minter)
    cut = len(pending)
    if old is not None:  # an entity is a subject or an object, never a predicate
        affected = {key for before, after in zip(old, new) if before != after for key in (before, after)}
        moving = {f"{pending}{n}" for n, (before, after) in enumerate(zip(old, new))
                  if before in affected or after in affected}
        rows = [row for row in rows if row[0] in moving or (isinstance(row[2], str) and row[2] in moving)]
    rows = [(s, p, o if isinstance(o, str) else tuple(o)) for s, p, o in rows]  # a subject is an IRI

    def linked(keys: Sequence[str] | None) -> set[tuple]:
        if keys is None:
            return set()
        iris = {}

        def fill(term):
            if term.__class__ is str and term.startswith(pending):
                n = int(term[cut:])
                if (iri := iris.get(n)) is None:
                    iri = iris[n] = minter.entity_text(keys[n])
                return iri
            return term

        return {(fill(s), p, fill(o)) for s, p, o in rows}

    before, after = linked(old), linked(new)
    return list(before - after), list(after - before)


def applied_keys(state: DocState, resolution: Resolution) -> tuple[str, ...]:
    return tuple(resolution.entity_of[m.key] for m in state.mentions)


def document_graph(mapped: MappedDocument, keys: tuple[str, ...], minter: Minter) -> list[Triple]:
    """All a document's named graph holds, its mentions linked to the entities `keys` names (one per mention)."""
    return [*mapped.static, *link_triples(mapped.template, keys, minter)]


# --- JSON codec: compact lists, not objects, because every document carries one ---


# Every Mention field but doc_id, so a field added to Mention reaches resolution without a change here.
_MENTION_FIELDS = [f.name for f in fields(Mention) if f.name != "doc_id"]


# ActionState's fields are all scalars: a row is read off directly (dataclasses.astuple deep-copies each value).
_ACTION_FIELDS = [f.name for f in fields(ActionState)]


def _mention_row(m: Mention) -> list:
    return [m.kind.value if name == "kind" else getattr(m, name) for name in _MENTION_FIELDS]


def _mention(doc_id: str, row: list) -> Mention:
    values = dict(zip(_MENTION_FIELDS, row))
    return Mention(doc_id=doc_id, **{**values, "kind": EntityKind(values["kind"])})


def encode_state(state: DocState) -> str:
    index = {m.key: i for i, m in enumerate(state.mentions)}
    data = {
        "path": state.path,
        "fingerprint": state.fingerprint,
        "actions": state.actions,
        "mentions": [_mention_row(m) for m in state.mentions],
        "aliases": [[index[a.name.key], index[a.alias.key], a.rule, a.evidence] for a in state.aliases],
        "applied": list(state.applied) if state.applied is not None else None,
        "published": state.published,
        "outlet": state.outlet,
        "actionStates": [[getattr(a, name) for name in _ACTION_FIELDS] for a in state.action_states],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def decode_state(doc_id: str, text: str) -> DocState:
    data = json.loads(text)
    mentions = tuple(_mention(doc_id, row) for row in data["mentions"])
    aliases = tuple(Alias(doc_id, mentions[n], mentions[a], rule, evidence) for n, a, rule, evidence in data["aliases"])
    applied = tuple(data["applied"]) if data["applied"] is not None else None
    actions = tuple(ActionState(*row) for row in data.get("actionStates", ()))
    return DocState(doc_id, data["path"], data["fingerprint"], data["actions"], mentions, aliases, applied, actions,
                    data.get("published"), data.get("outlet"))


def _term(term) -> list | str:
    if isinstance(term, URIRef):
        return str(term)
    return [str(term), str(term.datatype) if term.datatype else None, term.language]


def _unterm(value):
    if isinstance(value, str):
        return URIRef(value)
    text, datatype, language = value
    return Literal(text, datatype=URIRef(datatype) if datatype else None, lang=language)


# zlib's default level: on a 2-MB document's 16 MB of rows, 0.09 s of CPU for 794 KB, where level 9 took 0.34 s
# for 710 KB (level 1: 0.04 s, 982 KB, which a long document's build holds at its peak); they decompress as fast.
TEMPLATE_COMPRESSION = 6


def encode_template(template: Iterable[Triple]) -> str:
    """JSON rows, zlib-compressed and base64-encoded: the long IRIs repeat, and nobody reads it but kg."""
    packed = zlib.compress(f"[{template_json(template)}]".encode("utf-8"), TEMPLATE_COMPRESSION)
    return base64.b64encode(packed).decode("ascii")


def template_json(template: Iterable[Triple]) -> str:
    """A template's rows as JSON without the brackets, in encode_template's order: a piece's part of a longer
    document's template (JoinedTemplate)."""
    rows = sorted((_row_json(triple) for triple in template))
    return ",".join(row for _, row in rows)


def _row_json(triple: Triple) -> tuple[str, str]:
    """(json.dumps of a row's terms, the same compact and not ASCII-escaped) from the json module's own string
    encoders: one json.dumps per row was most of a template's CPU."""
    keys, rows = [], []
    for term in triple:
        if isinstance(term, URIRef):
            keys.append(_ascii_json(str(term)))
            rows.append(_json(str(term)))
            continue
        parts = (str(term), str(term.datatype) if term.datatype else None, term.language)
        keys.append(f"[{', '.join('null' if p is None else _ascii_json(p) for p in parts)}]")
        rows.append(f"[{','.join('null' if p is None else _json(p) for p in parts)}]")
    return f"[{', '.join(keys)}]", f"[{','.join(rows)}]"


class JoinedTemplate:
    """One encoded template (as encode_template's) from the template_json rows of a long document's pieces,
    compressed a piece at a time as they come: joined after the last piece, when one core is all the build uses,
    they cost the build thread 0.4 s of CPU per 2 MB of text (bench/RESULTS.md, long documents, round 4)."""

    def __init__(self) -> None:
        self._packer = zlib.compressobj(TEMPLATE_COMPRESSION)
        self._packed = [self._packer.compress(b"[")]
        self._separator = b""

    def add(self, rows: str) -> None:
        if rows:
            self._packed.append(self._packer.compress(self._separator + rows.encode("utf-8")))
            self._separator = b","

    def encoded(self) -> str:
        packed = self._packed + [self._packer.compress(b"]"), self._packer.flush()]
        return base64.b64encode(b"".join(packed)).decode("ascii")


def template_triples(part: str) -> list[Triple]:
    """The triples of one template_json part."""
    return [tuple(_unterm(t) for t in row) for row in json.loads(f"[{part}]")]


def _template_rows(text: str) -> list[list]:
    return json.loads(zlib.decompress(base64.b64decode(text)).decode("utf-8"))


def decode_template(text: str) -> list[Triple]:
    return [tuple(_unterm(t) for t in row) for row in _template_rows(text)]
