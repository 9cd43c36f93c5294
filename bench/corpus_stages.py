"""What the per-stage CPU benches share: their command line and the articles they read.

bench/extract_stages.py, bench/map_stages.py and bench/pipeline_components.py each take the first N articles of a
corpus folder (default ../shared/corpus/bbc-news) and time stages over several rounds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.ingest import iter_articles  # noqa: E402
from kg.model import Article  # noqa: E402


def stage_parser(doc: str, articles: int, rounds: int) -> argparse.ArgumentParser:
    """FOLDER, --articles and --rounds, with this bench's defaults."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=ROOT.parent / "shared/corpus/bbc-news")
    parser.add_argument("--articles", type=int, default=articles)
    parser.add_argument("--rounds", type=int, default=rounds)
    return parser


def keep_best(best: dict[str, float], spent: dict[str, float]) -> None:
    """Each stage's smallest CPU time so far: on a shared machine the round other jobs disturbed least."""
    for name, seconds in spent.items():
        best[name] = min(best.get(name, float("inf")), seconds)


def print_best(articles: int, rounds: int, best: dict[str, float], names: Iterable[str], width: int) -> None:
    print(f"{articles} articles, best of {rounds} rounds (CPU s)")
    for name in names:
        print(f"  {name:<{width}} {best.get(name, float('inf')):.3f}")


def first_articles(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[Article]:
    """The first --articles articles of FOLDER; a one-line error if FOLDER is no folder."""
    if not args.folder.is_dir():
        parser.error(f"{args.folder}: no such corpus folder")
    return [a for a in iter_articles([args.folder]) if isinstance(a, Article)][: args.articles]
