"""What reasoning reads from a graph: every method's types and facet values, the axioms, the hierarchy."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from nas_kg import resources
from nas_kg.graph import KnowledgeGraph
from nas_kg.namespaces import NAS
from nas_kg.queries import get_query
from nas_kg.rdfio import tbox_graph


@dataclass
class MethodFacts:
    """Every method's asserted types and facet values, read in two bulk queries."""

    types: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    values: dict[URIRef, dict[URIRef, set[Any]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))

    @classmethod
    def load(cls, kg: KnowledgeGraph) -> MethodFacts:
        """Read the facts of every method from the graph's store."""
        facts = cls()
        for method, cls_ in _rows(kg, resources.queries_dir() / "store" / "method-types.rq"):
            facts.types[_iri(method)].add(_iri(cls_))
        terms: dict[object, URIRef] = {}  # props and values repeat: make each URIRef once

        def term(raw: object) -> URIRef:
            found = terms.get(raw)
            if found is None:
                found = terms[raw] = _iri(str(raw))
            return found

        for method, prop, value in kg.facet_triples:
            subject = _iri(str(method))
            if subject in facts.types:
                facts.values[subject][term(prop)].add(value if isinstance(value, Literal) else term(value))
        return facts


def _iri(text: str) -> URIRef:
    """Make a URIRef of an IRI the store has already checked (rdflib's re-validation is the bulk cost)."""
    return str.__new__(URIRef, text)


def _rows(kg: KnowledgeGraph, path: Path) -> list[tuple[Any, ...]]:
    """Run a parameterless bundled query in bulk (raw strings are much cheaper than rdflib terms)."""
    return [
        tuple(str(v) if not isinstance(v, Literal) else v for v in row)
        for row in kg.store.select_raw(get_query(path).text)
    ]


def axiom_graph(kg: KnowledgeGraph) -> Graph:
    """Return the ontology's axioms: the bundled TBox files plus the terms the graph's store adds."""
    axioms = tbox_graph()
    for s, p, o in kg.tbox:
        if not isinstance(o, BNode):  # the store's view of class expressions lacks their structure
            axioms.add((s, p, o))
    return axioms


def reasoning_input(kg: KnowledgeGraph) -> Graph:
    """Return the triples a reasoner needs: ontology and methods, without the provenance claims."""
    graph = kg.rdflib_graph()
    for claim in list(graph.subjects(RDF.type, NAS.Claim)):
        graph.remove((claim, None, None))
    return graph


def method_categories(axioms: Graph, hierarchy: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    """Return the named classes of methods: NASMethod and every class the hierarchy puts under it."""
    out = {NAS.NASMethod}
    for cls in axioms.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and NAS.NASMethod in hierarchy.get(cls, set()):
            out.add(cls)
    return out


def close_types(types: Iterable[Node], hierarchy: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    """Add to a set of named types every superclass the shipped hierarchy entails."""
    out = {t for t in types if isinstance(t, URIRef)}
    for t in list(out):
        out |= hierarchy.get(t, set())
    return out


def load_hierarchy(path: Path | None = None) -> dict[URIRef, set[URIRef]]:
    """Read the shipped class hierarchy (named class -> all its named superclasses)."""
    path = path or resources.hierarchy_file()
    graph = Graph()
    if path.exists():
        graph.parse(path, format="turtle")
    out: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            out[sub].add(sup)
    return out
