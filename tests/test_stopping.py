"""Time-outs and Ctrl-C really stop a query, in a real terminal and from the command line: the CPU goes idle."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest
from big_graph import ENDLESS, QUICK, write_big_store

PROMPT = "kg> "
KG = [sys.executable, "-m", "kg"]


@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> Path:
    return write_big_store(tmp_path_factory.mktemp("stopping") / "store")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and all its descendants still alive, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total, children = 0.0, {pid}
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    grew = True
    while grew:
        found = {p for p, (parent, _) in stats.items() if parent in children}
        grew = not found <= children
        children |= found
    for p in children:
        if p in stats:
            total += stats[p][1] / tick
    return total


def assert_idle(pid: int) -> None:
    """Over two seconds, the process and its children use almost no CPU: no query goes on in the background."""
    before = cpu_seconds(pid)
    time.sleep(2.0)
    used = cpu_seconds(pid) - before
    assert used < 0.5, f"{used:.2f} s of CPU in 2 s: the query is still running"


def spawn_shell(store: Path, tmp_path: Path, *extra: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env.update(XDG_STATE_HOME=str(tmp_path / "state"), XDG_CONFIG_HOME=str(tmp_path / "config"), TERM="xterm",
               PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "kg", "shell", "--store", str(store), *extra], cwd=str(tmp_path),
                          env=env, encoding="utf-8", timeout=20, dimensions=(50, 200))
    child.expect_exact(PROMPT)
    return child


def assert_the_session_goes_on(shell) -> None:
    """No query child left busy, and the next query answers."""
    assert_idle(shell.pid)
    shell.send(QUICK + ";\r")
    shell.expect(r" 3000\s")
    shell.expect_exact(PROMPT)


def test_ctrl_c_in_the_shell_stops_the_query_and_the_session_goes_on(big_store, tmp_path):
    shell = spawn_shell(big_store, tmp_path)
    try:
        shell.send(ENDLESS + ";\r")
        time.sleep(2.0)  # the query is running; a Ctrl-C that reached the prompt first would only clear it
        for _ in range(5):  # prompt_toolkit may swallow a Ctrl-C while it hands the terminal back
            shell.sendcontrol("c")
            if shell.expect_exact(["the query was stopped", pexpect.TIMEOUT], timeout=4) == 0:
                break
        else:
            pytest.fail("Ctrl-C never stopped the running query")
        shell.expect_exact(PROMPT)
        assert_the_session_goes_on(shell)
    finally:
        shell.close(force=True)


def test_a_timeout_set_in_the_shell_or_kg_yaml_stops_the_query(big_store, tmp_path):
    (tmp_path / "kg.yaml").write_text("timeout: 30\n")
    shell = spawn_shell(big_store, tmp_path)
    try:
        shell.send("\\timeout\r")
        shell.expect_exact("time-out: 30 s")  # from kg.yaml
        shell.expect_exact(PROMPT)
        shell.send("\\timeout 1\r")
        shell.expect_exact("time-out: 1 s")
        shell.expect_exact(PROMPT)
        started = time.monotonic()
        shell.send(ENDLESS + ";\r")
        shell.expect(r"error: query stopped after 1\.\d s: it ran longer than the time-out \(1 s\)")
        assert time.monotonic() - started < 10
        shell.expect_exact(PROMPT)
        assert_the_session_goes_on(shell)
    finally:
        shell.close(force=True)


def test_kg_query_timeout_from_the_flag_and_from_kg_yaml(big_store, tmp_path):
    started = time.monotonic()
    done = subprocess.run([*KG, "query", "--store", str(big_store), "--timeout", "1", ENDLESS], capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)
    assert time.monotonic() - started < 15
    assert done.returncode == 1
    assert done.stderr.strip() == ("Error: query stopped after 1.0 s: it ran longer than the time-out (1 s); "
                                   "raise it with --timeout or the timeout setting")
    (tmp_path / "kg.yaml").write_text("timeout: 1\n")
    done = subprocess.run([*KG, "query", "--store", str(big_store), ENDLESS], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 1 and "time-out (1 s)" in done.stderr
    done = subprocess.run([*KG, "query", "--store", str(big_store), QUICK], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 0 and "3000" in done.stdout


def test_ctrl_c_stops_kg_query(big_store, tmp_path):
    process = subprocess.Popen([*KG, "query", "--store", str(big_store), ENDLESS], stderr=subprocess.PIPE, text=True,
                               cwd=tmp_path)
    time.sleep(3.0)
    assert process.poll() is None
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 130
    assert process.stderr.read().strip() == "cancelled (Ctrl-C)"


def test_a_bad_timeout_is_one_line(big_store, tmp_path):
    done = subprocess.run([*KG, "query", "--store", str(big_store), "--timeout", "soon", QUICK], capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2 and "--timeout" in done.stderr
    (tmp_path / "kg.yaml").write_text("timeout: soon\n")
    done = subprocess.run([*KG, "shell", "--store", str(big_store), "-c", QUICK], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: the timeout setting must be a number of seconds (or off), not 'soon'"
