"""A large synthetic graph in the shape the extractor writes, for the endpoint benchmark.

The graph follows docs/graph-model.md: an authority graph (``sgr:graph/authority``) with
states, government bodies and space agencies with their state, international bodies,
places and missions; then one named graph per source document, each reporting one meeting
of a dialogue between two states: the document (title, date, genre, issuers, file), the
meeting (dialogue, ordinal, start date, place, co-chairs, participants, next meeting,
mentions, provenance), the dialogue, the ``rdf:type`` of each entity it uses, one evidence
node and, for some meetings, a commitment. Everything is drawn from ``random.Random(seed)``,
so the same arguments write the same bytes.

Write it as N-Quads and load it into a store (the union of the named graphs in the default
graph, as ``spacegraph.store.Store`` keeps it):

    .venv/bin/python bench/synthetic.py --meetings 100000 --out var/bench/graph.nq
    .venv/bin/python bench/synthetic.py --meetings 100000 --store var/bench/store

``Store.load_file`` loads a file in one SPARQL ``INSERT DATA`` transaction and then
recomputes the union, which is right for documents and far too slow and large for millions
of quads; :func:`build_store` writes the same layout with the engine's bulk loader instead
(``check_layout`` compares the two on a small graph).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SG = "https://w3id.org/spacegraph/ontology#"
SGR = "https://w3id.org/spacegraph/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
DCT = "http://purl.org/dc/terms/"
PROV_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
AUTHORITY = f"<{SGR}graph/authority>"

#: Meetings per dialogue, on average (the real dialogues have held 2 to 12).
MEETINGS_PER_DIALOGUE = 20
STATES = 60
BODIES_PER_STATE = 12
INTERNATIONAL_BODIES = 20
PLACES = 400
MISSIONS = 200
MODALITIES = ("commit", "reaffirm", "affirm", "intend", "resolve", "agree")
KINDS = ("Comprehensive Dialogue on Space", "Space Dialogue", "Civil Space Dialogue")
WORDS = (
    "space",
    "situational",
    "awareness",
    "cooperation",
    "exploration",
    "lunar",
    "orbit",
    "satellite",
    "navigation",
    "earth",
    "observation",
    "climate",
    "science",
    "debris",
    "norms",
    "security",
    "launch",
    "station",
    "mars",
)


def sg(term: str) -> str:
    return f"<{SG}{term}>"


def sgr(path: str) -> str:
    return f"<{SGR}{path}>"


def lit(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def en(text: str) -> str:
    return f"{lit(text)}@en"


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


@dataclass(frozen=True)
class Scale:
    """How big a graph to write; the counts of everything but meetings are fixed."""

    meetings: int
    seed: int = 20240601

    @property
    def dialogues(self) -> int:
        return max(1, self.meetings // MEETINGS_PER_DIALOGUE)


def state_codes() -> list[str]:
    """``STATES`` two-letter codes, deterministic (``aa``, ``ab``... spread over the alphabet)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    codes = [a + b for a in letters for b in letters]
    return codes[:: len(codes) // STATES][:STATES]


def body(code: str, index: int) -> str:
    return sgr(f"body/{code}/agency-{index}")


def plan(scale: Scale, rng: random.Random) -> list[tuple[str, str, str, str, int, int]]:
    """The dialogues, drawn from ``rng``: (slug, party a, party b, kind, first year,
    number of meetings); the meetings are spread over them at random."""
    codes = state_codes()
    dialogues = []
    for number in range(scale.dialogues):
        a, b = sorted(rng.sample(codes, 2))
        dialogues.append(
            (f"{a}-{b}/dialogue-{number}", a, b, rng.choice(KINDS), 1990 + rng.randrange(25))
        )
    counts = [0] * len(dialogues)
    for _ in range(scale.meetings):
        counts[rng.randrange(len(dialogues))] += 1
    return [(*dialogue, count) for dialogue, count in zip(dialogues, counts, strict=True)]


def quads(scale: Scale) -> Iterator[str]:
    """Every quad of the graph, one N-Quads line each (with its newline)."""
    rng = random.Random(scale.seed)
    codes = state_codes()
    yield from _authority(codes)
    for slug, a, b, kind, first_year, count in plan(scale, rng):
        day = date(first_year, 1, 1) + timedelta(days=rng.randrange(365))
        for ordinal in range(1, count + 1):
            yield from _document(rng, slug, a, b, kind, ordinal, count, day, codes)
            day += timedelta(days=200 + rng.randrange(300))


def _authority(codes: list[str]) -> Iterator[str]:
    g = AUTHORITY
    for code in codes:
        state = sgr(f"state/{code}")
        yield f"{state} {RDF_TYPE} {sg('State')} {g} .\n"
        yield f"{state} {RDFS_LABEL} {en('State ' + code.upper())} {g} .\n"
        yield f"{state} {sg('isoCode')} {lit(code.upper())} {g} .\n"
        for index in range(BODIES_PER_STATE):
            kind = "SpaceAgency" if index == 0 else "GovernmentBody"
            yield f"{body(code, index)} {RDF_TYPE} {sg(kind)} {g} .\n"
            label = f"Agency {index} of {code.upper()}"
            yield f"{body(code, index)} {RDFS_LABEL} {en(label)} {g} .\n"
            yield f"{body(code, index)} {sg('state')} {state} {g} .\n"
    for index in range(INTERNATIONAL_BODIES):
        org = sgr(f"org/forum-{index}")
        yield f"{org} {RDF_TYPE} {sg('InternationalBody')} {g} .\n"
        yield f"{org} {RDFS_LABEL} {en(f'Forum {index}')} {g} .\n"
    for index in range(PLACES):
        place = sgr(f"place/city-{index}")
        yield f"{place} {RDF_TYPE} {sg('Place')} {g} .\n"
        yield f"{place} {RDFS_LABEL} {en(f'City {index}')} {g} .\n"
        yield f"{place} {sg('state')} {sgr('state/' + codes[index % len(codes)])} {g} .\n"
    for index in range(MISSIONS):
        mission = sgr(f"mission/mission-{index}")
        yield f"{mission} {RDF_TYPE} {sg('Mission')} {g} .\n"
        yield f"{mission} {RDFS_LABEL} {en(f'Mission {index}')} {g} .\n"


def _document(
    rng: random.Random,
    slug: str,
    a: str,
    b: str,
    kind: str,
    ordinal: int,
    count: int,
    day: date,
    codes: list[str],
) -> Iterator[str]:
    doc_slug = f"{slug.replace('/', '-')}-{ordinal}"
    doc = sgr(f"document/{doc_slug}")
    g = doc
    dialogue = sgr(f"dialogue/{slug}")
    meeting = sgr(f"dialogue/{slug}/meeting/{ordinal}")
    label = f"{kind} between {a.upper()} and {b.upper()}"
    meeting_label = f"Meeting {ordinal} of the {label}"
    state_a, state_b = sgr(f"state/{a}"), sgr(f"state/{b}")
    chairs = [body(a, rng.randrange(BODIES_PER_STATE)), body(b, rng.randrange(BODIES_PER_STATE))]
    others = {body(rng.choice((a, b)), rng.randrange(BODIES_PER_STATE)) for _ in range(2)}
    if rng.random() < 0.2:  # a third state's body takes part now and then
        others.add(body(rng.choice(codes), rng.randrange(BODIES_PER_STATE)))
    participants = sorted(set(chairs) | others)
    place = sgr(f"place/city-{rng.randrange(PLACES)}")
    mission = sgr(f"mission/mission-{rng.randrange(MISSIONS)}")
    issued = typed(day.isoformat(), "date")
    sentence = (
        f"The {meeting_label} was held on {day.isoformat()}; the sides discussed "
        + " ".join(rng.sample(WORDS, 5))
        + "."
    )
    start = 100 + rng.randrange(2000)
    evidence = sgr(f"evidence/{doc_slug}/{start}-{start + len(sentence)}")

    # the document
    yield f"{doc} {RDF_TYPE} {sg('Document')} {g} .\n"
    yield f"{doc} <{DCT}title> {en('Joint Statement: ' + meeting_label)} {g} .\n"
    yield f"{doc} <{DCT}issued> {issued} {g} .\n"
    yield f"{doc} {sg('genre')} {sg('jointStatement')} {g} .\n"
    yield f"{doc} {sg('issuedBy')} {state_a} {g} .\n"
    yield f"{doc} {sg('issuedBy')} {state_b} {g} .\n"
    yield f"{doc} {sg('sourceFile')} {lit(doc_slug + '.txt')} {g} .\n"
    # the meeting
    yield f"{meeting} {RDF_TYPE} {sg('Meeting')} {g} .\n"
    yield f"{meeting} {RDFS_LABEL} {en(meeting_label)} {g} .\n"
    yield f"{meeting} {sg('dialogue')} {dialogue} {g} .\n"
    yield f"{meeting} {sg('ordinal')} {typed(ordinal, 'integer')} {g} .\n"
    yield f"{meeting} {sg('startDate')} {issued} {g} .\n"
    yield f"{meeting} {sg('location')} {place} {g} .\n"
    for chair in chairs:
        yield f"{meeting} {sg('coChair')} {chair} {g} .\n"
    for participant in participants:
        yield f"{meeting} {sg('participant')} {participant} {g} .\n"
    if ordinal < count:
        following = sgr(f"dialogue/{slug}/meeting/{ordinal + 1}")
        yield f"{meeting} {sg('nextMeeting')} {following} {g} .\n"
    yield f"{meeting} {sg('mentions')} {mission} {g} .\n"
    yield f"{meeting} {PROV_DERIVED} {doc} {g} .\n"
    yield f"{meeting} {sg('evidence')} {evidence} {g} .\n"
    # the dialogue, as each of its documents states it
    yield f"{dialogue} {RDF_TYPE} {sg('Dialogue')} {g} .\n"
    yield f"{dialogue} {RDFS_LABEL} {en(label)} {g} .\n"
    yield f"{dialogue} {sg('dialogueKind')} {lit(kind)} {g} .\n"
    yield f"{dialogue} {sg('parties')} {state_a} {g} .\n"
    yield f"{dialogue} {sg('parties')} {state_b} {g} .\n"
    # the types of the entities the document uses (so that its graph validates alone)
    for participant in participants:
        yield f"{participant} {RDF_TYPE} {sg('GovernmentBody')} {g} .\n"
    yield f"{place} {RDF_TYPE} {sg('Place')} {g} .\n"
    yield f"{mission} {RDF_TYPE} {sg('Mission')} {g} .\n"
    # the evidence
    yield f"{evidence} {RDF_TYPE} {sg('Evidence')} {g} .\n"
    yield f"{evidence} <{OA}hasSource> {doc} {g} .\n"
    yield f"{evidence} <{OA}start> {typed(start, 'integer')} {g} .\n"
    yield f"{evidence} <{OA}end> {typed(start + len(sentence), 'integer')} {g} .\n"
    yield f"{evidence} <{OA}exact> {lit(sentence)} {g} .\n"
    # a commitment, for some meetings
    if rng.random() < 0.3:
        key = hashlib.sha1(f"{doc_slug}/{ordinal}".encode()).hexdigest()[:12]
        commitment = sgr(f"commitment/{doc_slug}/{key}")
        yield f"{commitment} {RDF_TYPE} {sg('Commitment')} {g} .\n"
        yield f"{commitment} {sg('madeAt')} {meeting} {g} .\n"
        yield f"{commitment} {sg('madeBy')} {state_a} {g} .\n"
        yield f"{commitment} {sg('madeBy')} {state_b} {g} .\n"
        yield f"{commitment} {sg('modality')} {sg(rng.choice(MODALITIES))} {g} .\n"
        yield f"{commitment} {sg('concerns')} {mission} {g} .\n"
        yield f"{commitment} {sg('text')} {lit('Both sides resolved to ' + sentence)} {g} .\n"
        yield f"{commitment} {sg('evidence')} {evidence} {g} .\n"


def meeting_iris(scale: Scale, count: int, seed: int = 7) -> list[str]:
    """``count`` IRIs of meetings the graph holds, drawn with ``seed`` (for lookups)."""
    held = [(d[0], d[-1]) for d in plan(scale, random.Random(scale.seed)) if d[-1]]
    pick = random.Random(seed)
    iris = []
    for _ in range(count):
        slug, n = pick.choice(held)
        iris.append(f"{SGR}dialogue/{slug}/meeting/{pick.randrange(1, n + 1)}")
    return iris


def write_nquads(scale: Scale, out: Path) -> int:
    """Write the graph to ``out`` as N-Quads; returns the number of quads."""
    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with out.open("w", encoding="utf-8", buffering=1 << 20) as handle:
        batch: list[str] = []
        for line in quads(scale):
            batch.append(line)
            if len(batch) >= 50_000:
                handle.writelines(batch)
                written += len(batch)
                batch.clear()
        handle.writelines(batch)
        written += len(batch)
    return written


def build_store(nquads: Path, target: Path) -> int:
    """A store at ``target`` holding ``nquads`` in its named graphs and their union (a set)
    in the default graph, as ``spacegraph.store.Store`` keeps it; returns the quads stored.

    pyoxigraph is used directly here (not through ``spacegraph.store``) only for its bulk
    loader: ``Store.load_file`` writes through one SPARQL update, which needs several GB and
    many minutes for millions of quads. The union is loaded from the same lines with their
    graph name cut off (the engine keeps a set, so repeated triples are stored once).
    """
    import pyoxigraph as ox

    if target.exists():
        shutil.rmtree(target)
    triples = nquads.with_suffix(".union.nt")
    with nquads.open(encoding="utf-8") as source, triples.open("w", encoding="utf-8") as out:
        for line in source:  # every line ends with " <graph> .": cut the graph name
            out.write(line[: line.rindex(" <")] + " .\n")
    store = ox.Store(str(target))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.bulk_load(path=str(triples), format=ox.RdfFormat.N_TRIPLES)
    triples.unlink()
    store.optimize()
    store.flush()
    count = len(store)
    del store
    return count


def check_layout(scale: Scale, workdir: Path) -> bool:
    """Whether :func:`build_store` and ``Store.load_file`` give the same quads (small graph)."""
    from spacegraph.store import Store

    source = workdir / "layout.nq"
    write_nquads(scale, source)
    build_store(source, workdir / "bulk")
    reference = Store(workdir / "reference")
    reference.load_file(source)
    bulk = Store(workdir / "bulk", read_only=True)
    same = set(reference.quads()) == set(bulk.quads())
    reference.close()
    bulk.close()
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=Scale(1).seed)
    parser.add_argument("--out", type=Path, help="write N-Quads here")
    parser.add_argument("--store", type=Path, help="and build a store here")
    parser.add_argument(
        "--check-layout",
        type=Path,
        metavar="DIR",
        help="compare the bulk store with Store.load_file on a 500-meeting graph in DIR",
    )
    args = parser.parse_args()
    scale = Scale(args.meetings, args.seed)
    if args.check_layout:
        same = check_layout(Scale(500, args.seed), args.check_layout)
        print("same quads as Store.load_file:", same)
    if args.out:
        started = time.perf_counter()
        count = write_nquads(scale, args.out)
        print(f"{count} quads written to {args.out} in {time.perf_counter() - started:.1f} s")
        if args.store:
            started = time.perf_counter()
            stored = build_store(args.out, args.store)
            print(f"{stored} quads stored in {args.store} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
