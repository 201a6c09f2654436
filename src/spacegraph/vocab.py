"""The ontology's terms as closed namespaces, and the prefixes the project uses.

``SG`` is closed: ``SG.Stat`` (a misspelling) raises at import time of the module that uses
it. ``tests/test_vocab.py`` checks that every term here is declared in ``ontology/``.
"""

from __future__ import annotations

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Namespace
from rdflib.namespace import DefinedNamespace

from .settings import BASE_IRI


class SG(DefinedNamespace):
    """spacegraph ontology terms (https://w3id.org/spacegraph/ontology#)."""

    _NS = Namespace("https://w3id.org/spacegraph/ontology#")
    _fail = True

    # classes
    State: object
    GovernmentBody: object
    SpaceAgency: object
    InternationalBody: object
    Dialogue: object
    Meeting: object
    Mission: object
    Agreement: object
    Policy: object
    Commitment: object
    Person: object
    Document: object
    Place: object
    Evidence: object
    Topic: object
    Modality: object
    Genre: object
    Signing: object
    # concept schemes
    ModalityScheme: object
    GenreScheme: object
    TopicScheme: object
    # properties of the contract
    state: object
    parties: object
    dialogue: object
    ordinal: object
    startDate: object
    endDate: object
    plannedYear: object
    location: object
    coChair: object
    participant: object
    nextMeeting: object
    mentions: object
    madeAt: object
    madeBy: object
    modality: object
    concerns: object
    text: object
    evidence: object
    # properties of the project
    signatory: object
    signedAgreement: object
    date: object
    launchDate: object
    heldYear: object
    heldMonth: object
    needsReview: object
    isoCode: object
    demonym: object
    capitalName: object
    dialogueKind: object
    genre: object
    issuedBy: object
    content: object
    sha256: object
    sourceFile: object
    cameoCode: object
    ploverCategory: object
    # modalities (sg:ModalityScheme)
    commit: object
    reaffirm: object
    affirm: object
    intend: object
    agree: object
    welcome: object
    recognize: object
    decide: object
    concur: object
    confirm: object
    resolve: object
    discuss: object
    note: object
    support: object
    express: object
    # genres (sg:GenreScheme)
    jointStatement: object
    mediaNote: object
    newsReport: object
    strategyDocument: object
    announcement: object


SGR = Namespace(BASE_IRI)
SGT = Namespace("https://w3id.org/spacegraph/topic/")
WD = Namespace("http://www.wikidata.org/entity/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")

#: Prefixes bound in exports, the query page and saved queries.
PREFIXES: dict[str, Namespace] = {
    "sg": Namespace(str(SG._NS)),
    "sgr": SGR,
    "sgt": SGT,
    "wd": WD,
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "skos": Namespace(str(SKOS)),
    "xsd": Namespace(str(XSD)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "oa": OA,
    "schema": SCHEMA,
}

#: Named graphs that are not documents.
AUTHORITY_GRAPH = SGR["graph/authority"]
ONTOLOGY_GRAPH = SGR["graph/ontology"]


def sparql_prologue() -> str:
    """``PREFIX`` lines for every project prefix, for queries written by hand."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
