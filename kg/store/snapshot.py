"""Reading a store while a build writes it: the build publishes snapshots, readers open the latest one.

Oxigraph cannot be read by one process while another writes it, so a build (which holds the store's lock
exclusively) publishes, before it writes and after every batch of documents it stores, a RocksDB checkpoint
of the store in STORE/.snapshots/: hard links to the immutable table files, taken in 10-20 ms on the
2,127-article BBC store. A reader that finds the store busy opens the latest snapshot read-only instead, so
it sees the graph as it was before the build or after one of its stored batches, never half a document.
Each reader holds a shared lock on its snapshot's own lock file; the build deletes a snapshot only when it
can lock it exclusively (nobody reads it), and deletes what is left when it ends.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from pathlib import Path

FOLDER = ".snapshots"
LATEST = "latest"
READERS = "readers.lock"


def snapshots(store: str) -> Path:
    return Path(store) / FOLDER


def publish(store: str, backup) -> None:
    """Checkpoint the store with `backup(target)` (pyoxigraph's Store.backup) and make it the latest."""
    folder = snapshots(store)
    folder.mkdir(exist_ok=True)
    name = f"{time.time_ns()}"
    backup(str(folder / name))
    (folder / name / READERS).touch()
    pointer = folder / f".{LATEST}.{name}"
    pointer.write_text(name, encoding="ascii")
    os.replace(pointer, folder / LATEST)  # readers see the old name or the new, never half of it
    prune(store, keep=name)


def prune(store: str, keep: str | None = None) -> None:
    """Delete every snapshot but `keep` that no reader holds."""
    folder = snapshots(store)
    if not folder.is_dir():
        return
    for snapshot in folder.iterdir():
        if snapshot.name == keep or not snapshot.is_dir():
            continue
        try:
            fd = os.open(snapshot / READERS, os.O_RDWR)
        except OSError:  # not finished, or already half deleted
            shutil.rmtree(snapshot, ignore_errors=True)
            continue
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # someone reads it: the next prune deletes it
        try:  # deleted while locked: a reader arriving now waits, then finds it gone and takes the latest
            shutil.rmtree(snapshot, ignore_errors=True)
        finally:
            os.close(fd)
    if keep is None:
        (folder / LATEST).unlink(missing_ok=True)


class SnapshotLease:
    """A reader's hold on the latest snapshot of a store being built: `path` stays readable until release()."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def take(cls, store: str) -> SnapshotLease | None:
        """Hold the latest snapshot, or None when the build has published none."""
        folder = snapshots(store)
        for _ in range(20):  # the build may replace and delete the latest snapshot while we take it
            try:
                name = (folder / LATEST).read_text(encoding="ascii").strip()
            except OSError:
                return None
            try:
                fd = os.open(folder / name / READERS, os.O_RDWR)
            except OSError:
                continue
            fcntl.lockf(fd, fcntl.LOCK_SH)
            try:  # still the file the build would lock before deleting the snapshot?
                if os.stat(folder / name / READERS).st_ino == os.fstat(fd).st_ino:
                    return cls(folder / name, fd)
            except OSError:
                pass
            os.close(fd)
        return None

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
