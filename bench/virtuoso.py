"""A throwaway Virtuoso server (Debian's virtuoso-opensource) for the benchmark, when it is installed.

Its database lives in a scratch folder, on free ports, with SPARQL updates granted and no cap on result
rows; kg reaches it as `sparql+http://127.0.0.1:PORT/sparql` (Virtuoso's default graph is already the
union of its graphs).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

TEMPLATE = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
SERVER = "virtuoso-t"
ISQL = "isql-vt"


def available() -> bool:
    return TEMPLATE.is_file() and shutil.which(SERVER) is not None and shutil.which(ISQL) is not None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _config(folder: Path, sql_port: int, http_port: int, settings: dict[str, str]) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in settings.items():
        text, found = re.subn(rf"(?m)^{name}\s*=.*$", f"{name} = {value}", text)
        if not found:
            raise ValueError(f"no setting '{name}' in {TEMPLATE}")
    text = re.sub(r"/var/lib/virtuoso-opensource-7/db/", f"{folder}/", text)
    text = re.sub(r"(?m)^ServerPort\s*=\s*1111\b", f"ServerPort = {sql_port}", text)
    text = re.sub(r"(?m)^ServerPort\s*=\s*8890\b", f"ServerPort = {http_port}", text)
    text = re.sub(r"(?m)^DirsAllowed\s*=\s*", f"DirsAllowed = {folder}, ", text)
    text = re.sub(r"(?m)^ResultSetMaxRows\s*=.*$", "ResultSetMaxRows = 100000000", text)
    return re.sub(r"(?m)^MaxQueryExecutionTime\s*=.*$", "MaxQueryExecutionTime = 0", text)


def _wait_for_sql(sql_port: int, process: subprocess.Popen, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with status {process.returncode}")
        done = subprocess.run([ISQL, str(sql_port), "dba", "dba", "exec=status();"], capture_output=True, text=True)
        if done.returncode == 0:
            return
        time.sleep(0.5)
    raise TimeoutError("Virtuoso did not start")


class Virtuoso:
    """A running server: its kg store URL, and bulk loading through its own loader."""

    def __init__(self, folder: Path, sql_port: int, http_port: int):
        self.folder = folder
        self.sql_port = sql_port
        self.url = f"sparql+http://127.0.0.1:{http_port}/sparql"

    def isql(self, statements: str) -> None:
        done = subprocess.run([ISQL, str(self.sql_port), "dba", "dba", f"exec={statements}"], capture_output=True, text=True)
        if done.returncode != 0 or "*** Error" in done.stdout:
            raise RuntimeError(f"Virtuoso refused '{statements}': {done.stdout.strip()[-500:]}")

    def log_tail(self, lines: int = 40) -> str:
        """The end of Virtuoso's own log (checkpoints, errors, what it waited on)."""
        log = self.folder / "virtuoso.log"
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]) if log.is_file() else ""

    def load_nquads(self, data: bytes) -> None:
        """Bulk-load an N-Quads dump with Virtuoso's loader (ld_dir + rdf_loader_run), graphs kept."""
        (self.folder / "dump.nq").write_bytes(data)
        self.isql(f"ld_dir('{self.folder}', 'dump.nq', 'urn:kg:unused'); rdf_loader_run(); checkpoint;")


@contextmanager
def running(folder: Path, settings: dict[str, str] | None = None) -> Iterator[Virtuoso]:
    """Start Virtuoso with its database in `folder`, SPARQL updates granted (`settings`: virtuoso.ini values to
    change); stops it afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = _free_port(), _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_config(folder, sql_port, http_port, settings or {}), encoding="utf-8")
    process = subprocess.Popen([SERVER, "+foreground", "+configfile", str(ini)], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_sql(sql_port, process)
        server = Virtuoso(folder, sql_port, http_port)
        server.isql('grant SPARQL_UPDATE to "SPARQL";')
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
