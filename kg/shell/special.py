"""Backslash commands: a registry of handlers (@command) whose help text \\? is generated from."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Callable

from kg.errors import QueryError
from kg.format import FORMATS, align
from kg.queries import parse_binding, resolve_query_text
from kg.shell.session import Outcome, Session
from kg.shell.sparql import run_sparql

Handler = Callable[[Session, str], Outcome]

# Counts come from one query so \d costs a single pass over the store per kind.
DESCRIBE_QUERY = """SELECT ?kind ?term ?count WHERE {
  { SELECT ("class" AS ?kind) ?term (COUNT(?s) AS ?count) WHERE { ?s a ?term } GROUP BY ?term }
  UNION
  { SELECT ("property" AS ?kind) ?term (COUNT(?s) AS ?count) WHERE { ?s ?term ?o } GROUP BY ?term }
} ORDER BY ?kind DESC(?count) ?term"""


@dataclass(frozen=True)
class SpecialCommand:
    name: str
    usage: str
    help: str
    handler: Handler


COMMANDS: dict[str, SpecialCommand] = {}


def command(name: str, usage: str, help: str) -> Callable[[Handler], Handler]:
    """Register a handler for the backslash command `name`; `help` is one sentence shown by \\?."""

    def register(handler: Handler) -> Handler:
        COMMANDS[name] = SpecialCommand(name, usage, help, handler)
        return handler

    return register


def run_command(session: Session, line: str) -> Outcome:
    """Run one backslash command line such as '\\T csv'."""
    # A trailing ';' is forgiven, so commands and SPARQL can be joined the same way in scripts.
    name, *arg = line.strip().rstrip(";").split(None, 1)
    found = COMMANDS.get(name)
    if found is None:
        return Outcome(error=f"unknown command '{name}'; type \\? to list the commands")
    return found.handler(session, arg[0].strip() if arg else "")


def _no_argument(name: str, arg: str) -> Outcome | None:
    return Outcome(error=f"{name} takes no argument") if arg else None


@command("\\?", "\\?", "Show the backslash commands.")
def show_help(session: Session, arg: str) -> Outcome:
    rows = [[c.usage, c.help] for c in COMMANDS.values()]
    lines = align(["command", "description"], rows)
    note = "SPARQL runs on ';', or on Enter after a closing '}' or LIMIT/OFFSET N. Tab completes."
    return Outcome(text="\n".join(lines + ["", note]) + "\n")


@command("\\q", "\\q", "Quit the shell (Ctrl-D also quits).")
def quit_shell(session: Session, arg: str) -> Outcome:
    return Outcome(quit=True)


@command("\\prefixes", "\\prefixes", "List the prefixes every query may use without declaring them.")
def show_prefixes(session: Session, arg: str) -> Outcome:
    rows = [[p, ns] for p, ns in sorted(session.prefixes.items())]
    return _no_argument("\\prefixes", arg) or Outcome(text="\n".join(align(["prefix", "namespace"], rows)) + "\n")


def _list_queries(session: Session) -> Outcome:
    rows = [[q.name, q.description] for q in sorted(session.queries.values(), key=lambda q: q.name)]
    if not rows:
        return Outcome(text="no canned queries found\n")
    return Outcome(text="\n".join(align(["name", "description"], rows)) + "\n")


@command("\\n", "\\n [NAME [VAR=VALUE ...]]", "List the canned queries, or run NAME with variables bound.")
def named_query(session: Session, arg: str) -> Outcome:
    if not arg:
        return _list_queries(session)
    try:
        name, *params = shlex.split(arg)
    except ValueError as e:
        raise QueryError(f"cannot read '{arg}': {e}") from e
    bindings = dict(parse_binding(p, session.prefixes) for p in params)
    return run_sparql(session, resolve_query_text(name, session.queries), bindings)


@command("\\T", "\\T [FORMAT]", f"Show or set the output format ({', '.join(FORMATS)}).")
def set_format(session: Session, arg: str) -> Outcome:
    if not arg:
        return Outcome(text=f"output format is {session.format}; choices: {', '.join(FORMATS)}\n")
    if arg not in FORMATS:
        return Outcome(error=f"unknown format '{arg}'; use one of: {', '.join(FORMATS)}")
    session.format = arg
    return Outcome(status=f"output format is now {arg}")


@command("\\d", "\\d", "List the classes and properties in the graph, with how often each is used.")
def describe_graph(session: Session, arg: str) -> Outcome:
    return _no_argument("\\d", arg) or run_sparql(session, DESCRIBE_QUERY)


@command("\\timing", "\\timing [on|off]", "Show or hide how long each query takes.")
def toggle_timing(session: Session, arg: str) -> Outcome:
    choices = {"on": True, "off": False, "": not session.timing}
    if arg.lower() not in choices:
        return Outcome(error=f"\\timing takes on or off, not '{arg}'")
    session.timing = choices[arg.lower()]
    return Outcome(status=f"timing is {'on' if session.timing else 'off'}")
