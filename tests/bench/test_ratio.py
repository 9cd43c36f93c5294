"""bench/ratio.py end to end on two seed articles, one round."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_round_prints_both_parses_the_build_and_the_ratios(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "ratio.py"), str(ROOT / "seeds"), "--articles", "2",
                           "--jobs", "1", "--rounds", "1", "--keep", str(tmp_path / "store")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2 articles of ")
    round_line = re.search(r"round 1: nlp.pipe ([\d.]+) s .* kg build ([\d.]+) s .*: ratio ([\d.]+), against kg's own "
                           r"pipeline ([\d.]+)", done.stdout)
    assert round_line, done.stdout
    pipe, build, ratio = (float(round_line[i]) for i in (1, 2, 3))
    assert pipe > 0 and build > 0 and abs(ratio - pipe / build) < 0.05  # seconds are printed to 0.1
    assert re.search(r"ratio median [\d.]+, lowest [\d.]+", done.stdout)
    assert "workers from" not in done.stdout  # one process: nothing forked, so no phases to print
    assert (tmp_path / "store").is_dir()


def test_a_folder_without_articles_is_one_line(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "ratio.py"), str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "no .txt or .md articles found" in done.stderr


def test_phases_are_when_the_workers_ran_and_what_came_after(tmp_path):
    """A parent that forks a worker busy for about half a second, then works alone for about half a second."""
    sys.path.insert(0, str(ROOT / "bench"))
    from run import measure

    script = ("import multiprocessing as mp, time\n"
              "def busy(seconds):\n"
              "    end = time.process_time() + seconds\n"
              "    while time.process_time() < end: pass\n"
              "if __name__ == '__main__':\n"
              "    time.sleep(0.3)\n"
              "    worker = mp.get_context('fork').Process(target=busy, args=(0.5,)); worker.start(); worker.join()\n"
              "    busy(0.6)\n")
    run = measure([sys.executable, "-c", script], tmp_path, phases=True)
    assert run.phases is not None
    assert 0.2 < run.phases.workers_started < run.phases.workers_done
    assert 0.3 < run.phases.workers_done - run.phases.workers_started < 1.0
    assert 0.4 < run.seconds - run.phases.workers_done < 1.0
    assert measure([sys.executable, "-c", "pass"], tmp_path, phases=True).phases is None
