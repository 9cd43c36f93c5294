"""Find entity mentions and alias evidence in a parsed document."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Iterable, Iterator

import numpy
from spacy.attrs import POS, SENT_START
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from kg.model import Alias, Article, EntityKind, Mention
from kg.nlp.kinds import corrected_kind, gazetteer_places, group_kind, mislabelled_organization, people_to_places
from kg.nlp.rules import Rules

NER_KINDS = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANIZATION,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
    "FAC": EntityKind.PLACE,
}
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:['’]s?|[\s.,;:!?\"“”'‘’)(-]+)$")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+$")
_HASHTAG = re.compile(r"#[A-Za-z]\w{2,}")
_MISLABELLED = {"WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}  # labels an organisation's name sometimes gets
_NOT_A_NAME = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"}


def doc_text(doc: Doc) -> str:
    """The document's text, built once: spaCy joins its tokens again on every `doc.text`."""
    if "kg_text" not in doc.user_data:
        doc.user_data["kg_text"] = doc.text
    return doc.user_data["kg_text"]


def descriptor_kind(cls: str) -> EntityKind:
    return EntityKind.PLACE if cls == "Place" else EntityKind.ORGANIZATION


def _clean(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Trim determiners and possessive endings off a character span; None if nothing is left."""
    text = doc_text(doc)[start:end]
    lead = _LEADING.match(text)
    if lead and not text[: lead.end()].istitle():
        start += lead.end()
    text = doc_text(doc)[start:end]
    while not _ABBREVIATION.search(text):
        trail = _TRAILING.search(text)
        if not trail or trail.start() == 0:
            break
        end = start + trail.start()
        text = doc_text(doc)[start:end]
    return (start, end) if text.strip() and any(c.isalnum() for c in text) else None


def sentence_index(doc: Doc) -> list[int]:
    """Token index -> sentence number, built once per document and shared by the extractors (from the
    sentence starts as an array: doc.sents would make a Token object for every word)."""
    if "kg_sentences" not in doc.user_data:
        starts = doc.to_array(SENT_START) == 1
        starts[:1] = True
        doc.user_data["kg_sentences"] = (numpy.cumsum(starts) - 1).tolist()
    return doc.user_data["kg_sentences"]


def tokens_tagged(doc: Doc, *tags: int) -> Iterator[Token]:
    """The document's tokens with one of these parts of speech (spacy.symbols), in order. The scan is
    vectorised, so extractors that look only at nouns or verbs make no Token objects for the other words."""
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(POS), tags)):
        yield doc[int(i)]


def _mention(doc_id: str, doc: Doc, span: Span, kind: EntityKind, sents: dict[int, int], descriptor=None):
    bounds = _clean(doc, span.start_char, span.end_char)
    if bounds is None:
        return None
    start, end = bounds
    return Mention(doc_id, doc_text(doc)[start:end], kind, start, end, sents[span.start], descriptor)


def _name_run(doc: Doc, i: int) -> Span | None:
    """The proper-name tokens starting at token i ("8chan", "Daily Stormer"), if any."""
    end = i
    while end < len(doc) and (doc[end].pos_ in ("PROPN", "X") or (doc[end].ent_type_ and doc[end].ent_type_ not in _NOT_A_NAME)):
        if doc[end].is_punct or doc[end].is_space:
            break
        end += 1
    if end == i and i < len(doc) and doc[i].pos_ == "NUM" and any(c.isalpha() for c in doc[i].text):
        end = i + 1
    return doc[i:end] if end > i else None


def _descriptor_of(token: Token, rules: Rules) -> str | None:
    lemma = token.lemma_.lower()
    if lemma not in rules.descriptor_heads or token.pos_ not in ("NOUN", "PROPN"):
        return None
    prev = token.doc[token.i - 1] if token.i > 0 else None
    if prev is not None and f"{prev.lemma_.lower()} {lemma}" in rules.descriptors:
        return rules.descriptors[f"{prev.lemma_.lower()} {lemma}"]
    return rules.descriptors.get(lemma) if token.pos_ == "NOUN" else None


def _class_nouns(doc: Doc, rules: Rules) -> list[tuple[Token, str]]:
    """The document's nouns that name a class of entity ("forum", "insurance company"), with the class."""
    return [(token, cls) for token in tokens_tagged(doc, NOUN, PROPN) if (cls := _descriptor_of(token, rules))]


def _descriptor_mentions(doc: Doc, article: Article, classed: list[tuple[Token, str]], sents) -> Iterable[Mention]:
    """Names introduced by a head noun: 'the forum 8chan', 'the site Daily Stormer'."""
    for token, cls in classed:
        if token.i + 1 >= len(doc):
            continue
        run = _name_run(doc, token.i + 1)
        if run is not None and (run[0].text[0].isupper() or any(c.isdigit() for c in run[0].text)):
            m = _mention(article.id, doc, run, descriptor_kind(cls), sents, cls)
            if m:
                yield m


def _apposed_descriptor(span: Span, rules: Rules) -> str | None:
    """The class a name's apposition gives it: 'Kiwi Farms, an online forum' -> Website."""
    for child in span.root.children:
        if child.dep_ == "appos":
            cls = _descriptor_of(child, rules)
            if cls:
                return cls
    head = span.root.head
    if span.root.dep_ in ("appos", "compound") and head.i not in range(span.start, span.end):
        return _descriptor_of(head, rules)
    return None


def joined_names(ents: Iterable[Span]) -> list[Span]:
    """The model's names, an organisation's joined with the one-word person's name that follows it where the parser
    reads them as one noun phrase ("Lockheed" ORG + "Martin" PERSON, a compound of it: the company Lockheed
    Martin). The model ends a name where a known name of another kind begins; a company named after its founders
    is the usual case. Other joins of abutting names were tried on 1,500 BBC articles and were wrong more often
    than right: an organisation and a full name is a person's affiliation ("BBC Michael Howard", "Labour MP Jean
    Corston"), a country and an organisation is as often two names ("Russia WTO", "BBC Liverpool")."""
    joined: list[Span] = []
    for ent in ents:
        last = joined[-1] if joined else None
        if (last is not None and last.end == ent.start and (last.label_, ent.label_) == ("ORG", "PERSON")
                and len(ent) == 1 and ent[0].pos_ == "PROPN" and all(t.pos_ == "PROPN" for t in last)
                and last.root.dep_ == "compound" and last.root.head.i == ent.start):
            joined[-1] = Span(ent.doc, last.start, ent.end, label="ORG")
        else:
            joined.append(ent)
    return joined


def _ner_mentions(doc: Doc, article: Article, rules: Rules, sents) -> Iterable[Mention]:
    text = doc_text(doc)
    for ent in joined_names(doc.ents):
        name = text[ent.start_char:ent.end_char]
        kind = NER_KINDS.get(ent.label_)
        if ent.label_ == "NORP":
            kind = group_kind(ent, _LEADING.sub("", name), rules)  # "German" names Germany, "the Tories" a party
        elif kind is None and ent.label_ in _MISLABELLED:
            found = mislabelled_organization(ent, rules)
            if found is not None:
                m = _mention(article.id, doc, found[0], EntityKind.ORGANIZATION, sents, found[1])
                if m:
                    yield m
                continue
        if kind is None or not any(c.isupper() or c.isdigit() for c in name):
            continue  # "white supremacist": a name is written with a capital or a digit
        cls = _apposed_descriptor(ent, rules)
        if cls and (kind is EntityKind.PLACE) != (cls == "Place"):
            cls = None  # "U.S. internet company": the company is not the place
        elif cls:
            kind = descriptor_kind(cls)
        else:
            kind, cls = corrected_kind(ent, name, kind, rules)
        m = _mention(article.id, doc, ent, kind, sents, cls)
        if m and kind is EntityKind.PERSON:
            m = _without_honorific(m, rules.honorifics)
        if m:
            yield m


def _without_honorific(m: Mention, honorifics: frozenset[str]) -> Mention | None:
    """'Ms Hewitt' -> 'Hewitt': a title is not part of the name (a title alone is no name)."""
    text, start = m.text, m.start
    while (match := re.match(r"([A-Z][a-z]*)\.?\s+", text)) and match[1] in honorifics:
        text, start = text[match.end():], start + match.end()
    if not text:
        return None
    return replace(m, text=text, start=start) if start != m.start else m


def _hashtag_mentions(doc: Doc, article: Article, sents) -> Iterable[Mention]:
    for match in _HASHTAG.finditer(doc_text(doc)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            yield Mention(article.id, match[0], EntityKind.ORGANIZATION, match.start(), match.end(), sents[span.start], "Campaign")


def _dedupe(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep one mention per span; where spans overlap keep the earlier-found one (descriptors first)."""
    kept: list[Mention] = []
    for m in mentions:
        if any(m.start < k.end and k.start < m.end for k in kept):
            continue
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _ticker_spans(doc: Doc, rules: Rules) -> list[Mention]:
    """Placeholders over '(NYSE:NET)' so that the exchange is not taken for an entity."""
    return [Mention("", m[0], EntityKind.ORGANIZATION, m.start(), m.end(), -1) for m in rules.ticker.finditer(doc_text(doc))]


def _capitalised_word(token: Token) -> bool:
    """A word that can be part of a name: capitalised, not a function word ("The", "In")."""
    return token.text[:1].isupper() and not token.is_punct and not token.is_stop and token.pos_ not in ("DET", "ADP", "PRON")


def _ticker_names(doc: Doc, article: Article, rules: Rules, sents) -> Iterable[Mention]:
    """The proper name right before '(NYSE:NET)' is a company's, whether or not the model tagged it."""
    for match in rules.ticker.finditer(doc_text(doc)):
        before = doc.char_span(0, match.start(), alignment_mode="contract")
        if before is None or not len(before):
            continue
        end = before.end
        start = end
        while start > 0 and _capitalised_word(doc[start - 1]):
            start -= 1
        if start < end:
            m = _mention(article.id, doc, doc[start:end], EntityKind.ORGANIZATION, sents, "Company")
            if m:
                yield m


def extract_mentions(doc: Doc, article: Article, rules: Rules) -> list[Mention]:
    """Return the article's entity mentions, from NER corrected by head nouns and appositions."""
    sents = sentence_index(doc)
    placeholders = _ticker_spans(doc, rules)
    classed = _class_nouns(doc, rules)
    proper = list(tokens_tagged(doc, PROPN))  # both untagged-name finders walk them
    found = _dedupe(
        [
            *placeholders,
            *_descriptor_mentions(doc, article, classed, sents),
            *_ticker_names(doc, article, rules, sents),
            *_hashtag_mentions(doc, article, sents),
            *_ner_mentions(doc, article, rules, sents),
            *_gazetteer_mentions(doc, article, proper, sents),
            *_headed_names(doc, article, rules, proper, sents),
            *_described_names(doc, article, classed, sents),
        ]
    )
    named = people_to_places([m for m in found if m not in placeholders], doc_text(doc))
    return _dedupe([*named, *_repeated_names(doc, named, [*named, *placeholders], sents)])


def _gazetteer_mentions(doc: Doc, article: Article, proper: list[Token], sents) -> Iterable[Mention]:
    """Countries, continents and US states the model left untagged ("stocks fell in Asia"): a run of proper
    nouns, none of them tagged, that the gazetteer knows."""
    places = gazetteer_places()
    run: list[Token] = []
    for token in [*proper, None]:
        if token is not None and (not run or token.i == run[-1].i + 1):
            run.append(token)
            continue
        if run and not any(t.ent_type_ for t in run):
            span = doc[run[0].i : run[-1].i + 1]
            if doc_text(doc)[span.start_char:span.end_char].casefold() in places:
                m = _mention(article.id, doc, span, EntityKind.PLACE, sents)
                if m:
                    yield m
        run = [token] if token is not None else []


def _headed_names(doc: Doc, article: Article, rules: Rules, proper: list[Token], sents) -> Iterable[Mention]:
    """Names the model left untagged that "the" introduces and an organisation word ends: "the Defense Ministry",
    "the Supreme Court", or, as a one-word name's ending, "the Eurogroup" (`organization_suffixes`); and one-word
    plural names with "the", which name groups (teams, bands, parties: "the Gliders"), unless the gazetteer has them."""
    run: list[Token] = []
    for token in [*proper, None]:
        if token is not None and not token.ent_type_ and token.text[:1].isupper() and (not run or token.i == run[-1].i + 1):
            run.append(token)
            continue
        if run and run[0].i > 0 and doc[run[0].i - 1].lower_ == "the":
            last = run[-1].lower_
            subtype = rules.organization_words.get(last) if len(run) > 1 else next(
                (cls for end, cls in rules.organization_suffixes.items() if last.endswith(end) and len(last) > len(end) + 2), None)
            if subtype is None and len(run) == 1 and run[0].tag_ == "NNPS" and last not in gazetteer_places():
                subtype = "Organization"
            m = _mention(article.id, doc, doc[run[0].i:run[-1].i + 1], EntityKind.ORGANIZATION, sents, subtype) if subtype else None
            if m:
                yield m
        run = [token] if token is not None and not token.ent_type_ and token.text[:1].isupper() else []


def _described_names(doc: Doc, article: Article, classed: list[tuple[Token, str]], sents) -> Iterable[Mention]:
    """Names the model left untagged that a class noun describes, written before it or apposed to it: "the Old
    Mutual insurance company", "Old Mutual, the insurance company" (not "an Internet provider", a kind of
    provider). The class noun gives the kind."""
    for token, cls in classed:
        if token.pos_ != "NOUN":
            continue
        if token.dep_ == "appos" and token.head.i < token.i:
            run = _untagged_name_around(doc, token.head.i)
        elif cls != "Website" and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            # not "an Internet provider" (a kind of provider), nor "the Dingolfing site" (a plant's site)
            end = token.i
            while end > 0 and doc[end - 1].pos_ == "NOUN" and doc[end - 1].dep_ == "compound":
                end -= 1  # "insurance" in "the Old Mutual insurance company"
            run = _untagged_name_around(doc, end - 1) if end > 0 else None
        else:
            run = None
        if run is not None:
            m = _mention(article.id, doc, run, descriptor_kind(cls), sents, cls)
            if m:
                yield m


def _untagged_name_around(doc: Doc, i: int) -> Span | None:
    """The run of capitalised proper nouns, none of them in an entity, that holds token i."""
    def untagged(j: int) -> bool:
        token = doc[j]
        return token.pos_ == "PROPN" and not token.ent_type_ and token.text[:1].isupper()

    if not untagged(i):
        return None
    start, end = i, i + 1
    while start > 0 and not doc[start].is_sent_start and untagged(start - 1):
        start -= 1
    while end < len(doc) and not doc[end].is_sent_start and untagged(end):
        end += 1
    return doc[start:end]


def _repeated_names(doc: Doc, mentions: list[Mention], taken: list[Mention], sents) -> list[Mention]:
    """Find again, wherever they recur, the names the model found once (one sense per discourse).

    The model tags "Sorrenti" in one sentence and misses it in the next; a person's surname
    alone ("Prince" after "Matthew Prince") counts as the person's name.  Each name keeps the
    kind most of its mentions have, and a kind given by a head noun outweighs the model's.
    """
    kinds: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        kinds[m.text][m.kind] += 2 if m.descriptor else 1
        words = m.text.split()
        if m.kind is EntityKind.PERSON and len(words) > 1 and words[-1][:1].isupper() and len(words[-1]) > 2:
            kinds[words[-1]][EntityKind.PERSON] += 1
    if not kinds:
        return []
    kind_of = {name: votes.most_common(1)[0][0] for name, votes in kinds.items()}
    taken_chars = {i for m in taken for i in range(m.start, m.end)}
    found = []
    text = doc_text(doc)
    for start, name in _whole_words(text, kind_of):
        end = start + len(name)
        if taken_chars.intersection(range(start, end)):
            continue
        span = doc.char_span(start, end)
        if span is not None and span[0].pos_ in ("PROPN", "NOUN", "X", "NUM"):
            found.append(Mention(mentions[0].doc_id, name, kind_of[name], start, end, sents[span.start]))
    return found


def _whole_words(text: str, names: Iterable[str]) -> list[tuple[int, str]]:
    r"""Where the names occur as whole words (not after a letter, digit, "_", "#" or "@", nor before a letter, digit
    or "_"), scanned left to right without overlaps, the longest name first where several start at one place: what
    re.finditer(r"(?<![\w#@])(?:longest|...|shortest)(?!\w)") finds, without compiling a new alternation for every
    document (which cost more than the search).

    >>> _whole_words("Prince met Matthew Prince; #Prince", ["Prince", "Matthew Prince"])
    [(0, 'Prince'), (11, 'Matthew Prince')]
    """
    longest: dict[int, str] = {}
    for name in names:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if (len(name) > len(longest.get(start, "")) and (start == 0 or not _word_or_tag(text[start - 1]))
                    and (end == len(text) or not _word_char(text[end]))):
                longest[start] = name
            start = text.find(name, start + 1)
    found, reached = [], 0
    for start in sorted(longest):
        if start >= reached:
            found.append((start, longest[start]))
            reached = start + len(longest[start])
    return found


def _word_char(char: str) -> bool:
    """What the regular expression \\w matches in a str pattern."""
    return char.isalnum() or char == "_"


def _word_or_tag(char: str) -> bool:
    return _word_char(char) or char in "#@"


def _anchor_by_syntax(doc: Doc, char: int, by_token: dict[int, Mention]) -> Mention | None:
    """Walk up from the alias phrase ('known as') through appositions to the name it describes."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    for _ in range(6):
        if token.i in by_token:
            return by_token[token.i]
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _nearest_before(mentions: list[Mention], char: int, sentence: int) -> Mention | None:
    before = [m for m in mentions if m.end <= char and m.sentence == sentence and m.kind is not EntityKind.PLACE]
    return before[-1] if before else None


def token_index(doc: Doc, mentions: list[Mention]) -> dict[int, Mention]:
    """Map each token inside a mention to that mention (the first one, where alias spans overlap)."""
    index: dict[int, Mention] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                index.setdefault(i, m)
    return index


def _alias_mention(doc: Doc, start: int, end: int, like: Mention, mentions: list[Mention]) -> Mention:
    for m in mentions:
        if m.start == start and m.end == end:
            return m
    bounds = _clean(doc, start, end) or (start, end)
    return Mention(like.doc_id, doc_text(doc)[bounds[0] : bounds[1]], like.kind, bounds[0], bounds[1], like.sentence)


def extract_aliases(doc: Doc, mentions: list[Mention], rules: Rules) -> tuple[list[Alias], list[Mention]]:
    """Find 'X, known as Y' and 'X (NYSE:Y)' evidence; return aliases and mentions for the alias names."""
    by_token = token_index(doc, mentions)
    aliases: list[Alias] = []
    sents = list(doc.sents)
    for n, sent in enumerate(sents):
        text = doc_text(doc)[sent.start_char : sent.end_char]  # Span.text rebuilds it token by token
        for match in rules.alias_phrase.finditer(text):
            start, end = sent.start_char + match.start("alias"), sent.start_char + match.end("alias")
            if _is_finite_verb(doc, sent.start_char + match.start(), sent.start_char + match.start("alias")):
                continue  # "The League called Kiwi Farms a forum" names nothing
            anchor = _anchor_by_syntax(doc, sent.start_char + match.start(), by_token)
            anchor = anchor or _nearest_before(mentions, sent.start_char + match.start(), n)
            if anchor is None or anchor.start <= start < anchor.end:
                continue
            alias = _alias_mention(doc, start, end, anchor, mentions)
            aliases.append(Alias(anchor.doc_id, anchor, alias, "alias-phrase", text.strip()))
        aliases.extend(_ticker_aliases(doc, sent, text, n, mentions, rules))
    extra = list(dict.fromkeys(a.alias for a in aliases if a.alias not in mentions))
    return aliases, extra


def _is_finite_verb(doc: Doc, start: int, end: int) -> bool:
    """True when the alias phrase is a clause's own verb with a subject, not a participle."""
    span = doc.char_span(start, end, alignment_mode="expand")
    verbs = [t for t in span or () if t.pos_ == "VERB"]
    return bool(verbs) and any(c.dep_ in ("nsubj", "nsubjpass") for c in verbs[0].children)


def _ticker_aliases(doc: Doc, sent: Span, text: str, n: int, mentions: list[Mention], rules: Rules) -> Iterable[Alias]:
    """'Cloudflare (NYSE:NET)': the ticker names a company before it in the sentence.

    Every organisation before the ticker is a candidate; resolution picks the most likely one
    (subject first, then adjacency) among those that can have a ticker.
    """
    for match in rules.ticker.finditer(text):
        char = sent.start_char + match.start()
        candidates = [m for m in mentions if m.sentence == n and m.end <= char and m.kind is EntityKind.ORGANIZATION]
        start, end = sent.start_char + match.start("t"), sent.start_char + match.end("t")
        for anchor in candidates:
            alias = Mention(anchor.doc_id, match["t"], anchor.kind, start, end, n)
            rule = "ticker-adjacent" if anchor.end >= char - 1 else "ticker-subject" if _is_subject(doc, anchor) else "ticker"
            yield Alias(anchor.doc_id, anchor, alias, rule, text.strip())


def _is_subject(doc: Doc, m: Mention) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")
