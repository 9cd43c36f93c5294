"""The NLP stage: load a spaCy pipeline and turn articles into Extraction records."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import NlpError

if TYPE_CHECKING:
    from spacy.language import Language


def _register_components() -> None:
    from spacy.language import Language

    if "kg_paragraph_breaks" in Language.factories:
        return

    @Language.component("kg_paragraph_breaks")
    def paragraph_breaks(doc):
        """Start a sentence after every blank line: headlines and bylines are not part of the next sentence."""
        for token in doc[:-1]:
            if token.is_space and token.text.count("\n") >= 2:
                doc[token.i + 1].is_sent_start = True
        return doc

    @Language.factory("kg_memo_attribute_ruler", default_config={"wrapped": "attribute_ruler"})
    def memo_attribute_ruler(nlp, name, wrapped):
        from kg.nlp.memo import MemoAttributeRuler

        return MemoAttributeRuler(nlp.get_pipe(wrapped))

    @Language.factory("kg_memo_lemmatizer", default_config={"wrapped": "lemmatizer"})
    def memo_lemmatizer(nlp, name, wrapped):
        from kg.nlp.memo import MemoLemmatizer

        return MemoLemmatizer(nlp.get_pipe(wrapped))

    @Language.factory("kg_lemma_spelling", default_config={"lemmatizer": "lemmatizer"})
    def lemma_spelling(nlp, name, lemmatizer):
        from kg.nlp.lemmas import LemmaSpelling

        index = nlp.get_pipe(lemmatizer).lookups.get_table("lemma_index", {})
        return LemmaSpelling(index.get("verb", ()))


def _memoise(nlp: Language) -> None:
    """Run the rule-based attribute ruler and lemmatizer once per distinct token (kg.nlp.memo): same annotations."""
    from spacy.pipeline import AttributeRuler, Lemmatizer

    for name, component in list(nlp.pipeline):
        if isinstance(component, AttributeRuler):
            factory = "kg_memo_attribute_ruler"
        elif isinstance(component, Lemmatizer) and component.mode in ("rule", "lookup"):
            factory = "kg_memo_lemmatizer"
        else:
            continue
        nlp.add_pipe(factory, name=f"{name}_memo", after=name, config={"wrapped": name})
        nlp.remove_pipe(name)
        nlp.rename_pipe(f"{name}_memo", name)


def load_pipeline(model: str) -> Language:
    """Load the spaCy model named `model` (a package name or a path)."""
    import spacy

    _register_components()
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise NlpError(f"spaCy model '{model}' is not installed; install it or set the model with --model NAME") from e
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise NlpError(f"spaCy model '{model}' lacks {', '.join(sorted(missing))}; kg needs a parser and NER")
    nlp.add_pipe("kg_paragraph_breaks", before="parser")
    _memoise(nlp)
    if "lemmatizer" in nlp.pipe_names and getattr(nlp.get_pipe("lemmatizer"), "mode", None) == "rule":
        nlp.add_pipe("kg_lemma_spelling", after="lemmatizer")
    return nlp


class LazyPipeline:
    """A spaCy pipeline loaded on first use: a build with nothing new to parse never pays for the model.

    `meta` (what a build records about the model) is read from the model's meta.json without loading it.
    """

    def __init__(self, model: str):
        self.model = model
        self._nlp: Language | None = None

    def load(self) -> Language:
        if self._nlp is None:
            self._nlp = load_pipeline(self.model)
        return self._nlp

    @property
    def meta(self) -> dict[str, Any]:
        if self._nlp is None and (path := _meta_path(self.model)) is not None:
            return json.loads(path.read_text(encoding="utf-8"))
        return self.load().meta

    def __getattr__(self, name: str) -> Any:  # pipe, max_length, vocab...: the real pipeline
        return getattr(self.load(), name)


def _meta_path(model: str) -> Path | None:
    """meta.json of an installed model package, or of a model folder."""
    try:
        spec = importlib.util.find_spec(model) if model.isidentifier() else None
    except (ImportError, ValueError):
        spec = None
    folders = list(spec.submodule_search_locations or []) if spec is not None else [model]
    return next((Path(f) / "meta.json" for f in folders if (Path(f) / "meta.json").is_file()), None)
