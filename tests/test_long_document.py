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


def test_a_document_beyond_max_length_gives_the_same_extraction_as_one_parse(nlp, rules, long_article, monkeypatch):
    [whole] = extract_articles(nlp, [long_article], rules)
    monkeypatch.setattr(nlp, "max_length", 1_500)
    [pieced] = extract_articles(nlp, [long_article], rules)
    text = long_article.text
    assert len(text) > 4 * nlp.max_length
    assert all(text[m.start : m.end] == m.text for m in pieced.mentions)
    assert all(text[t.start : t.end] == t.text for t in pieced.times)
    sentences = [[text[start:end].strip() for start, end in ex.sentences] for ex in (pieced, whole)]
    assert sentences[0] == sentences[1]  # whitespace at a cut may fall into either sentence
    assert set(pieced.mentions) == set(whole.mentions)
    # The tagger and parser see a few tokens either side of a word, so next to a cut a role may differ.
    assert {(a.start, a.action_class) for a in pieced.actions} == {(a.start, a.action_class) for a in whole.actions}
    assert len(set(pieced.actions) & set(whole.actions)) >= 0.9 * len(whole.actions)
