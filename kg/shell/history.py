"""Open the shell's history file, falling back to memory (with a warning) when it cannot be written."""

from __future__ import annotations

from pathlib import Path

from prompt_toolkit.history import FileHistory, History, InMemoryHistory


def open_history(path: Path) -> tuple[History, str | None]:
    """Return the history to use and, when the file is unusable, a warning to show once."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8"):
            pass  # prove we can write before prompt_toolkit fails on the first Enter
        return FileHistory(str(path)), None
    except OSError as e:
        reason = e.strerror or str(e)
        return InMemoryHistory(), f"cannot write shell history to {path} ({reason}); history will not be saved"
