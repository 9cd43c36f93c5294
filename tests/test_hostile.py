"""Hostile strings and safety: whatever the text says, every export is valid for a second, independent
parser (raptor's `rapper`, pyld for JSON-LD); query parameters are RDF terms, never SPARQL text; and
`kg query` never writes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SKOS

from kg.cli import cli
from kg.iri import Minter
from kg.mapping import to_graphs
from kg.model import Action, Article, EntityKind, Extraction, Mention
from kg.queries import load_queries, parse_binding
from kg.resolve import resolve
from kg.store import open_store
from kg.store.convert import to_rdflib
from kg.vocab import DEFAULT_BASE_IRI, INTERNAL_PROPERTIES, prefixes_with_base

PREFIXES = prefixes_with_base(DEFAULT_BASE_IRI)
RAPPER = shutil.which("rapper")
needs_rapper = pytest.mark.skipif(RAPPER is None, reason="rapper (Debian raptor2-utils) is not installed")
RAPPER_SYNTAX = {"turtle": "turtle", "ntriples": "ntriples", "nquads": "nquads", "trig": "trig"}
DATASET_FORMATS = ("nquads", "trig")

# Strings that break naive serialisers: quotes, triple quotes, backslashes, escapes written out,
# angle brackets, line breaks, direction marks, emoji, and Turtle/SPARQL syntax. Control characters
# other than tab and line breaks never reach the graph (kg.decode replaces them), so none are drawn.
NASTY = ['"', '"""', "'''", "\\", "\\n", "\\u0041", "\\U0001F600", ">", "<", "\n", "\r", "\t", "\u202e",
         "\u200f", "🙂", "@prefix", "#", "} .", "^^xsd:string", "_:b0", "ﬁ", "\u0301"]
characters = st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r")
nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(characters, max_size=8)),
                      min_size=1, max_size=6).map("".join)
names = nasty_text.filter(lambda s: s.strip() != "")


def independent_parse(exports: dict[str, bytes]) -> dict[str, set[tuple]]:
    """Parse each export with rapper (in parallel) or pyld (JSON-LD) and return its statements, read
    back from the N-Triples / N-Quads that parser writes (the simplest syntax there is)."""
    written, running = {}, {}
    for fmt, data in exports.items():
        if fmt == "jsonld":
            written[fmt] = _pyld_nquads(data)
        else:
            out = "nquads" if fmt in DATASET_FORMATS else "ntriples"
            running[fmt] = subprocess.Popen([RAPPER, "-q", "-i", RAPPER_SYNTAX[fmt], "-o", out, "-", "http://base.invalid/"],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for fmt, process in running.items():
        stdout, stderr = process.communicate(exports[fmt], timeout=60)
        assert process.returncode == 0 and not stderr, f"rapper rejected the {fmt} export: {stderr.decode()[:500]}"
        written[fmt] = stdout.decode("utf-8")
    return {fmt: _statements(text, fmt in (*DATASET_FORMATS, "jsonld")) for fmt, text in written.items()}


def _pyld_nquads(data: bytes) -> str:
    from pyld import jsonld

    def no_network(url, options=None):
        raise RuntimeError(f"the JSON-LD export refers to a remote context: {url}")

    jsonld.set_document_loader(no_network)
    return jsonld.to_rdf(json.loads(data), {"format": "application/n-quads"})


def _statements(text: str, quads: bool) -> set[tuple]:
    """Read N-Triples / N-Quads (Oxigraph reads the simple syntax fast; the independent parser wrote it)."""
    syntax = ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES
    found = set()
    for q in ox.parse(text.encode("utf-8"), format=syntax):
        terms = (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
        graph = None if isinstance(q.graph_name, ox.DefaultGraph) else to_rdflib(q.graph_name)
        found.add((*terms, graph) if quads else terms)
    return found


def ground(statements: set[tuple]) -> set[tuple]:
    return {t for t in statements if not any(isinstance(term, BNode) for term in t)}


def stored(store, fmt: str) -> set[tuple]:
    """What the store holds, as Oxigraph gives it: quads for dataset formats, the union's triples otherwise."""
    if fmt in DATASET_FORMATS:
        result = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return set(result.rows)
    return set(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph)


def facts(statements: set[tuple]) -> set[tuple]:
    """What exports hold by default: the statements without the internal data incremental builds keep."""
    return {t for t in statements if t[1] not in INTERNAL_PROPERTIES}


def hostile_extraction(agent: str, target: str, sentence: str, file_name: str) -> Extraction:
    text = f"{agent} sued {target}. {sentence}"
    doc_id = "d" + str(abs(hash(text)))[:12]
    first = Mention(doc_id, agent, EntityKind.ORGANIZATION, 0, len(agent), 0)
    second = Mention(doc_id, target, EntityKind.PERSON, len(agent) + 6, len(agent) + 6 + len(target), 0)
    verb = len(agent) + 1
    action = Action(doc_id, sentence or "sued", "sue", "Sue", verb, verb + 4, 0, 0, len(text), text, agent=first, target=second)
    article = Article(doc_id, f"/in/{file_name}", text, outlet=sentence.strip() or None, title=agent)
    return Extraction(article, (first, second), (), (action,), (), ((0, len(text)),))


def stored_hostile(extraction: Extraction):
    minter = Minter(DEFAULT_BASE_IRI)
    graphs = to_graphs([extraction], resolve([extraction]), minter)
    store = open_store("memory:", prefixes=PREFIXES)
    for doc, triples in graphs.documents.items():
        store.replace_graph(str(doc), triples)
    store.replace_graph(str(minter.resolution_graph()), [t for ts in graphs.entities.values() for t in ts])
    return store


@needs_rapper
@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(agent=names, target=names, sentence=nasty_text, file_name=nasty_text)
def test_fuzzed_labels_and_evidence_survive_every_export(agent, target, sentence, file_name):
    store = stored_hostile(hostile_extraction(agent, target, sentence, file_name))
    mentioned = store.query("SELECT ?text WHERE { ?m a kg:Mention ; kg:text ?text }").rows
    assert {str(text) for (text,) in mentioned} == {agent, target}  # stored verbatim
    read = independent_parse({fmt: store.dump(fmt) for fmt in RAPPER_SYNTAX})
    for fmt in RAPPER_SYNTAX:
        assert read[fmt] == stored(store, fmt), fmt


@settings(max_examples=8, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(agent=names, target=names, sentence=nasty_text)
def test_fuzzed_strings_survive_the_jsonld_export(agent, target, sentence):
    from kg.export import export

    store = stored_hostile(hostile_extraction(agent, target, sentence, "a.txt"))
    jsonld = export(store, "jsonld", PREFIXES, DEFAULT_BASE_IRI)
    read = {(s, p, o) for s, p, o, _ in independent_parse({"jsonld": jsonld})["jsonld"]}
    assert stored(store, "turtle") <= read


# The whole way: a hostile article file through the build and `kg export` ------------------------------

HOSTILE_ARTICLE = (
    'Acme Corp sued Globex Inc on Monday, saying """the deal""" was \\"void\\" <b>and</b> that '
    "C:\\new\\table and \\u0041 were \"typed\" by \U0001F600 users.\r\n"
    "\tBarack Obama said: '} ; DROP ALL ; #' @prefix x: <http://evil/> . ^^xsd:string _:b0\n"
)


def kg_cli(*args: str, process: bool = True) -> subprocess.CompletedProcess:
    """Run kg as a real process, or in-process through click (faster) with the same output."""
    if process:
        return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, timeout=300)
    result = CliRunner().invoke(cli, list(args), obj={})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout_bytes, result.stderr_bytes)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory, nlp, rules):
    """A hostile article, with a hostile file name and manifest, built with the session's model."""
    from kg.pipeline import build

    folder = tmp_path_factory.mktemp("hostile")
    (folder / 'odd "name" \\ <1>.txt').write_text(HOSTILE_ARTICLE, encoding="utf-8")
    (folder / "manifest.yaml").write_text(
        "documents:\n  - file: 'odd \"name\" \\ <1>.txt'\n    published: 2022-09-05\n"
        "    title: \"T\\\"itle \\\\ with \\n newline\"\n    outlet: '<Outlet> & \"Co\"'\n"
        "    url: 'http://example.org/a b\"c>'\n", encoding="utf-8")
    store = folder / "store"
    with open_store(str(store), prefixes=PREFIXES) as kg_store:
        report = build([folder], kg_store, nlp, rules, Minter(DEFAULT_BASE_IRI))
    return store, report


@pytest.fixture(scope="module")
def hostile_store(hostile_build) -> Path:
    return hostile_build[0]


def test_a_bad_url_in_the_manifest_is_reported_not_stored(hostile_build, hostile_store):
    [failure] = hostile_build[1].failed
    assert "manifest.yaml (odd \"name\" \\ <1>.txt): 'url' is not a valid IRI" in failure
    with open_store(str(hostile_store), read_only=True, prefixes=PREFIXES) as store:
        urls = store.query("SELECT ?u WHERE { ?d <https://schema.org/url> ?u }").rows
        titles = store.query("SELECT ?t WHERE { ?d a kg:Document ; dcterms:title ?t }").rows
    assert urls == [] and [str(t) for (t,) in titles] == ['T"itle \\ with \n newline']


@needs_rapper
@pytest.mark.parametrize("fmt", [*RAPPER_SYNTAX, "jsonld"])
def test_every_export_of_a_hostile_article_parses_with_an_independent_parser(hostile_store, fmt):
    run = kg_cli("export", "--store", str(hostile_store), "--format", fmt, process=fmt == "turtle")
    assert run.returncode == 0, run.stderr.decode()
    read = independent_parse({fmt: run.stdout})[fmt]
    with open_store(str(hostile_store), read_only=True, prefixes=PREFIXES) as store:
        expected = facts(stored(store, "turtle" if fmt == "jsonld" else fmt))
    if fmt == "jsonld":  # adds the schema.org statements kg's alignments entail; blank nodes are renamed
        read = {(s, p, o) for s, p, o, _ in read}
        assert ground(expected) <= ground(read) and len(expected - ground(expected)) <= len(read - ground(read))
    else:
        assert read == expected
    texts = {str(t[2]) for t in read if isinstance(t[2], Literal)}
    assert any('"""the deal"""' in t and "\\u0041" in t and "\U0001F600" in t for t in texts)


# Parameters are RDF terms, never SPARQL text -----------------------------------------------------

INJECTION = '"} ; DROP ALL ; #'


@pytest.fixture()
def seeds_copy(seeds_store, tmp_path) -> Path:
    location = tmp_path / "store"
    shutil.copytree(seeds_store, location)
    return location


def dump(location: Path) -> bytes:
    with open_store(str(location), read_only=True, prefixes=PREFIXES) as store:
        return store.dump("nquads")


def test_parse_binding_keeps_an_injection_as_one_literal():
    assert parse_binding(f"label={INJECTION}", PREFIXES) == ("label", Literal(INJECTION))


@pytest.mark.parametrize("query, process", [("mentions", True), ("SELECT ?e WHERE { ?e skos:prefLabel ?label }", False)])
def test_injection_through_kg_query_param_is_a_literal_and_changes_nothing(seeds_copy, query, process):
    before = dump(seeds_copy)
    run = kg_cli("query", "--store", str(seeds_copy), "--param", f"label={INJECTION}", "--format", "json", query,
                 process=process)
    assert run.returncode == 0, run.stderr.decode()
    assert json.loads(run.stdout)["results"]["bindings"] == []
    assert dump(seeds_copy) == before


def test_injection_through_the_store_api_matches_only_that_exact_label():
    store = open_store("memory:", prefixes=PREFIXES)
    evil, plain = URIRef(DEFAULT_BASE_IRI + "person/evil"), URIRef(DEFAULT_BASE_IRI + "person/plain")
    store.replace_graph("http://example.org/g", [(evil, SKOS.prefLabel, Literal(INJECTION)),
                                                  (plain, SKOS.prefLabel, Literal("Plain"))])
    before = store.dump("nquads")
    canned = load_queries()["mentions"].text
    store.query(canned, {"label": Literal(INJECTION)})
    rows = store.query("SELECT ?e WHERE { ?e skos:prefLabel ?label }", {"label": Literal(INJECTION)}).rows
    assert rows == [(evil,)]
    assert store.dump("nquads") == before and len(store) == 2


# kg query only reads ------------------------------------------------------------------------------

@pytest.mark.parametrize("update, process", [
    ("DROP ALL", True),
    ("DELETE WHERE { ?s ?p ?o }", False),
    ("PREFIX ex: <http://example.org/>\n# a comment\nINSERT DATA { ex:a ex:b ex:c }", False),
    ("WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", False),
    ("LOAD <file:///etc/passwd>", False),
    ("clear default", False),
])
def test_kg_query_refuses_updates_and_leaves_the_store_unchanged(seeds_copy, update, process):
    before = dump(seeds_copy)
    run = kg_cli("query", "--store", str(seeds_copy), update, process=process)
    message = run.stderr.decode()
    assert run.returncode == 1 and run.stdout == b""
    assert message.startswith("Error: kg query is read-only") and message.count("\n") == 1
    assert dump(seeds_copy) == before


def test_an_injection_dressed_as_an_iri_is_refused_before_the_store_is_opened(seeds_copy):
    before = dump(seeds_copy)
    run = kg_cli("query", "--store", str(seeds_copy), "--param", f"agent=<http://x>{INJECTION}>", "mentions", process=False)
    assert run.returncode == 2 and "Traceback" not in run.stderr.decode()
    assert f"Invalid value for --param: 'agent=<http://x>{INJECTION}>': <http://x>{INJECTION}> is not a valid IRI" in run.stderr.decode()
    assert dump(seeds_copy) == before
