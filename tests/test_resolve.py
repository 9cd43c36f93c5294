"""Resolution on hand-built mentions: what must merge, what must stay apart."""

import pytest

from kg.model import Alias, Article, EntityKind, Extraction, Mention
from kg.resolve import normalize_name, resolve

P, O, L = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE
SUFFIXES = ("inc", "inc.", "corp", "ltd")


def mentions(*specs, doc="d1"):
    """Mentions laid out one after another in one document: (text, kind[, descriptor])."""
    out, pos = [], 0
    for spec in specs:
        text, kind, *rest = spec
        out.append(Mention(doc, text, kind, pos, pos + len(text), 0, rest[0] if rest else None))
        pos += len(text) + 1
    return out


def extraction(ms, aliases=(), doc="d1"):
    return Extraction(Article(doc, f"{doc}.txt", "x"), tuple(ms), tuple(aliases))


def entity_count(*extractions):
    return len(resolve(extractions, SUFFIXES).entities)


@pytest.mark.parametrize(
    "a, b",
    [
        (("Acme Corp", O), ("Acme", O)),
        (("Acme Inc.", O), ("ACME", O)),
        (("Kiwi Farms", O), ("Kiwifarms", O)),
        (("Jane Doe", P), ("Doe", P)),
        (("The Daily Planet", O), ("Daily Planet", O)),
        (("Kiwi Farms", P), ("Kiwi Farms", O)),
    ],
)
def test_variants_of_one_name_merge(a, b):
    assert entity_count(extraction(mentions(a, b))) == 1


@pytest.mark.parametrize(
    "a, b",
    [
        (("Acme", O), ("Globex", O)),
        (("Jane Doe", P), ("John Doe", P)),
        (("Paris", L), ("France", L)),
        (("Jordan", P), ("Jordan", L)),
        (("Acme", O), ("Acme Bank of Nowhere", O)),
    ],
)
def test_different_things_stay_apart(a, b):
    assert entity_count(extraction(mentions(a, b))) == 2


def test_surname_shared_by_two_people_in_one_document_is_not_merged():
    resolution = resolve([extraction(mentions(("Jane Doe", P), ("John Doe", P), ("Doe", P)))], SUFFIXES)
    assert len(resolution.entities) == 3


def test_surname_merges_across_documents_when_only_one_full_name_has_it():
    a = extraction(mentions(("Jane Doe", P)), doc="d1")
    b = extraction(mentions(("Doe", P), doc="d2"), doc="d2")
    [entity] = resolve([a, b], SUFFIXES).entities
    assert entity.pref_label == "Jane Doe" and {m.rule for m in entity.merges} == {"surname"}


def test_alias_phrase_merges_and_is_explained():
    name, alias = mentions(("Jane Doe", P), ("Janey", P))
    ex = extraction([name, alias], [Alias("d1", name, alias, "alias-phrase", "Jane Doe, known as Janey, said.")])
    [entity] = resolve([ex], SUFFIXES).entities
    assert entity.labels == ("Jane Doe", "Janey")
    assert entity.merges[0].rule == "alias-phrase" and "known as" in entity.merges[0].evidence


def test_rare_misspelling_joins_the_frequent_spelling():
    ms = mentions(*[("Globalcorp", O)] * 4, ("Globlcorp", O))
    [entity] = resolve([extraction(ms)], SUFFIXES).entities
    assert entity.pref_label == "Globalcorp" and entity.merges[0].rule == "spelling-variant"


def test_ticker_goes_to_the_company_not_to_the_forum():
    company, forum, ticker = mentions(("Acme", O), ("Chatboard", O, "Website"), ("ACM", O))
    aliases = [
        Alias("d1", forum, ticker, "ticker-adjacent", "Acme blocks Chatboard (NYSE:ACM)"),
        Alias("d1", company, ticker, "ticker", "Acme blocks Chatboard (NYSE:ACM)"),
    ]
    resolution = resolve([extraction([company, forum, ticker], aliases)], SUFFIXES)
    assert resolution.entity_of[ticker.key] == resolution.entity_of[company.key] != resolution.entity_of[forum.key]


def test_every_name_a_ticker_follows_is_the_same_company():
    headline, forum, first, body, second = mentions(
        ("Acme", O), ("Chatboard", O, "Website"), ("ACM", O), ("Acmy", O, "Company"), ("ACM", O))
    sentence = "Acme blocks Chatboard (NYSE:ACM)"
    aliases = [
        Alias("d1", forum, first, "ticker-adjacent", sentence),
        Alias("d1", headline, first, "ticker-subject", sentence),
        Alias("d1", body, second, "ticker-adjacent", "Acmy (NYSE:ACM) blocked it"),
    ]
    resolution = resolve([extraction([headline, forum, first, body, second], aliases)], SUFFIXES)
    same = {resolution.entity_of[m.key] for m in (headline, first, body, second)}
    assert len(same) == 1 and resolution.entity_of[forum.key] not in same


def test_a_ticker_near_two_companies_goes_to_the_adjacent_one():
    subject, named, ticker = mentions(("Globex", O), ("Acme", O), ("ACM", O))
    sentence = "Globex partnered with Acme (NYSE:ACM)"
    aliases = [Alias("d1", named, ticker, "ticker-adjacent", sentence),
               Alias("d1", subject, ticker, "ticker-subject", sentence)]
    resolution = resolve([extraction([subject, named, ticker], aliases)], SUFFIXES)
    assert resolution.entity_of[ticker.key] == resolution.entity_of[named.key] != resolution.entity_of[subject.key]


def test_short_form_joins_the_one_full_name_earlier_in_the_article():
    ms = mentions(("The Washington Post", O), ("The Post", O))
    [entity] = resolve([extraction(ms)], SUFFIXES).entities
    assert entity.pref_label == "The Washington Post" and entity.merges[0].rule == "short-form"


def test_short_form_with_two_candidates_stays_apart():
    ms = mentions(("The Washington Post", O), ("The Denver Post", O), ("The Post", O))
    assert entity_count(extraction(ms)) == 3


def test_type_is_decided_by_all_mentions():
    ms = mentions(("Kiwi Farms", P), ("Kiwi Farms", O), ("Kiwi Farms", O, "Website"))
    [entity] = resolve([extraction(ms)], SUFFIXES).entities
    assert entity.kind is O and entity.descriptors == ("Website",)


def test_resolution_is_deterministic():
    ms = mentions(("Acme", O), ("Jane Doe", P), ("Doe", P), ("Paris", L))
    assert resolve([extraction(ms)], SUFFIXES) == resolve([extraction(list(reversed(ms)))], SUFFIXES)


def test_normalize_name_ignores_case_space_article_and_suffix():
    assert normalize_name("The Kiwi  Farms's", SUFFIXES) == normalize_name("kiwifarms", SUFFIXES)


def test_the_models_slip_on_a_place_is_outvoted():
    ms = mentions(("Manchester", L), ("Manchester", L), ("Manchester", L), ("Manchester", P))
    [entity] = resolve([extraction(ms)], SUFFIXES).entities
    assert entity.kind is L


def test_a_surname_two_people_share_never_joins_them_across_articles():
    a = extraction(mentions(("Scott Peterson", P), ("Peterson", P), doc="d1"), doc="d1")
    b = extraction(mentions(("Laci Peterson", P), ("Peterson", P), doc="d2"), doc="d2")
    resolution = resolve([a, b], SUFFIXES)
    scott, laci = a.mentions[0], b.mentions[0]
    assert resolution.entity_of[scott.key] != resolution.entity_of[laci.key]
    assert resolution.entity_of[a.mentions[1].key] == resolution.entity_of[scott.key]
    assert resolution.entity_of[b.mentions[1].key] == resolution.entity_of[laci.key]


def test_a_middle_initial_joins_the_plain_name():
    [entity] = resolve([extraction(mentions(("Dirk Kempthorne", P), ("Dirk A. Kempthorne", P)))], SUFFIXES).entities
    assert {m.rule for m in entity.merges} == {"middle-name"}


def test_two_different_middle_names_stay_apart():
    ms = mentions(("John Smith", P), ("John A. Smith", P), ("John B. Smith", P))
    assert entity_count(extraction(ms)) == 3
