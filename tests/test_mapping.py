"""Records to RDF: the shape of the graph for one action."""

from datetime import date

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS, XSD

from kg.iri import Minter
from kg.mapping import date_literal, to_graphs
from kg.model import Action, Article, EntityKind, Extraction, Mention, Modality, TimeValue
from kg.ontology import validate
from kg.resolve import resolve
from kg.vocab import KG

TEXT = "Acme sued Globex in 2019."
ARTICLE = Article("d1", "a.txt", TEXT, date(2020, 1, 1))
ACME = Mention("d1", "Acme", EntityKind.ORGANIZATION, 0, 4, 0)
GLOBEX = Mention("d1", "Globex", EntityKind.ORGANIZATION, 10, 16, 0)
SUED = Action(
    "d1", "sued", "sue", "Sue", 5, 9, 0, 0, len(TEXT), TEXT, agent=ACME, target=GLOBEX,
    time=TimeValue("2019", 20, 24, "2019", "year"), modality=Modality.ASSERTED,
)
EXTRACTION = Extraction(ARTICLE, (ACME, GLOBEX), (), (SUED,), (), ((0, len(TEXT)),))


def graph() -> Graph:
    graphs = to_graphs([EXTRACTION], resolve([EXTRACTION]), Minter("http://example.org/"))
    g = Graph()
    for triples in [*graphs.documents.values(), *graphs.entities.values()]:
        for t in triples:
            g.add(t)
    return g


def test_action_is_an_event_node_with_roles_date_and_evidence():
    g = graph()
    [action] = g.subjects(RDF.type, KG.Sue)
    assert g.value(action, KG.agent) == g.value(predicate=SKOS.prefLabel, object=Literal("Acme"))
    assert g.value(action, KG.target) == g.value(predicate=SKOS.prefLabel, object=Literal("Globex"))
    assert g.value(action, KG.date) == Literal("2019", datatype=XSD.gYear)
    evidence = g.value(action, KG.evidence)
    assert g.value(evidence, KG.text) == Literal(TEXT) and g.value(evidence, KG.startChar) == Literal(0)


def test_mentions_keep_character_offsets():
    g = graph()
    starts = sorted(int(o) for s in g.subjects(RDF.type, KG.Mention) for o in g.objects(s, KG.startChar))
    assert starts == [0, 10]


def test_mapped_graph_conforms_to_the_shapes():
    report = validate(graph())
    assert report.conforms, report.text


def test_date_literals_follow_granularity():
    assert date_literal("2022-09-03", "day").datatype == XSD.date
    assert date_literal("2022-09", "month").datatype == XSD.gYearMonth
    assert date_literal("2022-W35", "week") is None and date_literal(None, None) is None


def _time_graph(time: TimeValue) -> Graph:
    action = Action("d1", "sued", "sue", "Sue", 5, 9, 0, 0, len(TEXT), TEXT, agent=ACME, target=GLOBEX, time=time)
    extraction = Extraction(ARTICLE, (ACME, GLOBEX), (), (action,), (), ((0, len(TEXT)),))
    graphs = to_graphs([extraction], resolve([extraction]), Minter("http://example.org/"))
    g = Graph()
    for triples in [*graphs.documents.values(), *graphs.entities.values()]:
        for t in triples:
            g.add(t)
    return g


def test_a_clock_time_is_an_xsd_datetime_and_keeps_its_day():
    g = _time_graph(TimeValue("8 PM Friday", 20, 24, "2019-12-27", "day", "TIME", "2019-12-27T20:00"))
    [action] = g.subjects(RDF.type, KG.Sue)
    assert g.value(action, KG.dateTime) == Literal("2019-12-27T20:00:00", datatype=XSD.dateTime)
    assert g.value(action, KG.date) == Literal("2019-12-27", datatype=XSD.date)
    assert g.value(action, KG.timexType) == Literal("TIME")
    assert validate(g).conforms


def test_a_clock_time_in_utc_keeps_its_zone():
    g = _time_graph(TimeValue("16:08 UTC", 20, 24, "2008-09-17", "day", "TIME", "2008-09-17T16:08Z"))
    [action] = g.subjects(RDF.type, KG.Sue)
    assert g.value(action, KG.dateTime) == Literal("2008-09-17T16:08:00Z", datatype=XSD.dateTime)
    assert validate(g).conforms


def test_a_part_of_day_is_named():
    g = _time_graph(TimeValue("Friday afternoon", 20, 24, "2019-12-27", "day", "TIME", "2019-12-27TAF"))
    [action] = g.subjects(RDF.type, KG.Sue)
    assert g.value(action, KG.partOfDay) == Literal("afternoon") and g.value(action, KG.dateTime) is None


def test_a_duration_is_an_xsd_duration_without_a_date():
    g = _time_graph(TimeValue("for two weeks", 20, 24, None, None, "DURATION", "P2W"))
    [action] = g.subjects(RDF.type, KG.Sue)
    assert g.value(action, KG.duration) == Literal("P14D", datatype=XSD.duration)
    assert g.value(action, KG.timexValue) == Literal("P2W") and g.value(action, KG.date) is None
    assert validate(g).conforms


def test_a_vague_duration_keeps_its_timeml_value_only():
    g = _time_graph(TimeValue("for years", 20, 24, None, None, "DURATION", "PXY"))
    [action] = g.subjects(RDF.type, KG.Sue)
    assert g.value(action, KG.duration) is None and g.value(action, KG.timexValue) == Literal("PXY")


def test_a_recurrence_is_its_set_value():
    g = _time_graph(TimeValue("every Thursday", 20, 24, None, None, "SET", "XXXX-WXX-4", quant="EVERY"))
    [action] = g.subjects(RDF.type, KG.Sue)
    assert g.value(action, KG.recurrence) == Literal("XXXX-WXX-4")
    assert validate(g).conforms


def test_a_duration_that_is_not_xsd_fails_the_shapes():
    g = _time_graph(TimeValue("for two weeks", 20, 24, None, None, "DURATION", "P2W"))
    [action] = g.subjects(RDF.type, KG.Sue)
    g.set((action, KG.duration, Literal("P2W")))
    assert not validate(g).conforms


def test_an_open_class_action_keeps_its_generic_class_lemma_recipient_and_statement():
    text = "Acme said it sold Globex shares to Initech."
    acme, globex = Mention("d2", "Acme", EntityKind.ORGANIZATION, 0, 4, 0), Mention("d2", "Initech", EntityKind.ORGANIZATION, 35, 42, 0)
    said = Action("d2", "said", "say", "Statement", 5, 9, 0, 0, len(text), text, agent=acme)
    sold = Action("d2", "sold", "sell", "OtherAction", 13, 17, 0, 0, len(text), text, agent=acme, recipient=globex, reported_in=5)
    extraction = Extraction(Article("d2", "b.txt", text), (acme, globex), (), (said, sold), (), ((0, len(text)),))
    minter = Minter("http://example.org/")
    g = Graph()
    for triples in to_graphs([extraction], resolve([extraction]), minter).documents.values():
        for t in triples:
            g.add(t)
    [action] = g.subjects(RDF.type, KG.OtherAction)
    assert g.value(action, KG.lemma) == Literal("sell")
    assert g.value(action, KG.recipient) == minter.entity_for_key(resolve([extraction]).entity_of[globex.key])
    assert g.value(predicate=KG.reports, object=action) == minter.action("d2", 5)
