"""Where a remote store's build state lives: not on the server, whose queries see all of its graphs.

A SPARQL server answers every query over the union of its named graphs, so build state kept there in graphs of
its own (what kg did before) is seen by `kg query`, the shell and the canned queries. Hiding it from them would
mean listing the user's graphs in each query's dataset (FROM): thousands of IRIs in every request, growing with the
store, and a user's own `GRAPH ?g` patterns would see nothing (bench/state_store.py measures what it costs).
So the server holds only facts, and the state (kg/buildstate.py) lives:

- by default in a SQLite file on the building machine, one per server URL, in kg's state folder
  ($XDG_STATE_HOME/kg/servers/, else ~/.local/state/kg/servers/): what an embedded store keeps in its folder;
- where the `state_store` setting says (`--state-store`, KG_STATE_STORE): a file path, or the URL of a SPARQL
  dataset of its own (a second `oxigraph serve`, a Fuseki dataset) that every machine building into the server
  shares.

A machine with no state for a server that holds documents refuses to build, rather than drop them as documents
without state. A server an older kg built keeps its state in graphs under BASE/graph/build-state/: the next
`kg build` or `kg forget` moves it out, and until then `kg query` and `kg shell` refuse, in one line that says so.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Callable

from kg.buildstate import GraphState, BuildState, state_graph
from kg.config import state_dir
from kg.errors import ConfigError, StoreError
from kg.iri import Minter
from kg.store import AskResult, Store, is_remote
from kg.vocab import INTERNAL_PROPERTIES

Log = Callable[[str], None]


def sidecar(location: str) -> Path:
    """This machine's state file for the server at `location`: a readable name, and a digest that keeps it unique.

    >>> sidecar("http://127.0.0.1:7878/").name
    '127.0.0.1-7878-347c4583de.sqlite'
    """
    url = location.rstrip("/")
    readable = re.sub(r"[^A-Za-z0-9.]+", "-", url.split("://", 1)[-1]).strip("-")[:80]
    return state_dir() / "servers" / f"{readable}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:10]}.sqlite"


def state_file(location: str, setting: str) -> Path | None:
    """The SQLite file of the state of the server at `location`, unless `setting` names a SPARQL store for it."""
    if is_remote(setting):
        return None
    return Path(setting).expanduser() if setting else sidecar(location)


def state_url(location: str, setting: str) -> str | None:
    """The SPARQL store `setting` names for the state of the server at `location`, if it names one."""
    if not is_remote(setting):
        return None
    if setting.rstrip("/") == location.rstrip("/"):
        raise ConfigError(f"the state store '{setting}' is the store itself; give a SPARQL dataset of its own "
                          "(its queries must not see the state)")
    return setting


def where(location: str, setting: str) -> str:
    """Where the state of the server at `location` is, for messages."""
    return state_url(location, setting) or str(state_file(location, setting))


def refuse_unknown_documents(location: str, setting: str, documents: int) -> StoreError:
    """A machine without state for a server that holds documents must not build: they would be dropped."""
    return StoreError(
        f"the store '{location}' holds {documents} documents but there is no build state for them at "
        f"{where(location, setting)}: build from the machine that built them, copy its state file there, or give "
        "every builder one state store (--state-store URL)")


def move_from_server(store: Store, state: BuildState, minter: Minter, log: Log) -> int:
    """Move the state an older kg kept on the server (graphs under BASE/graph/build-state/) into `state`;
    returns how many documents moved. It is copied before the server's graphs go, so a move cut short is
    done again by the next build."""
    old = GraphState(store, minter)
    summaries, stamp = old.summaries(), old.stamp()
    if not summaries and stamp is None:
        return 0
    templates = old.templates()
    state.add([(doc_id, summary, templates[doc_id]) for doc_id, summary in sorted(summaries.items())
               if doc_id in templates])
    if stamp is not None:
        state.set_stamp(stamp)
    old.remove(summaries)
    store.update(f"DROP SILENT GRAPH <{state_graph(minter)}>")
    log(f"moved the build state of {len(summaries)} documents off the server, where queries saw it (a store "
        "built by an older kg)")
    return len(summaries)


def refuse_state_on_server(store: Store, location: str) -> None:
    """`kg query` and `kg shell` of a server an older kg built, whose queries still see its build state."""
    found = store.query(f"ASK {{ {' UNION '.join(f'{{ ?s <{p}> ?o }}' for p in INTERNAL_PROPERTIES)} }}")  # indexed
    if isinstance(found, AskResult) and found.value:
        raise StoreError(f"the store '{location}' keeps its build state on the server, where queries see it (an "
                         f"older kg built it): move it out with 'kg build EMPTY_FOLDER --store {location}', or pass "
                         "--include-internal")
