"""Exports people can read, diff and publish: facts only by default, readable ordered Turtle and TriG,
the same bytes for the same store and for a rebuild of the same articles, and a choice of what to export."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.cli import cli
from kg.vocab import INTERNAL_PROPERTIES

pytestmark = pytest.mark.model
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FORMATS = ("turtle", "trig", "ntriples", "nquads", "jsonld")
RAPPER = shutil.which("rapper")
needs_rapper = pytest.mark.skipif(RAPPER is None, reason="rapper (Debian raptor2-utils) is not installed")


def export(store: Path, *args: str) -> bytes:
    result = CliRunner().invoke(cli, ["export", "--store", str(store), *args], obj={}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def rapper_statements(data: bytes, syntax: str) -> int:
    """How many statements rapper, a second parser, reads from the export."""
    out = "nquads" if syntax in ("trig", "nquads") else "ntriples"
    done = subprocess.run([RAPPER, "-q", "-i", syntax, "-o", out, "-", "http://base.invalid/"], input=data,
                          capture_output=True, timeout=60)
    assert done.returncode == 0 and not done.stderr, done.stderr.decode()[:500]
    return len(set(done.stdout.splitlines()))


def predicates(data: bytes, fmt: str) -> set[str]:
    """The predicates an export uses, read back with rdflib."""
    dataset = Dataset()
    dataset.parse(data=data, format={"turtle": "turtle", "trig": "trig", "ntriples": "nt", "nquads": "nquads",
                                     "jsonld": "json-ld"}[fmt])
    return {str(p) for _, p, _, _ in dataset.quads()}


@pytest.fixture(scope="module")
def rebuilt_store(tmp_path_factory, nlp, rules) -> Path:
    """The seeds built a second time, from scratch, into another folder of the same name."""
    from kg.iri import Minter
    from kg.pipeline import build
    from kg.store import open_store
    from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

    location = tmp_path_factory.mktemp("rebuild") / "store"
    with open_store(str(location), prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        build([SEEDS], store, nlp, rules, Minter(DEFAULT_BASE_IRI))
    return location


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_store_exports_the_same_bytes(seeds_store, fmt):
    assert export(seeds_store, "--format", fmt) == export(seeds_store, "--format", fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_clean_rebuild_of_the_seeds_exports_the_same_bytes(seeds_store, rebuilt_store, fmt):
    assert seeds_store.name == rebuilt_store.name and seeds_store != rebuilt_store
    first, second = export(seeds_store, "--format", fmt), export(rebuilt_store, "--format", fmt)
    assert first == second
    assert b"_:" not in first  # the ontology's lists are named, not blank


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_hold_no_internal_data_and_no_absolute_path_unless_asked(seeds_store, fmt):
    data = export(seeds_store, "--format", fmt)
    assert str(SEEDS).encode() not in data and b"/tmp/" not in data
    internal = {str(p) for p in INTERNAL_PROPERTIES}
    assert not predicates(data, fmt) & internal
    kept = export(seeds_store, "--format", fmt, "--include-internal")
    assert predicates(kept, fmt) >= internal
    assert str(SEEDS).encode() in kept  # the build summary holds the file's path


def test_turtle_is_readable_grouped_and_labelled_first(seeds_store):
    text = export(seeds_store).decode("utf-8")
    header = text.splitlines()[:2]
    assert header[0].startswith("# kg ") and "of store 'store': all graphs; facts only" in header[0]
    assert "\\/" not in text and "kgr:" not in text
    assert "@prefix org: <https://w3id.org/kgnews/resource/organization/> ." in text
    sections = re.findall(r"^# (ontology|entities|events|documents|reports|mentions and evidence)$", text, re.M)
    assert sections == ["ontology", "entities", "events", "documents", "reports", "mentions and evidence"]
    block = re.search(r"^org:cloudflare (.*?) \.$", text, re.M | re.S).group(1)
    assert block.startswith("skos:prefLabel \"Cloudflare\" ;") and re.search(r"\n    a [^;]*kg:Organization", block)
    persons, orgs = text.index("\nperson:"), text.index("\norg:")
    assert persons < orgs < text.index("\nevent:") < text.index("\ndoc:") < text.index("\naction:") < text.index("\nmention:")
    labels = re.findall(r"^person:\S+ skos:prefLabel \"([^\"]+)\"", text, re.M)
    assert labels == sorted(labels, key=str.casefold) and len(labels) > 2


def test_a_timestamp_is_written_only_when_asked(seeds_store):
    plain, stamped = export(seeds_store), export(seeds_store, "--timestamp")
    assert b"# exported " not in plain
    extra = [line for line in stamped.splitlines() if line not in plain.splitlines()]
    assert len(extra) == 1 and re.match(rb"# exported \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", extra[0])


@needs_rapper
@pytest.mark.parametrize("fmt", ["turtle", "trig", "ntriples", "nquads"])
def test_rapper_reads_every_statement_of_every_export(seeds_store, fmt):
    quads = export(seeds_store, "--format", "nquads").splitlines()
    triples = {line.rsplit(b" ", 2)[0] for line in quads}  # the graph name holds no space
    expected = len(set(quads)) if fmt in ("trig", "nquads") else len(triples)
    assert rapper_statements(export(seeds_store, "--format", fmt), fmt) == expected


def test_one_document_one_graph_or_a_construct(seeds_store, tmp_path):
    whole = export(seeds_store, "--format", "nquads")
    document = export(seeds_store, "--format", "nquads", "--document", "001_586a4325bde2758e.txt")
    graphs = {line.rsplit(b" ", 2)[1] for line in document.splitlines()}
    assert len(graphs) == 1 and next(iter(graphs)).startswith(b"<https://w3id.org/kgnews/resource/document/")
    assert set(document.splitlines()) < set(whole.splitlines())
    doc_id = next(iter(graphs))[1:-1].rsplit(b"/", 1)[1].decode()
    assert export(seeds_store, "--format", "nquads", "--document", doc_id) == document
    events = export(seeds_store, "--graph", "events").decode()
    assert "of store 'store': graph <https://w3id.org/kgnews/resource/graph/events>" in events
    assert "\nevent:" in events and "\nmention:" not in events
    rq = tmp_path / "cloudflare.rq"
    rq.write_text("CONSTRUCT { ?e skos:prefLabel ?l } WHERE { ?e skos:prefLabel ?l FILTER (?l = 'Cloudflare') }")
    built = export(seeds_store, "--query", str(rq)).decode()
    assert 'org:cloudflare skos:prefLabel "Cloudflare" .' in built and "2 statements" not in built


@pytest.mark.parametrize("args, message", [
    (["--graph", "nope"], "no graph 'nope' in the store"),
    (["--document", "nope.txt"], "no document 'nope.txt' in the store"),
    (["--graph", "events", "--document", "x"], "at most one of --graph, --document and --query"),
])
def test_a_bad_selection_is_a_one_line_error(seeds_store, args, message):
    result = CliRunner().invoke(cli, ["export", "--store", str(seeds_store), *args], obj={})
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output


def test_a_select_query_is_refused_with_its_file_name(seeds_store, tmp_path):
    rq = tmp_path / "select.rq"
    rq.write_text("SELECT ?s WHERE { ?s ?p ?o }")
    result = CliRunner().invoke(cli, ["export", "--store", str(seeds_store), "--query", str(rq)], obj={})
    assert result.exit_code == 1 and "select.rq: kg export --query needs a CONSTRUCT" in result.output
