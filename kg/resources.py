"""Locate the data folders (ontology/, queries/) in a checkout or in an installed wheel, and read kg's YAML data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """Return the folder `name` ("ontology" or "queries").

    A wheel carries them inside the package as kg/_data/NAME; a checkout has them beside kg/.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg data folder '{name}' is missing from {_PACKAGE}")


def package_data(name: str) -> Path:
    """Return a data file shipped inside the package (kg/data/NAME)."""
    return _PACKAGE / "data" / name


def read_yaml(text: str) -> Any:
    """Safe-load YAML with libyaml's loader where PyYAML has it: the same data for a tenth of the time, which
    every build pays for its lexicons before the first parse."""
    import yaml  # not at import: `kg shell` and `kg query` start without it

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
