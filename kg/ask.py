"""Plain-English questions to SPARQL through fixed templates; names are matched to graph labels and bound
as RDF terms (VALUES), never pasted into the query text."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from kg.errors import QueryError
from kg.labels import LabelIndex, NameMatch, clean_name
from kg.store.base import QueryResult, Store

HELP = (
    "try: who acted against X? | who blocked X? | what did X do (to Y)? | when did X act against Y? | "
    "who did X act against? | where did X happen? | what happened in 2022? | who is X?"
)

# Every answer is one row per event (kg/events.py): ?event, its label, its first report (?action, ?source) and its
# number of reports; words are matched against the triggers and lemmas of all its reports. No pattern names a
# constant that most nodes share (`a kg:Event`, `kg:negated false`): Oxigraph would start from it, from every event.
_EVENT = "?event rdfs:label ?actionLabel ; kg:firstReport ?action ; kg:firstReportedIn ?source ; kg:reportCount ?reports ."
# One side acting against another, told as fact or intent: typed so at build time (kg/event_mapping.py).
_CONFRONTATION = "?event a kg:Confrontation ."
_HOSTILE = "?event kg:actionClass ?class . ?class rdfs:subClassOf* kg:HostileAction ."
# Bound values are joined after the pattern (VALUES), so they are compared by joining, not in FILTERs:
# ?word (a verb as typed, "blocked" or "block") meets the first word of a report's trigger, of its lemma or the class.
_WORD = """?event kg:denotedBy ?report .
  { ?report kg:trigger ?t BIND(LCASE(STRBEFORE(CONCAT(?t, " "), " ")) AS ?word) }
  UNION { ?report kg:lemma ?l BIND(LCASE(STRBEFORE(CONCAT(?l, " "), " ")) AS ?word) }
  UNION { ?event kg:actionClass ?c BIND(LCASE(STRAFTER(STR(?c), "#")) AS ?word) }"""

WHO_ACTED_AGAINST = f"""SELECT ?agent ?agentLabel ?event ?actionLabel ?date ?reports ?action ?source WHERE {{
  ?event kg:target ?x ; kg:agent ?agent .
  {_EVENT}
  {_CONFRONTATION}
  ?agent skos:prefLabel ?agentLabel .
  OPTIONAL {{ ?event kg:date ?date }}
}} ORDER BY ?agentLabel STR(?date) ?event"""

WHO_VERBED = f"""SELECT DISTINCT ?agent ?agentLabel ?event ?actionLabel ?date ?reports ?action ?source WHERE {{
  ?event kg:target ?x .
  {_EVENT}
  {_WORD}
  OPTIONAL {{ ?event kg:agent ?agent . ?agent skos:prefLabel ?agentLabel }}
  OPTIONAL {{ ?event kg:date ?date }}
}} ORDER BY ?agentLabel STR(?date) ?event"""

WHAT_DID_X_DO = f"""SELECT ?event ?actionLabel ?class ?target ?targetLabel ?date ?reports ?action ?source WHERE {{
  ?event kg:agent ?x ; kg:actionClass ?class .
  {_EVENT}
  OPTIONAL {{ ?event kg:target ?target . ?target skos:prefLabel ?targetLabel }}
  OPTIONAL {{ ?event kg:date ?date }}
}} ORDER BY STR(?date) ?event"""

WHAT_DID_X_DO_TO_Y = f"""SELECT ?event ?actionLabel ?class ?date ?reports ?action ?source WHERE {{
  ?event kg:agent ?x ; kg:target ?y ; kg:actionClass ?class .
  {_EVENT}
  OPTIONAL {{ ?event kg:date ?date }}
}} ORDER BY STR(?date) ?event"""

WHEN_DID_X_ACT_AGAINST_Y = f"""SELECT ?date ?dateBasis ?event ?actionLabel ?reports ?action ?source WHERE {{
  ?event kg:agent ?x ; kg:target ?y .
  {_EVENT}
  {_HOSTILE}
  OPTIONAL {{ ?event kg:date ?date }}
  OPTIONAL {{ ?event kg:dateBasis ?dateBasis }}
}} ORDER BY (!BOUND(?date)) STR(?date) ?event"""

WHEN_DID_X_VERB_Y = f"""SELECT DISTINCT ?date ?dateBasis ?event ?actionLabel ?reports ?action ?source WHERE {{
  ?event kg:agent ?x ; kg:target ?y .
  {_EVENT}
  {_WORD}
  OPTIONAL {{ ?event kg:date ?date }}
  OPTIONAL {{ ?event kg:dateBasis ?dateBasis }}
}} ORDER BY (!BOUND(?date)) STR(?date) ?event"""

WHO_DID_X_ACT_AGAINST = f"""SELECT ?target ?targetLabel ?event ?actionLabel ?date ?reports ?action ?source WHERE {{
  ?event kg:agent ?x ; kg:target ?target .
  {_EVENT}
  {_CONFRONTATION}
  ?target skos:prefLabel ?targetLabel .
  OPTIONAL {{ ?event kg:date ?date }}
}} ORDER BY ?targetLabel STR(?date) ?event"""

WHO_DID_X_VERB = f"""SELECT DISTINCT ?target ?targetLabel ?event ?actionLabel ?date ?reports ?action ?source WHERE {{
  ?event kg:agent ?x ; kg:target ?target .
  {_EVENT}
  {_WORD}
  ?target skos:prefLabel ?targetLabel .
  OPTIONAL {{ ?event kg:date ?date }}
}} ORDER BY ?targetLabel STR(?date) ?event"""

WHERE_DID_X_HAPPEN = f"""SELECT ?place ?placeLabel ?event ?actionLabel ?date ?reports ?action ?source WHERE {{
  {{ ?event kg:agent ?x }} UNION {{ ?event kg:target ?x }}
  ?event kg:place ?place .
  {_EVENT}
  ?place skos:prefLabel ?placeLabel .
  OPTIONAL {{ ?event kg:date ?date }}
}} ORDER BY ?placeLabel ?event"""

WHERE_DID_VERB_HAPPEN = f"""SELECT DISTINCT ?place ?placeLabel ?event ?actionLabel ?date ?reports ?action ?source WHERE {{
  ?event kg:place ?place .
  {_EVENT}
  {_WORD}
  ?place skos:prefLabel ?placeLabel .
  OPTIONAL {{ ?event kg:date ?date }}
}} ORDER BY ?placeLabel ?event"""

WHAT_HAPPENED_ON = f"""SELECT ?date ?agentLabel ?actionLabel ?targetLabel ?event ?reports ?action ?source WHERE {{
  ?event kg:date ?date .
  {_EVENT}
  BIND(SUBSTR(STR(?date), 1, {{length}}) AS ?when)
  OPTIONAL {{ ?event kg:agent/skos:prefLabel ?agentLabel }}
  OPTIONAL {{ ?event kg:target/skos:prefLabel ?targetLabel }}
}} ORDER BY STR(?date) ?event"""

WHAT_HAPPENED_TO_X = f"""SELECT ?agent ?agentLabel ?event ?actionLabel ?class ?date ?reports ?action ?source WHERE {{
  ?event kg:target ?x ; kg:actionClass ?class .
  {_EVENT}
  OPTIONAL {{ ?event kg:agent ?agent . ?agent skos:prefLabel ?agentLabel }}
  OPTIONAL {{ ?event kg:date ?date }}
}} ORDER BY STR(?date) ?event"""


@dataclass(frozen=True)
class Plan:
    """What a question became: a query with its bindings, or an entity to describe."""

    template: str
    sparql: str = ""
    bindings: dict[str, Identifier] = field(default_factory=dict)
    names: dict[str, NameMatch] = field(default_factory=dict)  # slot → the entity its name matched
    describe: str = ""  # an entity IRI, for "who is X?"

    def explain(self) -> str:
        """One line per matched name, saying which entity it became and how, for the shell to show."""
        return "\n".join(
            f"# {slot}: {m.label} <{m.iri}>" + ("" if m.how == "exact" else f" (closest match, {m.score:.0f}%)")
            for slot, m in self.names.items()
        )


Resolver = Callable[[str], NameMatch]
_ACT = r"(?:acted|act|moved|move|took action|take action|did something|do something|went|go|turned|turn)"


def word_binding(word: str) -> dict[str, Identifier]:
    """Bind ?word to a verb or noun as typed, lower-cased, a plural's 's' dropped ("protests" → "protest").

    >>> word_binding("Blocked"), word_binding("protests")
    ({'word': rdflib.term.Literal('blocked')}, {'word': rdflib.term.Literal('protest')})
    """
    word = word.lower()
    return {"word": Literal(word[:-1] if word.endswith("ts") else word)}


def date_prefix(text: str) -> str:
    """Turn a date as people write it into the lexical prefix of kg:date values that fall in it.

    >>> date_prefix("2019"), date_prefix("September 2022"), date_prefix("3 Sept 2022"), date_prefix("Sep 3, 2022")
    ('2019', '2022-09', '2022-09-03', '2022-09-03')
    """
    text = clean_name(text).replace(",", " ")
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", text):
        return text
    months = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    months.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
    months["sept"] = 9
    words = [w.lower().rstrip(".") for w in text.split()]
    month = next((months[w] for w in words if w in months), None)
    year = next((int(w) for w in words if re.fullmatch(r"\d{4}", w)), None)
    day = next((int(re.sub(r"(st|nd|rd|th)$", "", w)) for w in words if re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", w)), None)
    if year is None or (day is not None and month is None):
        raise QueryError(f"cannot read '{text}' as a date; write 2022, September 2022 or 2022-09-03")
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError as e:
        raise QueryError(f"'{text}' is not a date: {e}") from e


def _strip(question: str) -> str:
    question = re.sub(r"\s+", " ", question.strip().lstrip("?").strip())
    return question.rstrip("?.! ")


def _split_two(rest: str, resolve_exact: Callable[[str], bool]) -> tuple[str, str, str] | None:
    """Split 'X VERB Y' where X and Y are names of several words: the split whose names both match wins."""
    words = rest.split()
    splits = [(" ".join(words[:i]), words[i], " ".join(words[i + 1 :])) for i in range(1, len(words) - 1)]
    exact = [s for s in splits if resolve_exact(s[0]) and resolve_exact(s[2])]
    return (exact or splits or [None])[0]


def plan_question(question: str, labels: LabelIndex) -> Plan:
    """Turn a question into a Plan; raise QueryError when no template fits or a name matches no entity."""
    text = _strip(question)
    names: dict[str, NameMatch] = {}

    def entity(slot: str, name: str) -> URIRef:
        found = labels.find(name)
        if found is None:
            near = labels.closest(name)
            hint = f"; did you mean '{near}'?" if near else ""
            raise QueryError(f"no entity called '{clean_name(name)}' in the graph{hint}")
        names[slot] = found
        return URIRef(found.iri)

    def known(name: str) -> bool:
        return bool(labels.exact(clean_name(name)))

    def plan(template: str, sparql: str, **bindings: Identifier) -> Plan:
        return Plan(template, sparql, dict(bindings), dict(names))

    def m(pattern: str) -> re.Match[str] | None:
        return re.fullmatch(pattern, text, re.IGNORECASE)

    if found := m(r"(?:who|what) (?:is|are|was|were) (.+)|(?:tell me about|describe) (.+)"):
        iri = entity("x", found[1] or found[2])
        return Plan("who-is", names=dict(names), describe=str(iri))
    if found := m(rf"whom? (?:did|has|have) (.+?) {_ACT} against"):
        return plan("who-did-x-act-against", WHO_DID_X_ACT_AGAINST, x=entity("x", found[1]))
    if found := m(rf"who (?:has |have )?{_ACT} against (.+)"):
        return plan("who-acted-against", WHO_ACTED_AGAINST, x=entity("x", found[1]))
    if found := m(r"whom? (?:did|has|have) (.+) (\w+)"):
        return plan("who-did-x-verb", WHO_DID_X_VERB, x=entity("x", found[1]), **word_binding(found[2]))
    if found := m(r"what (?:did|does|has|have) (.+?) (?:do|done)(?: (?:to|against|with|about) (.+))?"):
        x = entity("x", found[1])
        if found[2]:
            return plan("what-did-x-do-to-y", WHAT_DID_X_DO_TO_Y, x=x, y=entity("y", found[2]))
        return plan("what-did-x-do", WHAT_DID_X_DO, x=x)
    if found := m(r"what happened (?:on|in|during) (.+)"):
        when = date_prefix(found[1])
        # Only 4, 7 or 10 (year, month, day) reaches the query text; the date itself is bound.
        return plan("what-happened-on", WHAT_HAPPENED_ON.replace("{length}", str(len(when))), when=Literal(when))
    if found := m(r"what happened to (.+)"):
        return plan("what-happened-to-x", WHAT_HAPPENED_TO_X, x=entity("x", found[1]))
    if found := m(rf"when did (.+?) {_ACT} against (.+)"):
        return plan("when-did-x-act-against-y", WHEN_DID_X_ACT_AGAINST_Y, x=entity("x", found[1]), y=entity("y", found[2]))
    if (found := m(r"when did (.+)")) and (parts := _split_two(found[1], known)):
        x, typed_verb, y = parts
        return plan("when-did-x-verb-y", WHEN_DID_X_VERB_Y, x=entity("x", x), y=entity("y", y), **word_binding(typed_verb))
    if found := m(r"where did (.+?) (?:happen|take place|occur)"):
        subject = clean_name(found[1])
        if known(subject) or labels.find(subject):
            return plan("where-did-x-happen", WHERE_DID_X_HAPPEN, x=entity("x", subject))
        return plan("where-did-verb-happen", WHERE_DID_VERB_HAPPEN, **word_binding(subject.split()[-1]))
    if found := m(r"who (\w+) (.+)"):
        return plan("who-verbed-x", WHO_VERBED, x=entity("x", found[2]), **word_binding(found[1]))
    raise QueryError(f"cannot read the question '{text}'; {HELP}")


def ask(store: Store, question: str, labels: LabelIndex) -> tuple[Plan, QueryResult | None]:
    """Plan a question and run its query (a describe plan has no query, so no result)."""
    plan = plan_question(question, labels)
    if not plan.sparql:
        return plan, None
    return plan, store.query(plan.sparql, plan.bindings)
