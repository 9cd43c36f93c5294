"""A document longer than spaCy's max_length: its pieces parsed, extracted and mapped on every core, its graph
stored as it comes.

Pieces (kg/nlp/extract.py: split_text) go to the parser processes like documents, a batch at a time. A parser
process puts each piece's extraction at its character offset in the whole document (known before parsing) and maps
it, numbering its sentences and its link template's placeholders from 0, since how many the pieces before it hold
is not known there; it sends back N-Triples, and its link template and summary (mentions, aliases, actions), both
compressed. The build process, which gets the pieces in order, only renumbers: the sentence indexes in the
N-Triples (one regular expression), and the summary's sentences, mentions and placeholders when the document is
whole. It hands the triples to the store about `part_bytes` at a time, joins the pieces' link template rows into
the document's as they come, and keeps of each piece only its compressed link triples and summary (a twentieth of
the summary's objects: bench/piece_summary_size.py), so that what the build process holds while the document is
parsed grows slowly with its length. When the last piece is in, the summaries are unpacked, the document's mentions
are resolved together (within-document resolution sees every piece, as it does for a document parsed whole) and
its link triples follow; its state comes last, so a build stopped half way leaves a graph without state, which the
next build drops and parses again. The record carries that resolution, so that a build of this document alone does
not resolve it again (kg/pipeline.py). The graph is the one mapping the joined pieces (extract.join_pieces) in one
go gives (tests/test_pieces.py).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, replace
from typing import Iterator

from kg.docstate import (
    ActionState,
    DocState,
    JoinedTemplate,
    applied_keys,
    decode_state,
    encode_state,
    map_document,
    placeholder_prefix,
    template_json,
)
from kg.ingest import Failure, fault
from kg.iri import Minter
from kg.model import Alias, Article, Mention
from kg.nlp.rules import Rules
from kg.records import Parsed, Part, Source
from kg.resolve import resolve
from kg.store.convert import ntriples
from kg.vocab import KG

# Pieces sent to a parser process at a time: 80,000 characters, a few seconds of parsing, so that the processes
# end together (the last unit is the tail) and a unit is as cheap to send as a batch of news articles.
PIECES_PER_UNIT = 4
# How ntriples() writes a span's sentence number, the one number of a piece's triples that depends on the pieces
# before it.
_SENTENCE_INDEX = re.compile(rb"(<" + str(KG.sentenceIndex).encode() + rb'> ")(\d+)"')


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
    """What a parser process gets of a batch of pieces: the pieces as Articles and where each starts in the
    document, never the whole document."""

    articles: tuple[Article, ...]
    offsets: tuple[int, ...]


@dataclass(frozen=True)
class MappedPiece:
    """A piece mapped in a parser process, its sentences and placeholders numbered from 0 and its character
    offsets the whole document's: the triples that hold no entity (N-Triples), the link template as N-Triples and
    as template_json rows, and what resolution and events need of it (its DocState as encode_state writes it),
    each zlib-compressed; and how many sentences and resolution inputs (placeholders) it holds."""

    static: bytes
    template_ntriples: bytes
    template_rows: bytes
    state: bytes
    sentences: int
    mentions: int


class _PlacedText:
    """A piece's text read at its offsets in the whole document (how the mapping cuts out a sentence's text)."""

    def __init__(self, text: str, offset: int):
        self.text, self.offset = text, offset

    def __getitem__(self, span: slice) -> str:
        return self.text[span.start - self.offset : span.stop - self.offset]


def map_pieces(nlp, batch: PieceTexts, rules: Rules, minter: Minter) -> list[MappedPiece | Failure]:
    """In a parser process: each piece parsed, extracted and mapped, or the Failure of its document.

    Pieces are parsed one at a time (each as its paragraphs, kg/nlp/extract.py parse_piece) and each Doc dropped
    once extracted: a piece is already thousands of tokens, and spaCy parsing a unit's four together peaked at about
    220 MB more (bench/piece_memory.py)."""
    from kg.nlp.extract import extract_doc, parse_piece

    article = batch.articles[0]
    docs = (parse_piece(nlp, piece.text) for piece in batch.articles)
    extractions = []
    for piece in batch.articles:
        try:
            doc = next(docs)
        except Exception as error:  # spaCy does not say which piece failed: the document fails
            return [fault(article.path, "parsing", error, article.id)] * len(batch.articles)
        try:
            extractions.append(extract_doc(doc, piece, rules))
        except Exception as error:
            found = fault(article.path, "extraction", error, article.id)
            return [replace(found, reason=f"{found.reason}; run kg extract {article.path} to see where")] * len(batch.articles)
    try:
        return [map_piece(extraction, offset, minter) for extraction, offset in zip(extractions, batch.offsets)]
    except Exception as error:  # a bug in mapping one document must not stop the others
        return [fault(article.path, "mapping", error, article.id)] * len(extractions)


def map_piece(extraction, offset: int, minter: Minter) -> MappedPiece:
    """One piece's extraction (in its own offsets) mapped at `offset` in the whole document."""
    from kg.nlp.extract import place_piece

    article = extraction.article
    placed = place_piece(extraction, replace(article, text=_PlacedText(article.text, offset)), offset, 0)
    mapped = map_document(placed, article.path, minter, "")
    return MappedPiece(ntriples(mapped.static).encode("utf-8"),
                       zlib.compress(ntriples(mapped.template).encode("utf-8"), 1),
                       zlib.compress(template_json(mapped.template).encode("utf-8"), 1),
                       zlib.compress(encode_state(mapped.state).encode("utf-8"), 1), len(extraction.sentences),
                       len(mapped.state.mentions))


def _renumber_sentences(ntriples_bytes: bytes, before: int) -> bytes:
    if not before:
        return ntriples_bytes
    return _SENTENCE_INDEX.sub(lambda m: m[1] + str(int(m[2]) + before).encode() + b'"', ntriples_bytes)


def _placed_state(piece: DocState, sentences: int, first: int) -> tuple[list[Mention], list[Alias], list[ActionState]]:
    """A piece's mentions, aliases and actions numbered as in the whole document: sentences after the `sentences`
    of the pieces before it, mentions after their `first`."""
    if sentences:
        moved = {m.key: replace(m, sentence=m.sentence + sentences) for m in piece.mentions}
        mentions = list(moved.values())
        aliases = [replace(a, name=moved[a.name.key], alias=moved[a.alias.key]) for a in piece.aliases]
    else:
        mentions, aliases = list(piece.mentions), list(piece.aliases)
    if not first:
        return mentions, aliases, list(piece.action_states)

    def at(index: int | None) -> int | None:
        return None if index is None else index + first

    actions = [replace(a, agent=at(a.agent), target=at(a.target), place=at(a.place)) for a in piece.action_states]
    return mentions, aliases, actions


class LongDocument:
    """A long document being put together from its pieces, mapped in the parser processes, in order."""

    def __init__(self, source: Source, minter: Minter, rules: Rules, part_bytes: int):
        self.source, self.minter, self.rules, self.part_bytes = source, minter, rules, part_bytes
        self.iri = str(minter.document(source.article.id))
        self.sentences = 0
        self.mentions = 0
        # each piece's first placeholder, the sentences before it, and its packed link template and state
        self.pieces: list[tuple[int, int, bytes, bytes]] = []
        self.template = JoinedTemplate()
        self.rows = _placeholder_text(minter)
        self.pending: list[bytes] = []
        self.pending_bytes = 0
        self.started = False

    def add(self, piece: MappedPiece) -> Iterator[Part]:
        """Take the next piece in order; yields a Part when enough triples wait."""
        self.pieces.append((self.mentions, self.sentences, piece.template_ntriples, piece.state))
        self.template.add(_renumbered(self.rows, zlib.decompress(piece.template_rows).decode("utf-8"), self.mentions))
        static = _renumber_sentences(piece.static, self.sentences)
        self.sentences += piece.sentences
        self.mentions += piece.mentions
        yield from self._triples(static)

    def state(self) -> DocState:
        """The document's summary, its pieces' unpacked and numbered as in the whole document."""
        article = self.source.article
        mentions: list[Mention] = []
        aliases: list[Alias] = []
        actions: list[ActionState] = []
        for first, sentences, _, packed in self.pieces:
            piece = decode_state(article.id, zlib.decompress(packed).decode("utf-8"))
            placed = _placed_state(piece, sentences, first)
            mentions += placed[0]
            aliases += placed[1]
            actions += placed[2]
        return DocState(article.id, self.source.path, self.source.fingerprint, len(actions), tuple(mentions),
                        tuple(aliases), action_states=tuple(actions),
                        published=article.published.isoformat() if article.published else None, outlet=article.outlet)

    def finish(self) -> Iterator[Part | Parsed]:
        """Resolve the document's mentions together, then yield its link triples and its record."""
        state = self.state()
        alone = resolve([state.as_extraction()], self.rules.company_suffixes, self.rules.short_names)
        keys = applied_keys(state, alone)
        minted = {key: self.minter.entity_text(key).encode("utf-8") for key in set(keys)}
        entities = [minted[key] for key in keys]
        placeholder = _placeholder(self.minter)
        for first, _, packed, _ in self.pieces:
            linked = placeholder.sub(lambda m: entities[int(m[1]) + first], zlib.decompress(packed))
            yield from self._triples(linked)
        if self.pending:
            yield self._part()
        yield Parsed(self.iri, b"", replace(state, applied=keys), self.template.encoded(), extends=True,
                     resolution=alone)

    def _triples(self, data: bytes) -> Iterator[Part]:
        if data:
            self.pending.append(data)
            self.pending_bytes += len(data)
        if self.pending_bytes >= self.part_bytes:
            yield self._part()

    def _part(self) -> Part:
        article = self.source.article
        part = Part(self.iri, article.id, article.path, b"\n".join(self.pending), first=not self.started)
        self.pending, self.pending_bytes, self.started = [], 0, True
        return part


def _placeholder(minter: Minter) -> re.Pattern[bytes]:
    """A placeholder entity in N-Triples, its number the group (replaced by the entity's IRI, brackets kept)."""
    return re.compile(rb"(?<=<)" + re.escape(placeholder_prefix(minter).encode("utf-8")) + rb"(\d+)(?=>)")


def _placeholder_text(minter: Minter) -> re.Pattern[str]:
    """A placeholder entity in template_json rows: its prefix and its number."""
    return re.compile("(" + re.escape(placeholder_prefix(minter)) + r')(\d+)(?=")')


def _renumbered(pattern: re.Pattern[str], rows: str, first: int) -> str:
    """A piece's template_json rows, their placeholders numbered from `first`."""
    return pattern.sub(lambda m: f"{m[1]}{int(m[2]) + first}", rows) if first else rows


class Assembler:
    """Turns the pieces, mapped and coming back in order, into Parts and records; a piece that failed fails its
    document, once, and the rest of its pieces are passed over."""

    def __init__(self, minter: Minter, rules: Rules, part_bytes: int):
        self.minter, self.rules, self.part_bytes = minter, rules, part_bytes
        self.document: LongDocument | None = None
        self.failed: Source | None = None

    def take(self, piece: Piece, outcome: MappedPiece | Failure) -> Iterator[Part | Parsed | Failure]:
        if piece.source is self.failed:
            return
        if self.document is None or self.document.source is not piece.source:
            self.document = LongDocument(piece.source, self.minter, self.rules, self.part_bytes)
        if isinstance(outcome, Failure):
            yield self._fail(piece, outcome)
            return
        try:
            yield from self.document.add(outcome)
            if piece.last:
                yield from self.document.finish()
                self.document = None
        except Exception as error:  # a bug in putting one document together must not stop the others
            yield self._fail(piece, fault(piece.source.article.path, "mapping", error, piece.source.article.id))

    def _fail(self, piece: Piece, failure: Failure) -> Failure:
        self.failed, self.document = piece.source, None
        return failure


__all__ = ["PIECES_PER_UNIT", "Assembler", "LongDocument", "MappedPiece", "Piece", "PieceTexts", "map_pieces", "pieces"]
