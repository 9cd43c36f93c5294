"""Work out what kind of token is expected at the cursor: keyword, prefix, local name, variable, … (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.shell.buffer import is_command, mask


@dataclass(frozen=True)
class Keyword:
    """A SPARQL keyword or function name."""


@dataclass(frozen=True)
class Prefix:
    """A prefix name, completed as 'name:'."""


@dataclass(frozen=True)
class PrefixDeclaration:
    """A prefix after PREFIX, completed as 'name: <namespace>'."""


@dataclass(frozen=True)
class LocalName:
    """A term after 'prefix:'; `kind` is "class" after 'a', "property" in predicate position, else ""."""

    prefix: str
    kind: str = ""


@dataclass(frozen=True)
class Variable:
    """A variable already used in the query."""


@dataclass(frozen=True)
class NamedQuery:
    """A canned query's name, after \\n."""


@dataclass(frozen=True)
class Command:
    """A backslash command's name."""


@dataclass(frozen=True)
class Format:
    """An output format's name, after \\T."""


@dataclass(frozen=True)
class Entity:
    """An entity by its label, completed as its IRI."""


@dataclass(frozen=True)
class EntityName:
    """An entity's name as text, after \\describe."""


Suggestion = (
    Keyword | Prefix | PrefixDeclaration | LocalName | Variable | NamedQuery | Command | Format | Entity | EntityName
)

_WORD = re.compile(r"[?$]?[\w-]*(?::[\w.%-]*)?$")
_VARIABLE = re.compile(r"[?$]([A-Za-z_]\w*)")
_DECLARATION = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*|):\s*<([^<>\s]*)>", re.IGNORECASE)


def current_word(text: str) -> str:
    """Return the part of the text before the cursor that a completion replaces.

    >>> current_word("SELECT ?ag"), current_word("{ ?s a kg:Per"), current_word("\\\\n who-d"), current_word("\\\\T")
    ('?ag', 'kg:Per', 'who-d', '\\\\T')
    """
    stripped = text.lstrip()
    if is_command(stripped) and not re.search(r"\s", stripped):
        return stripped
    match = _WORD.search(text)
    return match.group() if match else ""


def _suggest_command(text: str) -> tuple[Suggestion, ...]:
    if re.fullmatch(r"\\\S*", text):
        return (Command(),)
    if re.fullmatch(r"\\n[sd]?\s+\S*", text):
        return (NamedQuery(),)
    if re.fullmatch(r"\\describe\s+.*", text):
        return (EntityName(),)
    if re.fullmatch(r"\\T\s+\S*", text):
        return (Format(),)
    return ()


def suggest(text: str) -> tuple[Suggestion, ...]:
    """Return what may come at the end of `text` (the text before the cursor).

    >>> suggest("SELECT ?x WHERE { ?x kg:")
    (LocalName(prefix='kg', kind='property'),)
    """
    if is_command(text):
        return _suggest_command(text.lstrip())
    if mask(text).open:
        return ()  # inside a string, an IRI or a comment
    word = current_word(text)
    if word[:1] in ("?", "$"):
        return (Variable(),)
    if ":" in word:
        return (LocalName(word.split(":", 1)[0], term_position(mask(text).code[: len(text) - len(word)])),)
    if re.search(r"\bPREFIX\s+$", text[: len(text) - len(word)], re.IGNORECASE):
        return (PrefixDeclaration(),)
    return (Keyword(), Prefix(), Entity()) if word else (Keyword(), Prefix(), Variable())


_TERM = r"(?:\?\w+|\$\w+|x+|[\w-]*:[\w.%-]*|\[\s*\])"  # a variable, a (masked) <IRI>, a prefixed name, []
_AFTER_A = re.compile(r"(?:^|[\s;{.,(])a\s+$")
_PREDICATE = re.compile(rf"(?:(?:^|[{{.]\s*){_TERM}\s+|;\s*)$")


def term_position(code: str) -> str:
    """Say what the SPARQL before the cursor expects: "class" after 'a', "property" after a subject or ';'.

    >>> term_position("{ ?x a "), term_position("{ ?x "), term_position("{ ?x kg:agent ?y ; "), term_position("{ ?x ?p ")
    ('class', 'property', 'property', '')
    """
    if _AFTER_A.search(code):
        return "class"
    return "property" if _PREDICATE.search(code) else ""


def declared_namespaces(text: str) -> dict[str, str]:
    """Return the prefixes the text declares with PREFIX, with their namespaces.

    >>> declared_namespaces("PREFIX ex: <http://example.org/> SELECT * {}")
    {'ex': 'http://example.org/'}
    """
    return {m[1]: m[2] for m in _DECLARATION.finditer(mask_comments(text))}


def mask_comments(text: str) -> str:
    """Blank out comments only, so commented-out declarations and variables are ignored."""
    code = mask(text).code
    return "".join(" " if c == " " and t != " " else t for c, t in zip(code, text))


def variables(text: str) -> list[str]:
    """Return the variable names used in the text outside strings and comments, in order of first use.

    >>> variables("SELECT ?agent $verb { ?agent ?p '?no' } # ?gone")
    ['agent', 'verb', 'p']
    """
    found = dict.fromkeys(m[1] for m in _VARIABLE.finditer(mask(text).code))
    return list(found)
