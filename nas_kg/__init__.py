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

__all__ = ["KnowledgeGraph", "__version__", "add_methods", "load", "reason", "validate"]


def load(data: Any = (), *, seed_only: bool = False, **options: Any) -> KnowledgeGraph:
    """Load the bundled graph plus data files (or connect to an endpoint) and return it."""
    from nas_kg.graph import KnowledgeGraph

    return KnowledgeGraph.load(data, seed_only=seed_only, **options)


def reason(graph: KnowledgeGraph, reasoner: str = "auto") -> Any:
    """Infer every method's categories (see nas_kg.reasoning.reason); returns a ReasoningResult."""
    from nas_kg.reasoning import reason as run

    return run(graph, reasoner=reasoner)


def validate(graph: KnowledgeGraph, engine: str = "auto") -> Any:
    """Validate the graph with the bundled SHACL shapes; returns a typed ValidationReport."""
    from nas_kg.validation import validate as run

    return run(graph, engine=engine)


def add_methods(
    graph: KnowledgeGraph, records_file: Any, into: Any = "nas-kg-works.ttl", *, replace: bool = False
) -> Any:
    """Validate YAML method records and append them to a works file; raises RecordError with every problem."""
    from pathlib import Path

    from nas_kg.curation import add_methods as run

    return run(graph, Path(records_file), Path(into), replace=replace)


def __getattr__(name: str) -> Any:
    if name == "KnowledgeGraph":
        from nas_kg.graph import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(name)
