"""`kg shell`: the interactive SPARQL shell, or a script when stdin is not a terminal."""

from __future__ import annotations

import sys

import click

from kg.cli.app import cli, open_store_for, require_store, settings_from, store_option


@cli.command()
@store_option
@click.option("-c", "--command", "commands", multiple=True, help="Run this query or backslash command and exit.")
@click.option("--write", is_flag=True, help="Allow SPARQL Update and \\load (the shell is read-only by default).")
@click.option("--yes", "assume_yes", is_flag=True, help="In scripts, run DROP, CLEAR and DELETE without WHERE unasked.")
@click.option("--vi", is_flag=True, help="Edit with vi keys.")
@click.pass_context
def shell(
    ctx: click.Context, store: str | None, commands: tuple[str, ...], write: bool, assume_yes: bool, vi: bool
) -> None:
    """Interactive SPARQL shell over the store (reads a script from stdin when it is not a terminal)."""
    from kg.shell import run_script, run_shell

    settings = settings_from(ctx, store=store)
    settings.seconds  # a bad timeout setting is reported before the store is opened
    require_store(settings)
    # The shell owns the store: `\write on` may reopen it for writing, and the shell closes it at the end.
    # Read-only, it runs queries in child processes, so that Ctrl-C and the time-out stop them.
    kg_store = open_store_for(settings, read_only=not write, stoppable=True)
    script = ";\n".join(commands) if commands else None if sys.stdin.isatty() else sys.stdin.read()
    if script is None:
        run_shell(kg_store, settings, write=write, vi=vi, owns_store=True)
        status = 0
    else:
        status = run_script(kg_store, settings, script, sys.stdout, err=sys.stderr, write=write,
                            assume_yes=assume_yes, owns_store=True)
    sys.exit(status)
