"""kg/finish.py's writer: the store's writes after the last parse, in order, on a thread of their own."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from kg.finish import Writes, load_event_parts
from kg.errors import StoreError
from kg.store import open_store


def test_writes_run_in_order_on_the_writer_thread_and_wait_returns_when_all_are_done():
    done: list[tuple[int, str]] = []
    gate = threading.Event()

    def write(n: int) -> None:
        if n == 0:
            gate.wait(5)  # the first write is slow: the ones after it must still come after it
        done.append((n, threading.current_thread().name))

    with ThreadPoolExecutor(1, thread_name_prefix="writer") as executor:
        writes = Writes(executor)
        writes(write, 0)
        gate.set()
        for n in range(1, 6):
            writes(write, n)
        writes.wait()
        assert [n for n, _ in done] == list(range(6))
        assert all(name.startswith("writer") for _, name in done)


def test_after_a_failed_write_the_later_ones_are_skipped_and_wait_raises_the_failure():
    done: list[str] = []

    def fail() -> None:
        raise OSError("disk full")

    with ThreadPoolExecutor(1) as executor:
        writes = Writes(executor)
        writes(done.append, "graph")
        writes(fail)
        writes(done.append, "stamp")
        with pytest.raises(OSError, match="disk full"):
            writes.wait()
    assert done == ["graph"]


def test_without_an_executor_writes_run_at_once():
    done: list[int] = []
    writes = Writes()
    writes(done.append, 1)
    assert done == [1]
    writes.wait()


def test_a_first_builds_events_graph_loaded_in_parts_holds_every_line_once(tmp_path):
    groups = [[f"<https://example.org/event/{n}> <https://example.org/p> \"{n}-{k}\" ." for k in range(n % 4 + 1)]
              for n in range(60)]
    graph = "https://example.org/graph/events"
    with open_store(str(tmp_path / "store")) as store:
        load_event_parts(store, graph, groups, part_size=7)  # 150 lines: 21 loads
        stored = store.dump("nquads").decode("utf-8").splitlines()
    assert len(stored) == sum(map(len, groups))
    assert {line.rsplit(" ", 2)[0] for line in stored} == {line[:-2] for lines in groups for line in lines}
    assert all(line.endswith(f"<{graph}> .") for line in stored)


def test_a_part_the_store_refuses_fails_the_load(tmp_path):
    groups = [["<https://example.org/a> <https://example.org/p> \"1\" ."], ["<not an iri> <https://example.org/p> 1 ."]]
    with open_store(str(tmp_path / "store")) as store, pytest.raises(StoreError, match="adding to graph <.*events>"):
        load_event_parts(store, "https://example.org/graph/events", groups, part_size=1)
