"""`kg shell` start-up in a real pseudo-terminal: wall time to the first prompt, and the CPU the shell took to draw it.

    python bench/shell_startup.py STORE [--starts 8] [TREE ...]

Each TREE is a kg source folder (this checkout by default; another version with `git archive REV | tar -x -C DIR`),
put first on PYTHONPATH. The trees start in turns, STARTS times each, so that the machine's changing load falls on
all alike; each has its own cache and history folders, so its first start finds no saved completion data and the
later ones do (the first start is left out of the figures). The wall time is spawn to `kg> ` on the terminal; the
CPU time is the shell process's own when prompt_toolkit has drawn the first prompt (user and system, threads
included), which the load on the machine moves much less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parent.parent
# Runs `kg shell STORE` and writes the process's CPU milliseconds to $CPU_FILE once the first prompt is drawn.
CHILD = """
import os, sys, time
import prompt_toolkit.application.application as application
redraw, written = application.Application._redraw, []
def first_redraw(self, *args, **kwargs):
    redraw(self, *args, **kwargs)
    if not written:
        written.append(True)
        with open(os.environ["CPU_FILE"], "w") as f:
            f.write(str(time.process_time() * 1000))
application.Application._redraw = first_redraw
from kg.cli import main
sys.argv = ["kg", "shell", "--store", sys.argv[1]]
main()
"""


def one_start(store: Path, tree: Path, home: Path) -> tuple[float, float]:
    """Wall ms to the first prompt and CPU ms when it was drawn."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update(XDG_STATE_HOME=str(home / "state"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"), TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", PAGER="cat",
               CPU_FILE=str(home / "cpu"), PYTHONPATH=str(tree))
    started = time.perf_counter()
    child = pexpect.spawn(sys.executable, ["-c", CHILD, str(store)], cwd=str(home), env=env, encoding="utf-8",
                          timeout=120, dimensions=(60, 200))
    try:
        child.expect_exact("kg> ")
        wall = (time.perf_counter() - started) * 1000
        child.sendline("\\q")
        child.expect(pexpect.EOF, timeout=600)  # a first shell saves its completion data before it quits
    finally:
        child.close(force=True)
    return wall, float((home / "cpu").read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--starts", type=int, default=8)
    parser.add_argument("trees", nargs="*", type=Path, default=[ROOT])
    args = parser.parse_intermixed_args()
    if not args.store.is_dir():
        parser.exit(2, f"shell_startup.py: no store folder '{args.store}'\n")
    if missing := [str(tree) for tree in args.trees if not (tree / "kg" / "__init__.py").is_file()]:
        parser.exit(2, f"shell_startup.py: no kg sources in {', '.join(missing)}\n")
    print(f"{args.store}: {args.starts} starts of each tree in turns; load average {os.getloadavg()[0]:.1f} at the start")
    figures: dict[Path, list[tuple[float, float]]] = {tree: [] for tree in args.trees}
    with tempfile.TemporaryDirectory() as scratch:
        homes = {tree: Path(scratch) / str(n) for n, tree in enumerate(args.trees)}
        for home in homes.values():
            home.mkdir()
        for _ in range(args.starts):
            for tree in args.trees:
                figures[tree].append(one_start(args.store, tree, homes[tree]))
    print("| tree | start-up wall ms (median, min-max) | CPU ms at the first prompt (median, min) |\n|---|---:|---:|")
    for tree, starts in figures.items():
        walls, cpus = [w for w, _ in starts[1:]], [c for _, c in starts[1:]]
        print(f"| {tree} | {statistics.median(walls):,.0f} ({min(walls):,.0f}-{max(walls):,.0f}) "
              f"| {statistics.median(cpus):,.0f} ({min(cpus):,.0f}) |")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
