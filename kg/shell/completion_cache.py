"""The completion data of a store folder, kept between shell sessions so that a shell completes at once.

Reading every term and entity label from a large graph takes seconds (on the BBC graph copied ten times, 16
million triples, about 10 s of CPU); the result is saved in the user's cache folder under the store's location
and reused while the store's data files are unchanged (names, sizes and times of RocksDB's files; a write or a
rebuild changes them). Remote stores are not cached: nothing cheap tells when a server's data changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.labels import LabelIndex
from kg.store import is_remote
from kg.store.base import Store

log = logging.getLogger(__name__)

FORMAT = 1


@dataclass(frozen=True)
class Completions:
    terms: dict[str, str]  # IRI -> 'property' or 'class'
    labels: LabelIndex


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The user's cache folder for kg's completion data, following XDG."""
    environ = os.environ if environ is None else environ
    root = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "kg" / "completion"


def _is_data_file(name: str) -> bool:
    # RocksDB's tables, write-ahead logs and manifests; not its info LOG, kg's lock or the build state.
    return name.endswith((".sst", ".log")) or name.startswith("MANIFEST-") or name == "CURRENT"


def store_folder(store: Store) -> Path | None:
    """The folder a store's queries read (a reader may read a writer's snapshot), or None when not a folder."""
    location = getattr(store, "location", "memory:")
    if location == "memory:" or is_remote(location):
        return None
    snapshot = getattr(store, "snapshot", None)
    return Path(snapshot.path) if snapshot is not None else Path(location)


def fingerprint(folder: Path) -> str:
    """A digest of what RocksDB has written in `folder`: it changes whenever the store's contents may have."""
    files = sorted((entry.name, stat.st_size, stat.st_mtime_ns) for entry in os.scandir(folder)
                   if entry.is_file() and _is_data_file(entry.name) and (stat := entry.stat()))
    return hashlib.sha256(repr(files).encode()).hexdigest()


def _cache_file(store: Store) -> Path:
    location = str(Path(getattr(store, "location")).resolve())
    return cache_dir() / (hashlib.sha256(location.encode()).hexdigest()[:24] + ".json")


def load_cached(store: Store) -> Completions | None:
    """The completion data saved for this store, if its files have not changed since."""
    folder = store_folder(store)
    if folder is None:
        return None
    try:
        saved = json.loads(_cache_file(store).read_text(encoding="utf-8"))
        if saved.get("format") != FORMAT or saved.get("fingerprint") != fingerprint(folder):
            return None
        labels, iris = tuple(saved["labels"]), tuple(saved["iris"])
        index = LabelIndex(tuple(label.casefold() for label in labels), labels, iris, saved["preferred"])
        return Completions(saved["terms"], index)
    except (OSError, ValueError, KeyError, TypeError):  # no cache yet, or one that cannot be read: read the store
        return None


def save(store: Store, completions: Completions) -> None:
    """Keep the completion data for the next shell on this store (written whole, then renamed into place)."""
    folder = store_folder(store)
    if folder is None:
        return
    target = _cache_file(store)
    labels = completions.labels
    data = {"format": FORMAT, "fingerprint": fingerprint(folder), "terms": completions.terms,
            "labels": labels.labels, "iris": labels.iris, "preferred": labels.preferred}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        partial.replace(target)
    except OSError as e:  # a cache is a convenience: a read-only home only makes the next start slower
        log.warning("cannot save completion data in %s: %s", target.parent, e)
