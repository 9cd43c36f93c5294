"""`kg serve` under load: N concurrent clients run the canned queries in turn for a while.

Starts a real `kg serve` (read-only, loopback, with a request time-out) on a built store; each client is a
thread with its own HTTP connection that sends the canned queries one after another (starting at a
different one), and every answer is checked (status 200 and a results body). Prints requests served, errors,
and the median and 95th percentile latency, overall and per query.

    python bench/serve_load.py /tmp/bbc-store --clients 16 --seconds 60
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import KG, free_port, query_bindings, wait_for_port  # noqa: E402

from kg.queries import load_queries  # noqa: E402
from kg.store import open_store  # noqa: E402
from kg.store.oxigraph import with_values  # noqa: E402
from kg.vocab import PREFIXES  # noqa: E402

PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--timeout", type=int, default=60, help="kg serve --timeout")
    args = parser.parse_args()
    with open_store(str(args.store), read_only=True) as store:
        bindings = query_bindings(store)
    texts = {name: PROLOGUE + with_values(q.text, bindings[name]) for name, q in load_queries().items()}
    names = list(texts)
    port = free_port()
    server = subprocess.Popen([*KG, "serve", "--store", str(args.store), "--port", str(port), "--timeout",
                               str(args.timeout)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results: list[tuple[str, float, str | None]] = []
    lock = threading.Lock()
    try:
        wait_for_port(port)
        url = f"http://127.0.0.1:{port}/query"
        deadline = time.monotonic() + args.seconds

        def client(number: int) -> None:
            with httpx.Client(timeout=args.timeout + 30) as http:
                turn = number
                while time.monotonic() < deadline:
                    name = names[turn % len(names)]
                    turn += 1
                    started = time.monotonic()
                    try:
                        response = http.post(url, data={"query": texts[name]}, headers={"Accept": "text/tab-separated-values"})
                        error = None if response.status_code == 200 and response.text.startswith("?") and \
                            "cancelled" not in response.text[-200:] else f"status {response.status_code}: {response.text[-80:]!r}"
                    except httpx.HTTPError as e:
                        error = f"{type(e).__name__}: {e}"
                    with lock:
                        results.append((name, (time.monotonic() - started) * 1000, error))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait()
    ok = [ms for _, ms, error in results if error is None]
    errors = [error for _, _, error in results if error is not None]
    print(f"kg serve on {args.store}: {args.clients} clients for {args.seconds:.0f} s (all done after {wall:.1f} s)")
    print(f"requests served: {len(ok):,}; errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    if ok:
        print(f"latency, all queries: median {statistics.median(ok):,.0f} ms, p95 {percentile(ok, 0.95):,.0f} ms")
    print("| query | requests | median ms | p95 ms |")
    print("|---|---|---|---|")
    for name in names:
        mine = [ms for n, ms, error in results if n == name and error is None]
        if mine:
            print(f"| `{name}` | {len(mine)} | {statistics.median(mine):,.0f} | {percentile(mine, 0.95):,.0f} |")


if __name__ == "__main__":
    main()
