"""Plain-English questions: template choice and name binding (pure), and answers checked against the seeds."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from kg.ask import ask, date_prefix, plan_question
from kg.errors import QueryError
from kg.labels import LabelIndex, load_labels
from kg.store import open_store
from kg.store.base import SelectResult
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

CLOUDFLARE, KIWI, CLARA = "urn:e:cloudflare", "urn:e:kiwi-farms", "urn:e:clara"
LABELS = LabelIndex.build(
    [
        (CLOUDFLARE, "Cloudflare", "Cloudflare"),
        (CLOUDFLARE, "Cloudflare Inc", "Cloudflare"),
        (KIWI, "Kiwi Farms", "Kiwi Farms"),
        (CLARA, "Clara Sorrenti", "Clara Sorrenti"),
        (CLARA, "Keffals", "Clara Sorrenti"),
        ("urn:e:evil", 'Evil" } DROP ALL #', 'Evil" } DROP ALL #'),
    ]
)


@pytest.mark.parametrize(
    "question, template, bound",
    [
        ("who acted against Kiwi Farms?", "who-acted-against", {"x": KIWI}),
        ("Who has moved against kiwi farms", "who-acted-against", {"x": KIWI}),
        ("who blocked Kiwi Farms?", "who-verbed-x", {"x": KIWI, "word": "blocked"}),
        ("what did Cloudflare do?", "what-did-x-do", {"x": CLOUDFLARE}),
        ("What did Cloudflare Inc do to Kiwi Farms?", "what-did-x-do-to-y", {"x": CLOUDFLARE, "y": KIWI}),
        ("when did Cloudflare act against Kiwi Farms?", "when-did-x-act-against-y", {"x": CLOUDFLARE, "y": KIWI}),
        ("when did Cloudflare block Kiwi Farms?", "when-did-x-verb-y", {"x": CLOUDFLARE, "y": KIWI, "word": "block"}),
        ("who did Cloudflare act against?", "who-did-x-act-against", {"x": CLOUDFLARE}),
        ("whom did Cloudflare drop?", "who-did-x-verb", {"x": CLOUDFLARE, "word": "drop"}),
        ("where did Keffals happen?", "where-did-x-happen", {"x": CLARA}),
        ("where did the protests happen?", "where-did-verb-happen", {"word": "protest"}),
        ("what happened on 3 September 2022?", "what-happened-on", {"when": "2022-09-03"}),
        ("what happened in 2019", "what-happened-on", {"when": "2019"}),
        ("what happened to Keffals?", "what-happened-to-x", {"x": CLARA}),
    ],
)
def test_questions_pick_a_template_and_bind_names_as_terms(question, template, bound):
    plan = plan_question(question, LABELS)
    assert plan.template == template
    assert {name: str(term) for name, term in plan.bindings.items()} == bound
    for name, value in bound.items():
        assert isinstance(plan.bindings[name], URIRef if value.startswith("urn:") else Literal)
        assert f"?{name}" in plan.sparql and value not in plan.sparql


@pytest.mark.parametrize("question", ["who is Keffals?", "Tell me about Clara Sorrenti", "describe keffals"])
def test_who_is_describes_the_entity(question):
    plan = plan_question(question, LABELS)
    assert (plan.template, plan.describe, plan.sparql) == ("who-is", CLARA, "")


def test_aliases_and_near_spellings_find_the_entity_and_say_how():
    plan = plan_question("who acted against Kiwifarms?", LABELS)
    assert plan.names["x"].iri == KIWI and plan.names["x"].how == "fuzzy"
    assert "(closest match" in plan.explain()
    assert plan_question("what did keffals do", LABELS).names["x"].how == "exact"


def test_a_name_that_tries_to_break_out_is_only_ever_a_bound_iri():
    plan = plan_question('what did Evil" } DROP ALL # do?', LABELS)
    assert plan.bindings == {"x": URIRef("urn:e:evil")}
    assert "DROP" not in plan.sparql


def test_an_unknown_name_is_a_clear_error_with_a_suggestion():
    with pytest.raises(QueryError, match=r"no entity called 'Cloudfire Networks Global' in the graph; did you mean"):
        plan_question("who did Cloudfire Networks Global act against?", LABELS)


def test_an_unreadable_question_lists_what_can_be_asked():
    with pytest.raises(QueryError, match=r"cannot read the question 'how are you'; try: who acted against X\?"):
        plan_question("how are you?", LABELS)


@pytest.mark.parametrize(
    "text, prefix", [("2022", "2022"), ("Sept 2022", "2022-09"), ("September 3rd, 2022", "2022-09-03"), ("2022-09-03", "2022-09-03")]
)
def test_date_prefix(text, prefix):
    assert date_prefix(text) == prefix


@pytest.mark.parametrize("text", ["yesterday", "31 February 2022", "3 2022"])
def test_date_prefix_refuses_what_it_cannot_read(text):
    with pytest.raises(QueryError):
        date_prefix(text)


# Against the seeds: answers must agree with the canned query that asks the same thing in SPARQL.


@pytest.fixture(scope="module")
def seeds(seeds_store):
    with open_store(str(seeds_store), read_only=True, prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        yield store, load_labels(store)


def _hostile(store, column: str, name: str) -> set[str]:
    from kg.queries import load_queries

    result = store.query(load_queries()["who-acted-against-whom"].text)
    index = {v: i for i, v in enumerate(result.variables)}
    other = "agentLabel" if column == "targetLabel" else "targetLabel"
    return {str(r[index["action"]]) for r in result.rows if str(r[index[column]]) == name and r[index[other]] is not None}


def _column(result: SelectResult, name: str) -> set[str]:
    i = result.variables.index(name)
    return {str(row[i]) for row in result.rows if row[i] is not None}


@pytest.mark.model
def test_who_acted_against_agrees_with_the_canned_query(seeds):
    store, labels = seeds
    _, result = ask(store, "who acted against Kiwi Farms?", labels)
    assert _column(result, "action") == _hostile(store, "targetLabel", "Kiwi Farms")
    assert "Cloudflare" in _column(result, "agentLabel")


@pytest.mark.model
def test_who_did_x_act_against_agrees_with_the_canned_query(seeds):
    store, labels = seeds
    _, result = ask(store, "who did Cloudflare act against?", labels)
    assert _column(result, "action") == _hostile(store, "agentLabel", "Cloudflare")


@pytest.mark.model
def test_an_alias_reaches_the_same_entity_as_its_preferred_name(seeds):
    store, labels = seeds
    _, by_alias = ask(store, "what did Keffals do?", labels)
    plan, by_name = ask(store, "what did Clara Sorrenti do?", labels)
    assert by_alias.rows == by_name.rows and by_name.rows
    assert plan.names["x"].label == "Clara Sorrenti"


@pytest.mark.model
def test_verb_questions_find_actions_whose_trigger_or_lemma_matches(seeds):
    store, labels = seeds
    _, result = ask(store, "who blocked Kiwi Farms?", labels)
    assert result.rows and all(label.startswith("blocked") for label in _column(result, "actionLabel"))
    _, when = ask(store, "when did Cloudflare block Kiwi Farms?", labels)
    assert when.rows and all(label.startswith("block") for label in _column(when, "actionLabel"))


@pytest.mark.model
def test_what_happened_on_a_day_lists_exactly_the_events_dated_that_day(seeds):
    store, labels = seeds
    dated = store.query("SELECT ?event ?date WHERE { ?event a kg:Event ; kg:date ?date }")
    _, result = ask(store, "what happened in September 2022?", labels)
    expected = {str(a) for a, d in dated.rows if str(d).startswith("2022-09")}
    assert _column(result, "event") == expected and expected


@pytest.mark.model
def test_who_is_plans_a_description_of_a_real_entity(seeds):
    store, labels = seeds
    plan, result = ask(store, "who is Keffals?", labels)
    assert result is None and plan.describe.endswith("/person/clara-sorrenti")
