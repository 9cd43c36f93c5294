"""Sort QA-SRL misses by the structure they sit in, so that fixes go where the largest general gaps are.

A miss (a verb whose named agent or patient kg does not give) is put in one bucket:

* the answer: no name kg has a mention for, with no spaCy entity over it ("the Prime Minister": a title or a
  common noun), or with an entity kg leaves out (its NER label: NORP, PRODUCT, EVENT...);
* the verb: not tagged VERB (the parser's part of speech), or a verb the lexicon says is no action (copulas,
  light verbs with an event noun, complement-taking verbs);
* otherwise the verb's structure (passive, relative clause, participle, control or raising, coordination,
  adverbial clause, main clause, nominal) and where the answer sits (the verb's subject, object, by-phrase, a
  prepositional object, the noun the verb modifies, a governing verb's subject, elsewhere), with whether kg has
  no action on the verb, an action with that role empty, or an action with another entity in it.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Token

from kg.model import Action, Mention

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC"}


def verb_structure(verb: Token) -> str:
    """The clause type the verb heads, as the parse gives it."""
    if verb.pos_ == "NOUN":
        return "nominal"
    passive = any(c.dep_ in ("auxpass", "nsubjpass", "agent") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN")
    kind = {"relcl": "relative clause", "acl": "participle", "xcomp": "control/raising", "conj": "coordination",
            "advcl": "adverbial clause", "ccomp": "complement clause", "pcomp": "after a preposition",
            "ROOT": "main clause", "parataxis": "main clause"}.get(verb.dep_, verb.dep_)
    return f"passive {kind}" if passive else kind


def answer_position(verb: Token, answer: set[int]) -> str:
    """Where the answer's tokens sit with respect to the verb in the parse."""
    for child in verb.children:
        if child.i not in answer:
            if child.dep_ in ("agent", "prep", "dative") and any(g.i in answer for g in child.children):
                return "by-phrase" if child.dep_ == "agent" else f"prep '{child.lower_}'"
            continue
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child.dep_
        if child.dep_ in ("dobj", "dative", "attr", "oprd"):
            return child.dep_
        return f"child {child.dep_}"
    if verb.head.i in answer and verb.head.i != verb.i:
        return "the noun it modifies"
    for ancestor in verb.ancestors:
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.i in answer for c in ancestor.children):
            return "a governor's subject"
        if any(c.dep_ in ("dobj", "pobj") and c.i in answer for c in ancestor.children):
            return "a governor's object"
    return "elsewhere"


def miss_bucket(doc: Doc, verb: Token, answer_chars: set[int], role: str, on_verb: list[Action],
                mentions: tuple[Mention, ...], not_actions: frozenset[str]) -> str:
    """One miss's bucket (see the module docstring)."""
    if not any(answer_chars & set(range(m.start, m.end)) for m in mentions):
        labels = {e.label_ for e in doc.ents if answer_chars & set(range(e.start_char, e.end_char))}
        if not labels:
            return "answer: no entity (title or common noun)"
        return f"answer: entity kg leaves out ({'/'.join(sorted(labels))})"
    if verb.pos_ not in ("VERB", "NOUN"):
        return f"verb: tagged {verb.pos_}"
    if verb.lemma_.lower() in not_actions:
        return "verb: in not_actions"
    answer = {t.i for t in doc if answer_chars & set(range(t.idx, t.idx + len(t.text)))}
    got = [a.agent if role == "agent" else a.target for a in on_verb]
    outcome = "no action" if not on_verb else "role empty" if all(m is None for m in got) else "other entity"
    return f"{outcome}: {verb_structure(verb)}, answer is {answer_position(verb, answer)}"


def print_buckets(buckets: dict[str, Counter], examples: dict[tuple[str, str], str], top: int) -> None:
    for role, counts in buckets.items():
        print(f"  {role} misses by structure ({sum(counts.values())}):")
        for bucket, n in counts.most_common(top):
            print(f"    {n:>4}  {bucket}")
            print(f"          e.g. {examples[(role, bucket)]}")
