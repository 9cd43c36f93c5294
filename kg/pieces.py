"""A document longer than spaCy's max_length: its pieces parsed on every core, its graph stored as it comes.

Pieces (kg/nlp/extract.py: split_text) go to the parser processes like documents, a batch at a time, and come
back as extractions in the piece's own offsets. The build process puts each in its place in the whole document
(character offsets, sentence numbers, the numbering of its link template's placeholders), maps it and hands its
triples to the store about `part_bytes` at a time, so that memory holds one batch of triples, the document's
summary and its compressed link template, whatever the document's length. When the last piece is in, the
document's mentions are resolved together (within-document resolution sees every piece, as it does for a document
parsed whole) and its link triples follow; its state comes last, so a build stopped half way leaves a graph
without state, which the next build drops and parses again. The graph is the one mapping the joined pieces
(extract.join_pieces) in one go gives (tests/test_pieces.py).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from typing import Iterator, Sequence

from kg.docstate import (
    ActionState,
    DocState,
    applied_keys,
    entity_iris,
    fill_template,
    join_templates,
    map_document,
    template_json,
    template_triples,
)
from kg.ingest import Failure, fault
from kg.iri import Minter
from kg.mapping import Triple
from kg.model import Alias, Article, Extraction, Mention
from kg.nlp.rules import Rules
from kg.records import Parsed, Part, Source
from kg.resolve import resolve
from kg.store.convert import ntriples

# Pieces sent to a parser process at a time: 80,000 characters, a few seconds of parsing, so that the processes
# end together (the last unit is the tail) and a unit is as cheap to send as a batch of news articles.
PIECES_PER_UNIT = 4


@dataclass(frozen=True)
class Piece:
    """A piece of a long source: an Article of its own (the source's id and metadata, the piece's text), where it
    starts in the source's text, and whether it is the last."""

    source: Source
    article: Article
    offset: int
    last: bool


def pieces(source: Source, max_length: int) -> Iterator[Piece]:
    from kg.nlp.extract import article_pieces

    for article, offset, last in article_pieces(source.article, max_length):
        yield Piece(source, article, offset, last)


@dataclass(frozen=True)
class PieceTexts:
    """What a parser process gets of a batch of pieces: the pieces as Articles, never the whole document."""

    articles: tuple[Article, ...]


def extract_pieces(nlp, batch: PieceTexts, rules: Rules, batch_size: int) -> list[Extraction | Failure]:
    """In a parser process: each piece's extraction, in its own offsets, or the Failure of its document."""
    from kg.nlp.extract import extract_doc

    article = batch.articles[0]
    try:
        docs = list(nlp.pipe((piece.text for piece in batch.articles), batch_size=batch_size))
    except Exception as error:  # spaCy does not say which piece failed: the document fails
        return [fault(article.path, "parsing", error, article.id)] * len(batch.articles)
    try:
        return [extract_doc(doc, piece, rules) for doc, piece in zip(docs, batch.articles)]
    except Exception as error:
        found = fault(article.path, "extraction", error, article.id)
        return [replace(found, reason=f"{found.reason}; run kg extract {article.path} to see where")] * len(docs)


class _Numbered(Sequence):
    """A piece's sentences, looked up by their numbers in the whole document (how the mapping reads them)."""

    def __init__(self, spans: Sequence[tuple[int, int]], first: int):
        self.spans, self.first = spans, first

    def __getitem__(self, number):
        return self.spans[number - self.first]

    def __len__(self) -> int:
        return self.first + len(self.spans)


class LongDocument:
    """A long document being put together from its pieces' extractions, in order."""

    def __init__(self, source: Source, minter: Minter, rules: Rules, part_bytes: int):
        self.source, self.minter, self.rules, self.part_bytes = source, minter, rules, part_bytes
        self.iri = str(minter.document(source.article.id))
        self.sentences = 0
        self.mentions: list[Mention] = []
        self.aliases: list[Alias] = []
        self.actions: list[ActionState] = []
        self.templates: list[bytes] = []  # each piece's template_json, compressed
        self.pending: list[bytes] = []
        self.pending_bytes = 0
        self.started = False

    def add(self, piece: Piece, extraction: Extraction) -> Iterator[Part]:
        """Map one piece (the next in order); yields a Part when enough triples wait."""
        from kg.nlp.extract import place_piece

        placed = place_piece(extraction, self.source.article, piece.offset, self.sentences)
        placed = replace(placed, sentences=_Numbered(placed.sentences, self.sentences))
        self.sentences += len(extraction.sentences)
        mapped = map_document(placed, self.source.path, self.minter, self.source.fingerprint, len(self.mentions))
        self.mentions += mapped.state.mentions
        self.aliases += mapped.state.aliases
        self.actions += mapped.state.action_states
        self.templates.append(zlib.compress(template_json(mapped.template).encode("utf-8"), 1))
        yield from self._triples(mapped.static)

    def finish(self) -> Iterator[Part | Parsed]:
        """Resolve the document's mentions together, then yield its link triples and its record."""
        article = self.source.article
        state = DocState(article.id, self.source.path, self.source.fingerprint, len(self.actions), tuple(self.mentions),
                         tuple(self.aliases), action_states=tuple(self.actions),
                         published=article.published.isoformat() if article.published else None, outlet=article.outlet)
        alone = resolve([state.as_extraction()], self.rules.company_suffixes, self.rules.short_names)
        keys = applied_keys(state, alone)
        entities = entity_iris(keys, self.minter)
        for packed in self.templates:
            template = template_triples(zlib.decompress(packed).decode("utf-8"))
            yield from self._triples(fill_template(template, entities, self.minter))
        if self.pending:
            yield self._part()
        template = join_templates(zlib.decompress(packed).decode("utf-8") for packed in self.templates)
        yield Parsed(self.iri, b"", replace(state, applied=keys), template, extends=True)

    def _triples(self, triples: Sequence[Triple] | set[Triple]) -> Iterator[Part]:
        if triples:
            data = ntriples(triples).encode("utf-8")
            self.pending.append(data)
            self.pending_bytes += len(data)
        if self.pending_bytes >= self.part_bytes:
            yield self._part()

    def _part(self) -> Part:
        article = self.source.article
        part = Part(self.iri, article.id, article.path, b"\n".join(self.pending), first=not self.started)
        self.pending, self.pending_bytes, self.started = [], 0, True
        return part


class Assembler:
    """Turns the pieces' extractions, as they come back in order, into Parts and records; a piece that failed
    fails its document, once, and the rest of its pieces are passed over."""

    def __init__(self, minter: Minter, rules: Rules, part_bytes: int):
        self.minter, self.rules, self.part_bytes = minter, rules, part_bytes
        self.document: LongDocument | None = None
        self.failed: Source | None = None

    def take(self, piece: Piece, outcome: Extraction | Failure) -> Iterator[Part | Parsed | Failure]:
        if piece.source is self.failed:
            return
        if self.document is None or self.document.source is not piece.source:
            self.document = LongDocument(piece.source, self.minter, self.rules, self.part_bytes)
        if isinstance(outcome, Failure):
            yield self._fail(piece, outcome)
            return
        try:
            yield from self.document.add(piece, outcome)
            if piece.last:
                yield from self.document.finish()
                self.document = None
        except Exception as error:  # a bug in mapping one document must not stop the others
            yield self._fail(piece, fault(piece.source.article.path, "mapping", error, piece.source.article.id))

    def _fail(self, piece: Piece, failure: Failure) -> Failure:
        self.failed, self.document = piece.source, None
        return failure


__all__ = ["PIECES_PER_UNIT", "Assembler", "LongDocument", "Piece", "PieceTexts", "extract_pieces", "pieces"]
