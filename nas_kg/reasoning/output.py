"""Write or store what a reasoner inferred: documents for files, and the store's inferred graph."""

from __future__ import annotations

from rdflib import Dataset
from rdflib.namespace import RDF

from nas_kg.graph import INFERRED_GRAPH, KnowledgeGraph
from nas_kg.namespaces import GRAPH, NAS, PREFIXES
from nas_kg.reasoning.result import ReasoningResult


def inferred_document(kg: KnowledgeGraph, result: ReasoningResult, suffix: str) -> bytes:
    """Serialise asserted + inferred triples: TriG/N-Quads keep inferred ones in their own named graph,
    Turtle and the others mark each inferred membership with nas:inferredCategory as well."""
    asserted = kg.rdflib_graph()
    inferred = result.graph()
    if suffix in (".trig", ".nq"):
        dataset = Dataset()
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns)
        g1 = dataset.graph(GRAPH.asserted)
        for triple in asserted:
            g1.add(triple)
        g2 = dataset.graph(INFERRED_GRAPH)
        for triple in inferred:
            g2.add(triple)
        return dataset.serialize(format="trig" if suffix == ".trig" else "nquads", encoding="utf-8")
    out = asserted
    for method, _, category in inferred:
        out.add((method, RDF.type, category))
        out.add((method, NAS.inferredCategory, category))
    fmt = {".nt": "nt", ".owl": "xml", ".rdf": "xml", ".xml": "xml", ".jsonld": "json-ld"}.get(suffix, "turtle")
    return out.serialize(format=fmt, encoding="utf-8")


def add_inferred(kg: KnowledgeGraph, result: ReasoningResult) -> None:
    """Load the inferred memberships into the graph's store, as its named graph .../graph/inferred."""
    kg.store.load(result.graph().serialize(format="nt", encoding="utf-8"), str(INFERRED_GRAPH))
