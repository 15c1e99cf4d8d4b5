"""Count the OWL 2 axioms an RDF graph maps to, as the OWL API counts them (``OWLOntology.getAxiomCount()``).

The release manifest records this number for every artefact so that any OWL tool can check it read the
whole file; ``tests/test_compat.py`` checks it against the OWL API itself. The count follows the
reverse RDF mapping of the OWL 2 specification (*OWL 2 Mapping to RDF Graphs*, section 3):

* declarations (``rdf:type`` owl:Class, owl:ObjectProperty, owl:DatatypeProperty,
  owl:AnnotationProperty, owl:NamedIndividual, rdfs:Datatype), property characteristics, class
  assertions;
* one axiom per subClassOf, equivalentClass, disjointWith, subPropertyOf, equivalentProperty,
  inverseOf, domain, range, propertyDisjointWith, sameAs, differentFrom, hasKey,
  propertyChainAxiom, disjointUnionOf triple, and per owl:AllDifferent, owl:AllDisjointClasses,
  owl:AllDisjointProperties and owl:NegativePropertyAssertion node;
* one annotation or property assertion per other triple about a named entity;
* nothing for the ontology header, class expressions, RDF lists and axiom annotations.

Axioms are a set: two triples that map to the same axiom (``A owl:equivalentClass B`` and ``B
owl:equivalentClass A``, or two restrictions with the same content) count once.
"""

from __future__ import annotations

import pyoxigraph as ox

from nas_kg import collector
from nas_kg.canonical import RDF, Canonical, _Names, _turtle_object
from nas_kg.triples import Source, Term

OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_DECLARATIONS = {
    OWL + "Class",
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    OWL + "NamedIndividual",
    RDFS + "Datatype",
}
_CHARACTERISTICS = {
    OWL + name
    for name in (
        "FunctionalProperty",
        "InverseFunctionalProperty",
        "TransitiveProperty",
        "SymmetricProperty",
        "AsymmetricProperty",
        "ReflexiveProperty",
        "IrreflexiveProperty",
    )
}
_NARY_NODES = {
    OWL + "AllDifferent",
    OWL + "AllDisjointClasses",
    OWL + "AllDisjointProperties",
    OWL + "NegativePropertyAssertion",
}
_SYMMETRIC = {
    OWL + name
    for name in (
        "equivalentClass",
        "disjointWith",
        "equivalentProperty",
        "inverseOf",
        "propertyDisjointWith",
        "sameAs",
        "differentFrom",
    )
}
_AXIOM_PREDICATES = _SYMMETRIC | {
    RDFS + "subClassOf",
    RDFS + "subPropertyOf",
    RDFS + "domain",
    RDFS + "range",
    OWL + "hasKey",
    OWL + "propertyChainAxiom",
    OWL + "disjointUnionOf",
}
_RESERVED = (RDF, RDFS, OWL, "http://www.w3.org/2001/XMLSchema#")
_TYPE = ox.NamedNode(RDF + "type")


@collector.paused()
def count_axioms(source: Source | Canonical) -> int:
    """Return the number of distinct OWL 2 axioms the graph maps to (module docstring)."""
    graph = source if isinstance(source, Canonical) else Canonical(source)
    headers = {s for s in graph.subjects() if isinstance(s, ox.NamedNode) and _typed(graph, s, OWL + "Ontology")}
    structure = _structure_nodes(graph)
    key = _Keys(graph)
    axioms: set[tuple[str, ...]] = set()
    for s, p, o in graph.triples:
        if s in headers:
            continue
        predicate = p.value
        if predicate == RDF + "type":
            kind = o.value if isinstance(o, ox.NamedNode) else None
            if kind in _DECLARATIONS and isinstance(s, ox.NamedNode):
                axioms.add(("declaration", kind, s.value))
            elif kind in _CHARACTERISTICS:
                axioms.add(("characteristic", kind, key[s]))
            elif kind in _NARY_NODES:
                axioms.add(("nary", kind, key[s]))
            elif kind is None or not kind.startswith(_RESERVED):
                if s not in structure:
                    axioms.add(("assertion", key[o], key[s]))
            continue
        if predicate in _AXIOM_PREDICATES:
            pair = [key[s], key[o]]
            axioms.add((predicate, *(sorted(pair) if predicate in _SYMMETRIC else pair)))
            continue
        if s in structure or (predicate.startswith(_RESERVED) and predicate not in _BUILTIN_ANNOTATIONS):
            continue
        axioms.add(("fact", predicate, key[s], key[o]))
    return len(axioms)


_BUILTIN_ANNOTATIONS = {
    RDFS + "label",
    RDFS + "comment",
    RDFS + "seeAlso",
    RDFS + "isDefinedBy",
    OWL + "deprecated",
    OWL + "versionInfo",
    OWL + "priorVersion",
    OWL + "backwardCompatibleWith",
    OWL + "incompatibleWith",
}


def _typed(graph: Canonical, subject: ox.NamedNode | ox.BlankNode, kind: str) -> bool:
    # compared in C; pyoxigraph terms of two kinds are never equal
    return (_TYPE, ox.NamedNode(kind)) in graph.properties.get(subject, [])


def _structure_nodes(graph: Canonical) -> set[ox.BlankNode]:
    """Return the blank nodes that are class expressions, data ranges, RDF lists or n-ary axiom nodes."""
    found = set()
    for subject, props in graph.properties.items():
        if not isinstance(subject, ox.BlankNode):
            continue
        for p, o in props:
            if (
                p.value in (RDF + "first", RDF + "rest")
                or p.value.startswith(OWL)
                or (p.value == RDF + "type" and isinstance(o, ox.NamedNode) and o.value.startswith(_RESERVED))
            ):
                found.add(subject)
                break
    return found


class _Keys(dict[Term, str]):
    """Terms' identities, each computed once: a tree of blank nodes is identified by its content, as the OWL
    API does."""

    def __init__(self, graph: Canonical) -> None:
        super().__init__()
        self.graph = graph
        self.names = _Names({})

    def __missing__(self, term: Term) -> str:  # a lookup that hits costs no Python call
        if isinstance(term, ox.BlankNode) and term in self.graph.inline:
            found = _turtle_object(self.graph, self.names, term, 0)
        else:
            found = self.graph.key(term)
        self[term] = found
        return found
