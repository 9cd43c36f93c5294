"""Roles and affiliations from titles: "Tim Cook, Apple's chief executive", "Apple CEO Tim Cook",
"Paul Nesbit, an analyst at JSA Research" say that a person holds a post at an organisation.

Each becomes an action of the affiliation class with the person as agent, the organisation as target and
the title as trigger, so that the graph answers "who works where, as what" with the same queries as
"who did what".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from kg.model import Action, EntityKind, Mention

if TYPE_CHECKING:
    from kg.nlp.actions import ActionFinder

_PATH = ("compound", "poss", "pobj", "prep", "appos")
_LINKING = ("of", "at", "for", "with")
_STEPS = 4


def _title_words(head: Token, by_token: dict[int, Mention]) -> list[Token]:
    """The title's head noun and the words that qualify it ("chief" executive, "Chief" Executive)."""
    words = [head, *(c for c in head.children if c.dep_ in ("amod", "compound") and c.i not in by_token and c.i < head.i)]
    return sorted(words, key=lambda t: t.i)


def _holder(doc: Doc, organization: Mention, by_token: dict[int, Mention]) -> tuple[Mention, Token] | None:
    """The person whose title names this organisation, and the title's head noun."""
    span = doc.char_span(organization.start, organization.end, alignment_mode="expand")
    if span is None:
        return None
    token, title = span.root, None
    for _ in range(_STEPS):
        if token.dep_ not in _PATH or token.head.i == token.i:
            return None
        if token.dep_ == "pobj" and token.head.lower_ not in _LINKING:
            return None
        token = token.head
        holder = by_token.get(token.i)
        if holder is not None and holder is not organization:
            return (holder, title) if holder.kind is EntityKind.PERSON and title is not None else None
        if holder is None and token.pos_ in ("NOUN", "PROPN") and title is None:
            title = token
    return None


def role_actions(finder: ActionFinder, mentions: list[Mention], affiliation_class: str) -> list[Action]:
    """One affiliation action per person and organisation a title links."""
    found = []
    for organization in mentions:
        if organization.kind is not EntityKind.ORGANIZATION:
            continue
        held = _holder(finder.doc, organization, finder.by_token)
        if held is None:
            continue
        person, head = held
        words = _title_words(head, finder.by_token)
        sentence = finder.sent_of[head.i]
        start, end, evidence = finder.sentences[sentence]
        found.append(Action(
            doc_id=finder.article.id,
            trigger=" ".join(w.text for w in words),
            lemma=" ".join(w.lemma_.lower() for w in words),
            action_class=affiliation_class,
            start=head.idx,
            end=head.idx + len(head.text),
            sentence=sentence,
            sentence_start=start,
            sentence_end=end,
            evidence=evidence,
            agent=person,
            target=organization,
        ))
    return found
