"""Who an action's participants are: the entity a token stands for, a verb's subject through control,
raising and relative clauses, prepositional objects, coordination, and people who act for an organisation.

ParticipantReader holds one document's indexes (from ClauseReader) and the pronoun antecedents;
kg.nlp.actions.ActionFinder builds on it to read each frame's agent, target and recipient.
"""

from __future__ import annotations

import itertools
import re

from spacy.tokens import Doc, Token

from kg.model import Article, EntityKind, Mention, TimeValue
from kg.nlp.clauses import ClauseReader
from kg.nlp.coref import Antecedents
from kg.nlp.mentions import doc_text
from kg.nlp.rules import Rules

_INHERIT_THROUGH = ("xcomp", "advcl", "acl", "pcomp", "conj", "prep", "relcl", "dobj", "pobj", "acomp")
_RELATIVE_TAGS = ("WDT", "WP")
_SINGULAR_AUXILIARIES = frozenset({"was", "is", "has", "'s", "does"})
_BASED = re.compile(r"(?<=\w )based\b")
_POSSESSIVE_KINDS = {  # what a possessive pronoun bound to its clause's subject can stand for
    "its": {EntityKind.ORGANIZATION, EntityKind.PLACE},
    "their": {EntityKind.ORGANIZATION},
    "his": {EntityKind.PERSON},
    "her": {EntityKind.PERSON},
}
_PRONOUN_KINDS = {
    "it": {EntityKind.ORGANIZATION, EntityKind.PLACE},
    "its": {EntityKind.ORGANIZATION, EntityKind.PLACE},
    "we": {EntityKind.ORGANIZATION, EntityKind.PERSON, EntityKind.PLACE},
    "our": {EntityKind.ORGANIZATION, EntityKind.PERSON, EntityKind.PLACE},
    "i": {EntityKind.PERSON},
    "my": {EntityKind.PERSON},
    "he": {EntityKind.PERSON},
    "she": {EntityKind.PERSON},
    "they": {EntityKind.ORGANIZATION, EntityKind.PERSON, EntityKind.PLACE},
}


class ParticipantReader(ClauseReader):
    """One document's indexes and the readings of who a token, a subject or a phrase stands for."""

    def __init__(self, doc: Doc, article: Article, mentions: list[Mention], times: list[TimeValue], rules: Rules):
        super().__init__(doc, article, mentions, times, rules)
        self.antecedents = Antecedents(doc, mentions, rules, self.by_token)
        self.read: dict[tuple[int, bool], Mention | None] = {}  # mention_at's answers: frames ask it again and again
        self.based = self.based_names(doc)
        self.members = self.named_members(doc)

    def named_members(self, doc: Doc) -> dict[int, Token]:
        """The word each "including X" hangs from, with X: found once per document from the text, as the phrase is rare
        and _mention_at would otherwise look through every noun's children for it."""
        found: dict[int, Token] = {}
        words = self.rules.member_prepositions
        if not words:
            return found
        for match in re.finditer(rf"\b(?:{'|'.join(map(re.escape, sorted(words)))})\b", doc_text(doc)):
            span = doc.char_span(match.start(), match.end())
            if span is None or span[0].dep_ != "prep":
                continue
            pobj = next((c for c in span[0].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                found.setdefault(span[0].head.i, pobj)
        return found

    def based_names(self, doc: Doc) -> dict[int, Mention]:
        """The name a place written before "based" locates ("Los Angeles based Northrop Grumman"): without a hyphen the
        parser makes the place the verb's object and the name hang off "based"; either way the name is the participant."""
        found: dict[int, Mention] = {}
        for match in _BASED.finditer(doc_text(doc)):
            span = doc.char_span(match.start(), match.end())
            if span is None:
                continue
            place, named = self.by_token.get(span.start - 1), self.by_token.get(span.start + 1)
            if place is not None and named is not None and place.kind is EntityKind.PLACE and named is not place:
                found.update((t.i, named) for t in doc.char_span(place.start, place.end, alignment_mode="expand"))
        return found

    def mention_at(self, token: Token | None, compounds: bool = True) -> Mention | None:
        """The entity a token stands for: itself, a name after a head noun, an apposed or compound name
        (without `compounds`, "Boeing jets" stands for no entity)."""
        if token is None:
            return None
        if token.i in self.by_token:
            return self.based.get(token.i) or self.by_token[token.i]
        key = (token.i, compounds)
        if key not in self.read:
            self.read[key] = self._mention_at(token, compounds)
        return self.read[key]

    def _mention_at(self, token: Token, compounds: bool) -> Mention | None:
        if token.tag_ in _RELATIVE_TAGS and token.head.dep_ == "relcl":  # "Y, which X bought": Y
            return self.mention_at(antecedent_of(token.head))
        following = self.by_token.get(token.i + 1)
        if following is not None and following.descriptor and token.pos_ == "NOUN":
            return following
        if token.dep_ == "appos" and token.pos_ == "NOUN" and token.head.i in self.by_token and not self.eventive(token):
            return self.by_token[token.head.i]  # "Louise Straw, a solicitor": the solicitor is Straw
        named = [c for c in self.children(token) if c.i in self.by_token]
        apposed = next((c for c in named if c.dep_ == "appos"), None)  # "a village resident, Iftikhar": Iftikhar
        if apposed is None and compounds:
            apposed = next((c for c in named if c.dep_ == "compound"), None)
        if apposed is not None:
            return self.by_token[apposed.i]
        member = self.named_member(token)
        if member is not None:
            return self.mention_at(member)  # "three men including David Jones": a named member
        owner = self.clause_subject(token) if token.dep_ == "poss" else None
        if owner is not None:
            return owner
        if token.lower_ in _PRONOUN_KINDS and token.dep_ in ("nsubj", "nsubjpass", "poss"):
            speaker = self.speaker_for(token)
            if speaker is not None:
                return speaker
        return self.antecedents.resolve(token)

    def clause_subject(self, pronoun: Token) -> Mention | None:
        """The entity a possessive pronoun is bound to: the subject of its own clause, when it fits the pronoun
        ("Boeing completed its acquisition of X", "O'Leary justified his choice of Boeing"), not a subject the
        pronoun sits in ("its shares fell") nor coordinated subjects."""
        kinds = _POSSESSIVE_KINDS.get(pronoun.lower_)
        if kinds is None:
            return None
        verb = pronoun.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subject, _ = self.subject_of(verb) if verb.pos_ in ("VERB", "AUX") else (None, False)
        if subject is None or subject.i == pronoun.i or subject.is_ancestor(pronoun):
            return None
        if subject.dep_ == "conj" or any(c.dep_ == "conj" for c in self.children(subject)):
            return None  # "Gondor and Osgiliath delayed their meeting": both, which no one mention stands for
        owner = self.mention_at(subject)
        return owner if owner is not None and owner.kind in kinds else None

    def eventive(self, noun: Token) -> bool:
        """An event noun ("Yukos, a move that prompted calls": the parser apposes the move to the name it is about)."""
        lemma = noun.lemma_.lower()
        return lemma in self.rules.event_nouns or lemma in self.rules.agentive_nouns

    def named_member(self, noun: Token) -> Token | None:
        """The first named member "including" gives an unnamed noun, among coordinated members ("targets including
        the railway station and the Taj Mahal Hotel": the hotel)."""
        member = self.members.get(noun.i)
        if member is None or noun.pos_ != "NOUN":
            return None
        return next((t for t in (member, *member.conjuncts) if self.mention_at(t) is not None), None)

    def speaker_for(self, pronoun: Token) -> Mention | None:
        """Resolve a pronoun subject of reported speech to the speaker: 'Cloudflare said it ...', '"I ...," Smith
        said'; a person saying "we" speaks for the organisation a title gives them, if any ("Prince, CEO of NET")."""
        speaker = self._speaker(pronoun, _PRONOUN_KINDS[pronoun.lower_])
        if speaker is not None and speaker.kind is EntityKind.PERSON and pronoun.lower_ in ("we", "our"):
            return self.antecedents.affiliated(speaker) or speaker
        return speaker

    def _speaker(self, pronoun: Token, kinds: set[EntityKind]) -> Mention | None:
        token = pronoun.head
        while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:  # "its decision to stop X"
            token = token.head
        while token.dep_ in ("ccomp", "conj", "xcomp", "advcl", "parataxis") and token.head.i != token.i:
            token = token.head
            for subject in (c for c in self.children(token) if c.dep_ == "nsubj" and c.i in self.by_token):
                if self.by_token[subject.i].kind in kinds:
                    return self.by_token[subject.i]
        for child in self.children(pronoun.head):  # quoted speech: '"We have blocked X," Cloudflare said'
            if child.dep_ == "parataxis":
                for subject in (c for c in self.children(child) if c.dep_ == "nsubj" and c.i in self.by_token):
                    if self.by_token[subject.i].kind in kinds:
                        return self.by_token[subject.i]
        return None

    def subject_of(self, verb: Token) -> tuple[Token | None, bool]:
        """The verb's subject (inherited from governing verbs when it has none) and whether the verb is passive.

        A passive verb's subject is its target. Infinitives under 'call on X to', 'urge X to' take X
        as subject (object control); a reduced relative ('threats posted on X') has its noun as subject.
        """
        passive = any(c.dep_ in ("auxpass", "nsubjpass", "agent") for c in self.children(verb)) or bare_participle(verb)
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return verb.head, True
        token = verb
        for _ in range(8):
            for child in self.children(token):
                if child.dep_ in ("nsubj", "nsubjpass"):
                    possessor = possessor_of(child) if child.lemma_.lower() in self.rules.agentive_nouns else None
                    return possessor or child, passive  # "its decision to stop X": the possessor stops
            if token.dep_ not in _INHERIT_THROUGH or token.head.i == token.i:
                return None, passive
            if token.dep_ == "acl" and token.tag_ == "VBG" and self.mention_at(token.head, compounds=False) is not None:
                return token.head, passive  # "a solicitor representing Hall": the solicitor (Straw) represents
            possessor = possessor_of(token.head)
            if token.dep_ == "acl" and possessor is not None:
                return possessor, passive  # "Cloudflare's decision to drop X"
            if token.dep_ == "acl" and token.head.dep_ != "dobj" and not in_order_to(token):
                return None, passive  # "amid pressure to stop X": nobody in particular stops
            if token.dep_ == "xcomp":
                controller = self.object_controller(token.head)
                if controller is not None:
                    return controller, passive
            if token.dep_ == "advcl" and any(c.lower_ == "to" for c in self.children(token)):
                controller = self.object_controller(token.head)  # "calling on X to stop", parsed as advcl
                if controller is not None and self.mention_at(controller) is not None:
                    return controller, passive
            token = token.head
        return None, passive

    def object_controller(self, governor: Token) -> Token | None:
        """The object that is the subject of the governor's infinitive: "urged Boeing to", "called on X to". An
        object is no controller where the infinitive says what it is for ("used the address to say", "contacted
        Widodo to offer help"): only object-control verbs make it one."""
        controls = governor.lemma_.lower() in self.rules.object_control_verbs
        for child in self.children(governor):
            if child.dep_ == "dobj":
                return child if controls else None
            if child.dep_ == "prep" and child.lower_ == "on" or child.dep_ == "prt" and child.lower_ == "on":
                pobj = next((c for c in self.children(child) if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        return None

    def undergoer(self, verb: Token, token: Token | None) -> Token | None:
        """The object or passive subject, or, when it names no entity, the named member a phrase on the verb gives
        ("47 people were arrested including Chas Booth": Booth)."""
        if self.mention_at(token, compounds=False) is not None:
            return token
        member = self.members.get(verb.i)
        return member if self.mention_at(member) is not None else token

    def by_agent(self, verb: Token) -> Token | None:
        agent = next((c for c in self.children(verb) if c.dep_ == "agent"), None)
        return next((c for c in self.children(agent) if c.dep_ == "pobj"), None) if agent is not None else None

    def prep_object(self, head: Token, preps) -> Token | None:
        for child in self.children(head):
            if child.dep_ in ("prep", "dative") and child.lower_ in preps:
                pobj = next((c for c in self.children(child) if c.dep_ == "pobj"), None)
                if pobj is not None and self.mention_at(pobj) is not None:
                    return pobj
        return None

    def own_prep_object(self, head: Token, preps) -> Token | None:
        """A prepositional object of the head's own, not one the parser hung on it from the clause it governs: a
        phrase after the head's infinitive complement belongs to that complement ("arranged to increase swap lines
        with the ECB, and with the Swiss National Bank": the bank is the increase's co-party, not the arranging's)."""
        found = self.prep_object(head, preps)
        if found is None:
            return None
        complement = next((c for c in self.children(head) if c.dep_ == "xcomp" and c.i > head.i), None)
        return found if complement is None or found.head.i < complement.i else None

    def named_compound(self, noun: Token) -> Token | None:
        """A name written before a noun as its modifier ("Air Canada" in "the Air Canada deal")."""
        return next((c for c in self.children(noun) if c.dep_ == "compound" and c.i < noun.i and c.i in self.by_token), None)

    def event_agent(self, noun: Token | None) -> Token | None:
        """The named possessor of an event noun that a verb acts upon: "upheld Boeing's protest" acts on Boeing."""
        if noun is None or noun.lemma_.lower() not in self.rules.event_nouns:
            return None
        possessor = possessor_of(noun)
        return possessor if self.mention_at(possessor, compounds=False) is not None else None

    def between(self, head: Token) -> tuple[Token, Token] | None:
        """The two sides of "fought between Boeing and Lockheed": the first acts, the second is the target."""
        first = self.prep_object(head, ("between",))
        others = [c for c in first.conjuncts if c != first] if first is not None else []
        return (first, others[0]) if others else None

    def with_phrase(self, verb: Token) -> bool:
        """A with-phrase after the verb, on it or (as the parser often attaches it) on a word above it."""
        heads = [verb, *itertools.islice(verb.ancestors, 3)]
        return any(c.dep_ == "prep" and c.lower_ == "with" and c.i > verb.i for head in heads for c in self.children(head))

    def represented(self, token: Token | None) -> Token | None:
        """The organisation or place an unnamed agent speaks or acts for: "officials from China", "a spokesman
        for Airbus", "Boeing's lawyers", "British troops" act as China, Airbus, Boeing, the UK."""
        if token is None or token.i in self.by_token or token.lemma_.lower() not in self.rules.representatives:
            return token
        found = self.prep_object(token, ("of", "from", "for", "at")) or possessor_of(token) or self.modifier_name(token)
        mention = self.mention_at(found, compounds=False)
        return found if mention is not None and mention.kind is not EntityKind.PERSON else token

    def modifier_name(self, noun: Token) -> Token | None:
        """A name or nationality before a noun as its modifier: "US" in "US officials", "British" in "British troops"."""
        return next((c for c in self.children(noun) if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i and c.i in self.by_token), None)

    def coordinated(self, token: Token | None, verb: Token | None = None) -> list[Mention | None]:
        """The entity a token stands for and those coordinated with it ("Fornost and Gondor"); a noun a
        relative clause modifies stands alone ("X as well as other providers used by Y": not X)."""
        first = self.mention_at(token)
        if token is None or verb is not None and verb.dep_ in ("acl", "relcl") and token == verb.head:
            return [first]
        if token.i not in self.by_token and (member := self.named_member(token)) is not None and self.mention_at(member) is first:
            token = member  # "three men including David Jones and Peter Smith": each named member
        if token.dep_ != "conj" and not any(c.dep_ == "conj" for c in self.children(token)):
            return [first]  # Token.conjuncts walks the tree: most participants have none
        conjuncts = [t for t in token.conjuncts if not self.qualifies_a_title(t)]
        more = [m for m in map(self.mention_at, conjuncts) if m is not None and m != first]
        return list(dict.fromkeys([first, *more])) if first is not None or not more else more

    def qualifies_a_title(self, token: Token) -> bool:
        """"Airbus" in "Northrop Grumman and Airbus parent EADS": a name right before the title of the next name
        says whose parent (rival, owner) that name is; the parser makes it a conjunct, but it is no participant."""
        title = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        return (title is not None and title.pos_ == "NOUN" and title.dep_ == "compound" and title.head.i in self.by_token
                and self.by_token.get(token.i) is not self.by_token[title.head.i])


def antecedent_of(relative: Token) -> Token:
    """The noun a relative clause is about: the one it hangs on, or, when that noun heads coordinated nouns the clause
    follows and the clause's verb is singular, the last of them ("Coleman and Larry Pugh, who was sentenced": Pugh;
    the parser hangs the clause on the first)."""
    noun = relative.head
    if not any(c.dep_ == "conj" for c in noun.children):
        return noun
    nouns = [noun, *noun.conjuncts]
    singular = relative.tag_ == "VBZ" or any(c.dep_ in ("aux", "auxpass") and c.lower_ in _SINGULAR_AUXILIARIES
                                              for c in relative.children)
    return max(nouns, key=lambda t: t.i) if singular and all(t.i < relative.i for t in nouns) else noun


def bare_participle(verb: Token) -> bool:
    """A past participle without an auxiliary that heads an adverbial or small clause is passive: "If convicted,
    Feerick faces...", "had his leg amputated", "saw Merritt sent off" (Feerick, the leg, Merritt undergo it)."""
    if verb.tag_ != "VBN" or verb.dep_ not in ("advcl", "ccomp"):
        return False
    return not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def in_order_to(verb: Token) -> bool:
    """"co-operated in order to stop the penalty and avoid being extradited": the parser hangs the infinitive off
    "order", but it says what the governing clause's subject does, so that subject is its own."""
    return verb.head.lower_ == "order" and verb.head.head.lower_ == "in"


def possessor_of(noun: Token) -> Token | None:
    """"Cloudflare" in "Cloudflare's decision" (spaCy parses "X’s" as poss or as nmod with a case marker)."""
    for child in noun.children:
        if child.dep_ == "poss" or child.dep_ == "nmod" and any(c.dep_ == "case" for c in child.children):
            return child
    return None
