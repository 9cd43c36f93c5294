"""Two versions of the canned queries on one store: same rows, and how much CPU each takes.

For tuning queries/ on a large graph: the rows must stay the same (as a multiset; the order may change where a
query says so), the CPU time should fall. Times are the best of REPEAT runs in this process through kg's own
store (pyoxigraph, union default graph), CPU time so that other load on the machine counts little.

    .venv/bin/python bench/compare_queries.py STORE --old REV [--new DIR] [--repeat 3] [NAME ...]

REV is a git revision whose queries/ is the "before" (read with `git show`); --new defaults to queries/.
"""

from __future__ import annotations

import argparse
import subprocess
from collections import Counter
from pathlib import Path
from time import process_time

from kg.queries import load_queries
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent


def queries_at(revision: str, names: list[str]) -> dict[str, str]:
    return {name: subprocess.run(["git", "show", f"{revision}:queries/{name}.rq"], cwd=ROOT, check=True,
                                 capture_output=True, text=True).stdout for name in names}


def timed_rows(store, sparql: str, repeat: int) -> tuple[float, Counter]:
    best, rows = float("inf"), Counter()
    for _ in range(repeat):
        started = process_time()
        result = store.query(sparql)
        best = min(best, process_time() - started)
        rows = Counter(result.rows)
    return best, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--old", required=True, help="git revision with the queries before the change")
    parser.add_argument("--new", type=Path, default=ROOT / "queries")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("names", nargs="*", help="queries to compare (default: every one without parameters)")
    args = parser.parse_intermixed_args()
    new = {name: query.text for name, query in load_queries(args.new).items()}
    names = args.names or sorted(name for name in new if name != "reports")
    old = queries_at(args.old, names)
    store = open_store(args.store, read_only=True)
    print(f"| query | rows | same rows | CPU ms at {args.old} | CPU ms now |\n|---|---:|---|---:|---:|")
    for name in names:
        before, old_rows = timed_rows(store, old[name], args.repeat)
        after, new_rows = timed_rows(store, new[name], args.repeat)
        print(f"| {name} | {sum(new_rows.values()):,} | {'yes' if old_rows == new_rows else 'NO'} "
              f"| {before * 1000:,.0f} | {after * 1000:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
