"""One frozen Settings object: where things are and what the limits are.

Every value can be set from a ``SPACEGRAPH_*`` environment variable; tests pass their own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

#: The project folder: ontology/, shapes/, reference/, queries/ and sources/ live here.
PROJECT_DIR = Path(__file__).resolve().parents[2]

BASE_IRI = "https://w3id.org/spacegraph/id/"


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def _env_list(name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """A comma-separated variable as a tuple; set but empty means an empty tuple."""
    value = os.environ.get(name)
    if value is None:
        return default
    return tuple(item.strip() for item in value.split(",") if item.strip())


#: The hosts SERVICE may call by default: the Wikidata Query Service.
DEFAULT_SERVICE_HOSTS = ("query.wikidata.org",)


@dataclass(frozen=True)
class Settings:
    """Paths and limits. Build one with :meth:`from_env` or pass values directly."""

    store: Path = field(default_factory=lambda: PROJECT_DIR / "var" / "store")
    sources: Path = PROJECT_DIR / "sources"
    ontology: Path = PROJECT_DIR / "ontology"
    shapes: Path = PROJECT_DIR / "shapes"
    reference: Path = PROJECT_DIR / "reference"
    queries: Path = PROJECT_DIR / "queries"
    base_iri: str = BASE_IRI
    #: Seconds a SPARQL query may run before it is stopped.
    query_timeout: float = 30.0
    #: Longest query text accepted, in characters.
    max_query_length: int = 100_000
    #: Largest HTTP request body accepted, in bytes.
    max_request_bytes: int = 1_000_000
    #: Most rows (solutions, or triples of a graph result) one response carries.
    max_rows: int = 10_000
    #: Worker processes that run the endpoint's queries (0: run them in the web process,
    #: without time limits or cancel).
    query_workers: int = 2
    #: Hosts a SERVICE clause may call (http/https); private addresses never are.
    service_hosts: tuple[str, ...] = DEFAULT_SERVICE_HOSTS

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``SPACEGRAPH_*`` variables, then ``overrides`` (None values ignored)."""
        base = cls(
            store=_env_path("SPACEGRAPH_STORE", PROJECT_DIR / "var" / "store"),
            sources=_env_path("SPACEGRAPH_SOURCES", PROJECT_DIR / "sources"),
            query_timeout=_env_number("SPACEGRAPH_QUERY_TIMEOUT", 30.0),
            max_query_length=int(_env_number("SPACEGRAPH_MAX_QUERY_LENGTH", 100_000)),
            max_request_bytes=int(_env_number("SPACEGRAPH_MAX_REQUEST_BYTES", 1_000_000)),
            max_rows=int(_env_number("SPACEGRAPH_MAX_ROWS", 10_000)),
            query_workers=int(_env_number("SPACEGRAPH_QUERY_WORKERS", 2)),
            service_hosts=_env_list("SPACEGRAPH_SERVICE_HOSTS", DEFAULT_SERVICE_HOSTS),
        )
        given = {key: value for key, value in overrides.items() if value is not None}
        return replace(base, **given)  # type: ignore[arg-type]
