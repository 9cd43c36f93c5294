"""The README documents every command, setting and canned query."""

from pathlib import Path

import click
import pytest

from kg.cli import cli
from kg.config import SETTINGS
from kg.queries import load_queries

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", cli.list_commands(click.Context(cli)))
def test_every_command_is_in_the_readme(name):
    assert f"kg {name}" in README


@pytest.mark.parametrize("setting", [s.name for s in SETTINGS])
def test_every_setting_is_in_the_readme(setting):
    assert f"`{setting}`" in README and f"KG_{setting.upper()}" in README


@pytest.mark.parametrize("name", sorted(load_queries()))
def test_every_canned_query_is_in_the_readme(name):
    assert f"`{name}`" in README


def test_readme_has_the_two_commands():
    assert "make demo" in README and "make test" in README
