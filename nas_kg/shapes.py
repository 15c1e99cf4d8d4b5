"""The bundled SHACL shapes: parsed, and compiled for the native engine, once per process.

``validate`` runs in every ``report``, ``validate`` and ``add``; parsing the shapes files with rdflib and
compiling them took a third of a validation of the bundled graph (0.14 s of 0.43 s). The kept graph and
compiled shapes are keyed by the files' paths, sizes and modification times, so an edited shapes file is
read again, and both are only read by the engines (``shapes_graph`` gives a caller a graph of its own).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from nas_kg import fastshacl, resources
from nas_kg.errors import InputError


def shapes_graph() -> Graph:
    """Parse every bundled shapes file into one new graph (the caller may change it)."""
    return _parse(resources.shapes_files())


@dataclass(frozen=True)
class KeptShapes:
    """The bundled shapes as parsed and compiled once: shared, never to be changed."""

    key: tuple[tuple[str, int, int], ...]
    graph: Graph
    #: The compiled node shapes, or None where the native engine cannot evaluate them (``unsupported`` says why).
    compiled: list[fastshacl.NodeShape] | None
    unsupported: str | None


def kept_shapes() -> KeptShapes:
    """Return the bundled shapes, parsed and compiled once per state of the shapes files."""
    files = resources.shapes_files()
    key = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    kept = _KEPT.get("shapes")
    if kept is None or kept.key != key:
        graph = _parse(files)
        try:
            kept = KeptShapes(key, graph, fastshacl.compile_shapes(graph), None)
        except fastshacl.Unsupported as exc:
            kept = KeptShapes(key, graph, None, str(exc))
        _KEPT["shapes"] = kept
    return kept


#: The kept shapes (kept_shapes), for the last state of the files read.
_KEPT: dict[str, KeptShapes] = {}


def _parse(files: list[Path]) -> Graph:
    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser error types
            raise InputError(f"{path}: malformed shapes file: {exc}") from exc
    return graph
