"""spacegraph: a knowledge graph of space diplomacy.

The public API::

    import spacegraph

    graph = spacegraph.open("var/store")              # the embedded store, read-only
    graph = spacegraph.connect("http://127.0.0.1:8000")  # or a running endpoint
    graph.query("SELECT ...")                         # a typed DataFrame (rows without pandas)
    graph.saved("bodies-of-state", state="sgr:state/fr")
    graph.describe("sgr:state/fr")                    # its facts, with their graphs
    graph.explain("sgr:body/us/national-space-council")  # the sentences behind them

    spacegraph.build(None, spacegraph.Settings(store=...))  # sources/ into a store

Names are imported when first used, so that ``import spacegraph`` (and the command line)
stays quick: the build pipeline loads SHACL and OWL tooling.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = [
    "Client",
    "Settings",
    "SpacegraphError",
    "Store",
    "__version__",
    "build",
    "connect",
    "open",
]

#: Public name -> the module that defines it.
_HOMES = {
    "Client": "client",
    "connect": "client",
    "open": "client",
    "Settings": "settings",
    "SpacegraphError": "errors",
    "Store": "store",
    "build": "pipeline",
}

if TYPE_CHECKING:
    from .client import Client, connect, open
    from .errors import SpacegraphError
    from .pipeline import build
    from .settings import Settings
    from .store import Store


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'spacegraph' has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
