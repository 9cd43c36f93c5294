"""JSON Lines input: one article a line, bad lines named by file and line, lines known by their id."""

from __future__ import annotations

import json
from datetime import date

import pytest
from tiny_corpus import canonical, document

from kg.buildstate import open_state
from kg.ingest import Failure, iter_articles
from kg.iri import Minter
from kg.model import Article
from kg.pipeline import build, find_documents, forget, load_states
from kg.store import open_store
from kg.vocab import DEFAULT_BASE_IRI, prefixes_with_base

MINTER = Minter(DEFAULT_BASE_IRI)


def line(**fields) -> str:
    return json.dumps(fields)


def test_each_line_is_an_article_with_its_metadata(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(line(id="x/1", text="Acme sued Globex.", published="2024-05-01", outlet="Daily", url="https://e.org/1",
                         title="Suit") + "\n\n" + line(text="Globex <b>appealed</b>.") + "\n", encoding="utf-8")
    first, second = iter_articles([path])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.text, first.published, first.outlet, first.url, first.title) == (
        "Acme sued Globex.", date(2024, 5, 1), "Daily", "https://e.org/1", "Suit")
    assert first.path == f"{path.resolve()}#x%2F1"  # the id, with no slash: the path resolves to itself
    assert second.path == f"{path.resolve()}#line3" and second.published is None


@pytest.mark.parametrize("bad, problem", [
    ("{not json", "not valid JSON"),
    ('["a list"]', "expected a JSON object"),
    ('{"id": "a"}', 'no "text"'),
    ('{"text": 3}', '"text" must be a string'),
    ('{"text": "   "}', "empty document"),
    ('{"text": "Acme.", "id": {"x": 1}}', '"id" must be'),
])
def test_a_bad_line_is_one_line_naming_file_and_line_and_the_rest_is_read(tmp_path, bad, problem):
    path = tmp_path / "news.jsonl"
    path.write_bytes((line(text="Acme sued Globex.") + "\n" + bad + "\n" + line(text="Globex appealed.") + "\n")
                     .encode("utf-8"))
    items = list(iter_articles([path]))
    assert [type(i) for i in items] == [Article, Failure, Article]
    assert items[1].reason.startswith(f"{path}:2: {problem}") and "\n" not in items[1].reason


def test_a_line_that_is_not_utf8_is_reported_and_the_next_is_read(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n' + line(text="Acme sued Globex.").encode() + b"\n")
    failure, article = iter_articles([path])
    assert failure.reason.startswith(f"{path}:1: not UTF-8") and isinstance(article, Article)


def test_bad_metadata_is_reported_and_the_article_kept_without_it(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(line(text="Acme sued Globex.", published="someday", url="not an iri") + "\n", encoding="utf-8")
    article, *failures = iter_articles([path])
    assert isinstance(article, Article) and (article.published, article.url) == (None, None)
    assert [f.reason.split(": ", 1)[0] for f in failures] == [f"{path}:1"] * 2


def test_a_changed_line_replaces_its_document_and_forgetting_the_file_forgets_its_lines(tmp_path, nlp, rules):
    path = tmp_path / "news.jsonl"

    def write(texts: dict[str, str]) -> None:
        path.write_text("".join(line(id=k, text=t, published="2024-05-01") + "\n" for k, t in texts.items()),
                        encoding="utf-8")

    texts = {f"a{i}": document(i).split("\n", 2)[2] for i in range(3)}
    write(texts)
    with open_store("memory:", prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as store:
        build([path], store, nlp, rules, MINTER, validate=False)
        texts["a1"] = document(7).split("\n", 2)[2]
        write(texts)
        report = build([path], store, nlp, rules, MINTER, validate=False)
        assert (report.documents, report.removed, report.skipped) == (1, 1, 2)
        with open_store("memory:", prefixes=prefixes_with_base(DEFAULT_BASE_IRI)) as clean:
            build([path], clean, nlp, rules, MINTER, validate=False)
            assert canonical(store.dump("nquads")) == canonical(clean.dump("nquads"))
        forget(store, find_documents(store, str(path), MINTER), rules, MINTER)
        assert load_states(open_state(store, MINTER)) == {}
