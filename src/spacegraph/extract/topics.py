"""Topics a clause is about, from the SKOS topic scheme's labels (ontology/schemes.ttl).

"... the open dissemination of Earth observation data" concerns ``sgt:earth-observation``;
the words that signal each topic are the concept's prefLabel and altLabels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import RDF, SKOS, Graph, URIRef

from ..vocab import SG


@dataclass(frozen=True)
class Topics:
    pattern: re.Pattern[str]
    by_label: dict[str, URIRef]

    def find(self, text: str) -> list[URIRef]:
        """The topics whose labels occur in ``text``, in order of first occurrence."""
        found = (self.by_label[m.group().casefold()] for m in self.pattern.finditer(text))
        return list(dict.fromkeys(found))


def topics_of(graph: Graph) -> Topics:
    by_label: dict[str, URIRef] = {}
    for concept in sorted(graph.subjects(RDF.type, SG.Topic)):
        for predicate in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(concept, predicate):
                by_label.setdefault(" ".join(str(label).split()).casefold(), concept)
    words = sorted(by_label, key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words) or r"(?!)"
    return Topics(re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)", re.IGNORECASE), by_label)


@cache
def load_topics(ontology_dir: Path) -> Topics:
    graph = Graph()
    for path in sorted(ontology_dir.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return topics_of(graph)
