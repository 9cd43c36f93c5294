"""The `kg` command group and what its commands share: settings, opening the store, one-line errors."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from kg.config import Settings, load_settings
from kg.errors import KgError
from kg.vocab import prefixes_with_base


def settings_from(ctx: click.Context, **flags: Any) -> Settings:
    """Settings from kg.yaml, then KG_* variables, then the command's flags."""
    return load_settings(flags, config_file=ctx.obj.get("config"))


def open_store_for(settings: Settings, *, read_only: bool = False, stoppable: bool = False):
    from kg.store import open_store

    return open_store(settings.store, read_only=read_only, prefixes=prefixes_with_base(settings.base_iri),
                      stoppable=stoppable, state=settings.state_store)


def facts_only(store, location: str) -> None:
    """Refuse a server an older kg built, whose queries still see its build state (kg/remotestate.py)."""
    from kg.store import is_remote

    if is_remote(location):
        from kg.remotestate import refuse_state_on_server

        refuse_state_on_server(store, location)


def require_store(settings: Settings) -> None:
    from kg.store import is_remote

    if settings.store != "memory:" and not is_remote(settings.store) and not Path(settings.store).is_dir():
        raise KgError(f"no store at '{settings.store}'; build one first with: kg build PATH --store {settings.store}")


# The module that defines each command, imported when the command runs (or help lists it): `kg shell` and
# `kg query` start without loading what build, serve, link or view need.
COMMAND_MODULES = {
    "build": "kg.cli.build", "forget": "kg.cli.build", "extract": "kg.cli.extract", "import": "kg.cli.link",
    "link": "kg.cli.link", "query": "kg.cli.query", "export": "kg.cli.query", "serve": "kg.cli.serve",
    "shell": "kg.cli.shell", "validate": "kg.cli.validate", "view": "kg.cli.view",
}


class KgGroup(click.Group):
    """Turns every KgError into `Error: <one line>` and exit status 1; loads a command's module when it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMAND_MODULES) | set(self.commands))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMAND_MODULES:
            importlib.import_module(COMMAND_MODULES[name])  # its decorators add it to this group
        return super().get_command(ctx, name)

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


store_option = click.option("--store", help="Store folder (default ./kg-store, or KG_STORE), memory:, or a SPARQL endpoint URL.")
state_store_option = click.option(
    "--state-store", help="For a store URL: where its build state lives (default: a file on this machine for the URL, "
    "or KG_STATE_STORE); a file path, or a SPARQL endpoint URL of its own that every builder shares.")
