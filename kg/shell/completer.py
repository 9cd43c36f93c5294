"""prompt_toolkit Completer: turn each suggestion kind into candidates from CompletionMeta, then match the word."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from kg.format import compact_iri
from kg.labels import LabelIndex
from kg.shell.suggest import (
    Command,
    Entity,
    EntityName,
    Format,
    Keyword,
    LocalName,
    NamedQuery,
    Prefix,
    PrefixDeclaration,
    Suggestion,
    Variable,
    current_word,
    declared_namespaces,
    suggest,
    variables,
)

KEYWORDS = (
    "SELECT", "DISTINCT", "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH", "BIND", "VALUES", "AS",
    "ORDER BY", "GROUP BY", "HAVING", "LIMIT", "OFFSET", "ASC", "DESC", "ASK", "CONSTRUCT", "DESCRIBE",
    "PREFIX", "BASE", "FROM", "FROM NAMED", "NOT EXISTS", "EXISTS", "IN", "NOT IN", "SEPARATOR", "REDUCED",
    "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "COALESCE", "IF", "BOUND",
    "STR", "LANG", "LANGMATCHES", "DATATYPE", "IRI", "CONCAT", "STRLEN", "SUBSTR", "UCASE", "LCASE",
    "CONTAINS", "STRSTARTS", "STRENDS", "STRBEFORE", "STRAFTER", "REPLACE", "REGEX", "YEAR", "MONTH", "DAY",
    "NOW", "isIRI", "isLiteral", "isBlank", "sameTerm",
)  # fmt: skip
# Local names completed bare must be valid SPARQL (no '/', '#', … that would need escaping).
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_](?:[\w.-]*[\w-])?")


@dataclass(frozen=True)
class CompletionMeta:
    """Everything completion draws on; rebuilt by the refresher, read by the completer."""

    prefixes: dict[str, str]
    terms: dict[str, str] = field(default_factory=dict)  # IRI → "class" or "property"
    queries: dict[str, str] = field(default_factory=dict)  # canned query name → description
    commands: dict[str, str] = field(default_factory=dict)  # backslash command → help
    formats: tuple[str, ...] = ()
    labels: LabelIndex | None = None  # entity labels, once read from the store


def _local_names(prefix: str, meta: CompletionMeta, text: str, wanted: str = "") -> list[tuple[str, str]]:
    namespace = declared_namespaces(text).get(prefix) or meta.prefixes.get(prefix)
    if namespace is None:
        return []
    found = [(iri[len(namespace) :], kind) for iri, kind in meta.terms.items()
             if iri.startswith(namespace) and kind == (wanted or kind)]
    return sorted((f"{prefix}:{local}", kind) for local, kind in found if _SAFE_LOCAL.fullmatch(local))


def _prefixes(meta: CompletionMeta, text: str) -> dict[str, str]:
    return {**meta.prefixes, **declared_namespaces(text)}


def candidates(suggestion: Suggestion, meta: CompletionMeta, text: str) -> list[tuple[str, str]]:
    """Return (completion text, description) pairs for one kind of suggestion; `text` is the whole input."""
    if isinstance(suggestion, LocalName):
        return _local_names(suggestion.prefix, meta, text, suggestion.kind)
    if isinstance(suggestion, Variable):
        return [(f"?{name}", "variable") for name in variables(text)]
    if isinstance(suggestion, Prefix):
        return [(f"{p}:", ns) for p, ns in sorted(_prefixes(meta, text).items())]
    if isinstance(suggestion, PrefixDeclaration):
        return [(f"{p}: <{ns}>", "prefix") for p, ns in sorted(meta.prefixes.items())]
    if isinstance(suggestion, Keyword):
        return [(k, "keyword") for k in KEYWORDS]
    table: dict[type, Iterable[tuple[str, str]]] = {
        NamedQuery: sorted(meta.queries.items()),
        Command: meta.commands.items(),
        Format: [(f, "format") for f in meta.formats],
    }
    return list(table.get(type(suggestion), ()))


def matches(candidate: str, word: str) -> bool:
    """Match on a case-insensitive prefix; a '$' variable matches its '?' spelling.

    >>> matches("SELECT", "sel"), matches("?agent", "$ag"), matches("kg:Person", "kg:per")
    (True, True, True)
    """
    if word.startswith("$") and candidate.startswith("?"):
        word = "?" + word[1:]
    return candidate.lower().startswith(word.lower()) and candidate != word


class SparqlCompleter(Completer):
    """Completes SPARQL and backslash commands; `get_meta` returns the latest CompletionMeta."""

    def __init__(self, get_meta: Callable[[], CompletionMeta]):
        self.get_meta = get_meta

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
        before = document.text_before_cursor
        word = current_word(before)
        if not word and not complete_event.completion_requested:
            return  # don't pop a menu up after every space
        # Variables come from the rest of the text, not from the word being typed.
        rest = before[: len(before) - len(word)] + document.text_after_cursor
        meta = self.get_meta()
        for suggestion in suggest(before):
            if isinstance(suggestion, (Entity, EntityName)):
                yield from entity_completions(suggestion, meta, before)
                continue
            for text, description in candidates(suggestion, meta, rest):
                if matches(text, word):
                    yield Completion(text, -len(word), display_meta=description)


ENTITIES_OFFERED = 20


def entity_completions(suggestion: Entity | EntityName, meta: CompletionMeta, before: str) -> Iterator[Completion]:
    """Entities whose label starts with the typed text: their IRI in SPARQL, their name after \\describe."""
    if meta.labels is None:
        return
    if isinstance(suggestion, EntityName):
        typed = before.lstrip().split(None, 1)[1] if len(before.lstrip().split(None, 1)) > 1 else ""
        for label, iri in meta.labels.starting_with(typed.lstrip(), ENTITIES_OFFERED):
            yield Completion(label, -len(typed.lstrip()), display_meta=compact_iri(iri, meta.prefixes))
        return
    word = current_word(before)
    if len(word) < 2:
        return
    for label, iri in meta.labels.starting_with(word, ENTITIES_OFFERED):
        yield Completion(f"<{iri}>", -len(word), display=label, display_meta=compact_iri(iri, meta.prefixes))
