"""Run the NLP pipeline over articles and collect mentions, aliases, times and actions."""

from __future__ import annotations

from typing import Iterable, Iterator

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from kg.model import Article, Extraction
from kg.nlp.actions import extract_actions
from kg.nlp.mentions import extract_aliases, extract_mentions
from kg.nlp.places import located_in
from kg.nlp.rules import Rules
from kg.nlp.times import extract_times

# Longer articles are parsed in pieces of at most this many characters: spaCy's memory grows with the
# length of what it parses at once, and nlp.max_length (1,000,000 by default) refuses more.
PIECE_SIZE = 100_000
_CUTS = ("\n\n", "\n", ". ", " ")


def extract_doc(doc: Doc, article: Article, rules: Rules) -> Extraction:
    """Turn one parsed article into an Extraction (pure apart from reading the Doc)."""
    mentions = extract_mentions(doc, article, rules)
    aliases, alias_mentions = extract_aliases(doc, mentions, rules)
    mentions = sorted([*mentions, *alias_mentions], key=lambda m: m.start)
    times = extract_times(doc, article, rules)
    actions = extract_actions(doc, article, mentions, times, rules)
    sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
    places = tuple(located_in(doc, mentions))
    return Extraction(article, tuple(mentions), tuple(aliases), tuple(actions), tuple(times), sentences, places)


def split_text(text: str, size: int) -> list[str]:
    """Cut text into consecutive pieces of at most `size` characters that join back into it exactly.

    Each cut falls after the last paragraph break in reach, else the last line break, else the last
    sentence end, else the last space, and only failing all of these mid-word.

    >>> split_text("One. Two.\\n\\nThree four five.", 16)
    ['One. Two.\\n\\n', 'Three four five.']
    """
    pieces, start = [], 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = next((i + len(mark) for mark in _CUTS if (i := window.rfind(mark)) > 0), size)
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_pieces(
    nlp: Language, articles: Iterable[Article], batch_size: int = 16, n_process: int = 1
) -> Iterator[tuple[Doc, Article]]:
    """Parse articles with nlp.pipe, in order; one longer than nlp.max_length is parsed in pieces joined
    into one Doc, so every character offset still counts from the start of the whole article."""
    size = min(nlp.max_length, PIECE_SIZE)

    def pieces() -> Iterator[tuple[str, tuple[Article, bool]]]:
        for article in articles:
            parts = split_text(article.text, size) if len(article.text) > nlp.max_length else [article.text]
            for number, part in enumerate(parts, 1):
                yield part, (article, number == len(parts))

    parsed: list[Doc] = []
    for doc, (article, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        if last and not parsed:
            yield doc, article
            continue
        doc.tensor = numpy.empty((0,), dtype="float32")  # extraction never reads it; it is most of a Doc's memory
        parsed.append(doc)
        if last:
            yield Doc.from_docs(parsed, ensure_whitespace=False, exclude=["tensor"]), article
            parsed = []


def parse(nlp: Language, article: Article) -> Doc:
    """Parse one article, in pieces if it is longer than nlp.max_length."""
    [(doc, _)] = parse_pieces(nlp, [article])
    return doc


def extract_articles(nlp: Language, articles: Iterable[Article], rules: Rules, batch_size: int = 16) -> Iterator[Extraction]:
    """Parse articles in batches with nlp.pipe and yield their extractions in order."""
    for doc, article in parse_pieces(nlp, articles, batch_size):
        yield extract_doc(doc, article, rules)
