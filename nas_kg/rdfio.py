"""Read the bundled ontology, and write RDF in the one stable, sorted Turtle form the repository keeps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import Graph
from rdflib.term import Node

from nas_kg import resources, serialize
from nas_kg.namespaces import PREFIXES


class Triples(list[tuple[Node, Node, Node]]):
    """The triples of records, in the order they were built: an rdflib graph is made only when asked for.

    ``nas-kg add`` writes them to N-Triples and Turtle directly; building an rdflib graph of 300 records
    first cost a second.
    """

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        """Add a triple (a graph's ``add``, so the builders read the same)."""
        self.append(triple)

    def graph(self) -> Graph:
        """Return the triples as an rdflib graph with the nas-kg prefixes bound."""
        graph = Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        for triple in self:
            graph.add(triple)
        return graph

    def turtle(self) -> bytes:
        """Return the triples as Turtle, one per line (duplicates are harmless to a store)."""
        return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in self).encode("utf-8")


def tbox_graph() -> Graph:
    """Return the bundled ontology files as one new rdflib graph (the caller may change it).

    The files are parsed once per process (keyed by path, size and modification time); each call
    copies the triples and prefixes into a new graph, a quarter of the parse.
    """
    _parse_tbox()
    graph = Graph()
    for prefix, ns in _TBOX["prefixes"]:
        graph.bind(prefix, ns, override=True, replace=True)
    graph.addN((s, p, o, graph) for s, p, o in _TBOX["triples"])
    return graph


def tbox_triples() -> tuple[tuple[object, ...], frozenset[tuple[Node, Node, Node]]]:
    """Return the bundled ontology files' triples as a set, with the key of the files' state (path, size,
    modification time) they were parsed from; parsed once per process, as for tbox_graph."""
    _parse_tbox()
    return _TBOX["key"], _TBOX["set"]


def _parse_tbox() -> None:
    files = resources.ontology_files()
    key = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    if _TBOX.get("key") != key:
        parsed = Graph()
        for path in files:
            parsed.parse(path, format="turtle")
        triples = tuple(parsed)
        _TBOX.update(key=key, triples=triples, set=frozenset(triples), prefixes=tuple(parsed.namespaces()))


#: The parsed ontology files (tbox_graph): their key, triples (as a tuple and a set) and prefixes.
_TBOX: dict[str, Any] = {}


def canonical_turtle(graph: Iterable[tuple[Node, Node, Node]], *more: Iterable[tuple[Node, Node, Node]]) -> str:
    """Serialise a graph's triples (or the union of several) in the one stable, sorted Turtle form the
    repository keeps (nas_kg.serialize)."""
    if not more and isinstance(graph, Graph):
        return serialize.turtle(graph).decode("utf-8")
    triples = [triple for source in (graph, *more) for triple in serialize.triples_of(source)]
    return serialize.turtle(triples).decode("utf-8")
