"""`kg shell`: the interactive SPARQL shell, or a script when stdin is not a terminal."""

from __future__ import annotations

import sys

import click

from kg.cli.app import cli, open_store_for, require_store, settings_from, store_option


@cli.command()
@store_option
@click.option("-c", "--command", "commands", multiple=True, help="Run this query or backslash command and exit.")
@click.pass_context
def shell(ctx: click.Context, store: str | None, commands: tuple[str, ...]) -> None:
    """Interactive SPARQL shell over the store (reads a script from stdin when it is not a terminal)."""
    from kg.shell import run_script, run_shell

    settings = settings_from(ctx, store=store)
    require_store(settings)
    with open_store_for(settings, read_only=True) as kg_store:
        if commands:
            status = run_script(kg_store, settings, ";\n".join(commands), sys.stdout, err=sys.stderr)
        elif not sys.stdin.isatty():
            status = run_script(kg_store, settings, sys.stdin.read(), sys.stdout, err=sys.stderr)
        else:
            status = run_shell(kg_store, settings) or 0
    sys.exit(status)
