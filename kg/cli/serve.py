"""`kg serve`: the store as a SPARQL 1.1 Protocol endpoint, served by the `oxigraph` server."""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Iterator

import click

from kg.cli.app import cli, require_store, settings_from, store_option
from kg.errors import KgError


def oxigraph_binary() -> str:
    """The `oxigraph` server installed beside this Python (the oxigraph package), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise KgError("the Oxigraph server is not installed; install it with: pip install 'oxigraph>=0.5,<0.6'")
    return found


def check_versions() -> None:
    """The server must read the store format pyoxigraph writes: same minor version."""
    try:
        server, library = metadata.version("oxigraph"), metadata.version("pyoxigraph")
    except metadata.PackageNotFoundError:
        return
    if server.split(".")[:2] != library.split(".")[:2]:
        raise KgError(f"oxigraph {server} cannot safely open a store written by pyoxigraph {library}; install matching versions")


def check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as e:
            raise KgError(f"cannot listen on {host}:{port}: {e.strerror}; choose another with --port") from e


@contextlib.contextmanager
def store_lock(store: str, *, write: bool) -> Iterator[None]:
    """Hold kg's store lock while serving: shared when read-only (queries may run beside it), exclusive with --write."""
    if store == "memory:":
        yield
        return
    from kg.store.lock import StoreLock

    lock = StoreLock(store, exclusive=write).acquire()
    try:
        yield
    finally:
        lock.release()


def run_in_foreground(command: list[str]) -> int:
    """Run the server until it exits; Ctrl-C or SIGTERM to kg stops it (never leaves it running alone)."""
    process = subprocess.Popen(command)
    asked_to_stop = False

    def stop(*_: object) -> None:
        nonlocal asked_to_stop
        asked_to_stop = True
        process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    status = process.wait()
    return 0 if asked_to_stop else status


def serve_command(binary: str, store: str, host: str, port: int, *, write: bool, cors: bool) -> list[str]:
    """The oxigraph command line: queries see the union of the named graphs, as in the embedded store.

    >>> serve_command("oxigraph", "kg-store", "127.0.0.1", 7878, write=False, cors=False)
    ['oxigraph', 'serve-read-only', '--location', 'kg-store', '--bind', '127.0.0.1:7878', '--union-default-graph']
    """
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    command = [binary, "serve" if write else "serve-read-only"]
    if store != "memory:":
        command += ["--location", store]
    command += ["--bind", bind, "--union-default-graph"]
    return command + (["--cors"] if cors else [])


def banner(store: str, base_url: str, *, write: bool) -> str:
    mode = "read-write" if write else "read-only: updates are refused"
    query_url = f"{base_url}/query"
    return "\n".join([
        f"serving {store} ({mode}) as a SPARQL 1.1 endpoint: {query_url}"
        + (f" (updates: {base_url}/update)" if write else ""),
        f"  try: curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {{ ?s ?p ?o }} LIMIT 5' {query_url}",
        f"   or: kg query --store {base_url} who-acted-against-whom",
        "  Ctrl-C stops the server.",
    ])


@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--write", is_flag=True, help="Accept SPARQL updates and Graph Store writes (read-only by default).")
@click.option("--cors", is_flag=True, help="Allow cross-origin requests (for browser tools such as YASGUI).")
@click.pass_context
def serve(ctx: click.Context, store: str | None, host: str, port: int, write: bool, cors: bool) -> None:
    """Serve the store as a SPARQL 1.1 Protocol endpoint (/query, /update, /store)."""
    from kg.store import is_remote

    settings = settings_from(ctx, store=store)
    if is_remote(settings.store):
        raise KgError(f"'{settings.store}' is already a SPARQL endpoint; kg serve serves a store folder")
    if settings.store == "memory:" and not write:
        raise KgError("a read-only server of an empty memory: store has nothing to serve; use a store folder or --write")
    if not write:
        require_store(settings)
    check_versions()
    binary = oxigraph_binary()
    check_port_free(host, port)
    command = serve_command(binary, settings.store, host, port, write=write, cors=cors)
    shown_host = f"[{host}]" if ":" in host else host
    with store_lock(settings.store, write=write):
        click.echo(banner(settings.store, f"http://{shown_host}:{port}", write=write))
        sys.stdout.flush()
        sys.exit(run_in_foreground(command))
