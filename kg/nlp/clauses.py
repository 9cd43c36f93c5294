"""What a clause says about the action it holds: its time, negation and modality, from the parse.

ClauseReader keeps one document's sentence, time and "according to" indexes, built once, so that each
action only looks them up; kg.nlp.participants.ParticipantReader and kg.nlp.actions.ActionFinder build on it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kg.model import Article, Mention, Modality, TimeValue
from kg.nlp.mentions import doc_text, sentence_index, token_index
from kg.nlp.rules import Rules

SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
COMPLEMENTS = ("xcomp", "ccomp", "advcl", "pcomp", "acl", "conj")
_ACCORDING = re.compile(r"\b[Aa]ccording\b")


class ClauseReader:
    """One document's indexes, and the clause-level readings of a verb."""

    def __init__(self, doc: Doc, article: Article, mentions: list[Mention], times: list[TimeValue], rules: Rules):
        self.doc, self.article, self.rules = doc, article, rules
        self.by_token = token_index(doc, mentions)
        self.sent_of = sentence_index(doc)
        text = doc_text(doc)
        # Each sentence's character span and stripped text, built once: an action only looks them up.
        self.sentences = [(s.start_char, s.end_char, text[s.start_char:s.end_char].strip()) for s in doc.sents]
        self.times_in: dict[int, list[tuple[TimeValue, Span]]] = {}  # sentence number -> its times
        for t in times:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None:
                self.times_in.setdefault(self.sent_of[span.start], []).append((t, span))
        self.children_of: dict[int, list[Token]] = {}
        self.according: dict[int, Token] = {}  # sentence number -> X in "according to X"
        for match in _ACCORDING.finditer(text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and span[0].dep_ == "prep":
                self.according.setdefault(self.sent_of[span.start], span[0])

    def children(self, token: Token) -> list[Token]:
        """A token's children, made once per document: frames look at the same verbs' children many times,
        and Token.children makes new Token objects on every walk."""
        found = self.children_of.get(token.i)
        if found is None:
            found = self.children_of[token.i] = list(token.children)
        return found

    def clause_head(self, token: Token) -> Token:
        for _ in range(12):
            if token.dep_ == "ROOT" or any(c.dep_ in SUBJECTS for c in self.children(token)) or token.head.i == token.i:
                return token
            token = token.head
        return token

    def time_of(self, verb: Token) -> TimeValue | None:
        clause = self.clause_head(verb)
        in_clause = [
            (abs(span.root.i - verb.i), t)
            for t, span in self.times_in.get(self.sent_of[verb.i], ())
            if self.clause_head(span.root) == clause
        ]
        placed = sorted((d, t.start, t) for d, t in in_clause if t.value)
        return placed[0][2] if placed else None

    def governors(self, verb: Token):
        """The verbs this one is a complement of; a coordinated verb shares its first conjunct's."""
        token = verb
        while token.dep_ in COMPLEMENTS and token.head.i != token.i:
            coordinated = token.dep_ == "conj"
            token = token.head
            if not coordinated:
                yield token

    def polarity(self, verb: Token) -> tuple[bool, Modality]:
        negated = any(c.dep_ == "neg" for c in self.children(verb))
        modality = Modality.ASSERTED
        for aux in (c for c in self.children(verb) if c.dep_ in ("aux", "auxpass")):
            modality = Modality(self.rules.modals.get(aux.lower_, modality.value))
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in self.children(verb)):
            modality = Modality.HYPOTHETICAL
        for gov in self.governors(verb):
            lemma = gov.lemma_.lower()
            if lemma in self.rules.negating_governors:
                negated = True
            if modality is Modality.ASSERTED and lemma in self.rules.irrealis_governors:
                modality = Modality(self.rules.irrealis_governors[lemma])
            if gov.i == verb.head.i and verb.dep_ == "xcomp" and any(c.dep_ == "neg" for c in self.children(gov)):
                negated = True
            if modality is Modality.ASSERTED and verb.dep_ == "xcomp":
                aux = next((c for c in self.children(gov) if c.dep_ == "aux" and c.lower_ in self.rules.modals), None)
                if aux is not None:
                    modality = Modality(self.rules.modals[aux.lower_])
        return negated, modality
