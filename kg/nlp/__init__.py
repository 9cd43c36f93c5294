"""The NLP stage: load a spaCy pipeline and turn articles into Extraction records."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    return nlp
