"""Read a JSON Lines file of articles: one {"id", "text", "published", "outlet", "url", "title"} object a line.

Archives of millions of articles come as a few big files rather than millions of small ones. Each line is a
document whose path is `FILE#ID` (its line number when it has no id), so that a line whose text changes
replaces its old version in an incremental build, as a changed file does, and `kg forget FILE` forgets them all.
"""

from __future__ import annotations

import json
from urllib.parse import quote
from pathlib import Path
from typing import Any, Iterator

from kg.decode import decode_document
from kg.errors import InputError
from kg.ingest import metadata_field
from kg.iri import content_id
from kg.model import Article

FIELDS = ("id", "text", "published", "outlet", "url", "title")


def line_path(file: Path, key: str) -> str:
    """The path a line's document is known by: `FILE#ID`, the file's absolute path and the id with no slash,
    so that resolving it as a path changes nothing."""
    return f"{file.resolve()}#{quote(key, safe='')}"


def is_line_of(path: str, file: str) -> bool:
    """True when `path` names a line of the JSON Lines file `file`."""
    return path.startswith(f"{file}#")


def read_lines(file: Path) -> Iterator[tuple[int, bytes]]:
    """(line number, line) for every non-blank line of `file`, read a line at a time.

    Raises:
        InputError: the file cannot be opened or read.
    """
    try:
        with file.open("rb") as lines:
            yield from ((number, raw) for number, raw in enumerate(lines, 1) if raw.strip())
    except OSError as e:
        raise InputError(f"{file}: cannot read: {e.strerror}") from e


def parse_line(file: Path, number: int, raw: bytes) -> tuple[Article, list[str]]:
    """The article on one line, and the metadata it ignored (one message each, naming file and line).

    Raises:
        InputError: the line is not UTF-8, or not a JSON object with a non-empty "text".
    """
    where = f"{file}:{number}"
    try:
        data: Any = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise InputError(f"{where}: not UTF-8 ({e.reason} at byte {e.start})") from None
    except json.JSONDecodeError as e:
        raise InputError(f"{where}: not valid JSON ({e.msg} at column {e.colno})") from None
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object with \"text\", not {type(data).__name__}")
    given = data.get("text")
    if not isinstance(given, str):
        raise InputError(f"{where}: \"text\" must be a string" if "text" in data else f"{where}: no \"text\"")
    text = decode_document(given.encode("utf-8")).text
    if not text.strip():
        raise InputError(f"{where}: empty document (no text)")
    key = data.get("id")
    if key is not None and (not isinstance(key, (str, int)) or not str(key).strip()):
        raise InputError(f"{where}: \"id\" must be a non-empty string or number")
    meta: dict[str, Any] = dict.fromkeys(FIELDS[2:])
    ignored = []
    for name in meta:
        try:
            meta[name] = metadata_field(name, data.get(name))
        except ValueError as e:
            ignored.append(f"{where}: {e}; ignored")
    path = line_path(file, str(key).strip() if key is not None else f"line{number}")
    return Article(content_id(text), path, text, meta["published"], meta["outlet"], meta["title"], meta["url"]), ignored
