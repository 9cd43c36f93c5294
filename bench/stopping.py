"""What running queries where they can be stopped costs: the canned queries, in-process against in a child.

The shell runs each query in a child process (kg/stoppable.py) so that Ctrl-C and time-outs stop it; the
child sends results back serialised and the shell parses them. This times `store.query` (what the shell
calls) for every canned query both ways, alternating, and prints the medians.

    python bench/stopping.py /tmp/bbc-store --rounds 7
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import query_bindings  # noqa: E402

from kg.queries import NamedQuery, load_queries  # noqa: E402
from kg.store import open_store  # noqa: E402


def _size(result) -> int:
    return len(result.rows) if hasattr(result, "rows") else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a built store folder")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    queries = {**load_queries(), "trivial (ASK)": NamedQuery("trivial (ASK)", "", "ASK { ?s a kg:Person }")}
    times: dict[tuple[str, str], list[float]] = {}
    with open_store(str(args.store), read_only=True) as plain:
        bindings = {**query_bindings(plain), "trivial (ASK)": {}}
    plain = open_store(str(args.store), read_only=True)
    stoppable = open_store(str(args.store), read_only=True, stoppable=True)
    try:
        rows = {}
        for name, q in queries.items():  # warm both: the child starts, caches fill
            rows[name] = _size(plain.query(q.text, bindings[name]))
            assert _size(stoppable.query(q.text, bindings[name])) == rows[name], name
        for _ in range(args.rounds):
            for name, q in queries.items():
                for mode, store in (("in-process", plain), ("child process", stoppable)):
                    started = time.perf_counter()
                    store.query(q.text, bindings[name])
                    times.setdefault((name, mode), []).append((time.perf_counter() - started) * 1000)
    finally:
        plain.close()
        stoppable.close()
    print(f"store {args.store}, {args.rounds} alternating rounds, median ms of store.query")
    print("| query | rows | in-process | child process (stoppable) | overhead |")
    print("|---|---|---|---|---|")
    for name in queries:
        a, b = (statistics.median(times[(name, m)]) for m in ("in-process", "child process"))
        print(f"| `{name}` | {rows[name]:,} | {a:.1f} | {b:.1f} | {b - a:+.1f} ms ({(b - a) / a:+.0%}) |")


if __name__ == "__main__":
    main()
