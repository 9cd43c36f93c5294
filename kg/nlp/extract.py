"""Run the NLP pipeline over articles and collect mentions, aliases, times and actions."""

from __future__ import annotations

from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kg.model import Article, Extraction, TimeValue
from kg.nlp.actions import extract_actions
from kg.nlp.dates import normalize
from kg.nlp.mentions import extract_aliases, extract_mentions
from kg.nlp.rules import Rules

TIME_LABELS = ("DATE", "TIME")


def extract_times(doc: Doc, article: Article) -> list[TimeValue]:
    """Every DATE/TIME entity with its value resolved against the publication date."""
    times = []
    for ent in doc.ents:
        if ent.label_ in TIME_LABELS:
            value, granularity = normalize(ent.text, article.published)
            times.append(TimeValue(ent.text, ent.start_char, ent.end_char, value, granularity))
    return times


def extract_doc(doc: Doc, article: Article, rules: Rules) -> Extraction:
    """Turn one parsed article into an Extraction (pure apart from reading the Doc)."""
    mentions = extract_mentions(doc, article, rules)
    aliases, alias_mentions = extract_aliases(doc, mentions, rules)
    mentions = sorted([*mentions, *alias_mentions], key=lambda m: m.start)
    times = extract_times(doc, article)
    actions = extract_actions(doc, article, mentions, times, rules)
    sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
    return Extraction(article, tuple(mentions), tuple(aliases), tuple(actions), tuple(times), sentences)


def extract_articles(nlp: Language, articles: Iterable[Article], rules: Rules, batch_size: int = 16) -> Iterator[Extraction]:
    """Parse articles in batches with nlp.pipe and yield their extractions in order."""
    stream = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield extract_doc(doc, article, rules)
