"""How the real `kg` process ends (kg/cli/__init__.py main): its exit status, its output flushed, atexit's handlers
run, and an ordinary exit under a profiler, whose results are written at the interpreter's exit."""

from __future__ import annotations

import os
import subprocess
import sys

MAIN = "import sys; from kg.cli import main; sys.argv = ['kg', *sys.argv[1:]]; main()"


# Output buffered as it is for a user's pipe (this machine's environment sets PYTHONUNBUFFERED, which would hide an
# exit that forgets to flush).
BUFFERED = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def run(*args: str, prelude: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", prelude + MAIN, *args], capture_output=True, text=True, timeout=120,
                          env=BUFFERED)


def test_output_to_a_pipe_is_flushed_whole_and_success_is_zero():
    done = run("--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: kg") and "build" in done.stdout and done.stdout.endswith("\n")


def test_a_failing_command_keeps_its_status_and_its_one_line():
    done = run("query", "--store", "/nonexistent/kg-store", "entities")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "/nonexistent/kg-store" in done.stderr


def test_atexit_handlers_still_run_and_what_they_write_is_flushed():
    done = run("--help", prelude="import atexit; atexit.register(lambda: print('atexit ran')); ")
    assert done.returncode == 0 and done.stdout.rstrip().endswith("atexit ran")


def test_a_profiled_run_exits_the_ordinary_way_and_its_profile_is_written(tmp_path):
    out = tmp_path / "kg.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "kg", "--help"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.is_file() and out.stat().st_size > 0


def test_the_interpreter_teardown_is_skipped():
    """What kg saves: objects still alive at the end are not freed one by one (their finalizers never run)."""
    prelude = "class Kept:\n    def __del__(self):\n        print('freed', flush=True)\nkept = Kept()\n"
    done = run("--help", prelude=prelude)
    assert done.returncode == 0 and "freed" not in done.stdout
    ordinary = subprocess.run([sys.executable, "-c", prelude], capture_output=True, text=True, timeout=60)
    assert "freed" in ordinary.stdout  # the same object, freed at an ordinary exit


def test_output_left_for_a_reader_that_has_gone_is_no_traceback():
    """`kg ... | head -1` once head has quit: output still buffered at the exit meets a broken pipe, which is nobody's
    business; the command's own status stands."""
    late = ("import atexit, sys\n"
            "def late():\n"
            "    try:\n"
            "        sys.stdout.write('buffered until the exit')\n"
            "    except OSError:\n"
            "        pass\n"
            "atexit.register(late)\n")
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([sys.executable, "-c", late + MAIN, "query", "--store", "/nonexistent/kg-store", "entities"],
                              stdout=write, stderr=subprocess.PIPE, text=True, timeout=120, env=BUFFERED)
    finally:
        os.close(write)
    assert done.returncode == 1 and "/nonexistent/kg-store" in done.stderr
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
