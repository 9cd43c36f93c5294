"""The view's data (pure functions over SPARQL rows), the page it makes, `kg view`, `\\view` and `kg serve`'s /."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import httpx
import pytest
import yaml
from serving import KG, free_port, running

from kg.api import Graph
from kg.errors import KgError
from kg.view.data import Edge, Filters, day_bounds, event_span, family_of, keep, kind_of, parse_bound, top_entities
from kg.view.page import VENDOR, json_for_script, render_page, vendored
from kg.view.server import view_options

KG_NS = "https://w3id.org/kgnews/ontology#"
FAMILIES = [{"id": "hostile", "class": "HostileAction"}, {"id": "legal", "class": "LegalAction"},
            {"id": "other", "class": "Action"}]


def edge(id: str, source: str, target: str, *, start=None, end=None, family="hostile") -> Edge:
    return Edge(id=id, source=source, target=target, family=family, actionClass="X", label=id, date=start, start=start,
                end=end or start, precision="day" if start else None, basis=None, reports=1, articles=1, outlets=1,
                firstReported=None, negated=False, modality=None)


def page_data(html: str) -> dict:
    found = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_dates_become_day_ranges_of_their_precision():
    assert day_bounds("2024-02") == ("2024-02-01", "2024-02-29", "month")
    assert day_bounds("2022-09-03T10:00:00") == ("2022-09-03", "2022-09-03", "day")
    assert day_bounds("2022-13") is None and day_bounds("soon") is None
    assert event_span({"earliest": "2022-08-29", "latest": "2022-09-04"}) == ("2022-08-29", "2022-09-04", "interval")
    assert event_span({"earliest": "2022-08-29"}) == (None, None, None)
    assert event_span({"date": "2019", "earliest": "2018-01-01", "latest": "2020-01-01"}) == ("2019-01-01", "2019-12-31", "year")


@pytest.mark.parametrize("bad", ["2019-13", "2019-02-30", "19", "2019/01", "last year"])
def test_a_bad_date_bound_is_a_one_line_error(bad):
    with pytest.raises(KgError, match=f"'{re.escape(bad)}' is not a date"):
        parse_bound(bad, end=False)


def test_an_action_class_takes_the_first_family_it_falls_under():
    rows = [{"class": KG_NS + "Sue", "ancestor": KG_NS + "LegalAction"}, {"class": KG_NS + "Sue", "ancestor": KG_NS + "HostileAction"},
            {"class": KG_NS + "Sue", "ancestor": KG_NS + "Action"}, {"class": KG_NS + "Fine", "ancestor": KG_NS + "LegalAction"},
            {"class": KG_NS + "Fine", "ancestor": KG_NS + "Action"}, {"class": KG_NS + "OtherAction", "ancestor": KG_NS + "Action"}]
    assert family_of(rows, FAMILIES) == {KG_NS + "Sue": "hostile", KG_NS + "Fine": "legal", KG_NS + "OtherAction": "other"}


def test_an_entity_takes_its_kind_and_most_specific_type():
    kinds = [{"id": "person", "class": "Person"}, {"id": "organization", "class": "Organization"}]
    rows = [{"entity": "e:acme", "label": "Acme", "type": KG_NS + "Organization", "kind": KG_NS + "Organization"},
            {"entity": "e:acme", "label": "Acme", "type": KG_NS + "Company", "kind": KG_NS + "Organization"},
            {"entity": "e:jo", "label": "Jo", "type": KG_NS + "Person", "kind": KG_NS + "Person"}]
    assert kind_of(rows, kinds) == {"e:acme": ("Acme", "organization", "Company"), "e:jo": ("Jo", "person", "Person")}


def test_filters_keep_events_that_overlap_the_range_of_the_family_and_entity():
    edges = [edge("a", "x", "y", start="2019-01-01", end="2019-12-31"), edge("b", "x", "z", start="2022-09-03"),
             edge("c", "y", "z"), edge("d", "z", "x", start="2020-06-01", family="legal")]
    ids = lambda kept: [e.id for e in kept]  # noqa: E731
    assert ids(keep(edges, Filters(start="2019-06-01", end="2019-06-30"))) == ["a"]
    assert ids(keep(edges, Filters(start="2020-01-01"))) == ["b", "d"]
    assert ids(keep(edges, Filters())) == ["a", "b", "c", "d"]  # undated events only without a range
    assert ids(keep(edges, Filters(families=("legal",)))) == ["d"]
    assert ids(keep(edges, Filters(), frozenset({"y"}))) == ["a", "c"]
    assert ids(keep(edges, Filters(events=frozenset({"c", "d"})))) == ["c", "d"]


def test_the_top_entities_keep_the_edges_among_them():
    edges = [edge("1", "hub", "a"), edge("2", "hub", "b"), edge("3", "a", "b"), edge("4", "c", "d"), edge("5", "hub", "hub")]
    shown, counts = top_entities(edges, 3)
    assert [e.id for e in shown] == ["1", "2", "3", "5"] and counts["hub"] == 3
    assert len(top_entities(edges, 0)[0]) == 5


def test_the_seeds_data_holds_every_event_between_two_entities_with_its_evidence(seeds_store):
    with Graph(seeds_store, read_only=True) as graph:
        view = graph.view()
        events = graph.query("SELECT ?e ?reports WHERE { ?e a kg:Event ; kg:agent [] ; kg:target [] ; kg:reportCount ?reports }")
        documents = graph.query("SELECT ?d WHERE { ?d a kg:Document }")
    data = view.data
    assert {e.id for e in data.edges} == {r["e"] for r in events}
    assert all(len(data.reports[r["e"]]) == r["reports"] for r in events)
    assert {r["document"] for rs in data.reports.values() for r in rs} <= {d["d"] for d in documents}
    assert {n.id for n in data.nodes} == {e.source for e in data.edges} | {e.target for e in data.edges}
    by_label = {n.label: n for n in data.nodes}
    assert by_label["Clara Sorrenti"].kind == "person" and by_label["Kiwi Farms"].type == "Website"
    assert sum(n.events for n in data.nodes) == sum(1 if e.source == e.target else 2 for e in data.edges)
    eight = [e for e in data.edges if e.start == "2019-01-01"]
    assert [(by_label["Cloudflare"].id, by_label["8chan"].id, "year")] == [(e.source, e.target, e.precision) for e in eight]


def test_the_page_is_self_contained_and_carries_the_data(seeds_store):
    with Graph(seeds_store, read_only=True) as graph:
        view = graph.view(start="2019", end="2019", title="</script><b>seeds</b>")
    html = view.html
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"(https?:)?//", html)  # nothing from a network
    assert html.count("</script>") == html.count("<script")
    assert "&lt;/script&gt;&lt;b&gt;seeds" in html
    data = page_data(html)
    assert [(e["label"], e["date"]) for e in data["edges"]] == [("block / pulled support / pulling support", "2019")]
    assert {f["id"] for f in data["families"]} >= {"hostile", "cooperative"}
    assert json.loads(json_for_script({"t": "</script><!--"})) == {"t": "</script><!--"}
    assert "</script" not in json_for_script({"t": "</script>"})


def test_every_vendored_library_is_recorded_with_its_files_and_licences():
    libraries = {lib["name"]: lib for lib in vendored()}
    assert set(libraries) == {"cytoscape", "vis-timeline"}
    for lib in libraries.values():
        assert lib["origin"].startswith(f"npm https://registry.npmjs.org/{lib['name']}/-/{lib['name']}-{lib['version']}.tgz")
        for name in [*lib["files"].values(), *lib["licence_files"], *(b["licence_file"] for b in lib.get("bundles", []))]:
            assert (VENDOR / name).is_file(), name
        head = (VENDOR / lib["files"]["script"]).read_text(encoding="utf-8")[:2000]
        assert lib["version"] in head or lib["name"] == "cytoscape"
    assert yaml.safe_load((VENDOR / "vendor.yaml").read_text())["libraries"][0]["licence"] == "MIT"


def test_a_query_picks_the_events_its_result_points_to(seeds_store):
    with Graph(seeds_store, read_only=True) as graph:
        hostile = graph.view("who-acted-against-whom")
        wanted = {r["event"] for r in graph.query("who-acted-against-whom")}
        of_entity = graph.view("SELECT ?x WHERE { ?x skos:prefLabel 'Daily Stormer' }")
        by_name = graph.view(entity="daily stormer")
        with pytest.raises(KgError, match="needs a SELECT"):
            graph.view("ASK { ?s ?p ?o }")
    assert {e.id for e in hostile.data.edges} == wanted
    assert [e.label for e in of_entity.data.edges] == [e.label for e in by_name.data.edges] == ["terminated services"]


def test_a_notebook_session(tmp_path):
    """What the README's notebook section does: build from texts with dates, query rows and a DataFrame, view."""
    texts = [("Cloudflare blocked Kiwi Farms on Saturday. Kiwi Farms criticised Cloudflare.", "2022-09-04"),
             {"text": "Microsoft sued Google on Monday.", "published": "2021-03-10", "outlet": "Example News"}]
    with Graph(tmp_path / "store") as graph:
        report = graph.add_texts(texts)
        again = graph.add_texts(texts)
        rows = graph.query("events")
        frame = graph.df("events")
        page = graph.view(families=["hostile"])
        html = page._repr_html_()
    assert report.documents == 2 and again.documents == 0 and again.skipped == 2
    assert (tmp_path / "store.texts").is_dir()
    blocked = [r for r in rows if r["agentLabel"] == "Cloudflare" and r["targetLabel"] == "Kiwi Farms"]
    assert blocked and str(blocked[0]["date"]) == "2022-09-03"
    assert list(frame.columns)[:3] == ["event", "actionLabel", "class"] and len(frame) == len(rows)
    assert {(e.family, e.date) for e in page.data.edges} >= {("hostile", "2022-09-03"), ("hostile", "2021-03-08")}
    assert html.startswith("<iframe srcdoc=") and "&lt;script id=&quot;kg-data&quot;" in html


def test_the_api_says_what_is_wrong_in_one_line(tmp_path):
    with Graph("memory:") as graph:
        with pytest.raises(KgError, match="a text is a string"):
            graph.add_texts([42])
        with pytest.raises(KgError, match="not colour"):
            graph.add_texts([{"text": "x", "colour": "red"}])
        with pytest.raises(KgError, match="read-only"):
            graph.query("DROP ALL")
        with pytest.raises(KgError, match="unknown query 'evnts'"):
            graph.query("evnts")


def run_kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def test_kg_view_writes_the_page_and_says_what_it_holds(seeds_store, tmp_path):
    done = run_kg("view", "--store", str(seeds_store), "-o", str(tmp_path / "v.html"), "--class", "hostile", "--to", "2022-08")
    assert done.returncode == 0, done.stderr
    data = page_data((tmp_path / "v.html").read_text(encoding="utf-8"))
    assert done.stdout.strip() == f"wrote {tmp_path / 'v.html'}: {len(data['nodes'])} entities and {len(data['edges'])} events"
    assert data["edges"] and all(e["family"] == "hostile" and e["start"] <= "2022-08-31" for e in data["edges"])


@pytest.mark.parametrize("args, message", [
    (["--from", "2019-13"], "Error: '2019-13' is not a date"),
    (["--class", "hostil"], "Error: unknown action family 'hostil'; the families are: hostile,"),
    (["--entity", "Nobody"], "Error: no entity is named 'Nobody'"),
    (["--query", "nosuch"], "Error: nosuch: unknown query 'nosuch'"),
])
def test_kg_view_bad_input_is_one_line(seeds_store, tmp_path, args, message):
    done = run_kg("view", "--store", str(seeds_store), "-o", str(tmp_path / "v.html"), *args)
    assert done.returncode == 1 and done.stderr.startswith(message) and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "v.html").exists()


def test_view_in_the_shell_shows_the_last_result_or_the_whole_graph(seeds_store, tmp_path):
    done = run_kg("shell", "--store", str(seeds_store), "-c", f"\\view {tmp_path / 'all.html'}",
                  "-c", "\\n who-acted-against-whom", "-c", f"\\view {tmp_path / 'last.html'}", "-c", "\\view nope.txt")
    assert done.returncode == 1 and "\\view takes 'all' and a file name" in done.stderr
    whole, last = (page_data((tmp_path / name).read_text(encoding="utf-8")) for name in ("all.html", "last.html"))
    with Graph(seeds_store, read_only=True) as graph:
        hostile = {str(row["event"]) for row in graph.query("who-acted-against-whom")}
    assert {e["id"] for e in last["edges"]} == hostile and len(hostile) < len(whole["edges"])
    assert f"wrote {tmp_path / 'last.html'}: {len(last['nodes'])} entities and {len(hostile)} events the last result points to" in done.stdout


def test_the_page_options_in_a_url():
    assert view_options("from=2019&to=2019-06&entity=Kiwi+Farms&query=events") == {
        "start": "2019", "end": "2019-06", "entity": "Kiwi Farms", "query": "events"}
    with pytest.raises(KgError, match="unknown parameter 'colour'"):
        view_options("colour=red")
    with pytest.raises(KgError, match="top must be a number"):
        view_options("top=many")


def test_kg_serve_serves_the_live_page_beside_the_sparql_endpoint(tmp_path, seeds_store):
    port = free_port()
    store = tmp_path / "served"
    with running([*KG, "serve", "--store", str(store), "--port", str(port), "--write"], port) as process:
        url = f"http://127.0.0.1:{port}"
        assert f"view the graph (network, timeline, evidence): {url}/" in [process.stdout.readline() for _ in range(2)][1]
        assert page_data(httpx.get(f"{url}/").text)["edges"] == []
        with Graph(seeds_store, read_only=True) as seeds:
            quads = seeds.store.dump("nquads")
        assert httpx.post(f"{url}/store", content=quads, headers={"Content-Type": "application/n-quads"}).status_code < 300
        live = page_data(httpx.get(f"{url}/", params={"from": "2019", "to": "2019"}).text)
        assert [(e["label"], e["date"]) for e in live["edges"]] == [("block / pulled support / pulling support", "2019")]
        bad = httpx.get(f"{url}/", params={"from": "2019-13"})
        assert bad.status_code == 400 and bad.text == "Error: '2019-13' is not a date: give YYYY, YYYY-MM or YYYY-MM-DD\n"
        counted = httpx.get(f"{url}/query", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                            headers={"Accept": "text/csv"})
        assert counted.status_code == 200 and int(counted.text.split()[1]) > 1000
        assert httpx.head(f"{url}/query").status_code == 405
        assert httpx.get(f"{url}/query", params={"query": "ASK {}"}, headers={"Accept": "text/csv"}).status_code == 200


def test_rendering_needs_no_store():
    from kg.view.data import Node, ViewData

    view = ViewData("t", [Node("a", "A", "person", "Person", 1), Node("b", "B", "place", "Place", 1)], [edge("e", "a", "b")])
    assert page_data(render_page(view))["nodes"][0]["label"] == "A"
