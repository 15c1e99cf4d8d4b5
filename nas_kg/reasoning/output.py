"""Write or store what a reasoner inferred: documents for files, and the store's inferred graph."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF

from nas_kg import serialize
from nas_kg.graph import INFERRED_GRAPH, KnowledgeGraph
from nas_kg.imports import drop_contained_imports
from nas_kg.namespaces import GRAPH, NAS
from nas_kg.reasoning.result import ReasoningResult


def inferred_document(kg: KnowledgeGraph, result: ReasoningResult, suffix: str) -> bytes:
    """Serialise asserted + inferred triples in canonical form: TriG/N-Quads keep inferred ones in their own
    named graph, Turtle and the others mark each inferred membership with nas:inferredCategory as well."""
    asserted = drop_contained_imports(kg.ntriples())
    inferred = result.graph()
    if suffix in serialize.DATASET_SUFFIXES:
        graphs = {str(GRAPH.asserted): asserted, str(INFERRED_GRAPH): inferred}
        return serialize.trig(graphs) if serialize.DATASET_SUFFIXES[suffix] == "trig" else serialize.nquads(graphs)
    marked = Graph()
    for method, _, category in inferred:
        marked.add((method, RDF.type, category))
        marked.add((method, NAS.inferredCategory, category))
    return serialize.serialize(asserted + serialize.triples_of(marked), serialize.SUFFIXES.get(suffix, "turtle"))


def add_inferred(kg: KnowledgeGraph, result: ReasoningResult) -> None:
    """Load the inferred memberships into the graph's store, as its named graph .../graph/inferred."""
    kg.store.load(result.graph().serialize(format="nt", encoding="utf-8"), str(INFERRED_GRAPH))
