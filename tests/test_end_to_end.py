"""The seeds built into a real store, checked through the CLI as a user would."""

import json
import subprocess
from pathlib import Path
import sys

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.cli import cli

pytestmark = pytest.mark.model
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def run(*args):
    result = CliRunner().invoke(cli, list(args), obj={}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def hostile_rows(store):
    data = json.loads(run("query", "--store", str(store), "--format", "json", "who-acted-against-whom"))
    assert data["head"]["vars"] == ["agent", "agentLabel", "action", "actionLabel", "target", "targetLabel", "date", "source",
                                    "event", "reports", "articles", "outlets", "firstReported", "dateBasis", "earliest",
                                    "latest"]
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def test_cloudflare_acted_against_kiwi_farms_on_3_september_2022(seeds_store):
    rows = hostile_rows(seeds_store)
    assert any(r["agentLabel"] == "Cloudflare" and r["targetLabel"] == "Kiwi Farms" and r.get("date") == "2022-09-03" for r in rows)


def test_cloudflare_acted_against_8chan_in_2019(seeds_store):
    rows = hostile_rows(seeds_store)
    assert any(r["agentLabel"] == "Cloudflare" and r["targetLabel"] == "8chan" and r.get("date") == "2019" for r in rows)


def test_aliases_are_one_entity(seeds_store):
    output = run("query", "--store", str(seeds_store), "--format", "csv",
                 "SELECT ?e WHERE { ?e rdfs:label 'Keffals', 'Sorrenti', 'Clara Sorrenti' }")
    assert len(output.strip().splitlines()) == 2  # header and one entity
    output = run("query", "--store", str(seeds_store), "--format", "csv",
                 "SELECT ?e WHERE { ?e rdfs:label 'Cloudflare', 'Cloudfare' }")
    assert len(output.strip().splitlines()) == 2


def test_table_output_uses_prefixed_names(seeds_store):
    output = run("query", "--store", str(seeds_store), "who-acted-against-whom")
    assert "kgr:organization/cloudflare" in output and "rows)" in output


def test_export_round_trips_through_rdflib_and_oxigraph(seeds_store, tmp_path):
    import pyoxigraph

    nquads = tmp_path / "kg.nq"
    run("export", "--store", str(seeds_store), "--format", "nquads", "-o", str(nquads))
    turtle = run("export", "--store", str(seeds_store), "--format", "turtle")
    union = Graph()
    for s, p, o, _ in Dataset().parse(nquads, format="nquads").quads():
        union.add((s, p, o))
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), union)
    reparsed = pyoxigraph.Store()
    reparsed.load(nquads.read_bytes(), format=pyoxigraph.RdfFormat.N_QUADS)
    assert len(reparsed) == sum(1 for _ in Dataset().parse(nquads, format="nquads").quads())


def test_second_build_changes_nothing(seeds_store, tmp_path):
    def snapshot():
        quads = run("export", "--store", str(seeds_store), "--format", "nquads")
        graph = Graph()
        for s, p, o, _ in Dataset().parse(data=quads, format="nquads").quads():
            graph.add((s, p, o))
        return len(quads.splitlines()), graph

    (count_before, before), _ = snapshot(), run("build", str(SEEDS), "--store", str(seeds_store))
    count_after, after = snapshot()
    assert count_before == count_after and isomorphic(before, after)


def test_extract_shows_actions_times_and_offsets():
    output = run("extract", str(SEEDS / "000_cd42f460f0927322.txt"), "--format", "json")
    report = json.loads(output)
    assert report["document"]["published"] == "2022-09-04"
    pulled = [a for a in report["actions"] if a["target"] and a["target"]["text"] == "8chan"]
    assert pulled and pulled[0]["class"] == "ReduceRelations" and pulled[0]["time"]["value"] == "2019"
    text = (SEEDS / "000_cd42f460f0927322.txt").read_text()
    for entity in report["entities"]:
        for m in entity["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]


def test_unknown_canned_query_is_a_one_line_error(seeds_store):
    result = CliRunner().invoke(cli, ["query", "--store", str(seeds_store), "who-acted"], obj={})
    assert result.exit_code == 1 and "did you mean 'who-acted-against-whom'" in result.output
    assert "Traceback" not in result.output


def test_bad_sparql_is_a_one_line_error_with_position(seeds_store):
    result = CliRunner().invoke(cli, ["query", "--store", str(seeds_store), "SELECT ?x WHERE { ?x ?y }"], obj={})
    assert result.exit_code == 1 and "line 1, column" in result.output and len(result.output.strip().splitlines()) == 1


def test_console_script_runs_as_a_real_process(seeds_store):
    done = subprocess.run([sys.executable, "-m", "kg", "query", "--store", str(seeds_store), "--format", "csv", "entities"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Kiwi Farms" in done.stdout
