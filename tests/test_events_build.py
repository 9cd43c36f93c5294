"""Event instances built from the seeds: one row per happening, dated, counted, and exact under incremental builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_corpus import canonical

from kg.iri import Minter
from kg.pipeline import build, find_documents, forget
from kg.queries import load_queries
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

pytestmark = pytest.mark.model
MINTER = Minter(DEFAULT_BASE_IRI)


def rows(store, name: str, **params) -> list[dict[str, str]]:
    result = store.query(load_queries()[name].text, params or None)
    return [{v: str(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]


@pytest.fixture(scope="module")
def seeds(seeds_store):
    with open_store(str(seeds_store), read_only=True, prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        yield store


def hostile(store, agent: str, target: str) -> list[dict[str, str]]:
    return [r for r in rows(store, "who-acted-against-whom") if (r["agentLabel"], r["targetLabel"]) == (agent, target)]


def test_cloudflare_blocking_kiwi_farms_is_one_dated_event_told_by_four_articles(seeds):
    [event] = [r for r in hostile(seeds, "Cloudflare", "Kiwi Farms") if int(r["reports"]) > 1]
    assert event["date"] == "2022-09-03" and event["dateBasis"] == "stated"
    assert int(event["reports"]) >= 6 and event["articles"] == "4" and event["outlets"] == "2"
    assert event["firstReported"] == "2022-09-03"


def test_cloudflare_pulling_support_from_8chan_is_one_event_in_2019(seeds):
    [event] = hostile(seeds, "Cloudflare", "8chan")
    assert event["date"] == "2019" and int(event["articles"]) >= 2 and event["firstReported"] == "2022-09-03"


def test_kiwi_farms_targeting_clara_sorrenti_is_one_event_in_august_2022(seeds):
    [event] = hostile(seeds, "Kiwi Farms", "Clara Sorrenti")
    assert event["date"] == "2022-08" and int(event["articles"]) >= 2


def test_every_hostile_event_has_a_date_or_bounds_and_a_basis(seeds):
    events = rows(seeds, "who-acted-against-whom")
    assert events and all(r["dateBasis"] in ("stated", "inferred") for r in events)
    assert all("date" in r or "latest" in r or "earliest" in r for r in events)
    assert len({r["event"] for r in events}) == len(events)


def test_every_action_reports_exactly_one_event(seeds):
    result = seeds.query("SELECT ?a (COUNT(?e) AS ?n) WHERE { ?c rdfs:subClassOf* kg:Action . ?a a ?c ; kg:trigger ?t "
                         "OPTIONAL { ?a kg:event ?e } } GROUP BY ?a")
    assert result.rows and {int(n) for _, n in result.rows} == {1}


def test_the_reports_query_lists_every_report_of_an_event(seeds):
    [event] = [r for r in hostile(seeds, "Cloudflare", "Kiwi Farms") if int(r["reports"]) > 1]
    from rdflib import URIRef

    reports = rows(seeds, "reports", event=URIRef(event["event"]))
    assert len(reports) == int(event["reports"])
    assert {r["dateBasis"] for r in reports} <= {"stated", "propagated"} and "stated" in {r["dateBasis"] for r in reports}
    assert all(r["evidence"] and int(r["start"]) < int(r["end"]) for r in reports)


def test_events_query_counts_agree_with_the_reports(seeds):
    events = rows(seeds, "events")
    actions = rows(seeds, "actions")
    assert sum(int(e["reports"]) for e in events) == len(actions)
    assert all(a["event"] in {e["event"] for e in events} for a in actions)


def clean_build(folder: Path, nlp, rules) -> dict:
    with open_store("memory:", prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        build([folder], store, nlp, rules, MINTER, validate=False)
        return canonical(store.dump("nquads"))


ARTICLES = {
    "a.txt": "date 2024-03-02\n\nAcme Corp blocked Globex Inc on Friday. Acme Corp said the decision was final.\n",
    "b.txt": "date 2024-03-03\n\nGlobex Inc was blocked by Acme Corp, the company confirmed.\n",
    "c.txt": "date 2024-03-04\n\nAcme Corp blocked Globex Inc last week, according to analysts.\n",
}


def test_adding_an_article_adds_to_an_event_and_forgetting_it_takes_it_away(tmp_path, nlp, rules):
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(ARTICLES[name], encoding="utf-8")

    def blocking(store) -> dict[str, str]:
        [row] = [r for r in rows(store, "who-acted-against-whom") if r.get("agentLabel", "").startswith("Acme")]
        return row

    with open_store("memory:", prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        build([folder], store, nlp, rules, MINTER, validate=False)
        before = blocking(store)
        assert (before["articles"], before["date"], before["dateBasis"]) == ("2", "2024-03-01", "stated")
        without = canonical(store.dump("nquads"))
        added = folder / "c.txt"
        added.write_text(ARTICLES["c.txt"], encoding="utf-8")
        build([folder], store, nlp, rules, MINTER, validate=False)
        after = blocking(store)
        assert after["event"] == before["event"] and after["articles"] == "3" and after["firstReported"] == "2024-03-02"
        assert canonical(store.dump("nquads")) == clean_build(folder, nlp, rules)
        forget(store, find_documents(store, str(added), MINTER), rules, MINTER)
        assert blocking(store)["articles"] == "2"
        assert canonical(store.dump("nquads")) == without
