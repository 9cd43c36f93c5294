"""The kg command line: a thin layer over the library; each module adds one group of commands, loaded when used
(kg/cli/app.py's COMMAND_MODULES)."""

import atexit
import os
import sys

from kg.cli.app import cli


def main() -> None:
    """Run the command, then leave without the interpreter's teardown, which frees every object one at a time:
    0.15-0.2 s after a build (a sixth of a 400-article build's tail), for nothing, as the process is ending.
    Everything kg writes is closed by the time a command returns (stores, build state, files); atexit's handlers
    still run, and output is flushed. Under a profiler, tracer or coverage tool, which write their results at the
    interpreter's exit, or on a Python without CPython's atexit hook, kg exits the ordinary way."""
    try:
        cli(obj={})
        code = 0
    except SystemExit as done:
        code = _exit_status(done.code)
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's, what its own exit calls
    if run_exit_handlers is None or _observed():
        sys.exit(code)
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # its reader has gone (a broken pipe), or it is closed: nobody left to tell
            pass
    os._exit(code)


def _exit_status(code: object) -> int:
    """What SystemExit(code) would have made of `code`: None is success, text is printed and is a failure."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _observed() -> bool:
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12+: coverage.py's sys.monitoring tools
    return (sys.getprofile() is not None or sys.gettrace() is not None
            or (monitoring is not None and any(monitoring.get_tool(tool) for tool in range(6))))


__all__ = ["cli", "main"]
