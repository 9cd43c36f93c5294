"""bench/run.py's own logic on tiny inputs: which articles a size takes, copies, changes, and the report."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest
import yaml

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def run():
    sys.path.insert(0, str(BENCH))  # run.py imports its sibling bench/virtuoso.py
    try:
        spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(BENCH))


def write(path: Path, text: str = "Text.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_sizes_take_articles_in_turn_from_each_folder_and_skip_readmes(run, tmp_path):
    for name in ("001.txt", "002.txt", "003.txt"):
        write(tmp_path / "business" / name)
    write(tmp_path / "sport" / "001.txt")
    write(tmp_path / "README.TXT")
    write(tmp_path / "README.md")
    taken = [f"{p.parent.name}/{p.name}" for p in run.articles(tmp_path)]
    assert taken == ["business/001.txt", "sport/001.txt", "business/002.txt", "business/003.txt"]


def test_a_copy_keeps_only_the_manifest_entries_of_the_copied_files(run, tmp_path):
    source = tmp_path / "seeds"
    files = [write(source / f"{n}.txt") for n in ("a", "b", "c")]
    manifest = {"documents": [{"file": f.name, "published": "2022-09-0" + str(i + 1)} for i, f in enumerate(files)]}
    write(source / "manifest.yaml", yaml.safe_dump(manifest))
    copy = run.copy_articles(files[:2], tmp_path / "copy")
    copied = yaml.safe_load((copy / "manifest.yaml").read_text(encoding="utf-8"))
    assert sorted(p.name for p in copy.glob("*.txt")) == ["a.txt", "b.txt"]
    assert [d["file"] for d in copied["documents"]] == ["a.txt", "b.txt"]


def test_one_percent_changed_is_at_least_one_article_and_changes_its_text(run, tmp_path):
    files = [write(tmp_path / f"{n:03}.txt", f"Article {n}.") for n in range(150)]
    changed = run.change_articles(tmp_path, 0.01)
    differs = [f for n, f in enumerate(files) if f.read_text(encoding="utf-8") != f"Article {n}."]
    assert changed == math.ceil(150 * 0.01) == len(differs)
    assert run.change_articles(tmp_path, 0.001) == 1


def test_the_report_gives_throughput_ratio_and_rebuild_shares_from_the_measurements(run):
    def measured(seconds: float) -> object:
        return run.Measured(seconds, 100.0, "", "", cpu_seconds=seconds * 1.5)

    pipes, builds = (measured(10.0), measured(9.0), measured(11.0)), (measured(12.5), measured(20.0), measured(11.0))
    row = run.SizeRow(100, 100, 50_000, 9_000, pipes, 8.0, builds)
    result = run.CorpusResult("tiny", 2, [row], measured(0.5), measured(1.25), 1,
                              {"embedded": {"q": run.Latency(2.0, 3.0)}}, [0.4, 0.6])
    text = run.report({"CPU": "test"}, [result], "python bench/run.py tiny")
    table_row = next(line for line in text.splitlines() if line.startswith("| 100 |"))
    # medians: nlp.pipe 10 s, build 12.5 s, so 50,000 tokens at 4,000 per second; ratio 0.80, per round 10/12.5 9/20 11/11
    assert "| 0.80 | 0.80 0.45 1.00 |" in table_row and "| 4,000 |" in table_row
    assert "| 0.80 0.45 1.00 | 15.0 | 18.8 |" in table_row  # median CPU: 1.5 × 10 s and 1.5 × 12.5 s
    assert "| 4.0% |" in text and "| 10.0% |" in text and "| q | 2.0 / 3.0 |" in text


def test_queries_are_bound_as_a_user_binds_them(run, seeds_store):
    """`reports` gets the most-reported event and `mentions` the most-mentioned label; the others nothing."""
    from kg.store import open_store

    with open_store(str(seeds_store)) as store:
        bindings = run.query_bindings(store)
        counts = store.query("SELECT ?e ?n WHERE { ?e kg:reportCount ?n }").rows
        most = max(int(n) for _, n in counts)
        assert set(bindings["reports"]) == {"event"}
        assert [int(n) for e, n in counts if e == bindings["reports"]["event"]] == [most]
        assert set(bindings["mentions"]) == {"label"} and bindings["actions"] == {}
        rows = store.query(run.load_queries()["reports"].text, bindings["reports"]).rows
    assert len(rows) == most


def test_the_report_replaces_its_own_tables_and_keeps_the_sections_below_them(run, tmp_path):
    out = tmp_path / "RESULTS.md"
    out.write_text("# old tables\n\n" + run.END_OF_TABLES + "\n\n## Someone's section\n\nkept\n", encoding="utf-8")
    run.write_report(out, "# new tables\n")
    assert out.read_text(encoding="utf-8") == "# new tables\n\n" + run.END_OF_TABLES + "\n\n## Someone's section\n\nkept\n"
    run.write_report(out, "# newer tables\n")  # again: still one marker, the section still there once
    text = out.read_text(encoding="utf-8")
    assert text.count(run.END_OF_TABLES) == 1 and text.count("## Someone's section") == 1 and "# new tables" not in text


def test_a_file_without_the_marker_is_kept_whole_below_the_tables(run, tmp_path):
    out = tmp_path / "RESULTS.md"
    out.write_text("## Hand-written\n", encoding="utf-8")
    run.write_report(out, "# tables\n")
    assert out.read_text(encoding="utf-8").endswith(run.END_OF_TABLES + "\n\n## Hand-written\n")
