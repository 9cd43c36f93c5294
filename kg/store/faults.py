"""What a failed store operation means to the user: a full disk or damaged files, each said in one line."""

from __future__ import annotations

import errno

from kg.errors import StoreError, StoreFull

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_FULL_MESSAGES = ("No space left on device", "Disk quota exceeded", "File too large")


def write_error(location: str, doing: str, error: OSError) -> StoreError:
    """A StoreError for a failed write: StoreFull, with what to do, when the disk or a size limit is full."""
    if error.errno in _FULL_ERRNOS or any(text in str(error) for text in _FULL_MESSAGES):
        return StoreFull(f"no space left for store '{location}' while {doing} ({str(error).splitlines()[0]}); "
                         "what was stored before is kept: free some space and build again")
    return StoreError(f"{doing} failed: {error}")


def damaged(location: str, error: Exception) -> StoreError:
    """The one line for a store whose files are damaged or truncated (RocksDB reports corruption)."""
    detail = " ".join(str(error).split())
    detail = detail if len(detail) <= 200 else detail[:197] + "..."
    return StoreError(f"store '{location}' is damaged ({detail}); move it aside and build it again with kg build "
                      "(the articles are read from their files), or restore a backup")
