"""Which classes of Wikidata, DBpedia, schema.org, FOAF and kg make a resource a person, an organization or a place."""

from __future__ import annotations

import re

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
DBO = "http://dbpedia.org/ontology/"
SCHEMA = "https://schema.org/"
SCHEMA_HTTP = "http://schema.org/"
FOAF = "http://xmlns.com/foaf/0.1/"
KG = "https://w3id.org/kgnews/ontology#"

_CLASSES = {
    "Person": [WD + "Q5", DBO + "Person", DBO + "Politician", DBO + "OfficeHolder", DBO + "Athlete", DBO + "Artist",
               DBO + "Journalist", DBO + "BusinessPerson", "Person", FOAF + "Person", KG + "Person"],
    "Organization": [WD + q for q in ("Q43229", "Q4830453", "Q783794", "Q891723", "Q7278", "Q11032", "Q1331793",
                                      "Q327333", "Q35127", "Q484652")]
    + [DBO + c for c in ("Organisation", "Company", "PoliticalParty", "Newspaper", "GovernmentAgency", "Broadcaster",
                         "InternationalOrganisation")]
    + ["Organization", "Corporation", "NewsMediaOrganization", "GovernmentOrganization", FOAF + "Organization",
       KG + "Organization"],
    "Place": [WD + q for q in ("Q2221906", "Q6256", "Q3624078", "Q515", "Q1549591", "Q5119", "Q35657", "Q3336843",
                               "Q486972", "Q82794")]
    + [DBO + c for c in ("Place", "PopulatedPlace", "Country", "City", "Settlement", "Town", "AdministrativeRegion")]
    + ["Place", "Country", "City", "AdministrativeArea", "http://www.geonames.org/ontology#Feature", KG + "Place"],
}
KIND_OF_CLASS = {
    (iri if "/" in iri else ns + iri): kind
    for kind, iris in _CLASSES.items()
    for iri in iris
    for ns in ((SCHEMA, SCHEMA_HTTP) if "/" not in iri else ("",))
}
# The classes a SPARQL endpoint is asked about, per profile and kind: the root class first (Wikidata's human,
# organization, geographic location; DBpedia's Person, Organisation, Place), then the common subclasses, so
# that an extract without the full subclass chain still answers.
ENDPOINT_CLASSES = {
    profile: {kind: [iri for iri in iris if iri.startswith(namespace)] for kind, iris in _CLASSES.items()}
    for profile, namespace in (("wikidata", WD), ("dbpedia", DBO))
}


def description_terms(text: str) -> list[str]:
    """The capitalised phrases of a description, as context words.

    >>> description_terms("The Prime Minister of the United Kingdom from 1997 to 2007")
    ['Prime Minister', 'United Kingdom']
    """
    phrases = re.findall(r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*", text or "")
    return [p for p in (re.sub(r"^(?:The|A|An|In|On|He|She|It)\b\s*", "", p) for p in phrases) if len(p) > 2]
