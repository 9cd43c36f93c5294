"""A benchmarked run's processes, read from Linux's /proc: each one's parent, state and CPU time, its children,
its whole tree."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class Stat(NamedTuple):
    state: str  # R running, S sleeping, D waiting on a device, ...
    parent: int
    cpu: float  # seconds, user + system


def stat(pid: int | str) -> Stat | None:
    """One process's /proc/PID/stat, or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return Stat(fields[0], int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
    except (OSError, ValueError, IndexError):
        return None


def children(pid: int) -> list[int]:
    """A process's direct children (one file to read, where tree() reads every process's)."""
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def tree(root: int) -> list[int]:
    """`root` and all its descendants."""
    below: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (found := stat(entry)) is not None:
            below.setdefault(found.parent, []).append(int(entry))
    found_pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        found_pids.append(pid)
        todo += below.get(pid, [])
    return found_pids
