"""`kg serve`: the store as a SPARQL 1.1 Protocol endpoint, served by the `oxigraph` server."""

from __future__ import annotations

import contextlib
import ipaddress
import math
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterator

import click

from kg.cli.app import cli, open_store_for, require_store, settings_from, store_option
from kg.errors import KgError

# Seconds a query may run when serving beyond loopback and no time-out is given: one visitor's careless query
# must not hold a public endpoint for ever. Oxigraph checks it between steps of evaluation, so a query may
# overrun it by a few seconds.
PUBLIC_TIMEOUT = 30
UNAUTHENTICATED_WRITES = "--allow-unauthenticated-writes"


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


def run_in_foreground(command: list[str], backend_port: int, host: str, port: int, *, name: str, base_iri: str,
                      ready: Callable[[], None]) -> int:
    """Run the SPARQL server on a loopback port and kg's front (the view at /, the rest passed on) on host:port,
    until the server exits; Ctrl-C or SIGTERM to kg stops both (never leaves the server running alone)."""
    from kg.view.server import ViewServer

    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    threading.Thread(target=pass_on_stderr, args=(process.stderr,), name="kg-serve-stderr", daemon=True).start()
    asked_to_stop = False

    def stop(*_: object) -> None:
        nonlocal asked_to_stop
        asked_to_stop = True
        process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    front = None
    try:
        if not wait_for_backend(backend_port, process):
            return 0 if asked_to_stop else process.wait()
        try:
            front = ViewServer((host, port), f"http://127.0.0.1:{backend_port}", name=name, base_iri=base_iri)
        except OSError as e:
            raise KgError(f"cannot listen on {host}:{port}: {e.strerror}; choose another with --port") from e
        front.serve_in_background()
        ready()
        status = process.wait()
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait()
        if front is not None:
            front.shutdown()
            front.server_close()
    return 0 if asked_to_stop else status


def pass_on_stderr(stream) -> None:
    """The server's messages go on to kg's stderr, but for its "Listening for requests at", which names the
    loopback port behind kg, not the one users reach (kg says that one when its front listens)."""
    for line in stream:
        if not line.startswith("Listening for requests at"):
            sys.stderr.write(line)
            sys.stderr.flush()


def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_backend(port: int, process: subprocess.Popen, timeout: float = 120.0) -> bool:
    """Wait until the SPARQL server accepts connections; False if it exited first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    raise KgError(f"the SPARQL server did not start listening within {timeout:.0f} s")


def serve_command(binary: str, store: str, host: str, port: int, *, write: bool, cors: bool,
                  timeout: int | None = None) -> list[str]:
    """The oxigraph command line: queries see the union of the named graphs, as in the embedded store.

    >>> serve_command("oxigraph", "kg-store", "127.0.0.1", 7878, write=False, cors=False, timeout=30)
    ['oxigraph', 'serve-read-only', '--location', 'kg-store', '--bind', '127.0.0.1:7878', '--union-default-graph', '--timeout-s', '30']
    """
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    command = [binary, "serve" if write else "serve-read-only"]
    if store != "memory:":
        command += ["--location", store]
    command += ["--bind", bind, "--union-default-graph"]
    command += ["--timeout-s", str(timeout)] if timeout else []
    return command + (["--cors"] if cors else [])


def is_loopback(host: str) -> bool:
    """Whether `host` (an address or a name) can only be reached from this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)


def request_timeout(given: float | None, setting: float | None, loopback: bool) -> int | None:
    """Oxigraph's request time-out (whole seconds): --timeout, else the timeout setting, else PUBLIC_TIMEOUT
    beyond loopback; none on loopback.

    >>> request_timeout(None, None, True), request_timeout(None, None, False), request_timeout(None, 2.5, True)
    (None, 30, 3)
    """
    seconds = given if given is not None else setting if setting is not None else None if loopback else PUBLIC_TIMEOUT
    return None if seconds is None else max(1, math.ceil(seconds))


def exposure(host: str, port: int, *, write: bool, timeout: int | None) -> list[str]:
    """What serving beyond loopback exposes, said before anyone connects."""
    what = "read every fact, name and evidence sentence in the graph" + (
        ", and change or delete any of it (SPARQL Update, Graph Store writes)," if write else "")
    limit = f"each query is stopped after {timeout} s (--timeout)" if timeout else "queries have no time limit (--timeout)"
    return [
        f"WARNING: listening on {host}, beyond this machine: anyone who can reach port {port} can {what} "
        f"without a password; {limit}.",
        "  To require a login, serve on 127.0.0.1 behind a reverse proxy with authentication (README: Serving safely).",
    ]


def banner(store: str, base_url: str, *, write: bool, warning: list[str] | None = None) -> str:
    mode = "read-write" if write else "read-only: updates are refused"
    query_url = f"{base_url}/query"
    return "\n".join([
        f"serving {store} ({mode}) as a SPARQL 1.1 endpoint: {query_url}"
        + (f" (updates: {base_url}/update)" if write else ""),
        *(warning or []),
        f"  view the graph (network, timeline, evidence): {base_url}/",
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
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
              help=f"Stop a query after this many seconds (default: the timeout setting; {PUBLIC_TIMEOUT} beyond loopback).")
@click.option(UNAUTHENTICATED_WRITES, "unauthenticated_writes", is_flag=True,
              help="Allow --write on an address beyond loopback, where anyone may change the graph without a password.")
@click.pass_context
def serve(ctx: click.Context, store: str | None, host: str, port: int, write: bool, cors: bool, timeout: float | None,
          unauthenticated_writes: bool) -> None:
    """Serve the store as a SPARQL 1.1 Protocol endpoint (/query, /update, /store) and its view page at /.

    The page (as kg view writes it) is made from the live graph on each request; /?from=2019&to=2019&class=hostile
    &entity=NAME&top=N&query=NAME take the same options as kg view.

    Beyond loopback (--host 0.0.0.0) anyone who reaches the port may query without a password, so each query is
    time-limited and --write is refused unless --allow-unauthenticated-writes is given.
    """
    from kg.store import is_remote

    settings = settings_from(ctx, store=store)
    loopback = is_loopback(host)
    if write and not loopback and not unauthenticated_writes:
        raise KgError(f"refusing --write on {host}: anyone who can reach it could change or delete the graph without a "
                      f"password; serve on 127.0.0.1 behind a reverse proxy with authentication (README: Serving "
                      f"safely), or pass {UNAUTHENTICATED_WRITES} if that is what you want")
    if is_remote(settings.store):
        raise KgError(f"'{settings.store}' is already a SPARQL endpoint; kg serve serves a store folder")
    if settings.store == "memory:" and not write:
        raise KgError("a read-only server of an empty memory: store has nothing to serve; use a store folder or --write")
    if not write:
        require_store(settings)
    if settings.store != "memory:" and Path(settings.store).is_dir():
        with open_store_for(settings, read_only=True):  # a damaged store is one line from kg, not from the server
            pass
    check_versions()
    binary = oxigraph_binary()
    check_port_free(host, port)
    seconds = request_timeout(timeout, settings.seconds, loopback)
    backend_port = free_loopback_port()
    command = serve_command(binary, settings.store, "127.0.0.1", backend_port, write=write, cors=cors, timeout=seconds)
    shown_host = f"[{host}]" if ":" in host else host
    warning = None if loopback else exposure(host, port, write=write, timeout=seconds)

    def ready() -> None:
        click.echo(banner(settings.store, f"http://{shown_host}:{port}", write=write, warning=warning))
        sys.stdout.flush()
        click.echo(f"Listening for requests at http://{shown_host}:{port}", err=True)

    with store_lock(settings.store, write=write):
        sys.exit(run_in_foreground(command, backend_port, host, port, name=Path(settings.store).name or settings.store,
                                   base_iri=settings.base_iri, ready=ready))
