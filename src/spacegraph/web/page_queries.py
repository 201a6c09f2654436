"""The SPARQL queries behind the web pages (``pages.py``), kept apart from the views.

Each query binds the resource it is about as ``?this`` through ``substitutions=`` (never by
pasting it into the text); pyoxigraph binds only projected variables, so ``?this`` is always
selected. The default graph is the union of all named graphs; ``GRAPH ?g`` finds which
document (or the authority file) states a fact.
"""

from __future__ import annotations

from ..vocab import sparql_prologue

#: The most incoming facts an entity page lists.
MAX_INCOMING = 500

PROLOGUE = sparql_prologue()

Q_EXISTS = "ASK { { ?this ?p ?o } UNION { ?s ?p ?this } }"

Q_DESCRIBE = (
    PROLOGUE
    + """CONSTRUCT { ?this ?p ?o . ?ev ?ep ?eo }
WHERE { { ?this ?p ?o } UNION { ?this sg:evidence ?ev . ?ev ?ep ?eo } }"""
)

Q_OUTGOING = (
    PROLOGUE
    + """SELECT ?this ?p ?o ?g (MIN(?name) AS ?label)
WHERE {
  GRAPH ?g { ?this ?p ?o }
  OPTIONAL { ?o rdfs:label|sg:text ?name
             FILTER(lang(?name) = "" || langMatches(lang(?name), "en")) }
}
GROUP BY ?this ?p ?o ?g"""
)

Q_INCOMING = (
    PROLOGUE
    + """SELECT ?this ?s ?p ?g (MIN(?name) AS ?label)
WHERE {
  GRAPH ?g { ?s ?p ?this }
  FILTER(?p != sg:evidence)
  OPTIONAL { ?s rdfs:label|sg:text ?name
             FILTER(lang(?name) = "" || langMatches(lang(?name), "en")) }
}
GROUP BY ?this ?s ?p ?g
ORDER BY ?p ?label ?s
LIMIT """
    + str(MAX_INCOMING)
)

Q_NAMES = (
    PROLOGUE
    + """SELECT ?this ?name
WHERE { { ?this rdfs:label ?name } UNION { ?this skos:altLabel ?name } }"""
)

Q_EVIDENCE = (
    PROLOGUE
    + """SELECT ?this ?g ?ev ?doc ?start ?end ?exact (MIN(?title) AS ?docTitle)
WHERE {
  GRAPH ?g { ?this sg:evidence ?ev }
  ?ev oa:hasSource ?doc ; oa:start ?start ; oa:end ?end ; oa:exact ?exact .
  OPTIONAL { ?doc dcterms:title ?title }
}
GROUP BY ?this ?g ?ev ?doc ?start ?end ?exact
ORDER BY ?doc ?start ?end"""
)

Q_CLASSES = (
    PROLOGUE
    + """SELECT ?class (MIN(?name) AS ?label) (COUNT(DISTINCT ?s) AS ?count)
WHERE {
  ?s a ?class .
  FILTER(STRSTARTS(STR(?class), STR(sg:)))
  OPTIONAL { ?class rdfs:label ?name FILTER(lang(?name) = "" || langMatches(lang(?name), "en")) }
}
GROUP BY ?class
ORDER BY DESC(?count) ?class"""
)

Q_DOCUMENTS = (
    PROLOGUE
    + """SELECT ?doc (MIN(?t) AS ?title) (MIN(?i) AS ?issued) (MIN(?gl) AS ?genre)
       (MIN(?src) AS ?source) (COUNT(DISTINCT ?ev) AS ?evidence)
WHERE {
  ?doc a sg:Document .
  OPTIONAL { ?doc dcterms:title ?t }
  OPTIONAL { ?doc dcterms:issued ?i }
  OPTIONAL { ?doc sg:genre/skos:prefLabel ?gl FILTER(langMatches(lang(?gl), "en")) }
  OPTIONAL { ?doc dcterms:source ?src }
  OPTIONAL { ?ev oa:hasSource ?doc }
}
GROUP BY ?doc
ORDER BY DESC(STR(?issued)) ?doc"""
)

Q_DOCUMENT = (
    PROLOGUE
    + """SELECT ?this (MIN(?t) AS ?title) (MIN(?i) AS ?issued) (MIN(?c) AS ?content)
       (MIN(?src) AS ?source) (MIN(?gl) AS ?genre) (MIN(?pub) AS ?publisher)
WHERE {
  ?this a sg:Document ; sg:content ?c .
  OPTIONAL { ?this dcterms:title ?t }
  OPTIONAL { ?this dcterms:issued ?i }
  OPTIONAL { ?this dcterms:source ?src }
  OPTIONAL { ?this dcterms:publisher ?pub }
  OPTIONAL { ?this sg:genre/skos:prefLabel ?gl FILTER(langMatches(lang(?gl), "en")) }
}
GROUP BY ?this"""
)

Q_DOCUMENT_FACTS = (
    PROLOGUE
    + """SELECT ?this ?ev ?start ?end ?r (MIN(?name) AS ?label) (MIN(?cls) AS ?class)
WHERE {
  ?ev oa:hasSource ?this ; oa:start ?start ; oa:end ?end .
  OPTIONAL {
    ?r sg:evidence ?ev .
    OPTIONAL { ?r rdfs:label|sg:text ?name
               FILTER(lang(?name) = "" || langMatches(lang(?name), "en")) }
    OPTIONAL { ?r a ?cls FILTER(STRSTARTS(STR(?cls), STR(sg:))) }
  }
}
GROUP BY ?this ?ev ?start ?end ?r
ORDER BY ?start ?end ?label"""
)

Q_DIALOGUES = (
    PROLOGUE
    + """SELECT ?dialogue (MIN(?name) AS ?label)
       (GROUP_CONCAT(DISTINCT ?partyName; separator=", ") AS ?parties)
       (COUNT(DISTINCT ?meeting) AS ?meetings)
WHERE {
  ?dialogue a sg:Dialogue .
  OPTIONAL { ?dialogue rdfs:label ?name FILTER(langMatches(lang(?name), "en")) }
  OPTIONAL { ?dialogue sg:parties ?party .
             OPTIONAL { ?party rdfs:label ?partyName FILTER(langMatches(lang(?partyName), "en")) } }
  OPTIONAL { ?meeting sg:dialogue ?dialogue }
}
GROUP BY ?dialogue
ORDER BY ?label"""
)

Q_MEETINGS = (
    PROLOGUE
    + """SELECT ?dialogue (MIN(?dname) AS ?dialogueLabel) ?meeting (MIN(?mname) AS ?label)
       (MIN(?o) AS ?ordinal) (MIN(?sd) AS ?startDate) (MIN(?ed) AS ?endDate)
       (MIN(?py) AS ?plannedYear) (MIN(?hy) AS ?heldYear)
       (GROUP_CONCAT(DISTINCT ?placeName; separator=" / ") AS ?place)
       (GROUP_CONCAT(DISTINCT STR(?doc); separator=" ") AS ?documents)
WHERE {
  ?meeting a sg:Meeting ; sg:dialogue ?dialogue .
  OPTIONAL { ?dialogue rdfs:label ?dname FILTER(langMatches(lang(?dname), "en")) }
  OPTIONAL { ?meeting rdfs:label ?mname FILTER(langMatches(lang(?mname), "en")) }
  OPTIONAL { ?meeting sg:ordinal ?o }
  OPTIONAL { ?meeting sg:startDate ?sd }
  OPTIONAL { ?meeting sg:endDate ?ed }
  OPTIONAL { ?meeting sg:plannedYear ?py }
  OPTIONAL { ?meeting sg:heldYear ?hy }
  OPTIONAL { ?meeting sg:location ?placeIri .
             OPTIONAL { ?placeIri rdfs:label ?placeName
                        FILTER(langMatches(lang(?placeName), "en")) } }
  OPTIONAL { ?meeting prov:wasDerivedFrom ?doc }
}
GROUP BY ?dialogue ?meeting"""
)

Q_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

#: The whole graph as one CONSTRUCT, for download links through the SPARQL endpoint.
Q_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
