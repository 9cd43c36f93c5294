"""Backslash commands: a registry of handlers (@command) whose help text \\? is generated from."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from kg.config import parse_timeout
from kg.errors import KgError, QueryError
from kg.format import DISPLAY_FORMATS, FORMATS, align, compact_iri
from kg.queries import resolve_query_text
from kg.shell.evidence import describe_entity, describe_pages, why_row
from kg.shell.named import bind_arguments, delete_query, save_query
from kg.shell.session import Outcome, Session, user_queries_dir
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
    rows = [[q.name, q.description, "canned" if q.name in session.canned else "saved"]
            for q in sorted(session.queries.values(), key=lambda q: q.name)]
    if not rows:
        return Outcome(text="no named queries found\n")
    return Outcome(text="\n".join(align(["name", "description", "kind"], rows)) + "\n")


def _split(arg: str) -> list[str]:
    try:
        return shlex.split(arg)
    except ValueError as e:
        raise QueryError(f"cannot read '{arg}': {e}") from e


@command("\\n", "\\n [NAME [ARG ...]]", "List the named queries, or run NAME with $1.. or VAR=VALUE bound as RDF terms.")
def named_query(session: Session, arg: str) -> Outcome:
    if not arg:
        return _list_queries(session)
    name, *arguments = _split(arg)
    text = resolve_query_text(name, session.queries)
    return run_sparql(session, text, bind_arguments(text, arguments, session.prefixes))


@command("\\ns", "\\ns NAME [QUERY]", "Save QUERY, or the last query run, as NAME in your config folder.")
def save_named(session: Session, arg: str) -> Outcome:
    name, _, text = arg.partition(" ")
    if not name:
        return Outcome(error="\\ns needs a name: \\ns NAME [QUERY]")
    folder = user_queries_dir()
    saved = save_query(folder, name, text.strip() or session.last_query, session.canned)
    session.queries[name] = saved
    return Outcome(status=f"saved '{name}' to {folder / (name + '.rq')}")


@command("\\nd", "\\nd NAME", "Delete the saved query NAME.")
def delete_named(session: Session, arg: str) -> Outcome:
    if not arg:
        return Outcome(error="\\nd needs a name: \\nd NAME")
    delete_query(user_queries_dir(), arg, session.canned)
    session.queries.pop(arg, None)
    return Outcome(status=f"deleted '{arg}'")


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


@command("\\timeout", "\\timeout [SECONDS|off]", "Show or set how long a query may run before it is stopped.")
def set_timeout(session: Session, arg: str) -> Outcome:
    if arg:
        session.timeout = parse_timeout(arg, "\\timeout")
    if session.timeout is None:
        return Outcome(status="no time-out: a query runs until it ends or Ctrl-C stops it")
    if not getattr(session.store, "stoppable", False):
        return Outcome(status=f"time-out: {session.timeout:g} s, but this store cannot stop a query (it is open for "
                              "writing, in memory or remote), so queries here run to their end")
    return Outcome(status=f"time-out: {session.timeout:g} s")


def _switch(name: str, arg: str, current: bool) -> bool:
    choices = {"on": True, "off": False, "": not current}
    if arg.lower() not in choices:
        raise QueryError(f"{name} takes on or off, not '{arg}'")
    return choices[arg.lower()]


def _entity(session: Session, arg: str) -> str:
    """Read an entity given as <IRI>, prefix:name or a label (aliases and near spellings too)."""
    arg = arg.strip()
    if arg.startswith("<") and arg.endswith(">"):
        return arg[1:-1]
    prefix, colon, local = arg.partition(":")
    if colon and prefix in session.prefixes and " " not in arg:
        return session.prefixes[prefix] + local
    found = session.label_index().find(arg)
    if found is None:
        near = session.label_index().closest(arg)
        raise QueryError(f"no entity called '{arg}' in the graph" + (f"; did you mean '{near}'?" if near else ""))
    return found.iri


@command("\\describe", "\\describe ENTITY", "Show an entity's names, types, links and events with counts and dates (ENTITY: a name or IRI).")
def describe(session: Session, arg: str) -> Outcome:
    if not arg:
        return Outcome(error="\\describe needs an entity: a name such as Cloudflare, or an IRI")
    entity = _entity(session, arg)
    if not session.interactive or session.output is not None:
        return Outcome(text=describe_entity(session.store, entity, session.prefixes), result=True)
    # At a terminal the first screen of events prints at once; the rest (hundreds, for a well-known name) follows.
    first, rest = describe_pages(session.store, entity, session.prefixes, shutil.get_terminal_size().lines)
    return Outcome(text=first, result=True, more=None if rest is None else lambda: Outcome(text=rest(), result=True))


@command("\\why", "\\why N", "Show the evidence behind row N of the last result: every report of its event (document, outlet, date, sentence, span).")
def why(session: Session, arg: str) -> Outcome:
    result = session.last_result
    if result is None:
        return Outcome(error="no result to explain yet: run a SELECT query first")
    if not arg.isdigit() or not 1 <= int(arg) <= len(result.rows):
        return Outcome(error=f"\\why takes a row number from 1 to {len(result.rows)}, not '{arg}'")
    return Outcome(text=why_row(session.store, result, int(arg), session.prefixes), result=True)


def run_question(session: Session, question: str) -> Outcome:
    """Answer a plain-English question: show the names matched and the SPARQL generated, then run it."""
    from kg.ask import HELP, plan_question
    from kg.store.oxigraph import with_values

    if not question:
        return Outcome(text=HELP + "\n")
    plan = plan_question(question, session.label_index())
    if plan.describe:
        described = describe_entity(session.store, plan.describe, session.prefixes)
        return Outcome(text="\n".join(filter(None, [plan.explain(), described])), result=True)
    outcome = run_sparql(session, plan.sparql, plan.bindings)
    if session.format not in DISPLAY_FORMATS:
        return outcome  # csv, json, …: the results alone, for programs
    query = "\n".join(f"  {line}" for line in with_values(plan.sparql, plan.bindings).splitlines())
    return Outcome(text="\n".join(filter(None, [plan.explain(), query, outcome.text])), status=outcome.status, result=True)


@command("\\ask", "\\ask QUESTION", "Ask in plain English (also: a line starting with '? '); \\ask alone lists the forms.")
def ask(session: Session, arg: str) -> Outcome:
    return run_question(session, arg)


@command("\\x", "\\x [on|off|auto]", "Show rows as vertical records: always, never, or when too wide (auto).")
def expanded(session: Session, arg: str) -> Outcome:
    choice = arg.lower() or ("off" if session.expanded == "on" else "on")
    if choice not in ("on", "off", "auto"):
        return Outcome(error=f"\\x takes on, off or auto, not '{arg}'")
    session.expanded = choice
    return Outcome(status=f"expanded display is {choice}")


@command("\\o", "\\o [FILE]", "Send query results to FILE (emptied first); \\o alone sends them back to the screen.")
def output_file(session: Session, arg: str) -> Outcome:
    if not arg:
        session.output = None
        return Outcome(status="results go to the screen")
    path = Path(arg).expanduser()
    try:
        path.write_text("", encoding="utf-8")
    except OSError as e:
        return Outcome(error=f"cannot write to {path}: {e.strerror or e}")
    session.output = path
    return Outcome(status=f"results go to {path}")


@command("\\pager", "\\pager [on|off]", "Page results longer than the screen (PAGER, else less).")
def pager(session: Session, arg: str) -> Outcome:
    session.pager = _switch("\\pager", arg, session.pager)
    return Outcome(status=f"pager is {'on' if session.pager else 'off'}")


@command("\\vi", "\\vi [on|off]", "Edit with vi keys instead of Emacs keys.")
def vi_mode(session: Session, arg: str) -> Outcome:
    session.vi = _switch("\\vi", arg, session.vi)
    return Outcome(status=f"vi mode is {'on' if session.vi else 'off'}")


@command("\\e", "\\e [QUERY]", "Edit QUERY or the last query in $EDITOR; the result comes back to the prompt.")
def edit(session: Session, arg: str) -> Outcome:
    if not session.interactive:
        return Outcome(error="\\e needs a terminal")
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="kg-edit-") as folder:
        path = Path(folder) / "query.rq"
        path.write_text((arg or session.last_query) + "\n", encoding="utf-8")
        try:
            done = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except OSError as e:
            return Outcome(error=f"cannot run the editor '{editor}': {e.strerror or e}")
        if done.returncode != 0:
            return Outcome(error=f"the editor '{editor}' failed (exit status {done.returncode}); nothing changed")
        return Outcome(edit=path.read_text(encoding="utf-8").strip())


@command("\\refresh", "\\refresh", "Read the completion data (terms, entity labels) from the store again.")
def refresh(session: Session, arg: str) -> Outcome:
    if arg:
        return Outcome(error="\\refresh takes no argument")
    session.changed()
    return Outcome(status="completion data will be read again")


def _make_writable(session: Session) -> None:
    """Reopen a read-only store for writing: close it first, since a reader's lock keeps writers out."""
    from kg.store import open_store

    store = session.store
    if not getattr(store, "read_only", False):
        return
    location = getattr(store, "location", None)
    if not session.owns_store or location is None:
        raise QueryError("this store was opened read-only; start the shell with `kg shell --write`")
    prefixes = getattr(store, "prefixes", None)
    store.close()
    try:
        session.store = open_store(location, read_only=False, prefixes=prefixes)
    except KgError:
        session.store = open_store(location, read_only=True, prefixes=prefixes, stoppable=True)
        raise
    session.changed()


@command("\\write", "\\write [on|off]", "Allow or refuse SPARQL Update and \\load (the shell starts read-only).")
def write_mode(session: Session, arg: str) -> Outcome:
    wanted = _switch("\\write", arg, session.write)
    if wanted:
        _make_writable(session)
    session.write = wanted
    return Outcome(status="write mode is on: updates change the store" if wanted else "read-only")


def _needs_write(session: Session, name: str) -> None:
    if not session.write:
        raise QueryError(f"{name} changes the store; the shell is read-only: use `kg shell --write` or \\write on")


@command("\\load", "\\load PATH ...", "Build articles (files or folders) into the store, as `kg build` does.")
def load(session: Session, arg: str) -> Outcome:
    _needs_write(session, "\\load")
    paths = [Path(p).expanduser() for p in _split(arg)]
    if not paths:
        return Outcome(error="\\load needs a file or folder of articles")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        return Outcome(error=f"no such file or folder: {missing[0]}")
    from kg.iri import Minter
    from kg.nlp import load_pipeline
    from kg.nlp.rules import load_rules
    from kg.pipeline import build

    settings = session.settings
    # The model takes seconds to load: once per session (tests hand in the one they already have).
    if session.cache.get("nlp") is None:
        session.cache["nlp"] = load_pipeline(settings.model)
    if session.cache.get("rules") is None:
        session.cache["rules"] = load_rules(settings.lexicon)
    report = build(paths, session.store, session.cache["nlp"], session.cache["rules"], Minter(settings.base_iri))
    session.changed()
    lines = [f"skipped {failure}" for failure in report.failed]
    lines.append(f"loaded {report.documents} documents: {report.entities} entities, {report.actions} actions, "
                 f"{report.triples} triples in the store ({report.seconds:.1f}s)")
    return Outcome(text="\n".join(lines) + "\n")


EXPORT_FORMATS = {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld",
                  ".json": "jsonld"}


@command("\\export", "\\export FILE", "Write the graph (facts only) to FILE; the suffix picks the format (.ttl .nt .nq .trig .jsonld).")
def export(session: Session, arg: str) -> Outcome:
    if not arg:
        return Outcome(error="\\export needs a file name, such as graph.ttl")
    path = Path(arg).expanduser()
    fmt = EXPORT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        return Outcome(error=f"cannot tell the format of '{path.name}'; end it with one of: {' '.join(EXPORT_FORMATS)}")
    from kg.export import export as export_store, source_name

    settings = session.settings
    data = export_store(session.store, fmt, session.prefixes, settings.base_iri,
                        source=source_name(settings.store))
    try:
        path.write_bytes(data)
    except OSError as e:
        return Outcome(error=f"cannot write to {path}: {e.strerror or e}")
    return Outcome(status=f"wrote {len(data):,} bytes of {fmt} to {path}")


@command("\\validate", "\\validate", "Check the graph against the SHACL shapes (ontology/shapes.ttl) and list problems.")
def validate(session: Session, arg: str) -> Outcome:
    if arg:
        return Outcome(error="\\validate takes no argument")
    from kg.ontology import validate as shacl_validate
    from kg.store.base import GraphResult

    result = session.store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    if not isinstance(result, GraphResult):
        raise KgError("the store did not return a graph")
    report = shacl_validate(result.graph)
    if report.conforms:
        return Outcome(text=f"the graph conforms to the shapes ({len(result.graph)} triples checked)\n")
    def shown(node) -> str:
        return compact_iri(str(node), session.prefixes) if isinstance(node, URIRef) else str(node or "")

    rows = [[r.severity, shown(r.focus), shown(r.path), r.message] for r in report.results]
    count = f"({len(rows)} problem{'s' if len(rows) != 1 else ''})"
    return Outcome(text="\n".join(align(["severity", "focus", "path", "problem"], rows) + [count]) + "\n")


STATS_QUERY = """SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
  { ?x a kg:Document BIND("documents" AS ?what) }
  UNION { ?x a kg:Person BIND("people" AS ?what) }
  UNION { ?x a kg:Organization BIND("organizations" AS ?what) }
  UNION { ?x a kg:Place BIND("places" AS ?what) }
  UNION { ?x kg:trigger [] BIND("actions" AS ?what) }
  UNION { ?x kg:date [] BIND("dated actions" AS ?what) }
  UNION { ?x a kg:Mention BIND("mentions" AS ?what) }
} GROUP BY ?what"""
_STATS_ORDER = ("documents", "people", "organizations", "places", "actions", "dated actions", "mentions")


@command("\\stats", "\\stats", "Count documents, entities, actions, mentions, triples and named graphs.")
def stats(session: Session, arg: str) -> Outcome:
    if arg:
        return Outcome(error="\\stats takes no argument")
    from kg.store.base import SelectResult

    result = session.store.query(STATS_QUERY)
    counts = {str(what): int(n) for what, n in result.rows} if isinstance(result, SelectResult) else {}
    rows = [[what, f"{counts.get(what, 0):,}"] for what in _STATS_ORDER]
    rows += [["triples", f"{len(session.store):,}"], ["named graphs", f"{len(session.store.graphs()):,}"]]
    return Outcome(text="\n".join(align(["what", "count"], rows, right=[False, True])) + "\n", result=True)

from kg.shell import view as _view  # noqa: E402,F401  (registers \\view; it uses @command above)
