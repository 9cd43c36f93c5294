"""template_json writes each row from the json module's string encoders: the same text, in the same order, as
sorting the rows by json.dumps and dumping them compactly."""

import json

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.docstate import _term, template_json, template_triples

_TEXTS = ['plain', 'quote " and \\ backslash', "£ café – “curly” 日本", "tab\tnew\nline\x01", "emoji 🙂", ""]


def _triples():
    subject, predicate = URIRef("https://example.org/a/é"), URIRef("https://example.org/p")
    for text in _TEXTS:
        yield subject, predicate, Literal(text)
        yield subject, predicate, Literal(text, lang="en")
        yield URIRef(f"https://example.org/{len(text)}"), predicate, Literal(text, datatype=XSD.string)
    yield subject, predicate, Literal(3)


def test_template_json_is_json_dumps_of_rows_sorted_by_their_json():
    triples = list(_triples())
    rows = sorted(([_term(t) for t in triple] for triple in triples), key=json.dumps)
    assert template_json(triples) == json.dumps(rows, ensure_ascii=False, separators=(",", ":"))[1:-1]


def test_template_json_reads_back():
    triples = list(_triples())
    assert set(template_triples(template_json(triples))) == set(triples)
