"""Score kg's event coreference (kg/events.py) on ECB+ cross-document event coreference.

The usual split (Cybulska & Vossen 2015): test topics 36-45 (train 1-22, dev 23-25: develop there;
kg's event rules and kg/data/events.yaml were tuned with --topics 1-35 only). Gold: the ACTION_* and NEG_ACTION_*
mentions in the sentences of ECBplus_coreference_sentences.csv, clustered by their CROSS_DOC_COREF instance
(or INTRA_DOC_COREF chain); a mention in no relation is a gold singleton and is scored, as is standard on
ECB+ (Barhom et al. 2019, Cattan et al. 2021). kg parses each whole document (text rebuilt from the gold
tokens, see bench/eval_coref.py), extracts it, and resolves entities over all the documents scored together,
as `kg build` does with a folder: no gold topic or document cluster is given to kg. ECB+ gives no
publication date, so reports have none (published=None): only times their own sentence states bound them.

Settings, each scored with MUC, B-cubed, CEAF-e and CoNLL F1 (their mean; scorers from bench/eval_coref.py):

* gold mentions: one kg.events.Report per gold action mention. Where kg found an action at the trigger
  (kg's trigger shares a gold token), the report takes its class, lemma, resolved agent and target,
  place, time, tense, polarity and modality; elsewhere it is a generic OtherAction report with the
  head lemma spaCy gives the gold mention (generic reports must share the lemma, or its sense, to merge)
  and no participants. resolve_events runs once over the whole set.
* kg mentions (Cattan et al.'s predicted-mentions setting): every action kg extracts becomes a report
  and resolve_events runs over all of them; the scored response is kg's actions in the annotated
  sentences. A kg action whose trigger shares a gold token is that gold mention (one-to-one, largest
  overlap first); an unmatched kg action is a spurious mention (it lowers precision: its own MUC
  partition, B-cubed precision 0, an unaligned CEAF cluster); an unmatched gold mention is missing
  from the response (it lowers recall).
* how far kg's own mentions can go: the same mentions clustered as gold clusters them (the ceiling that
  mention detection sets), and kg's clustering of them scored against gold restricted to them (clustering alone).
* baselines on gold mentions: same head lemma within the gold topic; same lemma within the gold
  sub-topic (the topic's ECB or ECB+ half, i.e. gold document clusters); and same lemma within kg's
  own story clusters (below), which uses no gold.
* variants of kg on gold mentions: without stories (each document alone), without the sense groups of
  kg/data/events.yaml (lemmas only), and with the gold sub-topics given as stories (what perfect story detection
  would give; ECB+ has no publication dates, which in a real build keep stories a month apart).

    python bench/eval_events.py [--corpus PATH] [--topics 36-45] [--cache FILE] [--errors N]

The 10 test topics (210 documents) take about 30 CPU seconds (80 s on a busy machine), nearly all of it
parsing; --cache keeps the parse in a pickle so that scoring again takes seconds.
"""

from __future__ import annotations

import argparse
import math
import pickle
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Hashable, Iterable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from eval_coref import (  # noqa: E402
    MODEL,
    Document,
    GoldMention,
    Score,
    align,
    b_cubed,
    ceaf_e,
    clusters_of,
    half,
    load_document,
    muc,
    selected_sentences,
)
from kg.docstate import GENERIC_CLASSES  # noqa: E402
from kg.events import Event, EventRules, Report, load_event_rules, resolve_events  # noqa: E402
from kg.ontology import family  # noqa: E402
from kg.stories import find_stories  # noqa: E402
from kg.model import Action, Extraction  # noqa: E402

SPEECH = family("CommunicativeAction")

TEST_TOPICS = "36-45"
GENERIC = "OtherAction"
CONTENT = ("NOUN", "PROPN", "VERB")
Key = Hashable


# reading the corpus
def topic_range(text: str) -> list[int]:
    """'36-45' or '1,3,23-25' -> topic numbers.

    >>> topic_range("23-25,36")
    [23, 24, 25, 36]
    """
    numbers: list[int] = []
    for part in text.split(","):
        low, _, high = part.strip().partition("-")
        numbers += range(int(low), int(high or low) + 1)
    return numbers


def load_corpus(corpus: Path, topics: Iterable[int], limit: int | None = None) -> list[Document]:
    """The documents of `topics` (at most `limit` per topic) with their gold action mentions."""
    selected = selected_sentences(corpus)
    docs = []
    for topic in topics:
        folder = corpus / "ECB+" / str(topic)
        if not folder.is_dir():
            continue
        paths = sorted(folder.glob("*.xml"), key=lambda p: (not p.name.endswith("ecb.xml"), p.name))[:limit]
        docs += [load_document(path, selected.get(path.name, set()), ()) for path in paths]
    return docs


def actions_of(doc: Document) -> list[GoldMention]:
    return [g for g in doc.mentions if g.type.startswith(("ACTION_", "NEG_ACTION_"))]


def gold_span(doc: Document, mention: GoldMention) -> tuple[int, int]:
    return doc.spans[min(mention.tokens)][0], max(doc.spans[t][1] for t in mention.tokens)


# running kg
@dataclass(frozen=True)
class Parsed:
    """One document as kg read it: its extraction and the head lemma spaCy gives each gold action mention."""

    doc: Document
    extraction: Extraction
    lemma: dict[Key, str]  # gold mention key -> lemma of the span's syntactic head
    words: Counter  # lemmas of the document's nouns, proper nouns and verbs (for story clustering)


def parse(docs: list[Document]) -> list[Parsed]:
    from kg.model import Article
    from kg.nlp import load_pipeline
    from kg.nlp.extract import extract_doc, parse_pieces
    from kg.nlp.rules import load_rules

    nlp, rules = load_pipeline(MODEL), load_rules()
    by_name = {d.name: d for d in docs}
    parsed = []
    for spacy_doc, article in parse_pieces(nlp, (Article(d.name, d.name, d.text) for d in docs)):
        doc = by_name[article.id]
        lemmas = {}
        for g in actions_of(doc):
            span = spacy_doc.char_span(*gold_span(doc, g), alignment_mode="expand")
            lemmas[g.key] = (span.root.lemma_ if span is not None else g.text).lower()
        words = Counter(t.lemma_.lower() for t in spacy_doc if t.pos_ in CONTENT and not t.is_stop)
        parsed.append(Parsed(doc, extract_doc(spacy_doc, article, rules), lemmas, words))
    return parsed


def resolve_entities(parsed: list[Parsed]) -> dict:
    """Mention key -> entity key, resolved over every document at once (as `kg build` does)."""
    from kg.nlp.rules import load_rules
    from kg.resolve import resolve

    rules = load_rules()
    return resolve([p.extraction for p in parsed], rules.company_suffixes, rules.short_names).entity_of


def report_of(action: Action, entity_of: dict, key: tuple[str, int] | None = None) -> Report:
    """The Report kg.docstate builds for a stored action (same fields), optionally under another key."""
    entity = lambda m: entity_of.get(m.key) if m is not None else None
    doc_id, start = key or (action.doc_id, action.start)
    time_ = action.time
    return Report(doc_id, start, action.action_class, action.lemma, action.trigger, entity(action.agent),
                  entity(action.target), entity(action.place), time_.value if time_ else None,
                  time_.granularity if time_ else None, action.tense, action.negated, action.modality.value,
                  None, None, action.action_class in GENERIC_CLASSES)


def aligned_actions(p: Parsed) -> dict[Key, Action]:
    """Gold action mention key -> kg's action at its trigger (shared gold token, one-to-one)."""
    actions = p.extraction.actions
    return {g.key: actions[n] for n, g in align(p.doc, [(a.start, a.end) for a in actions], actions_of(p.doc)).items()}


def gold_mention_reports(parsed: list[Parsed], entity_of: dict) -> dict[Key, Report]:
    """One report per gold action mention, keyed by the gold mention (see the module docstring)."""
    reports = {}
    for p in parsed:
        found = aligned_actions(p)
        for g in actions_of(p.doc):
            key = (p.doc.name, gold_span(p.doc, g)[0] * 1000 + int(g.m_id) % 1000)  # in text order, one per mention
            if g.key in found:
                reports[g.key] = report_of(found[g.key], entity_of, key)
            else:
                reports[g.key] = Report(key[0], key[1], GENERIC, p.lemma[g.key], g.text, generic=True)
    return reports


def kg_mention_reports(parsed: list[Parsed], entity_of: dict) -> tuple[list[Report], dict[Key, Key]]:
    """Every kg action as a report, and scored mention key (gold key when aligned) of those in annotated sentences."""
    reports, scored = [], {}
    for p in parsed:
        gold_of = {(a.doc_id, a.start): g for g, a in aligned_actions(p).items()}
        for a in p.extraction.actions:
            report = report_of(a, entity_of)
            reports.append(report)
            if p.doc.annotated(a.start, a.end):
                scored[report.key] = gold_of.get(report.key, ("kg",) + report.key)
    return reports, scored


def event_labels(events: Iterable[Event]) -> dict[tuple[str, int], Key]:
    return {r.key: e.key for e in events for r in e.reports}


# stories: kg's own document clusters, for the prototypes and the lemma baseline without gold
def stories(parsed: list[Parsed], entity_of: dict, rules: EventRules) -> dict[str, str]:
    """Document -> story, as kg.pipeline finds them (kg/stories.py); ECB+ documents have no publication dates."""
    bags = {p.doc.name: Counter(entity_of[m.key] for m in p.extraction.mentions if m.key in entity_of) for p in parsed}
    return find_stories(bags, {}, rules.story_distance, rules.story_max_documents, rules.story_neighbours)


def as_built(reports: dict, story_of: dict[str, str]) -> dict:
    """The reports as kg.docstate gives them to a build: in their document's story, speech acts momentary."""
    return {k: replace(r, story=story_of.get(r.doc_id), momentary=r.action_class in SPEECH) for k, r in reports.items()}


def gold_stories(parsed: list[Parsed]) -> dict[str, str]:
    """Document -> its gold sub-topic (the topic's ECB or ECB+ half): what perfect story detection would give."""
    return {p.doc.name: f"{topic(p.doc.name)}{'+' if p.doc.name.endswith('ecbplus.xml') else ''}" for p in parsed}


# scoring
@dataclass
class Row:
    name: str
    mentions: int
    scores: dict[str, Score]

    @property
    def conll(self) -> float:
        return sum(self.scores[m].f1 for m in ("MUC", "B3", "CEAFe")) / 3


def score(name: str, key: dict[Key, Hashable], response: dict[Key, Hashable]) -> Row:
    return Row(name, len(response), {"MUC": muc(key, response), "B3": b_cubed(key, response),
                                     "CEAFe": ceaf_e(key, response)})


def topic(doc_name: str) -> str:
    return doc_name.split("_")[0]


def relabel(reports: dict[Key, Report], label_of_report: Callable[[Report], Key]) -> dict[Key, Key]:
    return {g: label_of_report(r) for g, r in reports.items()}


@dataclass
class Evaluation:
    rows: list[Row]
    counts: Counter
    errors: list[str]


def evaluate(parsed: list[Parsed]) -> Evaluation:
    entity_of = resolve_entities(parsed)
    rules = load_event_rules()
    story_of = stories(parsed, entity_of, rules)
    gold = {g.key: g.cluster for p in parsed for g in actions_of(p.doc)}
    lemma = {g: l for p in parsed for g, l in p.lemma.items()}
    alone = gold_mention_reports(parsed, entity_of)
    reports = as_built(alone, story_of)
    rows = []

    events = resolve_events(reports.values(), rules=rules)
    label = event_labels(events)
    rows.append(score("kg events, gold mentions", gold, relabel(reports, lambda r: label[r.key])))
    label_a = event_labels(resolve_events(alone.values(), rules=rules))
    rows.append(score("  without stories (a document alone)", gold, relabel(alone, lambda r: label_a[r.key])))
    plain = replace(rules, senses=())
    label_p = event_labels(resolve_events(reports.values(), rules=plain))
    rows.append(score("  without senses (lemmas only)", gold, relabel(reports, lambda r: label_p[r.key])))
    given = as_built(alone, gold_stories(parsed))
    label_g = event_labels(resolve_events(given.values(), rules=rules))
    rows.append(score("  with gold sub-topics as stories", gold, relabel(given, lambda r: label_g[r.key])))

    kg_all, scored = kg_mention_reports(parsed, entity_of)
    kg_reports = [replace(r, story=story_of.get(r.doc_id), momentary=r.action_class in SPEECH) for r in kg_all]
    kg_events = resolve_events(kg_reports, rules=rules)
    kg_label = event_labels(kg_events)
    rows.append(score("kg events, kg mentions", gold, {m: kg_label[k] for k, m in scored.items()}))
    rows.append(score("  kg mentions clustered as gold (ceiling)", gold, {m: gold.get(m, m) for m in scored.values()}))
    found = {m: gold[m] for m in scored.values() if m in gold}
    rows.append(score("  kg events on gold restricted to kg mentions", found,
                      {m: kg_label[k] for k, m in scored.items() if m in found}))

    rows.append(score("same lemma in gold topic", gold, {g: (topic(g[0]), lemma[g]) for g in gold}))
    rows.append(score("same lemma in gold sub-topic", gold, {g: (topic(g[0]), half(g), lemma[g]) for g in gold}))
    rows.append(score("same lemma in kg story", gold, {g: (story_of[g[0]], lemma[g]) for g in gold}))
    rows.append(score("all singletons", gold, {g: g for g in gold}))
    counts = diagnose(parsed, reports, scored, gold, story_of)
    counts.update(merges_by_rule(events, reports, gold))
    return Evaluation(rows, counts, over_merges(gold, relabel(reports, lambda r: label[r.key]), reports))


def diagnose(parsed: list[Parsed], reports: dict[Key, Report], scored: dict, gold: dict, story_of: dict) -> Counter:
    """Why kg merges little: how many gold mentions kg saw as actions, and with which participants."""
    c = Counter()
    c["documents"] = len(parsed)
    c["gold mentions"] = len(gold)
    c["gold clusters"] = len(clusters_of(gold))
    c["gold singletons"] = sum(len(cl) == 1 for cl in clusters_of(gold))
    c["kg stories"] = len(set(story_of.values()))
    found = {g for p in parsed for g in aligned_actions(p)}
    c["kg action at the trigger"] = len(found)
    c["... with a specific class"] = sum(not reports[g].generic for g in found)
    c["... with an agent"] = sum(reports[g].agent is not None for g in found)
    c["... with a target"] = sum(reports[g].target is not None for g in found)
    c["... with neither"] = sum(reports[g].agent is None and reports[g].target is None for g in found)
    c["... with a stated time"] = sum(reports[g].stated for g in found)
    c["kg actions in annotated sentences"] = len(scored)
    c["... aligned to gold"] = sum(not (isinstance(m, tuple) and m[0] == "kg") for m in scored.values())
    return c


def merges_by_rule(events: list[Event], reports: dict[Key, Report], gold: dict) -> Counter:
    """Each merge kg made (a report joining an event), right when gold puts the report with the event's first."""
    gold_of = {r.key: gold[g] for g, r in reports.items()}
    c = Counter()
    for e in events:
        for merge in e.merges:
            right = gold_of[merge.report] == gold_of[e.first.key]
            c[("merge", merge.rule, "right" if right else "wrong")] += 1
    return c


def over_merges(gold: dict, response: dict, reports: dict[Key, Report]) -> list[str]:
    """One line per kg event that joins mentions of several gold clusters, most wrong pairs first."""
    lines = []
    for cluster in clusters_of(response):
        by_gold: dict = defaultdict(list)
        for m in cluster:
            by_gold[gold[m]].append(m)
        if len(by_gold) > 1:
            wrong = (len(cluster) ** 2 - sum(len(v) ** 2 for v in by_gold.values())) // 2
            first = min((reports[m] for m in cluster), key=lambda r: r.key)
            parts = " | ".join(sorted(",".join(sorted({reports[m].trigger for m in ms})) for ms in by_gold.values()))
            lines.append((wrong, f"{wrong}\t{first.action_class} agent={first.agent} target={first.target}\t{parts}"))
    return [line for _, line in sorted(lines, key=lambda x: (-x[0], x[1]))]


def print_report(ev: Evaluation, topics: str) -> None:
    c = ev.counts
    print(f"ECB+ topics {topics}: {c['documents']} documents, {c['gold mentions']} gold action mentions in"
          f" {c['gold clusters']} gold clusters ({c['gold singletons']} singletons, scored);"
          f" kg stories: {c['kg stories']}")
    found = c["kg action at the trigger"]
    print(f"kg action at a gold trigger: {found} ({found / max(c['gold mentions'], 1):.3f}); of them with a specific"
          f" class {c['... with a specific class']}, an agent {c['... with an agent']}, a target"
          f" {c['... with a target']}, neither {c['... with neither']}, a stated time {c['... with a stated time']}")
    aligned = c["... aligned to gold"]
    kg = c["kg actions in annotated sentences"]
    p, r = aligned / max(kg, 1), aligned / max(c["gold mentions"], 1)
    print(f"kg mentions: {kg} actions in annotated sentences, {aligned} on a gold trigger"
          f" (mention detection P {p:.3f} R {r:.3f} F1 {2 * p * r / max(p + r, 1e-9):.3f})")
    rules = sorted({k[1] for k in c if isinstance(k, tuple) and k[0] == "merge"})
    print("kg merges of gold mentions by rule (right/wrong vs gold): " + ", ".join(
        f"{rule} {c[('merge', rule, 'right')]}/{c[('merge', rule, 'wrong')]}" for rule in rules))
    print(f"\n  {'setting':<44}{'mentions':>9}" + "".join(f"{m:>18}" for m in ("MUC", "B3", "CEAFe")) + f"{'CoNLL':>7}")
    for row in ev.rows:
        cells = "".join(f"{s.p:.3f}/{s.r:.3f}/{s.f1:.3f}".rjust(18) for s in row.scores.values())
        print(f"  {row.name:<44}{row.mentions:>9}{cells}{100 * row.conll:>7.1f}")
    print("  (P/R/F1 per metric; CoNLL = mean F1 x 100)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/ecbplus")
    parser.add_argument("--topics", default=TEST_TOPICS, help="topic numbers, e.g. 36-45 (test) or 23-25 (dev)")
    parser.add_argument("--limit", type=int, default=None, help="at most N documents per topic")
    parser.add_argument("--cache", type=Path, help="pickle of the parse: written if absent, read if present")
    parser.add_argument("--errors", type=int, default=0, help="print the N kg events that join most gold-apart pairs")
    args = parser.parse_args(argv)

    if not (args.corpus / "ECB+").is_dir() or not (args.corpus / "ECBplus_coreference_sentences.csv").is_file():
        sys.exit(f"no ECB+ corpus at {args.corpus}; pass --corpus PATH to the ecbplus folder")
    started = time.perf_counter()
    if args.cache and args.cache.is_file():
        parsed = [Parsed(*fields) for fields in pickle.loads(args.cache.read_bytes())]
    else:
        parsed = parse(load_corpus(args.corpus, topic_range(args.topics), args.limit))
        if args.cache:
            args.cache.write_bytes(pickle.dumps([(p.doc, p.extraction, p.lemma, p.words) for p in parsed]))
    ev = evaluate(parsed)
    print_report(ev, args.topics)
    print(f"\nTook {time.perf_counter() - started:.1f} s")
    if args.errors:
        print(f"\nkg events joining several gold clusters: {len(ev.errors)}; the {args.errors} worst"
              " (wrong pairs, class and participants, triggers per gold cluster):")
        print("\n".join(ev.errors[: args.errors]))


if __name__ == "__main__":
    main()
