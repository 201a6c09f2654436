"""Score the extractor against gold annotations, relation by relation.

``tests/gold/<document stem>.yaml`` says what a careful reader finds in a document. For every
document with a gold file, :func:`evaluate` runs the extractor and counts, per relation, the
facts it got right (correct), the gold facts it did not code (missed) and the facts it coded
that the gold lacks (extra), with precision, recall and F1, as event-coding evaluations do.
``strict`` wants exact values (authority IRIs, full dates, the same clause and makers; a
gold year is met by a month of that year);
``lenient`` accepts unknown bodies by name-word overlap, a date right to the month, a city in
the right state, an overlapping clause. Documents in ``sources_dir`` are scored apart
("sources") from the held-out set ("heldout": any folder named so, see tests/heldout/README.md)
and from all others ("devset")"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import iris
from .authority import Authority, load_authority
from .extract import Extraction, extract
from .settings import Settings
from .sources import find_documents, read_document
from .text import match_text
from .vocab import SGR

MENTION_CLASSES = ("Mission", "Agreement", "InternationalBody", "Policy", "Person")
RELATIONS = (
    *("dialogue", "meeting date", "meeting place", "ordinal", "co-chair", "participant"),
    *(f"mention:{kind}" for kind in MENTION_CLASSES),
    *("next meeting", "commitment", "commitment modality", "wikidata link"),
)
MODES = ("strict", "lenient")
_STOP = {"the", "of", "and", "for", "on", "in", "to", "a", "an", "s"}
_GENERIC_KIND = {"dialogue", "on", "the", "of", "space", "meeting"}


@dataclass
class Score:
    correct: int = 0
    missed: int = 0
    extra: int = 0

    @property
    def precision(self) -> float:
        found = self.correct + self.extra
        return self.correct / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.correct + self.missed
        return self.correct / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return f"{self.correct:>4} {self.missed:>4} {self.extra:>4}  " + " ".join(
            f"{v:.2f}" for v in (self.precision, self.recall, self.f1)
        )


@dataclass
class EvaluationReport:
    """Scores by set ("sources", "heldout", "devset"), relation and mode, with every miss
    named."""

    documents: dict[str, str] = field(default_factory=dict)  # document id → set
    scores: dict[tuple[str, str, str], Score] = field(default_factory=dict)
    #: (document, relation, mode, "missed" | "extra", the fact), read by :meth:`failures`
    errors: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    def score(self, subset: str, relation: str, mode: str = "strict") -> Score:
        return self.scores.setdefault((subset, relation, mode), Score())

    def f1(self, subset: str, relation: str, mode: str = "strict") -> float:
        return self.score(subset, relation, mode).f1

    def render(self) -> str:
        """A table per set: correct (C), missed (M) and extra (X) facts, P, R, F1 per mode."""
        head = f"{'relation':<25}" + "".join(
            f" | {m:<7}   C    M    X     P    R   F1" for m in MODES
        )
        lines: list[str] = []
        for subset in sorted(set(self.documents.values()), key=lambda s: s != "sources"):
            count = list(self.documents.values()).count(subset)
            lines += [f"{subset} ({count} documents)", head, "-" * len(head)]
            for relation in RELATIONS:
                scores = [self.score(subset, relation, mode) for mode in MODES]
                lines.append(f"{relation:<25}" + "".join(f" | {'':<7}{s}" for s in scores))
            lines.append("")
        return "\n".join(lines)

    def failures(self, relation: str | None = None, mode: str = "strict") -> list[str]:
        """Every missed and extra fact, as "document: relation missed|extra: fact"."""
        return [
            f"{doc}: {rel} {kind}: {fact}"
            for doc, rel, m, kind, fact in self.errors
            if m == mode and relation in (None, rel)
        ]


#: The keys each part of a gold file may have: a comma in an unquoted flow value would
#: otherwise split it silently into a second, unknown key.
_KEYS = {
    "document": {"genre", "dialogue", "meetings", "mentions", "commitments", "wikidata"},
    "meeting": {"ordinal", "start", "end", "place", "planned_year", "held", "dialogue",
                "co_chairs", "participants", "next_meeting"},
    "body": {"name", "state", "iri"},
    "next": {"ordinal", "place", "year"},
    "commitment": {"text", "by", "modality"},
}  # fmt: skip


def load_gold(path: Path) -> dict:
    """A gold file as plain values (dates as ISO strings); ValueError names what is wrong."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "genre" not in data:
        raise ValueError(f"{path}: not a gold annotation (no genre)")
    data["meetings"] = data.get("meetings") or []
    parts = [("document", data)]
    for meeting in data["meetings"]:
        bodies = (*meeting.get("co_chairs", []), *meeting.get("participants", []))
        parts += [("meeting", meeting), *(("body", b) for b in bodies)]
        parts += [("next", meeting["next_meeting"])] if meeting.get("next_meeting") else []
        meeting.update({k: str(meeting[k]) for k in ("start", "end") if meeting.get(k)})
    for kind, items in (data.get("mentions") or {}).items():
        if kind not in MENTION_CLASSES:
            raise ValueError(f"{path}: unknown mention class {kind}")
        parts += [("body", m) for m in items]
    parts += [("commitment", c) for c in data.get("commitments") or []]
    for part, value in parts:
        if unknown := set(value) - _KEYS[part]:
            raise ValueError(f"{path}: unknown keys {sorted(unknown)} in {part} {value}")
    codes = [
        *((data.get("dialogue") or {}).get("parties") or []),
        *(b.get("state") for p, b in parts if p == "body" and b.get("state") is not None),
        *(code for p, c in parts if p == "commitment" for code in c.get("by") or []),
    ]
    if bad := [code for code in codes if not isinstance(code, str)]:
        # YAML reads a bare NO (Norway) as false: state codes are quoted ("NO")
        raise ValueError(f'{path}: state codes must be strings, not {bad} (quote "NO")')
    return data


def evaluate(
    gold_dir: Path,
    document_dirs: list[Path],
    *,
    sources_dir: Path | None = None,
    authority: Authority | None = None,
) -> EvaluationReport:
    """Extract and score every document of ``document_dirs`` that has a gold file (gold files
    of documents not found there are skipped, so that one folder can be scored alone)."""
    settings, report = Settings(), EvaluationReport()
    authority = authority or load_authority(settings.reference)
    sources_dir = (sources_dir or settings.sources).resolve()
    paths = {p.stem: p for p in find_documents(document_dirs)}
    for gold_path in sorted(gold_dir.glob("*.yaml")):
        if (path := paths.get(gold_path.stem)) is None:
            continue
        subset = _subset(path.resolve(), sources_dir)
        report.documents[path.stem] = subset
        extraction, gold = extract(read_document(path), authority), load_gold(gold_path)
        score_document(report, subset, gold, extraction, authority)
    return report


def _subset(path: Path, sources_dir: Path) -> str:
    if path.parent == sources_dir:
        return "sources"
    return "heldout" if "heldout" in path.parts else "devset"


def score_document(
    report: EvaluationReport, subset: str, gold: dict, ex: Extraction, authority: Authority
) -> None:
    """Add one document's counts to ``report``."""
    doc = ex.document.id
    facts = _Facts(gold, ex, authority)

    def count(relation: str, mode: str, pairs: list, missed: list, extra: list) -> None:
        score = report.score(subset, relation, mode)
        score.correct, score.missed = score.correct + len(pairs), score.missed + len(missed)
        score.extra += len(extra)
        report.errors += [(doc, relation, mode, "missed", str(g)) for g in missed]
        report.errors += [(doc, relation, mode, "extra", str(p)) for p in extra]

    for relation, gold_facts, predicted, strict, lenient in facts.relations():
        for mode, same in (("strict", strict), ("lenient", lenient)):
            pairs, missed, extra = match(gold_facts, predicted, same)
            if relation == "participant":  # "co-chairs may be listed here too" (CONTRACT)
                extra = [p for p in extra if p.ref not in facts.predicted_chairs]
            if relation == "mention":  # a row per class: the gold's class, or the extra's
                for k in MENTION_CLASSES:
                    of = [x for x in pairs if x[0].kind == k], [x for x in missed if x.kind == k]
                    count(f"mention:{k}", mode, *of, [x for x in extra if x.kind == k])
                continue
            if relation == "commitment":  # the modality, scored on the clauses matched
                wrong = [(g, p) for g, p in pairs if g.modality != p.modality]
                kept = [pair for pair in pairs if pair not in wrong]
                missed_m, extra_m = [g for g, _ in wrong], [p for _, p in wrong]
                count("commitment modality", mode, kept, missed + missed_m, extra + extra_m)
            count(relation, mode, pairs, missed, extra)


def match(gold: list, predicted: list, same: Callable) -> tuple[list, list, list]:
    """One-to-one pairs of gold and predicted facts for which ``same`` holds (greedy)."""
    left, pairs, missed = list(predicted), [], []
    for g in gold:
        if (found := next((p for p in left if same(g, p)), None)) is None:
            missed.append(g)
        else:
            left.remove(found)
            pairs.append((g, found))
    return pairs, missed, left


@dataclass(frozen=True)
class Named:
    """A body or mentioned entity: its IRI (relative to sgr:) when known, else name + state."""

    kind: str
    name: str
    state: str | None = None
    iri: str | None = None
    names: tuple[str, ...] = ()
    ref: str = ""  # the IRI the extractor gave it

    def __str__(self) -> str:
        return f"{self.name} [{self.state or '-'}]" + (f" <{self.iri}>" if self.iri else "")


@dataclass(frozen=True)
class Clause:
    text: str
    makers: frozenset[str]
    modality: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.text[:70]!r} by {sorted(self.makers)} ({self.modality})"


class _Facts:
    """The gold and the predicted facts of one document, relation by relation."""

    def __init__(self, gold: dict, ex: Extraction, authority: Authority) -> None:
        self.gold, self.ex, self.authority = gold, ex, authority
        self.codes = {_rel(e.iri): code for code, e in authority.states.items()}
        announced = {m.next_meeting for m in ex.meetings}  # scored as "next meeting" only
        self.meetings = [m for m in ex.meetings if m.iri not in announced]
        self.gold_meetings = gold.get("meetings") or []
        self.predicted_chairs = {_rel(i) for m in ex.meetings for i in m.co_chairs}

    def relations(self) -> Iterable[tuple[str, list, list, Callable, Callable]]:
        """(relation, gold facts, predicted facts, strict match, lenient match), in order."""
        g, ex, gm, eq = self.gold, self.ex, self.gold_meetings, operator.eq
        dialogues = [d for d in [g.get("dialogue"), *(m.get("dialogue") for m in gm)] if d]
        clauses = [self._gold_clause(c) for c in g.get("commitments") or []]
        starts = {c.start for c in clauses}
        linked = {
            *ex.entities,
            *ex.issuers,
            *(m.location for m in ex.meetings),
            *(i for m in ex.meetings for i in (*m.co_chairs, *m.participants)),
            *(self.authority.state_iri(p) for d in ex.dialogues for p in d.parties),
        }
        # fmt: off
        yield ("dialogue",
               list(dict.fromkeys((tuple(sorted(d["parties"])), d["kind"]) for d in dialogues)),
               [(tuple(sorted(p.upper() for p in d.parties)), d.kind) for d in ex.dialogues],
               lambda a, b: a[0] == b[0] and _norm(a[1]) == _norm(b[1]),
               lambda a, b: a[0] == b[0] and _kind_overlap(a[1], b[1]))
        yield ("meeting date",
               [_date(m.get("start"), m.get("end"), m.get("planned_year")) for m in gm
                if m.get("start") or m.get("planned_year")],
               [_date(m.start and m.start.isoformat(), m.end and m.end.isoformat(),
                      m.planned_year or _held(m))
                for m in self.meetings if m.start or m.planned_year or m.held_year],
               _date_same, _date_close)
        yield ("meeting place", [self._place(m["place"]) for m in gm if m.get("place")],
               [_rel(m.location) for m in self.meetings if m.location], eq, self._place_close)
        yield ("ordinal", [m["ordinal"] for m in gm if m.get("ordinal")],
               [m.ordinal for m in self.meetings if m.ordinal], eq, eq)
        for relation, key in (("co-chair", "co_chairs"), ("participant", "participants")):
            bodies = dict.fromkeys(_named("Body", b) for m in gm for b in m.get(key) or [])
            seen = dict.fromkeys(i for m in ex.meetings for i in getattr(m, key))
            yield relation, list(bodies), [self._entity(i) for i in seen], _strict, _lenient
        yield ("mention",
               [_named(kind, m) for kind, items in (g.get("mentions") or {}).items()
                for m in items],
               [self._entity(i) for i, e in ex.entities.items()
                if e.kind in MENTION_CLASSES and _rel(i) not in self.codes],
               lambda a, b: a.kind == b.kind and _strict(a, b), _lenient)
        yield ("next meeting",
               [(n.get("ordinal"), n.get("place") and self._place(n["place"]), n.get("year"))
                for m in gm if (n := m.get("next_meeting"))],
               [self._next(m.next_meeting) for m in ex.meetings if m.next_meeting],
               eq, lambda a, b: sum(x == y for x, y in zip(a, b, strict=True)) >= 2)
        yield ("commitment", clauses, [self._predicted_clause(c) for c in ex.commitments],
               lambda a, b: b.start <= a.start and a.end <= b.end and a.makers == b.makers
               and not any(b.start <= s < b.end and s != a.start for s in starts),
               lambda a, b: a.start < b.end and b.start < a.end and bool(a.makers & b.makers))
        yield ("wikidata link", sorted((g.get("wikidata") or {}).items()),
               sorted((_rel(i), str(q).rsplit("/", 1)[-1]) for i in linked
                      if i in self.authority.entries for q in self.authority.entries[i].wikidata),
               eq, eq)
        # fmt: on

    def _entity(self, iri) -> Named:
        entity, entry = self.ex.entities.get(iri), self.authority.entries.get(iri)
        names = (*(entity.aliases if entity else ()), *(entry.names if entry else ()))
        if (source := entity or entry) is None:
            return Named("Body", _rel(iri), ref=_rel(iri))
        known = _rel(iri) if entry else None
        return Named(source.kind, source.label, source.state, known, names, _rel(iri))

    def _code(self, iri) -> str:
        entity = self.ex.entities.get(iri) or self.authority.entries.get(iri)
        return self.codes.get(_rel(iri)) or (entity and entity.state) or "?"

    def _place(self, name: str) -> str:
        if re.fullmatch(r"[A-Z]{2}", name):
            return f"state/{name.lower()}"
        found = self.authority.lookup(name, ["Place"])
        return _rel(found[0].iri) if found else f"place/{iris.slug(name)}"

    def _place_close(self, gold: str, predicted: str) -> bool:
        """Places whose names start alike ("washington"), or a state and a city in it."""
        if gold.startswith("state/") == predicted.startswith("state/"):
            return len({x.split("/")[-1].split("-")[0] for x in (gold, predicted)}) == 1
        states = {self._state_of(x) for x in (gold, predicted)}
        return len(states) == 1 and None not in states

    def _state_of(self, iri: str) -> str | None:
        entry = self.authority.entries.get(SGR[iri])
        return iri[6:].upper() if iri.startswith("state/") else entry and entry.state

    def _next(self, iri) -> tuple:
        m = next((m for m in self.ex.meetings if m.iri == iri), None)
        return (m.ordinal, m.location and _rel(m.location), m.planned_year) if m else (None,) * 3

    def _predicted_clause(self, commitment) -> Clause:
        """The clause's own offsets: ``span`` may be the whole sentence the clause is in."""
        span, text = commitment.span, commitment.text
        start = self.ex.document.text.find(text, span.start, span.end)
        start, end = (start, start + len(text)) if start >= 0 else (span.start, span.end)
        makers = frozenset(self._code(i) for i in commitment.made_by)
        return Clause(text, makers, commitment.modality, start, end)

    def _gold_clause(self, item: dict) -> Clause:
        words = item["text"].split()
        pattern = r"\s+".join(re.escape(match_text(w)) for w in words)
        found = re.search(pattern, match_text(self.ex.document.text), re.IGNORECASE)
        if found is None:
            raise ValueError(f"{self.ex.document.id}: gold clause not in the text: {item['text']}")
        by, modality = frozenset(item["by"]), item["modality"]
        return Clause(item["text"], by, modality, found.start(), found.end())


def _rel(iri) -> str:
    """An IRI relative to sgr: ("body/us/department-of-state"), as gold files write them."""
    return str(iri).removeprefix(str(SGR))


def _named(kind: str, item: dict) -> Named:
    return Named(kind, item["name"], item.get("state"), item.get("iri"), (item["name"],))


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"\([^)]*\)", " ", text.replace("&", " and "))
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def _strict(gold: Named, predicted: Named) -> bool:
    if gold.iri:
        return gold.iri == predicted.iri
    names = {_norm(n) for n in (predicted.name, *predicted.names)}
    same_state = gold.state is None or gold.state == predicted.state  # mentions give no state
    if predicted.iri is not None and gold.state is None and predicted.state is not None:
        return False  # "National Space Policy" of Chile is not the U.S. one of the same name
    # a name the annotator found in no authority entry may have one now: the name decides
    return _norm(gold.name) in names and same_state


def _lenient(gold: Named, predicted: Named) -> bool:
    if gold.iri and gold.iri == predicted.iri:
        return True
    if gold.state and predicted.state and gold.state != predicted.state:
        return False  # a body of another state is never the one meant
    wanted = set(_norm(gold.name).split()) - _STOP
    return any(len(wanted & w) / len(wanted | w) >= 0.5 for n in (predicted.name, *predicted.names)
               if wanted and (w := set(_norm(n).split()) - _STOP))  # fmt: skip


def _kind_overlap(a: str, b: str) -> bool:  # "Space Dialogue" ~ "Space Policy Dialogue"
    left, right = set(_norm(a).split()) - _GENERIC_KIND, set(_norm(b).split()) - _GENERIC_KIND
    return left <= right or right <= left


def _date(start: str | None, end: str | None, year: int | str | None) -> tuple[str, str | None]:
    return (start or str(year), end if end and end != start else None)


def _date_same(gold: tuple, predicted: tuple) -> bool:
    """The same date; a gold file that gives an earlier meeting only its year ("2024") is
    matched by the month the extractor read ("2024-06"): the annotator kept the year."""
    if len(gold[0]) == 4 and len(predicted[0]) == 7 and gold[1] is predicted[1] is None:
        return predicted[0][:4] == gold[0]
    return gold == predicted


def _held(meeting) -> str | None:
    """The year or, when the text gives it, the month an earlier meeting was held: "2025-11"."""
    if meeting.held_year is None:
        return None
    month = f"-{meeting.held_month:02d}" if meeting.held_month else ""
    return f"{meeting.held_year:04d}{month}"


def _date_close(gold: tuple, predicted: tuple) -> bool:
    """The same month, or the same year when one of them gives only a year."""
    width = 7 if min(len(gold[0]), len(predicted[0])) >= 7 else 4
    return gold[0][:width] == predicted[0][:width]
