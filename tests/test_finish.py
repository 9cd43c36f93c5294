"""kg/finish.py's writer: the store's writes after the last parse, in order, on a thread of their own."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from kg.finish import Writes


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
