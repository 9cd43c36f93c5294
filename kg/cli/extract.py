"""`kg extract`: show what kg finds in one document, without storing anything."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.app import cli, settings_from


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

    settings = settings_from(ctx, model=model)
    report = explain_document(file, load_pipeline(settings.model), load_rules(settings.lexicon),
                              published.date() if published else None)
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if fmt == "json" else render_text(report))
