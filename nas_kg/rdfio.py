"""Read the bundled ontology, and write RDF in the one stable, sorted Turtle form the repository keeps."""

from __future__ import annotations

from rdflib import Graph

from nas_kg import resources, serialize


def tbox_graph() -> Graph:
    """Parse the bundled ontology files into one rdflib graph."""
    graph = Graph()
    for path in resources.ontology_files():
        graph.parse(path, format="turtle")
    return graph


def canonical_turtle(graph: Graph) -> str:
    """Serialise a graph in the one stable, sorted Turtle form the repository keeps (nas_kg.serialize)."""
    return serialize.turtle(graph).decode("utf-8")
