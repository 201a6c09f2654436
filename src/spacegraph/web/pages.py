"""The web pages: landing, query page, entity pages (/id/...), document pages, timeline.

Every page is rendered on the server from SPARQL queries over the store (IRIs bound with
``substitutions=``, never pasted into the query text) and works offline: its only style and
script are this package's ``static/`` files. ``/id/<rest>`` is where the minted IRIs
``https://w3id.org/spacegraph/id/<rest>`` dereference to: HTML for browsers, the entity's
description in an RDF format for RDF clients (content negotiation on ``Accept`` or
``format=``).

Nothing here reads a file named by the request: paths become IRIs, checked against a
pattern, and an IRI the graph does not know is a 404.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup, escape
from rdflib import URIRef
from werkzeug.datastructures import MIMEAccept

from ..errors import NotAcceptable
from ..saved import saved_queries as read_saved_queries
from ..settings import Settings
from ..store import QueryOutcome, Store
from ..vocab import PREFIXES
from .negotiation import content_type
from .page_queries import (
    MAX_INCOMING,
    PROLOGUE,
    Q_ALL,
    Q_CLASSES,
    Q_DESCRIBE,
    Q_DIALOGUES,
    Q_DOCUMENT,
    Q_DOCUMENT_FACTS,
    Q_DOCUMENTS,
    Q_EVIDENCE,
    Q_EXISTS,
    Q_INCOMING,
    Q_MEETINGS,
    Q_NAMES,
    Q_OUTGOING,
    Q_TRIPLES,
)

bp = Blueprint("pages", __name__)

HTML = "text/html"
SG = str(PREFIXES["sg"])
SGR = str(PREFIXES["sgr"])
WD = str(PREFIXES["wd"])
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
SG_EVIDENCE = SG + "evidence"
SG_CONTENT = SG + "content"

#: Properties shown in an entity page's header rather than in its table of facts.
HEADER_PROPERTIES = {RDF_TYPE, RDFS_LABEL, SKOS_ALT, OWL_SAME_AS, SG_EVIDENCE}
#: Literals longer than this are cut in tables (a document's whole text is a literal).
LONG_LITERAL = 400

#: A path under /id/: IRI characters only, no empty, "." or ".." segment.
_ID_PATH = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@%-]+(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*$")
#: A document slug: the source file's name without its suffix.
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


# --- helpers ---------------------------------------------------------------------------------


def _store() -> Store:
    return current_app.extensions["spacegraph"]


def _settings() -> Settings:
    return current_app.config["SPACEGRAPH_SETTINGS"]


def _rows(sparql: str, substitutions: Mapping[str, object] | None = None) -> list[dict]:
    """The solutions of a SELECT as dicts of terms (None for unbound variables)."""
    outcome = _store().query(sparql, substitutions=substitutions)
    result = outcome.result
    names = [v.value for v in result.variables]  # type: ignore[attr-defined]
    return [{name: solution[name] for name in names} for solution in result]  # type: ignore[attr-defined]


def _value(term: object) -> str | None:
    return None if term is None else term.value  # type: ignore[attr-defined]


def _int(term: object) -> int | None:
    try:
        return None if term is None else int(term.value)  # type: ignore[attr-defined]
    except ValueError:
        return None


def _is_literal(term: object) -> bool:
    return hasattr(term, "datatype")


def _is_blank(term: object) -> bool:
    return not _is_literal(term) and str(term).startswith("_:")


def compact(iri: str) -> str:
    """``sg:participant`` for a project IRI; the IRI itself otherwise."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if iri.startswith(ns) and len(ns) > len(best) and _LOCAL.match(iri[len(ns) :]):
            best, name = ns, prefix
    return f"{name}:{iri[len(best) :]}" if best else iri


_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")


def iri_href(iri: str) -> str | None:
    """Where an IRI links to: its /id/ page for a minted IRI, itself for http(s), else none."""
    if iri.startswith(SGR):
        rest = iri[len(SGR) :]
        return url_for("pages.entity", rest=rest) if _ID_PATH.match(rest) else None
    if iri.startswith(("http://", "https://")):
        return iri
    return None


def document_href(iri: str) -> str | None:
    """The document page of a document IRI, or None."""
    prefix = SGR + "document/"
    if iri.startswith(prefix) and _SLUG.match(iri[len(prefix) :]):
        return url_for("pages.document", slug=iri[len(prefix) :])
    return None


@dataclass
class Term:
    """A term as a page shows it: text, an optional link and a hint (IRI, language, type)."""

    text: str
    href: str | None = None
    hint: str = ""
    kind: str = "iri"
    cut: bool = False


def term(node: object, label: str | None = None) -> Term:
    if node is None:
        return Term("", kind="none")
    if _is_literal(node):
        text = node.value  # type: ignore[attr-defined]
        language = getattr(node, "language", None)
        datatype = str(node.datatype.value)  # type: ignore[attr-defined]
        hint = f"@{language}" if language else compact(datatype)
        cut = len(text) > LONG_LITERAL
        return Term(text[:LONG_LITERAL] + ("…" if cut else ""), None, hint, "literal", cut)
    if _is_blank(node):
        return Term(str(node), kind="blank")
    iri = node.value  # type: ignore[attr-defined]
    if label and len(label) > 120:  # a commitment's clause stands in for its label
        label = label[:117].rstrip() + "…"
    return Term(label or compact(iri), iri_href(iri), iri, "iri")


def graph_term(graph: str) -> Term:
    """The named graph a fact came from: its document page, or the graph's name."""
    href = document_href(graph)
    if href:
        return Term(graph[len(SGR + "document/") :], href, graph, "document")
    return Term(compact(graph), iri_href(graph), graph, "graph")


def _not_found(message: str) -> Response:
    """404: a page for a browser, the JSON error body for anything else."""
    if request.accept_mimetypes.accept_html:
        return Response(render_template("404.html", message=message), 404)
    abort(404, description=message)


def saved_queries() -> list[dict]:
    """``queries/*.rq`` (read by :mod:`spacegraph.saved`) as the templates use them."""
    folder = _settings().queries
    return [
        {
            "slug": query.slug,
            "title": query.title,
            "description": query.description,
            "parameters": ", ".join(p.name for p in query.parameters) or "none",
            "text": query.text,
        }
        for query in (read_saved_queries(folder) if folder.is_dir() else [])
    ]


# --- landing -------------------------------------------------------------------------------


@bp.route("/")
def index() -> Response:
    """The landing page; a client that asks for JSON (or sends no Accept at all, as scripts
    do) gets the small JSON index that stood here before the pages: name and endpoint."""
    accept = request.accept_mimetypes
    if not accept or accept.best_match([HTML, "application/json"]) == "application/json":
        response = jsonify(
            {"name": "spacegraph", "sparql": url_for("sparql.query", _external=True)}
        )
        response.vary.add("Accept")
        return response
    response = Response(_landing())
    response.vary.add("Accept")
    return response


def _landing() -> str:
    classes = [
        {
            "term": term(row["class"], _value(row["label"]) or compact(row["class"].value)),
            "count": _int(row["count"]),
            "query": url_for(
                "pages.query",
                query=f"{PROLOGUE}SELECT ?s ?label WHERE {{\n  ?s a <{row['class'].value}> .\n"
                "  OPTIONAL { ?s rdfs:label ?label }\n} ORDER BY ?label LIMIT 200",
            ),
        }
        for row in _rows(Q_CLASSES)
    ]
    documents = [
        {
            "iri": row["doc"].value,
            "title": _value(row["title"]) or row["doc"].value,
            "issued": _value(row["issued"]) or "",
            "genre": _value(row["genre"]) or "",
            "source": _value(row["source"]),
            "href": document_href(row["doc"].value),
            "entity": iri_href(row["doc"].value),
            "evidence": _int(row["evidence"]),
        }
        for row in _rows(Q_DOCUMENTS)
    ]
    dialogues = [
        {
            "term": term(row["dialogue"], _value(row["label"])),
            "parties": _value(row["parties"]) or "",
            "meetings": _int(row["meetings"]),
            "anchor": _anchor(row["dialogue"].value),
        }
        for row in _rows(Q_DIALOGUES)
    ]
    return render_template(
        "index.html",
        classes=classes,
        documents=documents,
        dialogues=dialogues,
        saved=saved_queries(),
        exports=_export_links(),
        triples=_int(_rows(Q_TRIPLES)[0]["n"]),
    )


def _export_links() -> list[dict]:
    """Download links: the dataset from the Graph Store endpoint and the VoID description
    when the app has them, and the whole graph through the SPARQL endpoint (a CONSTRUCT, in
    each RDF format it serves)."""
    links: list[dict] = []
    if "graphstore.data" in current_app.view_functions:
        for name, fmt in (("TriG", "trig"), ("N-Quads", "nquads")):
            href = url_for("graphstore.data", format=fmt)
            links.append(
                {
                    "text": f"the dataset with its named graphs as {name}",
                    "href": href,
                    "download": f"spacegraph.{'trig' if fmt == 'trig' else 'nq'}",
                }
            )
    if "describe.void" in current_app.view_functions:
        links.append({"text": "VoID description of the dataset", "href": url_for("describe.void")})
    for name, fmt in (
        ("Turtle", "ttl"),
        ("N-Triples", "nt"),
        ("JSON-LD", "jsonld"),
        ("RDF/XML", "rdf"),
    ):
        href = url_for("sparql.query", query=Q_ALL, format=fmt)
        links.append(
            {"text": f"whole graph as {name}", "href": href, "download": f"spacegraph.{fmt}"}
        )
    return links


# --- query page ----------------------------------------------------------------------------

DEFAULT_QUERY = """SELECT ?meeting ?label ?startDate
WHERE {
  ?meeting a sg:Meeting ;
           rdfs:label ?label .
  OPTIONAL { ?meeting sg:startDate ?startDate }
}
ORDER BY ?startDate
LIMIT 100
"""


@bp.route("/query")
def query() -> str:
    saved = saved_queries()
    text = request.args.get("query")
    example = request.args.get("example")
    if text is None and example:
        text = next((q["text"] for q in saved if q["slug"] == example), None)
    if text is None:
        text = PROLOGUE + "\n" + DEFAULT_QUERY
    return render_template(
        "query.html",
        text=text,
        saved=saved,
        prefixes={name: str(ns) for name, ns in PREFIXES.items()},
        id_base=url_for("pages.entity", rest="x")[:-1],
    )


# --- entity pages ---------------------------------------------------------------------------


@bp.route("/id/<path:rest>")
def entity(rest: str) -> Response:
    if not _ID_PATH.match(rest):
        return _not_found(f"/id/{rest} is not a spacegraph IRI")
    iri = URIRef(SGR + rest)
    subs = {"this": iri}
    if not _store().query(Q_EXISTS, substitutions=subs).result:
        return _not_found(f"the graph knows nothing about <{iri}>")
    outcome = _store().query(Q_DESCRIBE, substitutions=subs)
    media_type = _negotiate(outcome)
    if media_type != HTML:
        response = Response(outcome.serialize(media_type), content_type=content_type(media_type))
    else:
        response = Response(render_template("entity.html", **_entity_view(str(iri))))
    response.vary.add("Accept")
    return response


def _negotiate(outcome: QueryOutcome) -> str:
    """HTML or one of the RDF media types of a graph result, from ``format=`` or Accept."""
    available = [HTML, *outcome.media_types()]
    requested = request.args.get("format")
    if requested:
        if requested.lower() in ("html", HTML):
            return HTML
        found = outcome.media_type_for(requested)
        if found is None:
            raise NotAcceptable(
                f"format={requested!r} is not available; use html or one of "
                f"{', '.join(outcome.media_types())}"
            )
        return found
    accept = request.accept_mimetypes
    if not accept:
        return HTML
    mapped = MIMEAccept(
        [
            (value if "*" in value or value == HTML else outcome.media_type_for(value) or value, q)
            for value, q in accept
        ]
    )
    best = mapped.best_match(available)
    if best is None:
        raise NotAcceptable(
            f"none of the accepted media types ({request.headers.get('Accept', '')}) is "
            f"available; available: {', '.join(available)}"
        )
    return best


@dataclass
class Fact:
    property: Term
    value: Term
    source: Term
    quotes: list[dict] = field(default_factory=list)


def _entity_view(iri: str) -> dict:
    subs = {"this": URIRef(iri)}
    outgoing = _rows(Q_OUTGOING, subs)
    evidence = _rows(Q_EVIDENCE, subs)
    names_of = _names([iri, *(r["o"].value for r in outgoing if not _is_literal(r["o"]))])

    quotes_by_graph: dict[str, list[dict]] = defaultdict(list)
    for quote in _quotes(evidence):
        quotes_by_graph[quote["graph"]].append(quote)
    quotes_of: dict[str, list[dict]] = {iri: [q for qs in quotes_by_graph.values() for q in qs]}

    def quotes(node: object) -> list[dict]:
        """The quotes of a resource's evidence (cached per page)."""
        key = str(node.value)  # type: ignore[attr-defined]
        if key not in quotes_of:
            quotes_of[key] = _quotes(_rows(Q_EVIDENCE, {"this": URIRef(key)}))
        return quotes_of[key]

    labels, alt_labels, classes, same_as = [], [], [], []
    facts: list[Fact] = []
    for row in sorted(outgoing, key=lambda r: (r["p"].value, str(r["o"]), r["g"].value)):
        p, o, g = row["p"].value, row["o"], row["g"].value
        if p == RDFS_LABEL:
            labels.append(term(o))
        elif p == SKOS_ALT:
            alt_labels.append(term(o))
        elif p == RDF_TYPE:
            classes.append(term(o))
        elif p == OWL_SAME_AS:
            same_as.append(term(o))
        if p in HEADER_PROPERTIES:
            continue
        if _is_literal(o) or _is_blank(o):
            support = _matching(quotes_by_graph.get(g, []), [o.value], [], p)
        else:
            support = _matching(
                quotes_by_graph.get(g, []), names_of.get(o.value, []), quotes(o), p, g
            )
        facts.append(
            Fact(term_of_property(p), term(o, _value(row["label"])), graph_term(g), support)
        )

    incoming = []
    for row in _rows(Q_INCOMING, subs):
        g, s_node, p = row["g"].value, row["s"], row["p"].value
        own = quotes_by_graph.get(g, [])
        if _is_literal(s_node) or _is_blank(s_node):
            support = _matching([], [], own, p, g)
        else:
            in_graph = [q for q in quotes(s_node) if q["graph"] == g]
            support = _matching(in_graph, names_of.get(iri, []), own, p, g)
        incoming.append(
            Fact(term_of_property(p), term(s_node, _value(row["label"])), graph_term(g), support)
        )

    title = _first_text(labels) or compact(iri)
    all_quotes = sorted(
        {
            (q["doc"], q["start"], q["end"]): q for qs in quotes_by_graph.values() for q in qs
        }.values(),
        key=lambda q: (q["doc"], q["start"] or 0),
    )
    return {
        "iri": iri,
        "title": title,
        "labels": _unique(labels),
        "alt_labels": _unique(alt_labels),
        "classes": _unique(classes),
        "same_as": _unique(same_as),
        "wikidata": [t for t in _unique(same_as) if t.hint.startswith(WD)],
        "facts": facts,
        "incoming": incoming,
        "incoming_cut": len(incoming) >= MAX_INCOMING,
        "evidence": all_quotes,
        "document_page": document_href(iri),
        "timeline": _timeline_link(iri, classes, facts),
        "formats": [
            ("Turtle", "ttl"),
            ("JSON-LD", "jsonld"),
            ("N-Triples", "nt"),
            ("RDF/XML", "rdf"),
        ],
    }


def term_of_property(iri: str) -> Term:
    return Term(compact(iri), None, iri, "property")


def _quotes(rows: list[dict]) -> list[dict]:
    """Rows of ``Q_EVIDENCE`` as quotes: text, offsets, document and the graph stating them."""
    return [
        {
            "text": r["exact"].value,
            "start": _int(r["start"]),
            "end": _int(r["end"]),
            "doc": r["doc"].value,
            "doc_title": _value(r["docTitle"]) or r["doc"].value,
            "href": _evidence_href(r["doc"].value, _int(r["start"]), _int(r["end"])),
            "graph": r["g"].value,
        }
        for r in rows
    ]


def _matching(
    quotes: list[dict],
    names: Iterable[str],
    other: list[dict],
    prop: str,
    graph: str | None = None,
) -> list[dict]:
    """The quotes that support a fact, read from the document that states it.

    Evidence hangs on resources, not on triples, so the support of ``s p o`` is found as a
    reader would: the subject's sentences that name the value (a label, alias or literal);
    else the other end's sentences in the same document, preferring those that say the
    property's word (``coChair`` -> "chair"); else the subject's only sentence there.
    """
    wanted = [n.casefold() for n in names if n and len(n) > 1]
    found = [q for q in quotes if any(n in q["text"].casefold() for n in wanted)]
    if found:
        return found
    there = [q for q in other if graph is None or q["graph"] == graph]
    if there:
        word = _property_word(prop)
        said = [q for q in there if word and word in q["text"].casefold()]
        return (said or there)[:3]
    return quotes if len(quotes) == 1 else []


def _property_word(iri: str) -> str:
    """The longest word of a property's local name, cut to a stem: coChair -> "chair"."""
    local = re.split(r"[#/]", iri)[-1]
    words = re.findall(r"[A-Z]?[a-z]+", local)
    longest = max(words, key=len, default="")
    return longest.lower()[:6] if len(longest) >= 4 else ""


def _names(iris: Iterable[str]) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for iri in dict.fromkeys(iris):
        if iri.startswith(("http://", "https://")):
            names[iri] = [r["name"].value for r in _rows(Q_NAMES, {"this": URIRef(iri)})]
    return names


def _evidence_href(doc: str, start: int | None, end: int | None) -> str | None:
    href = document_href(doc)
    return f"{href}#ev-{start}-{end}" if href else None


def _first_text(terms: list[Term]) -> str | None:
    english = [t for t in terms if t.hint in ("@en", "xsd:string")]
    return (english or terms)[0].text if terms else None


def _unique(terms: list[Term]) -> list[Term]:
    seen: dict[tuple[str, str], Term] = {}
    for t in terms:
        seen.setdefault((t.text, t.hint), t)
    return list(seen.values())


def _timeline_link(iri: str, classes: list[Term], facts: list[Fact]) -> str | None:
    types = {t.hint for t in classes}
    if SG + "Dialogue" in types:
        return url_for("pages.timeline") + "#" + _anchor(iri)
    if SG + "Meeting" in types:
        for fact in facts:
            if fact.property.hint == SG + "dialogue" and fact.value.hint:
                return url_for("pages.timeline") + "#" + _anchor(fact.value.hint)
    return None


def _anchor(iri: str) -> str:
    return "d-" + re.sub(r"[^A-Za-z0-9]+", "-", iri[len(SGR) :] if iri.startswith(SGR) else iri)


# --- document pages -------------------------------------------------------------------------


@bp.route("/documents/<slug>")
def document(slug: str) -> Response:
    if not _SLUG.match(slug) or ".." in slug:
        return _not_found(f"{slug!r} is not a document name")
    iri = SGR + "document/" + slug
    rows = _rows(Q_DOCUMENT, {"this": URIRef(iri)})
    if not rows or rows[0]["content"] is None:
        return _not_found(f"no document <{iri}> in the graph")
    row = rows[0]
    text = row["content"].value
    spans: dict[tuple[int, int], dict] = {}
    for fact in _rows(Q_DOCUMENT_FACTS, {"this": URIRef(iri)}):
        start, end = _int(fact["start"]), _int(fact["end"])
        if start is None or end is None or not 0 <= start < end <= len(text):
            continue
        span = spans.setdefault(
            (start, end),
            {"start": start, "end": end, "quote": text[start:end], "resources": []},
        )
        if fact["r"] is not None:
            cls = fact["class"]
            span["resources"].append(
                {
                    "term": term(fact["r"], _value(fact["label"])),
                    "class": compact(cls.value) if cls is not None else "",
                }
            )
    ordered = sorted(spans.values(), key=lambda s: (s["start"], s["end"]))
    return Response(
        render_template(
            "document.html",
            iri=iri,
            entity=iri_href(iri),
            title=_value(row["title"]) or slug,
            issued=_value(row["issued"]),
            genre=_value(row["genre"]),
            publisher=_value(row["publisher"]),
            source=_value(row["source"]),
            body=highlight(text, ordered),
            spans=ordered,
            resources=len({r["term"].hint for s in ordered for r in s["resources"]}),
        )
    )


def highlight(text: str, spans: list[dict]) -> Markup:
    """The text as HTML with each span (``start``/``end`` offsets) in a ``<mark>``.

    Spans may overlap: the text is cut at every span boundary and each piece is marked
    with the spans that cover it (``data-n`` of them). Every piece of text is escaped; an
    anchor ``ev-<start>-<end>`` marks where each span begins.
    """
    cuts = sorted({0, len(text), *(s["start"] for s in spans), *(s["end"] for s in spans)})
    starts: dict[int, list[dict]] = defaultdict(list)
    for s in spans:
        starts[s["start"]].append(s)
    parts: list[str] = []
    for a, b in pairwise(cuts):
        for s in starts.get(a, []):
            parts.append(f'<span class="anchor" id="ev-{s["start"]}-{s["end"]}"></span>')
        piece = escape(text[a:b])
        covering = [s for s in spans if s["start"] <= a and b <= s["end"]]
        if not covering:
            parts.append(str(piece))
            continue
        names = "; ".join(r["term"].text for s in covering for r in s["resources"]) or "evidence"
        target = f"#fact-{covering[-1]['start']}-{covering[-1]['end']}"
        parts.append(
            f'<a class="ev" href="{escape(target)}" data-n="{min(len(covering), 3)}" '
            f'title="{escape(names)}">{piece}</a>'
        )
    return Markup("".join(parts))


# --- timeline -------------------------------------------------------------------------------


@bp.route("/timeline")
def timeline() -> str:
    dialogues: dict[str, dict] = {}
    for row in _rows(Q_MEETINGS):
        d = row["dialogue"].value
        entry = dialogues.setdefault(
            d,
            {
                "term": term(row["dialogue"], _value(row["dialogueLabel"])),
                "anchor": _anchor(d),
                "meetings": [],
            },
        )
        # a meeting recalled by its year only ("held in Tokyo in 2022") shows that year
        start = _value(row["startDate"]) or _value(row["heldYear"])
        planned = _value(row["plannedYear"])
        docs = (_value(row["documents"]) or "").split()
        entry["meetings"].append(
            {
                "term": term(row["meeting"], _value(row["label"])),
                "ordinal": _int(row["ordinal"]),
                "start": start,
                "end": _value(row["endDate"]),
                "planned": planned,
                "held": start is not None,
                "place": _value(row["place"]) or "",
                "documents": [graph_term(doc) for doc in docs],
            }
        )
    for entry in dialogues.values():
        entry["meetings"].sort(key=_meeting_order)
    ordered = sorted(dialogues.values(), key=lambda e: e["term"].text)
    return render_template("timeline.html", dialogues=ordered)


def _meeting_order(meeting: dict) -> tuple:
    """By year (held or planned), then ordinal, then full date: an announced meeting of
    2024 comes after the 8th meeting held in 2023, and before one held later in 2024 only
    when its ordinal says so."""
    when = meeting["start"] or meeting["planned"] or "9999"
    ordinal = meeting["ordinal"] if meeting["ordinal"] is not None else 10**6
    return (when[:4], ordinal, when)
