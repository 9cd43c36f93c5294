"""`kg query` and `kg export`: read the store, write results or the whole graph."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import click

from kg.cli.app import cli, facts_only, open_store_for, require_store, settings_from, store_option
from kg.errors import KgError, QueryError
from kg.vocab import prefixes_with_base

QUERY_FORMATS = ("table", "vertical", "csv", "tsv", "json", "turtle", "ntriples")
EXPORT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")


@cli.command()
@click.argument("query")
@store_option
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.option("--param", "params", multiple=True, help="Bind a variable: NAME=VALUE (an <IRI>, prefix:name or text).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
              help="Stop the query after this many seconds (default: the timeout setting, else no limit).")
@click.option("--include-internal", is_flag=True,
              help="Also see what incremental builds keep beside the graph, as the graph BASE/graph/build-state.")
@click.pass_context
def query(ctx: click.Context, query: str, store: str | None, fmt: str, params: tuple[str, ...], timeout: float | None,
          include_internal: bool) -> None:
    """Run QUERY: SPARQL text, a .rq file, or a canned query's name (see queries/)."""
    from kg.buildstate import with_state
    from kg.format import format_result
    from kg.iri import Minter
    from kg.queries import is_update, parse_binding, resolve_query_text

    settings = settings_from(ctx, store=store, timeout=timeout)
    require_store(settings)
    prefixes = prefixes_with_base(settings.base_iri)
    text = resolve_query_text(query)
    if is_update(text):
        raise KgError("kg query is read-only and this is a SPARQL Update (INSERT, DELETE, DROP, LOAD...); "
                      "the store changes only through kg build")
    try:
        bindings = dict(parse_binding(p, prefixes) for p in params)
    except KgError as e:
        raise click.BadParameter(str(e), param_hint="--param") from e
    with open_store_for(settings, read_only=True) as opened:
        if not include_internal:
            facts_only(opened, settings.store)
        kg_store = with_state(opened, Minter(settings.base_iri), prefixes) if include_internal else opened
        try:
            if fmt in ("csv", "tsv", "json"):
                out = _stoppable(lambda: kg_store.query_serialized(text, fmt, bindings).decode("utf-8"), settings.seconds)
            else:
                out = _stoppable(lambda: format_result(kg_store.query(text, bindings), fmt, prefixes), settings.seconds)
        except QueryError as e:
            named = text != query.strip()  # a canned query or a .rq file: say which
            raise QueryError(f"{query}: {e}" if named else str(e)) from e
    click.echo(out.rstrip("\n"))


def _stoppable(work: Callable[[], str], timeout: float | None) -> str:
    """Run the query on a thread and wait at most `timeout` seconds; on time-out or Ctrl-C, end the process.

    pyoxigraph cannot be interrupted (not even by Ctrl-C while it evaluates), so ending the process is what
    stops the query; the store is read-only here and the kernel drops kg's lock.
    """
    box: list = []

    def run() -> None:
        try:
            box.append((True, work()))
        except BaseException as e:  # handed to the main thread, which raises it
            box.append((False, e))

    worker = threading.Thread(target=run, name="kg-query", daemon=True)
    started = time.monotonic()
    worker.start()
    try:
        while worker.is_alive():
            left = None if timeout is None else timeout - (time.monotonic() - started)
            if left is not None and left <= 0:
                _end(f"Error: query stopped after {time.monotonic() - started:.1f} s: it ran longer than the time-out "
                     f"({timeout:g} s); raise it with --timeout or the timeout setting", 1)
            worker.join(0.1 if left is None else min(0.1, left))
    except KeyboardInterrupt:
        _end("cancelled (Ctrl-C)", 130)
    ok, value = box[0]
    if not ok:
        raise value
    return value


def _end(message: str, status: int) -> None:
    click.echo(message, err=True)
    sys.stderr.flush()
    os._exit(status)


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of stdout.")
@click.option("--graph", help="Export one named graph: its IRI, or events, resolution, ontology.")
@click.option("--document", help="Export one document's graph: its id or file name.")
@click.option("--query", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Export what a CONSTRUCT query in FILE.rq builds.")
@click.option("--include-internal", is_flag=True, help="Keep what incremental builds store beside the facts.")
@click.option("--timestamp", is_flag=True, help="Write the export time in the header (the bytes then differ each time).")
@click.pass_context
def export(ctx: click.Context, store: str | None, fmt: str, output: Path | None, graph: str | None,
           document: str | None, query_file: Path | None, include_internal: bool, timestamp: bool) -> None:
    """Write the graph as readable Turtle or TriG (one graph per document), N-Triples, N-Quads or JSON-LD (schema.org terms)."""
    from kg.export import Selection, export as export_store, source_name, streams

    if sum(x is not None for x in (graph, document, query_file)) > 1:
        raise click.UsageError("give at most one of --graph, --document and --query")
    settings = settings_from(ctx, store=store)
    require_store(settings)
    query_text = None
    if query_file is not None:
        try:
            query_text = query_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise KgError(f"cannot read {query_file}: {e}") from e
    selection = Selection(graph=graph, document=document, query=query_text, query_name=query_file.name if query_file else "",
                          include_internal=include_internal)
    with open_store_for(settings, read_only=True) as kg_store:
        if streams(kg_store, fmt, selection):  # the whole graph, written as it is read
            with output.open("wb") if output else contextlib.nullcontext(sys.stdout.buffer) as target:
                kg_store.dump_into(fmt, target)
            return
        try:
            data = export_store(kg_store, fmt, prefixes_with_base(settings.base_iri), settings.base_iri, selection,
                                source=source_name(settings.store), timestamp=timestamp)
        except QueryError as e:
            raise QueryError(f"{query_file.name if query_file else 'export'}: {e}") from e
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
