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

from nas_kg.canonical import RDF, Canonical, Source, Term, _Names, _turtle_object

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


def count_axioms(source: Source | Canonical) -> int:
    """Return the number of distinct OWL 2 axioms the graph maps to (module docstring)."""
    graph = source if isinstance(source, Canonical) else Canonical(source)
    headers = {s for s in graph.subjects() if isinstance(s, ox.NamedNode) and _typed(graph, s, OWL + "Ontology")}
    structure = _structure_nodes(graph)
    axioms: set[tuple[str, ...]] = set()
    for s, p, o in graph.triples:
        if s in headers:
            continue
        if p.value == RDF + "type":
            kind = o.value if isinstance(o, ox.NamedNode) else None
            if kind in _DECLARATIONS and isinstance(s, ox.NamedNode):
                axioms.add(("declaration", kind, s.value))
            elif kind in _CHARACTERISTICS:
                axioms.add(("characteristic", kind, _key(graph, s)))
            elif kind in _NARY_NODES:
                axioms.add(("nary", kind, _key(graph, s)))
            elif kind is None or not kind.startswith(_RESERVED):
                if s not in structure:
                    axioms.add(("assertion", _key(graph, o), _key(graph, s)))
            continue
        if p.value in _AXIOM_PREDICATES:
            pair = [_key(graph, s), _key(graph, o)]
            axioms.add((p.value, *(sorted(pair) if p.value in _SYMMETRIC else pair)))
            continue
        if s in structure or (p.value.startswith(_RESERVED) and p.value not in _BUILTIN_ANNOTATIONS):
            continue
        axioms.add(("fact", p.value, _key(graph, s), _key(graph, o)))
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
    return any(
        p.value == RDF + "type" and isinstance(o, ox.NamedNode) and o.value == kind
        for p, o in graph.properties.get(subject, [])
    )


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


def _key(graph: Canonical, term: Term) -> str:
    """Return a term's identity; a tree of blank nodes is identified by its content, as the OWL API does."""
    if isinstance(term, ox.BlankNode) and term in graph.inline:
        return _turtle_object(graph, _Names({}), term, 0)
    return graph.key(term)
