"""Read article files and their manifest.yaml into Article records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from kg.errors import InputError
from kg.iri import content_id
from kg.model import Article

TEXT_SUFFIXES = (".txt", ".md")
MANIFEST = "manifest.yaml"
# A leading "date YYYY-MM-DD" line is metadata, not text (some scrapers write it).
_DATE_LINE = re.compile(r"\A(\s*date\s+(\d{4}-\d{2}-\d{2})\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Failure:
    path: str
    reason: str


def _parse_date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{where}: 'published' must be a date like 2022-09-03, not '{value}'") from None


def load_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """Return file name → metadata from folder/manifest.yaml (empty when there is none)."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not valid YAML: {str(e).splitlines()[0]}") from e
    entries = data.get("documents", []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError(f"{path}: expected a 'documents:' list of entries with 'file' and 'published'")
    manifest = {}
    for entry in entries:
        if not isinstance(entry, dict) or "file" not in entry:
            raise InputError(f"{path}: every document entry needs a 'file' key")
        meta = dict(entry)
        meta["published"] = _parse_date(meta.get("published"), f"{path} ({entry['file']})")
        manifest[str(entry["file"])] = meta
    return manifest


def strip_metadata(text: str) -> tuple[str, date | None]:
    """Blank a leading 'date YYYY-MM-DD' line (keeping offsets) and return the date it gives.

    >>> strip_metadata(" date 2022-09-03 Text.")
    ('                 Text.', datetime.date(2022, 9, 3))
    """
    match = _DATE_LINE.match(text)
    if not match:
        return text, None
    try:
        found = date.fromisoformat(match[2])
    except ValueError:
        return text, None
    return " " * len(match[1]) + text[match.end(1) :], found


def read_article(path: Path, meta: dict[str, Any] | None = None, published: date | None = None) -> Article:
    """Read one article; metadata from the manifest wins over the inline date line."""
    meta = meta or {}
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (byte {e.start})") from e
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from e
    text, inline_date = strip_metadata(raw)
    if not text.strip():
        raise InputError(f"{path}: empty document")
    return Article(
        id=content_id(text),
        path=str(path),
        text=text,
        published=published or meta.get("published") or inline_date,
        outlet=meta.get("outlet"),
        title=meta.get("title"),
        url=meta.get("url"),
    )


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES and p.is_file())
    elif path.is_file():
        yield path
    else:
        raise InputError(f"{path}: no such file or folder")


def iter_articles(paths: Iterable[Path]) -> Iterator[Article | Failure]:
    """Yield an Article for every readable text file under `paths`, a Failure for every other."""
    manifests: dict[Path, dict[str, dict[str, Any]]] = {}
    for root in paths:
        for file in _files(Path(root)):
            try:
                folder = file.parent
                if folder not in manifests:
                    manifests[folder] = load_manifest(folder)
                yield read_article(file, manifests[folder].get(file.name))
            except InputError as e:
                manifests.setdefault(file.parent, {})
                yield Failure(str(file), str(e))
