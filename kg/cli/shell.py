"""`kg shell`: the interactive SPARQL shell, or a script when stdin is not a terminal."""

from __future__ import annotations

import sys

import click

from kg.cli.app import cli, facts_only, open_store_for, require_store, settings_from, store_option


@cli.command()
@store_option
@click.option("-c", "--command", "commands", multiple=True, help="Run this query or backslash command and exit.")
@click.option("--write", is_flag=True, help="Allow SPARQL Update and \\load (the shell is read-only by default).")
@click.option("--yes", "assume_yes", is_flag=True, help="In scripts, run DROP, CLEAR and DELETE without WHERE unasked.")
@click.option("--vi", is_flag=True, help="Edit with vi keys.")
@click.option("--include-internal", is_flag=True,
              help="Also see what incremental builds keep beside the graph (a read-only copy, in memory).")
@click.pass_context
def shell(
    ctx: click.Context, store: str | None, commands: tuple[str, ...], write: bool, assume_yes: bool, vi: bool,
    include_internal: bool
) -> None:
    """Interactive SPARQL shell over the store (reads a script from stdin when it is not a terminal)."""
    from kg.shell import run_script, run_shell

    settings = settings_from(ctx, store=store)
    settings.seconds  # a bad timeout setting is reported before the store is opened
    require_store(settings)
    # The shell owns the store: `\write on` may reopen it for writing, and the shell closes it at the end.
    # Read-only, it runs queries in child processes, so that Ctrl-C and the time-out stop them.
    if include_internal and write:
        raise click.UsageError("--include-internal reads a copy of the store; it cannot be combined with --write")
    kg_store = open_store_for(settings, read_only=not write, stoppable=not include_internal)
    if include_internal:
        kg_store = _with_state(kg_store, settings)
    else:
        try:
            facts_only(kg_store, settings.store)
        except Exception:
            kg_store.close()
            raise
    script = ";\n".join(commands) if commands else None if sys.stdin.isatty() else sys.stdin.read()
    if script is None:
        run_shell(kg_store, settings, write=write, vi=vi, owns_store=True)
        status = 0
    else:
        status = run_script(kg_store, settings, script, sys.stdout, err=sys.stderr, write=write,
                            assume_yes=assume_yes, owns_store=True)
    sys.exit(status)


def _with_state(opened, settings):
    """The store with its build state (kg/buildstate.py); an embedded store's copy, the original closed."""
    from kg.buildstate import with_state
    from kg.iri import Minter
    from kg.vocab import prefixes_with_base

    try:
        return with_state(opened, Minter(settings.base_iri), prefixes_with_base(settings.base_iri))
    finally:
        opened.close()
