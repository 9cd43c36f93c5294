"""A document longer than spaCy's max_length is parsed in pieces, with offsets into the whole text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Article
from kg.nlp.extract import extract_articles, split_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(st.sampled_from("ab .\n"), max_size=300), st.integers(1, 40))
def test_pieces_join_back_into_the_text_and_respect_the_size(text, size):
    pieces = split_text(text, size)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= size for p in pieces) or text == ""


def test_pieces_end_at_paragraphs_when_they_can():
    text = "First paragraph here.\n\nSecond one is here.\n\nThird."
    assert split_text(text, 25) == ["First paragraph here.\n\n", "Second one is here.\n\n", "Third."]
    assert split_text("One. Two three four", 12) == ["One. ", "Two three ", "four"]


@pytest.fixture(scope="module")
def long_article() -> Article:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:2])
    return Article("long", "long.txt", text)


def test_a_document_beyond_max_length_is_extracted_in_pieces_with_whole_document_offsets(nlp, rules, long_article, monkeypatch):
    [whole] = extract_articles(nlp, [long_article], rules)
    monkeypatch.setattr(nlp, "max_length", 1_500)
    [pieced] = extract_articles(nlp, [long_article], rules)
    text = long_article.text
    assert len(text) > 4 * nlp.max_length and pieced.article == long_article
    assert all(text[m.start : m.end] == m.text for m in pieced.mentions)
    assert all(text[t.start : t.end] == t.text for t in pieced.times)
    assert all(text[a.sentence_start : a.sentence_end].strip() == a.evidence.strip() for a in pieced.actions)
    assert all(pieced.sentences[m.sentence][0] <= m.start < pieced.sentences[m.sentence][1] for m in pieced.mentions)
    sentences = [[text[start:end].strip() for start, end in ex.sentences] for ex in (pieced, whole)]
    assert sentences[0] == sentences[1]  # whitespace at a cut may fall into either sentence
    # A name the model found in one piece is not looked for in the others, and the tagger sees a few
    # tokens either side of a word, so next to a cut a mention or a role may differ.
    assert len(set(pieced.mentions) & set(whole.mentions)) >= 0.9 * len(whole.mentions)
    assert len(set(pieced.actions) & set(whole.actions)) >= 0.8 * len(whole.actions)


def test_kg_build_stores_a_document_beyond_max_length(nlp, rules, long_article, tmp_path, monkeypatch):
    from kg.iri import Minter
    from kg.pipeline import build
    from kg.store import open_store
    from kg.vocab import DEFAULT_BASE_IRI

    (tmp_path / "long.txt").write_text(long_article.text, encoding="utf-8")
    monkeypatch.setattr(nlp, "max_length", 1_500)
    with open_store("memory:") as store:
        report = build([tmp_path / "long.txt"], store, nlp, rules, Minter(DEFAULT_BASE_IRI), validate=False)
        assert report.documents == 1 and not report.failed
        assert store.query("ASK { ?a kg:agent ?x ; kg:target ?y }").value


def test_a_piece_is_parsed_as_its_paragraphs_joined_into_one_doc_of_its_text(nlp):
    from kg.nlp.extract import paragraphs, parse_piece

    text = "  Cloudflare blocked Kiwi Farms.\n\nClara Sorrenti said so on Saturday.\n \nThe end"
    assert paragraphs(text) == ["  ", "Cloudflare blocked Kiwi Farms.\n\n", "Clara Sorrenti said so on Saturday.\n \n",
                                "The end"]
    doc = parse_piece(nlp, text)
    assert doc.text == text
    starts = [s.start_char for s in doc.sents]
    assert text.index("Clara") in starts and text.index("The end") in starts  # a paragraph starts a sentence
