"""The SPARQL the view page's data is read with (kg/view/data.py); `%s` takes a VALUES list or a literal."""

EVENTS_QUERY = """SELECT ?event ?class ?label ?agent ?target ?date ?earliest ?latest ?basis ?reports ?articles ?outlets
       ?firstReported ?negated ?modality WHERE {
  # Targets first: far fewer nodes have one than are events, and Oxigraph joins in about the written order.
  ?event kg:target ?target . ?event kg:agent ?agent . ?event a kg:Event ; kg:actionClass ?class .
  OPTIONAL { ?event rdfs:label ?label }
  OPTIONAL { ?event kg:date ?date }
  OPTIONAL { ?event kg:earliest ?earliest }
  OPTIONAL { ?event kg:latest ?latest }
  OPTIONAL { ?event kg:dateBasis ?basis }
  OPTIONAL { ?event kg:reportCount ?reports }
  OPTIONAL { ?event kg:articleCount ?articles }
  OPTIONAL { ?event kg:outletCount ?outlets }
  OPTIONAL { ?event kg:firstReported ?firstReported }
  OPTIONAL { ?event kg:negated ?negated }
  OPTIONAL { ?event kg:modality ?modality }
}"""

CLASSES_QUERY = """SELECT ?class ?ancestor WHERE {
  ?class rdfs:subClassOf* ?ancestor .
  VALUES ?ancestor { %s }
}"""

ENTITIES_QUERY = """SELECT ?entity ?label ?type ?kind WHERE {
  VALUES ?entity { %s }
  ?entity skos:prefLabel ?label ; a ?type .
  ?type rdfs:subClassOf* ?kind .
  VALUES ?kind { %s }
}"""

NAMES_QUERY = """SELECT DISTINCT ?entity WHERE {
  ?entity rdfs:label ?name .
  FILTER(LCASE(STR(?name)) = LCASE(%s))
}"""

REPORTS_QUERY = """SELECT ?event ?action ?trigger ?document ?text ?start ?end ?statedDate WHERE {
  VALUES ?event { %s }
  ?event kg:denotedBy ?action .
  ?action kg:source ?document ; kg:evidence ?span .
  OPTIONAL { ?action kg:trigger ?trigger }
  OPTIONAL { ?action kg:date ?statedDate }
  ?span kg:text ?text ; kg:startChar ?start ; kg:endChar ?end .
}"""

DOCUMENTS_QUERY = """SELECT ?document ?fileName ?title ?url ?outlet ?published WHERE {
  VALUES ?document { %s }
  OPTIONAL { ?document kg:fileName ?fileName }
  OPTIONAL { ?document dcterms:title ?title }
  OPTIONAL { ?document schema:url ?url }
  OPTIONAL { ?document kg:outlet ?outlet }
  OPTIONAL { ?document dcterms:issued ?published }
}"""

EVENTS_OF_ACTIONS_QUERY = """SELECT ?item ?event WHERE {
  VALUES ?item { %s }
  { ?item a kg:Event . BIND(?item AS ?event) } UNION { ?item kg:event ?event }
}"""
