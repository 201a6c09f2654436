"""spacegraph: a knowledge graph of space diplomacy."""

__version__ = "0.1.0"

__all__ = ["__version__"]
