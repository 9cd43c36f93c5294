"""The kg command line: a thin layer over the library; each module adds one group of commands."""

from kg.cli import build, extract, link, query, serve, shell, validate, view  # noqa: F401  (registers the commands)
from kg.cli.app import cli


def main() -> None:
    cli(obj={})


__all__ = ["cli", "main"]
