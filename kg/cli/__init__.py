"""The kg command line: a thin layer over the library; each module adds one group of commands, loaded when used
(kg/cli/app.py's COMMAND_MODULES)."""

from kg.cli.app import cli


def main() -> None:
    cli(obj={})


__all__ = ["cli", "main"]
