"""Who may open an on-disk store: one writer, or any number of readers, never both.

Oxigraph's read-only mode is undefined while another process writes, so kg guards every store folder
with an advisory lock file: a writer (a build) holds it exclusively and records its pid; readers
(query, shell, export) share it. Whoever comes second is told at once, in one line, who holds the store;
nobody waits and nobody reads a store being written. These are POSIX record locks (lockf): they belong
to the process, so worker processes forked by a build (its parser workers) do not inherit them, and the
kernel drops them when the holder dies, even by SIGKILL, so a crashed build never leaves the store locked.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from kg.errors import StoreError

LOCK_FILE = "kg.lock"


class StoreLock:
    def __init__(self, folder: str, *, exclusive: bool):
        self.folder = folder
        self.path = Path(folder) / LOCK_FILE
        self.exclusive = exclusive
        self._fd: int | None = None

    def acquire(self) -> StoreLock:
        if self.exclusive:
            Path(self.folder).mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            if self.exclusive:
                raise
            return self  # a missing or read-only folder: nobody can be building into it
        try:
            fcntl.lockf(fd, (fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError:
            message = self._busy_message(fd)
            os.close(fd)
            raise StoreError(message) from None
        if self.exclusive:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        self._fd = fd
        return self

    def _busy_message(self, fd: int) -> str:
        if not self.exclusive:
            return f"store '{self.folder}' is busy (a build is running: pid {self._writer_pid(fd)}); try again when it ends"
        try:  # a shared lock is only refused when a writer holds the store
            fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return f"store '{self.folder}' is busy (a build is running: pid {self._writer_pid(fd)}); try again when it ends"
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return f"store '{self.folder}' is open in another kg process (a query, shell or export); close it and try again"

    @staticmethod
    def _writer_pid(fd: int) -> str:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"

    def release(self) -> None:
        if self._fd is not None:
            if self.exclusive:
                os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None
