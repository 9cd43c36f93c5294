"""Run the NLP pipeline over articles and collect mentions, aliases, times and actions."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kg.model import Article, Extraction
from kg.nlp.actions import extract_actions
from kg.nlp.mentions import extract_aliases, extract_mentions
from kg.nlp.places import located_in
from kg.nlp.rules import Rules
from kg.nlp.times import extract_times

# Longer articles are parsed and extracted in pieces of at most this many characters (several news
# articles' worth): spaCy's memory grows with the length of what it parses at once, nlp.max_length
# (1,000,000 by default) refuses more, and extraction compares names and times across a whole Doc, so
# its time grows faster than the length (115,000 characters take 14 times as long as 29,000).
PIECE_SIZE = 20_000
_CUTS = ("\n\n", "\n", ". ", " ")
# A paragraph and the blank lines after it, or whitespace before the first.
_PARAGRAPH = re.compile(r"\S.*?(?:\n[ \t]*\n\s*|\Z)|\s+", re.S)
_CHARACTER_OFFSETS = {"start", "end", "sentence_start", "sentence_end", "reported_in"}
OnError = Callable[[Article, Exception], None]


def extract_doc(doc: Doc, article: Article, rules: Rules) -> Extraction:
    """Turn one parsed article into an Extraction (pure apart from reading the Doc)."""
    if _parsed_from(doc, article.text):  # spaCy would join the tokens again for doc.text
        doc.user_data["kg_text"] = article.text
    mentions = extract_mentions(doc, article, rules)
    aliases, alias_mentions = extract_aliases(doc, mentions, rules)
    mentions = sorted([*mentions, *alias_mentions], key=lambda m: m.start)
    times = extract_times(doc, article, rules)
    actions = extract_actions(doc, article, mentions, times, rules)
    sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
    places = tuple(located_in(doc, mentions))
    return Extraction(article, tuple(mentions), tuple(aliases), tuple(actions), tuple(times), sentences, places)


def _parsed_from(doc: Doc, text: str) -> bool:
    """Whether `doc` is the parse of `text` as it was given (spaCy keeps every character), checked by its ends."""
    if not len(doc):
        return not text
    last = doc[-1]
    return (last.idx + len(last.text_with_ws) == len(text) and text.startswith(doc[0].text, doc[0].idx)
            and text.startswith(last.text, last.idx))


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


def article_pieces(article: Article, max_length: int) -> Iterator[tuple[Article, int, bool]]:
    """The pieces of an article longer than max_length, each as an Article of its own (the article's id and
    metadata, the piece's text), with its character offset in the article and whether it is the last."""
    parts, offset = split_text(article.text, min(max_length, PIECE_SIZE)), 0
    for number, part in enumerate(parts, 1):
        yield replace(article, text=part), offset, number == len(parts)
        offset += len(part)


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs, each with the blank lines after it, joining back into it exactly.

    >>> paragraphs("One. Two.\\n\\nThree.\\n")
    ['One. Two.\\n\\n', 'Three.\\n']
    """
    return _PARAGRAPH.findall(text)


def joined(docs: list[Doc]) -> Doc:
    """Docs of consecutive texts as one Doc of their joined text."""
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])


def parse_piece(nlp: Language, text: str) -> Doc:
    """A piece of a long document parsed as its paragraphs in one batch, joined into one Doc. spaCy's parser steps
    through a batch's documents together: on 20 pieces of BBC text (393k characters) this took 7.6 s of CPU where
    the pieces parsed whole took 8.5, and the paragraphs are what nlp.pipe is given in bench/long_document.py."""
    parts = paragraphs(text)
    return joined(list(nlp.pipe(parts, batch_size=len(parts))))


def _pieces(articles: Iterable[Article], max_length: int) -> Iterator[tuple[str, tuple[Article, Article, int, bool, bool]]]:
    """Each article's text, or the paragraphs of its pieces if longer than max_length (parse_piece), with (article,
    piece as an Article, the piece's character offset, whether it is the last piece, whether the text ends it)."""
    for article in articles:
        if len(article.text) <= max_length:
            yield article.text, (article, article, 0, True, True)
            continue
        for piece, offset, last in article_pieces(article, max_length):
            parts = paragraphs(piece.text)
            for number, part in enumerate(parts, 1):
                yield part, (article, piece, offset, last, number == len(parts))


def _parsed(nlp: Language, articles: Iterable[Article], batch_size: int) -> Iterator[tuple[Doc, Article, Article, int, bool]]:
    """Each article's Doc, or each of its pieces' (its paragraphs joined), with (article, piece, offset, last)."""
    paragraphs_done: list[Doc] = []
    stream = _pieces(articles, nlp.max_length)
    for doc, (article, piece, offset, last, ends) in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        paragraphs_done.append(doc)
        if ends:
            yield joined(paragraphs_done), article, piece, offset, last
            paragraphs_done = []


def parse_pieces(nlp: Language, articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Doc, Article]]:
    """Parse articles in order; one longer than nlp.max_length is parsed in pieces joined into one Doc
    (for tools that need the Doc; extract_articles keeps the pieces apart, which scales better)."""
    parsed: list[Doc] = []
    for doc, article, piece, _, last in _parsed(nlp, articles, batch_size):
        if piece is article:
            yield doc, article
            continue
        parsed.append(doc)
        if last:
            yield joined(parsed), article
            parsed = []


def extract_articles(
    nlp: Language, articles: Iterable[Article], rules: Rules, batch_size: int = 16, on_error: OnError | None = None
) -> Iterator[Extraction]:
    """Parse articles with nlp.pipe and yield their extractions in order.

    An article longer than nlp.max_length is parsed and extracted in pieces (see split_text), and
    the pieces' extractions are joined with every offset counted from the start of the whole article:
    memory and time stay those of one piece, whatever the document's length. With `on_error`, an article
    whose extraction raises is handed to it and left out, and the others go on.
    """
    done: list[tuple[int, Extraction]] = []
    failed: Article | None = None
    for doc, article, piece, offset, last in _parsed(nlp, articles, batch_size):
        if article is failed:
            continue
        try:
            extraction = extract_doc(doc, piece, rules)
        except Exception as error:
            if on_error is None:
                raise
            on_error(article, error)
            failed, done = article, []
            continue
        if piece is article:
            yield extraction
            continue
        done.append((offset, extraction))
        if last:
            yield join_pieces(article, done)
            done = []


def join_pieces(article: Article, pieces: list[tuple[int, Extraction]]) -> Extraction:
    """One Extraction for the whole article from its pieces' (each piece's character offset first)."""
    joined: dict[str, list] = {name: [] for name in _RECORDS}
    for offset, extraction in pieces:
        placed = place_piece(extraction, article, offset, len(joined["sentences"]))
        for name, records in joined.items():
            records += getattr(placed, name)
    return Extraction(article, **{name: tuple(records) for name, records in joined.items()})


def place_piece(extraction: Extraction, article: Article, chars: int, sentences: int) -> Extraction:
    """A piece's extraction as part of `article`: character offsets moved by `chars` (where the piece starts) and
    sentence numbers by `sentences` (how many the pieces before it hold)."""
    return Extraction(article, **{name: tuple(_shifted(record, chars, sentences) for record in getattr(extraction, name))
                                  for name in _RECORDS})


_RECORDS = [f.name for f in fields(Extraction) if f.name != "article"]


def _shifted(record: Any, chars: int, sentences: int) -> Any:
    """A copy of an extraction record with character offsets moved by `chars` and sentence numbers by `sentences`.

    Records are frozen dataclasses (fields `start`, `end`, `sentence_start`, `sentence_end` count
    characters, `sentence` counts sentences), tuples of them, or a sentence's (start, end).
    """
    if isinstance(record, tuple):
        if all(isinstance(value, int) for value in record):
            return tuple(value + chars for value in record)
        return tuple(_shifted(value, chars, sentences) for value in record)
    if not is_dataclass(record):
        return record
    changes = {}
    for name in _field_names(type(record)):
        value = getattr(record, name)
        if name in _CHARACTER_OFFSETS and isinstance(value, int):
            changes[name] = value + chars
        elif name == "sentence" and isinstance(value, int):
            changes[name] = value + sentences
        elif isinstance(value, tuple) or is_dataclass(value):
            changes[name] = _shifted(value, chars, sentences)
    return replace(record, **changes)


@lru_cache(maxsize=None)
def _field_names(record_type: type) -> tuple[str, ...]:
    """A record class's fields, looked up once per class (a piece has thousands of records)."""
    return tuple(f.name for f in fields(record_type))
