"""Named queries: the user's own, saved as NAME.rq in the config folder, and positional parameters $1, $2, …"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib.term import Identifier

from kg.errors import QueryError
from kg.queries import NamedQuery, parse_binding
from kg.shell.buffer import mask

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_NAMED_BINDING = re.compile(r"[?$]?[A-Za-z_]\w*=")
_POSITIONAL = re.compile(r"[?$](\d+)(?!\w)")


def check_name(name: str, canned: frozenset[str]) -> None:
    if not _NAME.fullmatch(name):
        raise QueryError(f"'{name}' cannot name a query: use letters, digits, '-', '_' and '.'")
    if name in canned:
        raise QueryError(f"'{name}' is a canned query (queries/{name}.rq); choose another name")


def save_query(folder: Path, name: str, text: str, canned: frozenset[str]) -> NamedQuery:
    """Write NAME.rq; its first comment line, if any, is the description \\n shows."""
    check_name(name, canned)
    if not text.strip():
        raise QueryError("nothing to save: run a query first, or give one: \\ns NAME SELECT ...")
    path = folder / f"{name}.rq"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text.rstrip() + "\n", encoding="utf-8")
    except OSError as e:
        raise QueryError(f"cannot save '{name}' to {path}: {e.strerror or e}") from e
    first = text.strip().splitlines()[0]
    return NamedQuery(name, first.lstrip("#").strip() if first.startswith("#") else "", text)


def delete_query(folder: Path, name: str, canned: frozenset[str]) -> None:
    check_name(name, canned)
    path = folder / f"{name}.rq"
    try:
        path.unlink()
    except FileNotFoundError as e:
        raise QueryError(f"no saved query '{name}'") from e
    except OSError as e:
        raise QueryError(f"cannot delete {path}: {e.strerror or e}") from e


def positional_count(sparql: str) -> int:
    """Return how many positional parameters ($1, $2, …) a query uses.

    >>> positional_count("SELECT * { ?a kg:agent/rdfs:label $1 ; kg:target/rdfs:label $2 }")
    2
    """
    return max((int(n) for n in _POSITIONAL.findall(mask(sparql).code)), default=0)


def bind_arguments(sparql: str, arguments: list[str], prefixes: dict[str, str]) -> dict[str, Identifier]:
    """Bind NAME=VALUE arguments by name and the others to $1, $2, … in order, each as one RDF term.

    >>> bind_arguments("SELECT * { ?e rdfs:label $1 }", ["Kiwi Farms"], {})
    {'1': rdflib.term.Literal('Kiwi Farms')}
    """
    bindings: dict[str, Identifier] = {}
    positional = [a for a in arguments if not _NAMED_BINDING.match(a)]
    for argument in arguments:
        if _NAMED_BINDING.match(argument):
            name, term = parse_binding(argument, prefixes)
            bindings[name] = term
    wanted = positional_count(sparql)
    if len(positional) != wanted:
        names = {0: "", 1: " ($1)"}.get(wanted, f" ($1..${wanted})")
        takes = f"{wanted} parameter{'s' if wanted != 1 else ''}{names}"
        raise QueryError(f"the query takes {takes}, not {len(positional)}")
    for number, value in enumerate(positional, start=1):
        bindings[str(number)] = parse_binding(f"{number}={value}", prefixes)[1]
    return bindings
