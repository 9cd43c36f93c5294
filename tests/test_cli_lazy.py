"""Commands are loaded when used: every command is listed, and `kg shell` starts without the others' modules."""

import importlib
import subprocess
import sys

import click

from kg.cli import cli
from kg.cli.app import COMMAND_MODULES


def test_the_command_table_names_every_command_its_modules_define():
    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(module)
    assert set(cli.commands) == set(COMMAND_MODULES)
    assert cli.list_commands(click.Context(cli)) == sorted(COMMAND_MODULES)


def test_help_lists_every_command():
    listing = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, check=True).stdout
    assert all(f"  {name} " in listing for name in COMMAND_MODULES)


def test_the_shell_command_loads_neither_build_nor_serve_nor_view():
    probe = ("import sys, click\nfrom kg.cli import cli\n"
             "assert cli.get_command(click.Context(cli), 'shell') is not None\n"
             "print(sorted(m for m in ('kg.cli.build', 'kg.cli.serve', 'kg.cli.view', 'kg.cli.link', 'kg.pipeline')"
             " if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
