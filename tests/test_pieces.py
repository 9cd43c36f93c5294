"""A long document's pieces parsed on every core and stored in parts give the graph of the document built in one go."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.docstate import applied_keys, decode_template, document_graph, map_document
from kg.iri import Minter
from kg.model import Article
from kg.nlp.extract import extract_articles, split_text
from kg.parse import Parsed, Part, Source, parse_documents
from kg.resolve import resolve
from kg.store import open_store
from kg.store.convert import ntriples
from kg.vocab import DEFAULT_BASE_IRI, KG

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MINTER = Minter(DEFAULT_BASE_IRI)
PIECE = 1_500  # spaCy's max_length for these tests: the document is cut into a dozen pieces


@pytest.fixture(scope="module")
def long_article() -> Article:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:3])
    return Article("long", "long.txt", text)


@pytest.fixture
def small_pieces(nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", PIECE)
    return nlp


def joined_graph(nlp, article: Article, rules) -> tuple[set[str], object]:
    """The document's graph and state as mapping its joined pieces in one go gives them (the way before pieces
    were parsed apart): N-Triples lines, and the state with its keys."""
    [extraction] = extract_articles(nlp, [article], rules)
    mapped = map_document(extraction, article.path, MINTER, "fp")
    alone = resolve([mapped.state.as_extraction()], rules.company_suffixes, rules.short_names)
    keys = applied_keys(mapped.state, alone)
    return set(ntriples(document_graph(mapped, keys, MINTER)).splitlines()), (mapped, keys)


def streamed(nlp, article: Article, rules, jobs: int) -> tuple[list[Part], Parsed]:
    records = list(parse_documents(nlp, [Source(article, article.path, "fp")], rules, MINTER, jobs=jobs,
                                   batch_size=2, part_bytes=20_000))
    *parts, record = records
    assert all(isinstance(p, Part) for p in parts) and isinstance(record, Parsed) and record.extends
    return parts, record


def lines(parts: list[Part]) -> set[str]:
    return {line for part in parts for line in part.ntriples.decode("utf-8").splitlines()}


@pytest.mark.parametrize("jobs", [1, 2])
def test_pieces_stored_in_parts_are_the_graph_of_the_joined_pieces(small_pieces, rules, long_article, jobs):
    nlp = small_pieces
    assert len(split_text(long_article.text, PIECE)) > 5
    expected, (mapped, keys) = joined_graph(nlp, long_article, rules)
    parts, record = streamed(nlp, long_article, rules, jobs)
    assert len(parts) > 2 and parts[0].first and not any(p.first for p in parts[1:])
    assert lines(parts) == expected
    assert record.state == replace(mapped.state, applied=keys)
    assert set(decode_template(record.template)) == set(mapped.template)


def test_with_two_processes_the_parser_processes_map_the_pieces_and_the_build_process_only_renumbers(
        small_pieces, rules, long_article, monkeypatch):
    import os

    import kg.pieces

    build_process, real_map = os.getpid(), kg.pieces.map_document
    mapped_here = []

    def map_and_tell_where(extraction, *args, **kwargs):
        if os.getpid() == build_process:
            mapped_here.append(extraction)
        return real_map(extraction, *args, **kwargs)

    monkeypatch.setattr(kg.pieces, "map_document", map_and_tell_where)
    expected, _ = joined_graph(small_pieces, long_article, rules)
    parts, record = streamed(small_pieces, long_article, rules, jobs=2)
    assert not mapped_here and lines(parts) == expected


def test_mentions_are_resolved_and_actions_linked_across_pieces(small_pieces, rules, long_article):
    parts, record = streamed(small_pieces, long_article, rules, jobs=1)
    cuts = [0]
    for piece in split_text(long_article.text, PIECE):
        cuts.append(cuts[-1] + len(piece))
    piece_of = {m.key: next(i for i, end in enumerate(cuts[1:]) if m.start < end) for m in record.state.mentions}
    pieces_of_entity: dict[str, set[int]] = {}
    for mention, key in zip(record.state.mentions, record.state.applied):
        pieces_of_entity.setdefault(key, set()).add(piece_of[mention.key])
    assert max(len(p) for p in pieces_of_entity.values()) >= 3  # one entity named in three pieces or more
    numbers = [m.sentence for m in record.state.mentions]
    assert numbers == sorted(numbers) and numbers[-1] > len(cuts)  # sentences numbered through the whole document
    graph = ox.Store()
    graph.load(b"\n".join(p.ntriples for p in parts), format=ox.RdfFormat.N_TRIPLES)
    spans = graph.query(f"SELECT ?s ?e ?t WHERE {{ ?m a <{KG.Mention}> ; <{KG.startChar}> ?s ; <{KG.endChar}> ?e ; "
                        f"<{KG.text}> ?t }}")
    found = [(int(start.value), int(end.value), text.value) for start, end, text in spans]
    assert {(start, end) for start, end, _ in found} <= {(m.start, m.end) for m in record.state.mentions}
    assert max(end for _, end, _ in found) > cuts[-2]  # mentions of the last piece, at their place in the whole
    assert all(long_article.text[start:end] == text for start, end, text in found)


def test_kg_build_of_a_long_document_on_two_processes_equals_one_process_and_joins_events_across_pieces(
        small_pieces, rules, long_article, tmp_path):
    from kg.pipeline import build, find_documents, forget

    (tmp_path / "long.txt").write_text(long_article.text, encoding="utf-8")
    dumps = []
    for jobs in (1, 2):
        with open_store("memory:") as store:
            report = build([tmp_path / "long.txt"], store, small_pieces, rules, MINTER, jobs=jobs, batch_size=2,
                           validate=False)
            assert report.documents == 1 and not report.failed and report.actions > 0
            dumps.append(set(store.dump("nquads").decode("utf-8").splitlines()))
            across = store.query(
                "SELECT ?event WHERE { ?event kg:denotedBy ?a, ?b . ?a kg:evidence ?x . ?b kg:evidence ?y . "
                "?x kg:startChar ?s . ?y kg:startChar ?t FILTER(?t - ?s > 3000) } LIMIT 1")
            assert across.rows  # reports told thousands of characters apart, in different pieces, are one event
            forget(store, find_documents(store, str(tmp_path / "long.txt"), MINTER), rules, MINTER)
            assert not store.query("ASK { ?m a kg:Mention }").value
    assert dumps[0] == dumps[1]


def test_a_long_document_that_fails_half_stored_leaves_nothing_and_the_others_are_built(
        small_pieces, rules, long_article, tmp_path, monkeypatch):
    import kg.pieces
    from kg.pipeline import build

    real_map = kg.pieces.map_document

    def map_until_the_fifth_piece(extraction, path, minter, fingerprint, first=0):
        if extraction.sentences and extraction.sentences[len(extraction.sentences) - 1][1] > 5 * PIECE:
            raise IndexError("a bug in mapping")
        return real_map(extraction, path, minter, fingerprint, first)

    monkeypatch.setattr(kg.pieces, "map_document", map_until_the_fifth_piece)
    monkeypatch.setattr("kg.pipeline.LONG_DOCUMENT_PART_BYTES", 2_000)  # parts are stored before the failing piece
    (tmp_path / "long.txt").write_text(long_article.text, encoding="utf-8")
    (tmp_path / "short.txt").write_text("Cloudflare blocked Kiwi Farms on Saturday.", encoding="utf-8")
    with open_store("memory:") as store:
        report = build([tmp_path], store, small_pieces, rules, MINTER, jobs=1, validate=False)
        assert report.documents == 1 and len(report.failed) == 1 and "mapping failed" in report.failed[0]
        texts = {row[0].value for row in store.query("SELECT ?t WHERE { ?m a kg:Mention ; kg:text ?t }").rows}
        assert texts and texts <= {"Cloudflare", "Kiwi Farms"}
        assert len(store.query("SELECT ?d WHERE { ?d a kg:Document }").rows) == 1


def test_a_long_document_built_alone_is_resolved_once_and_with_others_over_all(small_pieces, rules, long_article,
                                                                               tmp_path, monkeypatch):
    import kg.finish
    from kg.pipeline import build, load_states, open_ledger

    real_resolve, over_the_store = kg.finish.resolve, []

    def resolve_and_count(extractions, *args):
        extractions = list(extractions)
        over_the_store.append(len(extractions))
        return real_resolve(extractions, *args)

    monkeypatch.setattr(kg.finish, "resolve", resolve_and_count)
    (tmp_path / "long.txt").write_text(long_article.text, encoding="utf-8")
    with open_store("memory:") as store:
        report = build([tmp_path / "long.txt"], store, small_pieces, rules, MINTER, jobs=1, validate=False)
        assert over_the_store == []  # the store holds only this document: its own resolution is the store's
        [state] = load_states(open_ledger(store, MINTER)).values()
        full = real_resolve([state.as_extraction()], rules.company_suffixes, rules.short_names)
        assert state.applied == applied_keys(state, full) and report.entities == len(full.entities)
        (tmp_path / "short.txt").write_text("Cloudflare blocked Kiwi Farms on Saturday.", encoding="utf-8")
        build([tmp_path], store, small_pieces, rules, MINTER, jobs=1, validate=False)
        assert over_the_store == [2]


def test_the_link_template_joined_as_the_pieces_come_is_the_whole_template_encoded():
    from rdflib import Literal, URIRef

    from kg.docstate import JoinedTemplate, decode_template, encode_template, template_json

    triples = [(URIRef(f"http://example.org/s{n}"), URIRef("http://example.org/p"), Literal(f"o{n}")) for n in range(3000)]
    joined = JoinedTemplate()
    for part in (triples[:1], [], triples[1:2000], [], triples[2000:]):
        joined.add(template_json(part))
    assert set(decode_template(joined.encoded())) == set(triples)
    assert JoinedTemplate().encoded() == encode_template([])
