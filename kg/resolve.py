"""Merge mentions into entities within and across articles, and record why each name was merged."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable

from rapidfuzz.distance import Levenshtein

from kg.iri import numbered, slug
from kg.model import Alias, Entity, EntityKind, Extraction, Merge, Mention

Key = tuple[str, int, int]
# Subtypes that never carry a stock ticker.
_NO_TICKER = {"Website", "Campaign", "NewsOrganization", "Agency", "Place"}
_SPELLING_MIN_LENGTH = 6
_MAJORITY = 0.75  # share of a name's mentions that decides between a place and an agent
_LEADING_THE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"['’]s$")
_NOT_WORD = re.compile(r"[\W_]+")


def normalize_name(name: str, company_suffixes: Iterable[str] = ()) -> str:
    """Return a comparison key for a name: case, spacing, punctuation, 'the' and company suffixes ignored.

    >>> normalize_name("The Kiwi Farms")
    'kiwifarms'
    >>> normalize_name("Cloudflare Inc.", ["inc."])
    'cloudflare'
    """
    text = unicodedata.normalize("NFKC", name).lower().strip()
    text = _LEADING_THE.sub("", text)
    text = _POSSESSIVE.sub("", text)
    words = text.split()
    suffixes = set(company_suffixes)
    while len(words) > 1 and words[-1].strip(",") in suffixes:
        words.pop()
    return _NOT_WORD.sub("", "".join(words)) or text


class _Clusters:
    """Union-find over mention keys, remembering the first reason each mention joined."""

    def __init__(self, keys: Iterable[Key]):
        self.parent = {k: k for k in keys}
        self.reason: dict[Key, tuple[str, str]] = {}

    def find(self, k: Key) -> Key:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: Key, b: Key, rule: str, evidence: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
            self.reason.setdefault(b, (rule, evidence))

    def groups(self) -> dict[Key, list[Key]]:
        out: dict[Key, list[Key]] = defaultdict(list)
        for k in self.parent:
            out[self.find(k)].append(k)
        return out


@dataclass(frozen=True)
class Resolution:
    entities: tuple[Entity, ...]
    entity_of: dict[Key, str]  # mention key -> entity key


def _agentive(kind: EntityKind) -> str:
    return "place" if kind is EntityKind.PLACE else "agent"


def _merge_same_names(mentions: list[Mention], clusters: _Clusters, norm) -> None:
    """One name, one node; a place and an agent that share a name stay apart ("Jordan") unless
    one reading has at least three quarters of the mentions (the model's slips are outvoted)."""
    by_name: dict[tuple[str, str | None], list[Mention]] = defaultdict(list)
    shared = _shared_surnames(mentions, norm)
    for m in mentions:
        name = norm(m.text)
        # A surname two people share names one of them per article, not one across articles.
        by_name[(name, m.doc_id if name in shared and _single_person(m) else None)].append(m)
    for (name, _), group in by_name.items():
        readings = Counter(_agentive(m.kind) for m in group)
        if len(readings) > 1 and readings.most_common(1)[0][1] / len(group) < _MAJORITY:
            parts = [[m for m in group if _agentive(m.kind) == reading] for reading in sorted(readings)]
        else:
            parts = [group]
        for part in parts:
            for m in part[1:]:
                clusters.union(part[0].key, m.key, "same-name", f"'{m.text}' and '{part[0].text}' normalise to '{name}'")


def _single_person(m: Mention) -> bool:
    return m.kind is EntityKind.PERSON and len(m.text.split()) == 1


def _shared_surnames(mentions: list[Mention], norm) -> set[str]:
    """Surnames that end two or more different full names in the corpus ("Scott Peterson", "Laci Peterson")."""
    full: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        words = m.text.split()
        if m.kind is EntityKind.PERSON and len(words) > 1:
            full[norm(words[-1])].add(norm(m.text))
    return {surname for surname, names in full.items() if len(names) > 1}


def _merge_middle_names(mentions: list[Mention], clusters: _Clusters, norm) -> None:
    """'Dirk A. Kempthorne' joins 'Dirk Kempthorne' when no other middle name comes with that first and last name."""
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        words = m.text.split()
        if m.kind is EntityKind.PERSON and len(words) > 1:
            groups[(norm(words[0]), norm(words[-1]))].append(m)
    for group in groups.values():
        middles = {tuple(norm(w)[:1] for w in m.text.split()[1:-1]) for m in group} - {()}
        if len(middles) != 1 or len({norm(m.text) for m in group}) < 2:
            continue
        plain = next((m for m in group if len(m.text.split()) == 2), None)
        for m in group:
            if plain is not None and m is not plain:
                clusters.union(plain.key, m.key, "middle-name",
                               f"'{m.text}' is '{plain.text}' with a middle name, the only one seen")


def _merge_surnames(mentions: list[Mention], clusters: _Clusters, norm) -> None:
    """'Sorrenti' joins 'Clara Sorrenti' when exactly one full name in the document (or corpus) ends with it."""
    # surname -> full name -> its last mention, in the corpus and in each document
    anywhere: dict[str, dict[str, Mention]] = defaultdict(dict)
    in_document: dict[tuple[str, str], dict[str, Mention]] = defaultdict(dict)
    for m in mentions:
        words = m.text.split()
        if m.kind is EntityKind.PERSON and len(words) > 1:
            surname = norm(words[-1])
            anywhere[surname][norm(m.text)] = m
            in_document[(surname, m.doc_id)][norm(m.text)] = m
    for m in mentions:
        if m.kind is not EntityKind.PERSON or len(m.text.split()) != 1:
            continue
        pool = in_document.get((norm(m.text), m.doc_id)) or anywhere.get(norm(m.text), {})
        if len(pool) == 1:
            target = next(iter(pool.values()))
            clusters.union(target.key, m.key, "surname", f"'{m.text}' is the surname of '{target.text}', the only such full name")


def _merge_short_forms(mentions: list[Mention], clusters: _Clusters, norm) -> None:
    """'The Post' joins 'The Washington Post' when it is the only organisation in the document
    whose name ends with that word and it is named in full first (the newsroom short form)."""
    full: dict[tuple[str, str], list[Mention]] = defaultdict(list)  # (document, last word) -> full names
    organizations = [(m, _words(m.text)) for m in mentions if m.kind is EntityKind.ORGANIZATION]
    for m, words in organizations:
        if len(words) > 1:
            full[(m.doc_id, words[-1])].append(m)
    # Mentions come in document and text order, so the full names before each short one are read once, in order.
    earlier: dict[tuple[str, str], dict[str, Mention]] = defaultdict(dict)  # the full names read so far
    read: Counter[tuple[str, str]] = Counter()
    for m, words in organizations:
        if len(words) != 1:
            continue
        key = (m.doc_id, words[0])
        group, names = full.get(key, []), earlier[key]
        while read[key] < len(group) and group[read[key]].start < m.start:
            names[norm(group[read[key]].text)] = group[read[key]]
            read[key] += 1
        if len(names) == 1:
            target = next(iter(names.values()))
            clusters.union(target.key, m.key, "short-form",
                           f"'{m.text}' ends '{target.text}', the only such name earlier in the article")


def _words(name: str) -> list[str]:
    return [w.casefold() for w in re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE).split()]


def _merge_alias_phrases(aliases: list[Alias], clusters: _Clusters) -> None:
    for a in aliases:
        if a.rule == "alias-phrase":
            clusters.union(a.name.key, a.alias.key, a.rule, a.evidence)


def _subtype(mentions: Iterable[Mention]) -> str | None:
    counts = Counter(m.descriptor for m in mentions if m.descriptor)
    return counts.most_common(1)[0][0] if counts else None


def _merge_tickers(aliases: list[Alias], mentions: dict[Key, Mention], clusters: _Clusters) -> None:
    """Tie each ticker to the company each of its occurrences names; a symbol names one company.

    In each occurrence the name right before the ticker wins ("Cloudflare (NYSE:NET)"), else the
    sentence's subject ("Cloudflare blocks Kiwi Farms (NYSE:NET)"), else the only candidate;
    names that cannot carry a ticker (a website, a campaign, a place) are never candidates.
    """
    groups = clusters.groups()
    occurrences: dict[Key, list[Alias]] = defaultdict(list)
    for a in aliases:
        if a.rule.startswith("ticker"):
            occurrences[a.alias.key].append(a)
    anchors: dict[str, list[Alias]] = defaultdict(list)
    subtypes: dict[Key, str | None] = {}  # clusters do not change until every anchor is chosen

    def subtype(root: Key) -> str | None:
        if root not in subtypes:
            subtypes[root] = _subtype(mentions[k] for k in groups[root])
        return subtypes[root]

    for key, evidence in sorted(occurrences.items()):
        valid = [a for a in evidence if subtype(clusters.find(a.name.key)) not in _NO_TICKER]
        for rule in ("ticker-adjacent", "ticker-subject"):
            chosen = [a for a in valid if a.rule == rule]
            if chosen:
                anchors[evidence[0].alias.text].append(chosen[-1])
                break
        else:
            if len({clusters.find(a.name.key) for a in valid}) == 1:
                anchors[evidence[0].alias.text].append(valid[0])
    for symbol, chosen in sorted(anchors.items()):
        first = chosen[0]
        for a in chosen:
            clusters.union(first.name.key, a.name.key, "ticker", a.evidence)
            clusters.union(first.name.key, a.alias.key, "ticker", a.evidence)


def _merge_spellings(mentions: dict[Key, Mention], clusters: _Clusters, norm) -> None:
    """Join a rare organisation name one edit away from a far more frequent one ('Cloudfare')."""
    groups = clusters.groups()
    names: dict[Key, Counter[str]] = {
        root: Counter(norm(mentions[k].text) for k in keys)
        for root, keys in groups.items()
        if mentions[root].kind is EntityKind.ORGANIZATION
    }
    size = {root: len(groups[root]) for root in names}
    index: dict[str, set[Key]] = defaultdict(set)  # a name and its one-letter deletions -> clusters
    for root, counter in names.items():
        for name in counter:
            for key in _deletions(name):
                index[key].add(root)
    for rare in sorted(names, key=lambda r: (size[r], r)):
        near = {c for name in names[rare] for key in _deletions(name) for c in index[key]}
        for common in sorted(near, key=lambda r: (-size[r], r)):
            if clusters.find(rare) == clusters.find(common) or size[common] < 2 * size[rare]:
                continue
            pair = next(((a, b) for a in names[rare] for b in names[common]
                         if min(len(a), len(b)) >= _SPELLING_MIN_LENGTH and Levenshtein.distance(a, b) == 1), None)
            if pair:
                clusters.union(common, rare, "spelling-variant", f"'{pair[0]}' is one edit from the more frequent '{pair[1]}'")
                break


def _deletions(name: str) -> set[str]:
    """Keys two names one edit apart always share (symmetric deletion), so no pair is compared blindly."""
    if len(name) < _SPELLING_MIN_LENGTH:
        return set()
    return {name, *(name[:i] + name[i + 1:] for i in range(len(name)))}


@lru_cache(maxsize=65536)  # resolving 2,127 articles asks for a few thousand names 190,000 times
def _display(text: str) -> str:
    return " ".join(text.split())


def _pref_label(kind: EntityKind, members: list[Mention], norm, short) -> str:
    """The most used name; among names that stand for one another, the long form ("Germany", not "German")."""
    forms = Counter(_display(m.text) for m in members)
    group_size = Counter(norm(m.text) for m in members)

    def score(form: str):
        multi = kind is EntityKind.PERSON and len(form.split()) > 1
        return (multi, group_size[norm(form)], not short(form), not form.lower().startswith("the "), forms[form], form)

    return max(forms, key=score)


def _kind(members: list[Mention]) -> EntityKind:
    votes: Counter[EntityKind] = Counter()
    for m in members:
        votes[m.kind] += 2 if m.descriptor else 1
    return max(sorted(votes, key=lambda k: k.value), key=lambda k: votes[k])


def resolve(extractions: Iterable[Extraction], company_suffixes: Iterable[str] = (),
            short_names: dict[str, str] | None = None) -> Resolution:
    """Cluster every mention of every extraction into entities (deterministic for the same input).

    `short_names` maps a short name to the long one it stands for ("US" -> "United States"): both
    normalise to the long name's key, so they merge as one name."""
    extractions = list(extractions)
    suffixes = tuple(company_suffixes)
    long_form = _long_forms(tuple((short_names or {}).items()), suffixes)

    @lru_cache(maxsize=None)  # the same few thousand names are compared hundreds of thousands of times
    def norm(text: str) -> str:
        key = _normalized(text, suffixes)
        return long_form.get(key, key)

    mentions = {m.key: m for ex in extractions for m in ex.mentions}
    aliases = [a for ex in extractions for a in ex.aliases]
    for a in aliases:
        mentions.setdefault(a.alias.key, a.alias)
        mentions.setdefault(a.name.key, a.name)
    ordered = [mentions[k] for k in sorted(mentions)]
    clusters = _Clusters(sorted(mentions))
    _merge_same_names(ordered, clusters, norm)
    _merge_surnames(ordered, clusters, norm)
    _merge_short_forms(ordered, clusters, norm)
    _merge_middle_names(ordered, clusters, norm)
    _merge_alias_phrases(aliases, clusters)
    _merge_tickers(aliases, mentions, clusters)
    _merge_spellings(mentions, clusters, norm)
    return _build_entities(clusters, mentions, norm, lambda text: _normalized(text, suffixes) in long_form)


@lru_cache(maxsize=1 << 16)
def _normalized(text: str, suffixes: tuple[str, ...]) -> str:
    """normalize_name, remembered across calls of resolve: a build resolves each document on its own first, and
    the same names recur from document to document."""
    return normalize_name(text, suffixes)


@lru_cache(maxsize=8)
def _long_forms(short_names: tuple[tuple[str, str], ...], suffixes: tuple[str, ...]) -> dict[str, str]:
    """Each short name's key -> its long name's key, computed once per table: a build resolves every document on
    its own first, and normalising the table each time was most of resolving a news article."""
    return {normalize_name(short, suffixes): normalize_name(long, suffixes) for short, long in short_names}


def _merges(clusters: _Clusters, keys: list[Key], mentions: dict[Key, Mention]) -> tuple[Merge, ...]:
    """One Merge per name other than the preferred one: the most telling rule that brought it in."""
    best: dict[str, Merge] = {}
    for k in sorted(keys):
        if k not in clusters.reason:
            continue
        merge = Merge(_display(mentions[k].text), *clusters.reason[k])
        if merge.name not in best or best[merge.name].rule == "same-name" != merge.rule:
            best[merge.name] = merge
    return tuple(best[name] for name in sorted(best))


def _build_entities(clusters: _Clusters, mentions: dict[Key, Mention], norm, short) -> Resolution:
    entities = []
    for root, keys in sorted(clusters.groups().items()):
        members = [mentions[k] for k in sorted(keys)]
        kind = _kind(members)
        pref = _pref_label(kind, members, norm, short)
        labels = tuple(sorted({_display(m.text) for m in members}))
        merges = _merges(clusters, [k for k in keys if _display(mentions[k].text) != pref], mentions)
        descriptors = tuple(sorted({m.descriptor for m in members if m.descriptor}))
        key = f"{kind.value.lower()}/{slug(pref)}"
        entities.append(Entity(key, kind, pref, labels, tuple(members), merges, descriptors))
    return _dedupe_keys(entities)


def _dedupe_keys(entities: list[Entity]) -> Resolution:
    """Two entities whose preferred names slug alike get --2, --3... in a stable order (see kg.iri.numbered)."""
    seen: Counter[str] = Counter()
    final = []
    for e in sorted(entities, key=lambda e: (e.key, -len(e.mentions), e.mentions[0].key)):
        seen[e.key] += 1
        final.append(e if seen[e.key] == 1 else replace(e, key=numbered(e.key, seen[e.key])))
    return Resolution(tuple(final), {m.key: e.key for e in final for m in e.mentions})
