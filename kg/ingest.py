"""Read article files and their manifest.yaml into Article records."""

from __future__ import annotations

import functools
import logging
import re
import traceback
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from kg.decode import decode_document
from kg.errors import InputError
from kg.iri import content_id, is_iri
from kg.model import Article

TEXT_SUFFIXES = (".txt", ".md")
# A JSON Lines file of articles (kg/jsonl.py) is read when named; a folder's are not (they may hold anything).
JSON_LINES = ".jsonl"
MANIFEST = "manifest.yaml"
# A leading "date YYYY-MM-DD" line is metadata, not text (some scrapers write it).
_DATE_LINE = re.compile(r"\A(\s*date\s+(\d{4}-\d{1,2}-\d{1,2}))(?![\w-])", re.IGNORECASE)

# Metadata fields that are free text; a url must also be an IRI.
TEXT_FIELDS = ("outlet", "title", "url")

log = logging.getLogger(__name__)


class _ManifestLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad one (2022-13-45) is blamed on its entry, not the file."""


_ManifestLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


@dataclass(frozen=True)
class Failure:
    """An input kg could not use, or metadata it ignored; `reason` is one line naming the file.

    A failure that is kg's own fault (an exception while reading, parsing, extracting, mapping or storing one
    document) carries the document's id when known and the traceback, which the build writes to its error log.
    """

    path: str
    reason: str
    doc_id: str = ""
    details: str = ""


def fault(path: str, stage: str, error: BaseException, doc_id: str = "") -> Failure:
    """The Failure of one document whose `stage` raised `error` (to be called in the except block)."""
    return Failure(path, f"{path}: {stage} failed ({type(error).__name__}: {error})", doc_id, traceback.format_exc())


def _parse_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"'published' must be a date like 2022-09-03, not '{value}'") from None


def metadata_field(key: str, value: Any) -> Any:
    """A metadata value checked: `published` a date, the TEXT_FIELDS text. Raises ValueError saying what is wrong."""
    return _parse_date(value) if key == "published" else _text_field(key, value)


def _text_field(key: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise ValueError(f"'{key}' must be text, not a {'mapping' if isinstance(value, dict) else 'list'}")
    text = str(value).strip()
    if not text:
        return None
    if key == "url" and not is_iri(text):
        raise ValueError(f"'url' is not a valid IRI: '{text[:80]}'")
    return text


def read_manifest(folder: Path) -> tuple[dict[str, dict[str, Any]], list[Failure]]:
    """Return file name → metadata from folder/manifest.yaml, and a Failure for each part that is unusable.

    A manifest that is not valid YAML gives no metadata; an entry with a bad date keeps its other fields.
    """
    path = folder / MANIFEST
    if not path.is_file():
        return {}, []
    try:
        data = yaml.load(decode_document(path.read_bytes()).text, Loader=_ManifestLoader) or {}
    except (yaml.YAMLError, InputError) as e:
        return {}, [Failure(str(path), f"{path}: not valid YAML: {_first_line(e)}")]
    except OSError as e:
        return {}, [Failure(str(path), f"{path}: cannot read: {e.strerror}")]
    entries = data.get("documents", []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return {}, [Failure(str(path), f"{path}: expected a 'documents:' list of entries with 'file' and 'published'")]
    manifest, failures = {}, []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or "file" not in entry:
            failures.append(Failure(str(path), f"{path}: document entry {number} has no 'file' key; ignored"))
            continue
        meta = dict(entry)
        where = f"{path} ({entry['file']})"
        try:
            meta["published"] = _parse_date(meta.get("published"))
        except ValueError as e:
            meta["published"] = None
            failures.append(Failure(str(path), f"{where}: {e}; built without a publication date"))
        for key in TEXT_FIELDS:
            try:
                meta[key] = _text_field(key, meta.get(key))
            except ValueError as e:
                meta[key] = None
                failures.append(Failure(str(path), f"{where}: {e}; ignored"))
        manifest[str(entry["file"])] = meta
    return manifest, failures


def _first_line(error: Exception) -> str:
    return " ".join(str(error).split("\n")[0].split())


def strip_metadata(text: str) -> tuple[str, date | None]:
    """Blank a leading 'date YYYY-MM-DD' line (keeping offsets) and return the date it gives.

    Raises ValueError when the line is there but its date does not exist (2022-02-30).

    >>> strip_metadata(" date 2022-09-03 Text.")
    ('                 Text.', datetime.date(2022, 9, 3))
    """
    match = _DATE_LINE.match(text)
    if not match:
        return text, None
    year, month, day = (int(part) for part in match[2].split("-"))
    try:
        found = date(year, month, day)
    except ValueError as e:
        raise ValueError(f"bad date line '{match[1].strip()}': {e}") from None
    return " " * len(match[1]) + text[match.end(1) :], found


def read_document(path: Path, meta: dict[str, Any] | None = None, published: date | None = None) -> tuple[Article, list[Failure]]:
    """Read one article, and a Failure for metadata in it that was ignored (the article is still usable).

    Metadata from the manifest wins over the inline date line. The text is what kg stores, and every
    character offset refers to it: decoded (encoding detected), HTML stripped, invisible characters dropped.

    Raises:
        InputError: the file cannot be read, is binary, or has no text.
    """
    meta = meta or {}
    try:
        decoded = decode_document(path.read_bytes())
    except InputError as e:
        raise InputError(f"{path}: {e}") from e
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from e
    for note in decoded.notes:
        _say(f"{path}: {note}")
    failures = []
    try:
        text, inline_date = strip_metadata(decoded.text)
    except ValueError as e:
        text, inline_date = _DATE_LINE.sub(lambda m: " " * len(m[1]), decoded.text, count=1), None
        failures.append(Failure(str(path), f"{path}: {e}; ignored"))
    if not text.strip():
        stripped = any(note.startswith("HTML") for note in decoded.notes)
        raise InputError(f"{path}: empty document (no text{' after stripping HTML' if stripped else ''})")
    article = Article(
        id=content_id(text),
        path=str(path),
        text=text,
        published=published or meta.get("published") or inline_date,
        outlet=meta.get("outlet"),
        title=meta.get("title"),
        url=meta.get("url"),
    )
    return article, failures


@functools.cache
def _say(note: str) -> None:
    """Log a note about an input once per process: a build reads its inputs more than once."""
    log.warning("%s", note)


def read_article(path: Path, meta: dict[str, Any] | None = None, published: date | None = None) -> Article:
    """Read one article (see read_document); ignored metadata is logged as a warning."""
    article, failures = read_document(path, meta, published)
    for failure in failures:
        log.warning("%s", failure.reason)
    return article


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES and p.is_file())
    elif path.is_file():
        yield path
    else:
        raise InputError(f"{path}: no such file or folder")


def _json_lines(file: Path) -> Iterator[Article | Failure]:
    """The articles of a JSON Lines file; a bad line is a Failure naming file and line, and the rest is read."""
    from kg.jsonl import parse_line, read_lines  # kg.jsonl builds on this module's metadata checks

    try:
        for number, line in read_lines(file):
            try:
                article, ignored = parse_line(file, number, line)
            except InputError as e:
                yield Failure(str(file), str(e))
                continue
            except Exception as e:  # a bug in kg reading this one line must not stop the others
                yield fault(f"{file}:{number}", "reading", e)
                continue
            yield article
            yield from (Failure(str(file), reason) for reason in ignored)
    except InputError as e:
        yield Failure(str(file), str(e))


def iter_articles(paths: Iterable[Path]) -> Iterator[Article | Failure]:
    """Yield an Article for every readable text file under `paths` and every line of a JSON Lines file named
    in `paths`, and a Failure for every file or line that cannot be read and every piece of metadata that was
    ignored (a bad manifest is reported once)."""
    manifests: dict[Path, dict[str, dict[str, Any]]] = {}
    for root in paths:
        try:
            files = list(_files(Path(root)))
        except InputError as e:
            yield Failure(str(root), str(e))
            continue
        for file in files:
            if file.suffix.lower() == JSON_LINES:
                yield from _json_lines(file)
                continue
            if file.parent not in manifests:
                manifests[file.parent], failures = read_manifest(file.parent)
                yield from failures
            try:
                article, failures = read_document(file, manifests[file.parent].get(file.name))
            except InputError as e:
                yield Failure(str(file), str(e))
                continue
            except Exception as e:  # a bug in kg reading this one file must not stop the others
                yield fault(str(file), "reading", e)
                continue
            yield article
            yield from failures
