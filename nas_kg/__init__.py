"""nas-kg: a knowledge graph of Neural Architecture Search methods.

import nas_kg
kg = nas_kg.load()                       # bundled ontology and works (plus data=[...] files)
kg.query("methods-with-value", facet="search_algorithm", value="Differentiable")
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("nas-kg")
except PackageNotFoundError:  # a source checkout that was never installed
    __version__ = "0.0.0+unknown"

if TYPE_CHECKING:
    from nas_kg.graph import KnowledgeGraph

__all__ = ["KnowledgeGraph", "__version__", "load"]


def load(data: Any = (), *, seed_only: bool = False, **options: Any) -> KnowledgeGraph:
    """Load the bundled graph plus data files (or connect to an endpoint) and return it."""
    from nas_kg.graph import KnowledgeGraph

    return KnowledgeGraph.load(data, seed_only=seed_only, **options)


def __getattr__(name: str) -> Any:
    if name == "KnowledgeGraph":
        from nas_kg.graph import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(name)
