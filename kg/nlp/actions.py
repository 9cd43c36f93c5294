"""Find actions in a parsed document: who did what to whom, when and where, from the dependency parse.

Which verbs and event nouns are actions (frames) and which of their participants fill which role; who a
token or phrase stands for is kg.nlp.participants' job."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Token

from kg.model import Action, Article, EntityKind, Mention, TimeValue
from kg.nlp.coref import same_name
from kg.nlp.mentions import tokens_tagged
from kg.nlp.participants import ParticipantReader, in_order_to, possessor_of
from kg.nlp.roles import role_actions
from kg.nlp.rules import Phrase, Rules
from kg.nlp.times import clause_tense


@dataclass(frozen=True)
class _Frame:
    """A verb recognised as an action, before its participants are found."""

    verb: Token
    cls: str
    phrase: Phrase | None
    obj: Token | None  # the light verb's object ("support" in "pulled its support for")
    nominal: bool = False  # an event noun ("Sorrenti's campaign against Cloudflare")
    open: bool = False  # open class: read as PropBank Arg0 (agent), Arg1 (target), Arg2 (recipient)
    lemma: str = ""  # what the action is grouped by; the verb's lemma unless a light verb's noun says more


class ActionFinder(ParticipantReader):
    """Holds one document's indexes so that each rule is a short method."""

    # which verbs are actions
    def frame(self, verb: Token) -> _Frame | None:
        if verb.i in self.by_token:
            return None  # a word inside a name: "the Committee to Protect Journalists"
        if verb.pos_ == "NOUN":
            return self.noun_frame(verb)
        if verb.pos_ != "VERB" or verb.is_punct:
            return None  # a hyphen the parser tags as a verb ("co - operated") is none
        lemma = verb.lemma_.lower()
        rules = self.rules
        particle = obj = None
        for child in self.children(verb):
            dep = child.dep_
            if dep == "prt" and particle is None:
                particle = child.lemma_.lower()
            elif dep == "dobj" and obj is None:
                obj = child
        obj_lemma = obj.lemma_.lower() if obj is not None else None
        phrase = rules.phrase_for(lemma, particle=particle, obj=obj_lemma)
        if phrase is not None:
            return _Frame(verb, self.reversed(verb, phrase.cls), phrase, obj if phrase.object else None, lemma=lemma)
        complement = any(c.dep_ == "xcomp" and c.pos_ == "VERB" for c in self.children(verb))
        if complement and (lemma in rules.reversers or obj is None and lemma in rules.verbs):
            return None  # "stop providing", "continue to campaign": the complement is the action ("urged X to" is one too)
        cls = rules.verbs.get(lemma)
        if cls is not None:
            return _Frame(verb, self.reversed(verb, cls), None, None, lemma=lemma)
        if lemma in rules.not_actions or lemma in rules.light_verbs and obj_lemma in rules.event_nouns:
            return None  # "made an offer for X": the noun is the action (noun_frame)
        return _Frame(verb, rules.verb_families.get(lemma, rules.generic_class), None, None, open=True, lemma=lemma)

    def noun_frame(self, noun: Token) -> _Frame | None:
        """An event noun with a possessor, a target or a light verb of its own ("X made an offer for Y"),
        unless a phrase of the lexicon already uses it ("launched a campaign")."""
        cls = self.rules.event_nouns.get(noun.lemma_.lower())
        if cls is None or any(c.dep_ == "acl" and in_order_to(c) for c in self.children(noun)):
            return None  # "in order to buy": no order
        if noun.dep_ == "dobj" and self.rules.phrase_for(noun.head.lemma_.lower(), obj=noun.lemma_.lower()):
            return None
        return _Frame(noun, cls, None, None, nominal=True, lemma=noun.lemma_.lower())

    def light_verb(self, noun: Token) -> Token | None:
        """The verb an event noun is the object of, when that verb carries it ("made an offer", "negotiated
        a purchase"): its subject is the noun's agent, its negation and modality the noun's."""
        head = noun.head
        lemma = head.lemma_.lower()
        carries = lemma in self.rules.light_verbs or lemma in self.rules.support_verbs
        return head if noun.dep_ == "dobj" and head.pos_ == "VERB" and carries else None

    def reversed(self, verb: Token, cls: str) -> str:
        """'stop providing services to X' ends cooperation: it is the reversed (hostile) class."""
        rules = self.rules
        if cls in rules.reversible_classes and verb.dep_ == "xcomp" and verb.head.lemma_.lower() in rules.reversers:
            return rules.reversed_class
        return cls

    # participants

    def target_token(self, frame: _Frame, passive_subject: Token | None) -> Token | None:
        verb, preps = frame.verb, self.rules.target_prepositions
        if passive_subject is not None:
            return self.undergoer(verb, passive_subject)
        if frame.obj is not None:
            linking = self.rules.object_prepositions
            return self.prep_object(frame.obj, linking) or self.prep_object(verb, linking)
        direct = next((c for c in self.children(verb) if c.dep_ in ("dobj", "dative")), None)
        if direct is not None and self.mention_at(direct) is not None:
            return direct
        found = self.prep_object(verb, preps)
        if found is None and direct is not None:  # "broke relations with X", "condemned the killing of X"
            found = self.prep_object(direct, self.rules.object_prepositions)
        return found if found is not None else self.event_agent(direct)  # "condemned Russia's invasion"

    def place_of(self, verb: Token) -> Mention | None:
        pobj = self.prep_object(verb, self.rules.place_prepositions)
        m = self.mention_at(pobj)
        return m if m is not None and m.kind is EntityKind.PLACE else None

    # attribution
    def reporter(self, verb: Token) -> tuple[Mention | None, Token | None]:
        """Who reports the action, and the statement verb that reports it ("X said Y bought Z": said)."""
        for gov in self.governors(verb):
            if self.rules.verbs.get(gov.lemma_.lower()) == "Statement":
                subject, _ = self.subject_of(gov)
                speaker = self.mention_at(subject)
                return speaker, gov if speaker is not None else None
        token = self.according.get(self.sent_of[verb.i])
        if token is not None:
            to = next((c for c in self.children(token) if c.lower_ == "to"), None)
            pobj = next((c for c in self.children(to) if c.dep_ == "pobj"), None) if to is not None else None
            return self.mention_at(pobj), None
        return None, None

    # assembling
    def trigger(self, frame: _Frame) -> str:
        words = [frame.verb.text]
        if frame.verb.dep_ == "xcomp" and frame.verb.head.lemma_.lower() in self.rules.reversers:
            words.insert(0, frame.verb.head.text)  # "stop providing support": the label says what happened
        words += [c.text for c in self.children(frame.verb) if c.dep_ == "prt"]
        if frame.obj is not None:
            words.append(frame.obj.text)
        return " ".join(words)

    def participants(self, frame: _Frame) -> tuple[Token | None, Token | None, Token | None]:
        """The agent, target and recipient tokens of a frame, by its kind: verb, undergoer phrase or event noun."""
        if frame.cls in self.rules.movement_classes:  # the mover goes somewhere: a place, not a target
            return self.subject_of(frame.verb)[0], None, None
        if frame.nominal:
            return self.noun_participants(frame.verb)
        if frame.open:
            return self.open_participants(frame)
        return (*self.lexicon_participants(frame), None)

    def co_party(self, frame: _Frame, target: Token | None) -> bool:
        """Whether the target is the with-party that the predicate's PropBank frame numbers Arg2, a co-participant
        (sign.02's co-signer, agree.01's other agreer): "signed a contract with the Ministry" makes it the recipient."""
        return (target is not None and target.dep_ == "pobj" and target.head.lower_ in self.rules.comitative_prepositions
                and frame.lemma in self.rules.co_party_predicates)

    def noun_participants(self, noun: Token) -> tuple[Token | None, Token | None, Token | None]:
        """"X's acquisition of Y", "Y's bailout by X", "the deal between X and Y", "X made an offer for Y"."""
        rules = self.rules
        light = self.light_verb(noun)
        if light is not None and light.lemma_.lower() in rules.receiving_verbs:
            source = self.source_of(noun, light)
            if source is not None:  # "Airbus won an order from Qatar Airways": Qatar orders, Airbus receives it
                target = self.prep_object(noun, rules.object_prepositions)
                return source, target, self.subject_of(light)[0]
        return (*self.nominal_agent_target(noun, light), None)

    def source_of(self, noun: Token, receiver: Token) -> Token | None:
        """Who an event noun a receiving verb takes comes from: its from-phrase (on the noun or the verb), its
        possessor, or the name written before it ("won the Qatar Airways order")."""
        return (self.prep_object(noun, ("from",)) or self.prep_object(receiver, ("from",)) or possessor_of(noun)
                or self.named_compound(noun))

    def nominal_agent_target(self, noun: Token, light: Token | None) -> tuple[Token | None, Token | None]:
        rules = self.rules
        possessor = possessor_of(noun)
        if possessor is not None and possessor.tag_ == "PRP$" and self.received(noun):
            possessor = None  # "Eastwood got his nomination", "Foxx accepted his award": he receives it, not does it
        if possessor is None and rules.event_nouns[noun.lemma_.lower()] not in rules.ambiguous_compound_classes:
            possessor = self.named_compound(noun)  # "the Air Canada deal"
        if possessor is None and light is not None:
            possessor = self.subject_of(light)[0]
        if possessor is None and noun.dep_ == "pobj" and noun.head.lower_ in rules.framing_prepositions:
            frame_verb = noun.head.head  # "said in a statement", "challenged the award in a formal protest"
            subject, passive = self.subject_of(frame_verb) if frame_verb.pos_ == "VERB" else (None, True)
            possessor = None if passive else subject
        by = self.prep_object(noun, ("by",))
        target = self.prep_object(noun, rules.object_prepositions if light is not None else rules.noun_target_prepositions)
        if target is not None and self.mention_at(target, compounds=False) is None:
            target = None  # "the purchase of Boeing jets": the jets are bought, not Boeing
        if by is not None:
            return by, target or possessor
        between = self.prep_object(noun, ("between",))
        if between is not None and possessor is None and target is None:
            conjuncts = [c for c in between.conjuncts if c != between]
            return between, conjuncts[0] if conjuncts else None
        return possessor, target

    def received(self, noun: Token) -> bool:
        """Whether an event noun is the object of a receiving verb ("got his nomination", "accepted her award")."""
        return noun.dep_ == "dobj" and noun.head.lemma_.lower() in self.rules.receiving_verbs

    def open_participants(self, frame: _Frame) -> tuple[Token | None, Token | None, Token | None]:
        """PropBank's Arg0, Arg1 and Arg2 of any verb: subject (or by-phrase), object (or passive
        subject), and the indirect object or a to/for phrase beside a direct object."""
        verb, rules = frame.verb, self.rules
        subject, passive = self.subject_of(verb)
        source = frame.obj if frame.obj is not None else verb
        direct = next((c for c in self.children(verb) if c.dep_ == "dobj"), None) if frame.obj is None else None
        if passive:  # "X is expected to buy Y": X is not what is expected
            raising = any(c.dep_ == "xcomp" for c in self.children(verb))
            agent, target = self.by_agent(verb), None if raising else self.undergoer(verb, subject)
        else:
            agent = subject
            patient = self.undergoer(verb, direct) if direct is not None else None
            target = patient if patient is not None and self.mention_at(patient, compounds=False) is not None else None
        comitative = None
        if target is None:
            preps = rules.object_prepositions if frame.obj is not None else rules.open_target_prepositions
            if direct is not None:  # "arranged swap lines with X": the lines are the Arg1, X a co-participant
                comitative = self.own_prep_object(verb, rules.comitative_prepositions)
                preps = preps - rules.comitative_prepositions
            target = self.own_prep_object(source, preps)
            target = target if target is not None and self.mention_at(target, compounds=False) is not None else None
        acts_on = frame.verb.lemma_.lower() not in rules.support_verbs and frame.obj is None
        if target is None and acts_on and not passive:
            target = self.event_agent(direct)
        recipient = next((c for c in self.children(verb) if c.dep_ == "dative" and c.pos_ != "ADP"), None)
        if recipient is None and (direct is not None or passive or frame.obj is not None):
            recipient = self.own_prep_object(verb, rules.recipient_prepositions) or comitative
        if target is not None and (frame.lemma in rules.payee_verbs or frame.lemma in rules.provision_verbs and self.with_phrase(verb)):
            recipient, target = target, None  # "supplied the RAF with tankers", "compensated the airline": they receive
        if self.mention_at(agent) is None and self.mention_at(target) is None and (sides := self.between(verb)):
            agent, target = sides
        return agent, target, recipient

    def lexicon_participants(self, frame: _Frame) -> tuple[Token | None, Token | None]:
        subject, passive = self.subject_of(frame.verb)
        if frame.phrase is not None and frame.phrase.undergoer_subject and not passive:
            source = frame.obj if frame.obj is not None else frame.verb
            return self.prep_object(source, ("from", "by")), subject
        agent = self.by_agent(frame.verb) if passive else subject
        return agent, self.target_token(frame, subject if passive else None)

    def actions(self, frame: _Frame) -> list[Action]:
        """The frame's action, one per coordinated target ("doxed Sorrenti and her family")."""
        agent_token, target_token, recipient_token = self.participants(frame)
        agent_token = self.represented(agent_token)
        if frame.cls in self.rules.movement_classes and self.place_of(frame.verb) is None:
            return []  # "went beyond", "left X with Y", "hiding faults": no movement without a place
        recipient = self.mention_at(recipient_token)
        if frame.open and recipient is None and self.mention_at(agent_token) is None and self.mention_at(target_token) is None:
            if not any(t is not None and t.dep_ == "conj" or t is not None and any(c.dep_ == "conj" for c in self.children(t))
                       for t in (agent_token, target_token)):
                return []  # no named participant: most verbs end here
        if agent_token is not None and target_token in agent_token.conjuncts:  # "the deal between X and Y"
            agents, targets = [self.mention_at(agent_token)], [self.mention_at(target_token)]
        else:
            agents, targets = self.coordinated(agent_token, frame.verb), self.coordinated(target_token, frame.verb)
        co_party = recipient_token is None and self.co_party(frame, target_token)
        found = []
        for agent in agents:
            for target in targets:
                if target is not None and agent is not None and same_name(target, agent):
                    target = None
                if co_party:  # each co-signer is a recipient: "agreed with the Philippines and France"
                    target, recipient = None, target
                if agent is not None or target is not None or recipient is not None:
                    found.append(self.assemble(frame, agent, target, recipient))
        return list(dict.fromkeys(found))

    def assemble(self, frame: _Frame, agent: Mention | None, target: Mention | None, recipient: Mention | None) -> Action:
        verb = frame.verb
        clause = (self.light_verb(verb) if frame.nominal else None) or verb  # "did not make an offer"
        negated, modality = self.polarity(clause)
        sentence = self.sent_of[verb.i]
        sentence_start, sentence_end, evidence = self.sentences[sentence]
        reporter, statement = self.reporter(clause) if frame.cls != "Statement" else (None, None)
        return Action(
            doc_id=self.article.id,
            trigger=self.trigger(frame),
            lemma=frame.lemma or verb.lemma_.lower(),
            action_class=frame.cls,
            start=verb.idx,
            end=verb.idx + len(verb.text),
            sentence=sentence,
            sentence_start=sentence_start,
            sentence_end=sentence_end,
            evidence=evidence,
            agent=agent,
            target=target,
            recipient=recipient if recipient not in (agent, target) else None,
            time=self.time_of(clause),
            place=self.place_of(clause),
            negated=negated,
            modality=modality,
            reported_by=reporter if reporter != agent else None,
            tense=action_tense(verb, self.rules),
            reported_in=statement.idx if statement is not None else None,
        )


def action_tense(verb: Token, rules: Rules) -> int:
    """The trigger's tense, as clause_tense gives it, with -2 for the past perfect ("had terminated"): an act
    that lies before the story's own past."""
    tense = clause_tense(verb, rules)
    if tense == -1 and verb.tag_ == "VBN" and any(c.lower_ in ("had", "'d") for c in verb.children if c.dep_ == "aux"):
        return -2
    return tense




def extract_actions(
    doc: Doc, article: Article, mentions: list[Mention], times: list[TimeValue], rules: Rules
) -> list[Action]:
    """Return every action whose agent, target or recipient is an entity: the lexicon's verbs and
    phrases with their classes, any other verb with its family's class or the generic one, and titles
    as affiliations. A reported action points to its statement only when that statement is an action."""
    finder = ActionFinder(doc, article, mentions, times, rules)
    found = role_actions(finder, mentions, rules.affiliation_class)
    for token in tokens_tagged(doc, NOUN, VERB):  # frame() looks at nothing else
        frame = finder.frame(token)
        if frame is not None:
            found.extend(finder.actions(frame))
    statements = {a.start for a in found}
    return [a if a.reported_in in statements or a.reported_in is None else replace(a, reported_in=None) for a in found]
