"""A full disk stops a build with one line and keeps the store as it was; a damaged store is one line too."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from big_graph import QUICK, write_big_store
from serving import free_port
from tiny_corpus import canonical, write_corpus

from kg.iri import Minter
from kg.pipeline import build
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

KG = [sys.executable, "-m", "kg"]
MINTER = Minter(DEFAULT_BASE_IRI)
FIRST, ALL = range(20), range(80)
LEFT_FREE = 600_000  # bytes: enough to open the store, not to load the second build's documents


def dump(store_path: Path):
    with open_store(str(store_path), read_only=True, prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        return canonical(store.dump("nquads"))


@contextlib.contextmanager
def small_disk(tmp_path: Path):
    """A folder on a 40 MB tmpfs (needs root), or None where the test cannot mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(mount)],
                                 capture_output=True).returncode == 0
    except OSError:  # no mount command
        mounted = False
    if not mounted:
        yield None
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill the disk until `leave` bytes are free."""
    stats = os.statvfs(disk)
    filler = disk / "filler"
    with filler.open("wb") as f:
        f.write(b"\0" * max(0, stats.f_bavail * stats.f_frsize - leave))
    return filler


def limit_file_size() -> None:
    """Where no small disk can be mounted: no file may grow past LEFT_FREE bytes (writes then fail with EFBIG)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LEFT_FREE, LEFT_FREE))


def test_a_build_that_runs_out_of_disk_stops_with_one_line_and_keeps_the_store(tmp_path, nlp, rules):
    docs = write_corpus(tmp_path / "docs", FIRST)
    with small_disk(tmp_path) as disk:
        store_path = (disk or tmp_path) / "store"
        with open_store(str(store_path), prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
            build([docs], store, nlp, rules, MINTER, validate=False)
        before = dump(store_path)
        write_corpus(docs, ALL)
        filler = fill(disk, LEFT_FREE) if disk else None
        failed = subprocess.run([*KG, "build", str(docs), "--store", str(store_path), "--no-validate", "--jobs", "1"],
                                capture_output=True, text=True, timeout=300,
                                preexec_fn=None if disk else limit_file_size)
        if filler:
            filler.unlink()
        assert failed.returncode == 1
        [line] = failed.stderr.strip().splitlines()
        assert line.startswith(f"Error: no space left for store '{store_path}' while ")
        assert line.endswith("what was stored before is kept: free some space and build again")
        assert dump(store_path) == before
        with open_store(str(store_path), prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
            report = build([docs], store, nlp, rules, MINTER, validate=False)
        assert report.documents == len(ALL) - len(FIRST) and not report.failed
        after = dump(store_path)
    with open_store("memory:", prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as clean:
        build([docs], clean, nlp, rules, MINTER, validate=False)
        assert after == canonical(clean.dump("nquads"))


def damage_current(store: Path) -> None:
    (store / "CURRENT").write_text("garbage\n")


def truncate_manifest(store: Path) -> None:
    [manifest] = store.glob("MANIFEST-*")
    os.truncate(manifest, 100)


def truncate_biggest_table(store: Path) -> None:
    table = max(store.glob("*.sst"), key=lambda p: p.stat().st_size)
    os.truncate(table, table.stat().st_size // 2)


def empty_every_file(store: Path) -> None:
    for path in store.iterdir():
        if path.name != "kg.lock":
            os.truncate(path, 0)


DAMAGE = [damage_current, truncate_manifest, truncate_biggest_table, empty_every_file]
COMMANDS = [["query", QUICK], ["shell", "-c", QUICK], ["export"], ["build", "nowhere-needed"],
            ["serve", "--port", "0"], ["forget", "doc.txt"]]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__)
def test_a_damaged_store_is_one_line_naming_it_and_what_to_do(tmp_path, damage):
    store = write_big_store(tmp_path / f"store-{uuid.uuid4().hex[:6]}")
    damage(store)
    for command in COMMANDS:
        if command[0] == "serve":
            command = ["serve", "--port", str(free_port())]
        if command[0] == "build":
            command = ["build", str(tmp_path)]
        done = subprocess.run([*KG, *command, "--store", str(store)], capture_output=True, text=True, timeout=60,
                              cwd=tmp_path)
        assert done.returncode == 1, (command, done.stderr)
        [line] = done.stderr.strip().splitlines()
        assert line.startswith(f"Error: store '{store}' is damaged ("), (command, line)
        assert line.endswith("move it aside and build it again with kg build (the articles are read from their files), "
                             "or restore a backup"), (command, line)
    shutil.rmtree(store)
