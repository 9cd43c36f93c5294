"""Choose among candidates: name match, type compatibility, context support and a prior, shared by every linker.

Each candidate's weight is its prior times (1 + 9 x context support), normalised over the candidates
compatible with the entity (and, for sources known to be incomplete, a 'none of these' weight); the score is that posterior times how well the name matched and how sure the
type is. A score of SAME_AS_AT or more is owl:sameAs, CLOSE_MATCH_AT or more skos:closeMatch.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kg.link.model import Candidate, EntityInfo, Link, Relation

SAME_AS_AT = 0.9
CLOSE_MATCH_AT = 0.5
ALT_LABEL_MATCH = 0.95  # a match on an alternative label ('UK', 'Britain') is nearly as good as the main one
UNTYPED = 0.8  # a candidate whose type the source does not give can never be owl:sameAs
UNTYPED_WEIGHT = 0.25  # and it weighs less than a typed namesake
SURNAME_MATCH = 0.7  # 'Mr Blair' may be Tony Blair, but a surname alone is never owl:sameAs
RULED_OUT = 0.02  # weight left to a candidate outside the containing place the text names
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "prof", "professor", "baroness", "baron"}
_DROPPED = re.compile(r"[.'’]")
_SEPARATORS = re.compile(r"[^\w]+")


def surname(name: str) -> str | None:
    """The surname of a name written as title and surname, or as a lone surname.

    >>> surname("Mr Blair"), surname("Sir Digby"), surname("Tony Blair")
    ('blair', 'digby', None)
    """
    words = normalise(name).split()
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    return words[0] if len(words) == 1 and len(words[0]) > 2 else None


def normalise(name: str) -> str:
    """The form names are compared in: case, accents, dots and a leading 'the' do not matter.

    >>> normalise("The U.S.")
    'us'
    >>> normalise("São Paulo")
    'sao paulo'
    """
    ascii_name = name if name.isascii() else unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    text = _SEPARATORS.sub(" ", _DROPPED.sub("", ascii_name.casefold())).strip()
    return text.removeprefix("the ")


def _mentions(text: str, term: str) -> bool:
    return len(term) > 2 and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None


def context_support(entity: EntityInfo, candidate: Candidate) -> tuple[float, str]:
    """How strongly the entity's text supports this candidate, and the phrase that says why."""
    own_words = {word for label in entity.labels for word in normalise(label).split()}
    # A term made of the entity's own words ('Frost' for David Frost) says nothing about which one it is.
    terms = {key: t for t in candidate.context_terms if (key := normalise(t)) and not set(key.split()) <= own_words}
    for container in entity.containers:
        if normalise(container) in terms:
            return 1.0, f"in {container}"
    for place in entity.article_places:
        if normalise(place) in terms:
            return 0.7, f"same article as {place}"
    for term in terms.values():
        if _mentions(entity.context, term):
            return 0.5, f"context mentions {term}"
    return 0.0, ""


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float
    posterior: float
    reason: str


def compatible(entity: EntityInfo, candidate: Candidate) -> bool:
    """A person is never a city: the candidate's kind must be the entity's, or unknown."""
    return candidate.kind is None or candidate.kind == entity.kind


def _best_per_resource(candidates: list[Candidate]) -> list[Candidate]:
    best: dict[str, Candidate] = {}
    for c in candidates:
        held = best.get(c.iri)
        if held is None or (not c.surname_only, c.primary) > (not held.surname_only, held.primary):
            best[c.iri] = c
    return list(best.values())


def rank(entity: EntityInfo, candidates: list[Candidate], nil_weight: float = 0.0) -> list[Scored]:
    """Score every type-compatible candidate, best first.

    `nil_weight` is the weight, in prior units, of 'none of these': the chance that the entity is
    something the source does not hold (a small town when only big ones are listed).
    """
    pool = _best_per_resource([c for c in candidates if compatible(entity, c)])
    if not pool:
        return []
    supports = [context_support(entity, c) for c in pool]
    weights = [max(c.prior, 1e-9) * (1 + 9 * s) * (1.0 if c.kind else UNTYPED_WEIGHT) for c, (s, _) in zip(pool, supports)]
    if any(s == 1.0 for s, _ in supports):  # the text names the containing place: the others are nearly ruled out
        weights = [w if s == 1.0 else w * RULED_OUT for w, (s, _) in zip(weights, supports)]
        nil_weight *= RULED_OUT
    total = sum(weights) + nil_weight
    scored = []
    for c, (_, why), w in zip(pool, supports, weights):
        posterior = w / total
        name = SURNAME_MATCH if c.surname_only else 1.0 if c.primary else ALT_LABEL_MATCH
        typed = 1.0 if c.kind else UNTYPED
        reasons = [why] if why else []
        if len(pool) > 1:
            reasons.append(f"{posterior:.2f} of {len(pool)} candidates")
        scored.append(Scored(c, round(name * typed * posterior, 3), posterior, "; ".join(reasons) or "only candidate"))
    return sorted(scored, key=lambda s: (-s.score, s.candidate.iri))


def decide(entity: EntityInfo, candidates: list[Candidate], method: str, nil_weight: float = 0.0) -> Link | None:
    """The link for the best candidate, if it is clearly best and scores high enough."""
    ranked = rank(entity, candidates, nil_weight)
    if not ranked or ranked[0].score < CLOSE_MATCH_AT:
        return None
    if len(ranked) > 1 and ranked[1].posterior >= ranked[0].posterior:
        return None  # a tie: nothing in the text tells them apart
    best = ranked[0]
    relation = Relation.SAME_AS if best.score >= SAME_AS_AT else Relation.CLOSE_MATCH
    c = best.candidate
    return Link(entity.iri, c.iri, relation, best.score, method, c.label, c.type_label or (c.kind or ""), best.reason)
