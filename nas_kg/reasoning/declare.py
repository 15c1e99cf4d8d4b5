"""Declare the entities a graph uses undeclared, as the OWL API's lenient parser would, for HermiT and Pellet.

OWL 2 DL wants every class, property and individual declared. A user's file seldom declares them
(``ex:EdgeCost rdfs:subClassOf nas:HardwareCost``, a method with no ``a owl:NamedIndividual``), and
owlready2 then hands HermiT an ontology in which those triples mean nothing: HermiT infers none of the
categories the OWL 2 RL engines find. This module adds the declarations their use implies (the class
of an rdf:type, both sides of rdfs:subClassOf, the property of a restriction, the subject and object of
a property assertion, ...), so the DL reasoners see what the user meant.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

_BUILTIN = tuple(str(ns) for ns in (OWL, RDF, RDFS, XSD))
_CLASS_LINKS = (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith)
_FILLERS = (OWL.someValuesFrom, OWL.allValuesFrom, OWL.onClass, OWL.complementOf)
_PROPERTY_LINKS = (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf)
_OBJECT_PROPERTY_TYPES = (
    OWL.ObjectProperty,
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
    OWL.AsymmetricProperty,
    OWL.ReflexiveProperty,
    OWL.IrreflexiveProperty,
    OWL.InverseFunctionalProperty,
)


def declare(graph: Graph) -> Graph:
    """Add to the graph a declaration for every class, property and individual it uses undeclared."""
    classes = _typed(graph, (OWL.Class, RDFS.Class))
    objects_ = _typed(graph, _OBJECT_PROPERTY_TYPES)
    data = _typed(graph, (OWL.DatatypeProperty,))
    annotations = _typed(graph, (OWL.AnnotationProperty,))
    individuals = _typed(graph, (OWL.NamedIndividual,))
    new_classes: set[Node] = set()
    for link in _CLASS_LINKS:
        for s, o in graph.subject_objects(link):
            new_classes |= {s, o}
    for filler in _FILLERS:
        new_classes |= set(graph.objects(None, filler))
    for key in (OWL.intersectionOf, OWL.unionOf):
        for head in graph.objects(None, key):
            new_classes |= set(Collection(graph, head))
    for link in (RDFS.domain, RDFS.range):
        new_classes |= {o for s, o in graph.subject_objects(link) if s not in data}
    new_classes |= set(graph.objects(None, RDF.type))
    new_classes = {c for c in new_classes if _own(c)} - classes - objects_ - data - annotations
    classes |= new_classes
    # properties: related to an object property, or the property of a restriction on classes
    changed = True
    while changed:
        changed = False
        for link in _PROPERTY_LINKS:
            for s, o in graph.subject_objects(link):
                for a, b in ((s, o), (o, s)):
                    if b in objects_ and a not in objects_ and _own(a):
                        objects_.add(a)
                        changed = True
    for restriction, prop in graph.subject_objects(OWL.onProperty):
        if _own(prop) and prop not in data and any(graph.value(restriction, f) is not None for f in _FILLERS):
            objects_.add(prop)
    for restriction, prop in graph.subject_objects(OWL.onProperty):
        value = graph.value(restriction, OWL.hasValue)
        if _own(prop) and prop not in data and value is not None and not isinstance(value, Literal):
            objects_.add(prop)
    # assertions: subjects and objects of object properties are individuals
    new_individuals: set[Node] = set()
    for s, p, o in graph:
        if p == RDF.type:
            if o in classes and not _schema(o):
                new_individuals.add(s)
        elif p == OWL.sameAs or p == OWL.differentFrom:
            new_individuals |= {s, o}
        elif not _schema(p) and p not in annotations and p not in data:
            if isinstance(o, Literal):
                data.add(p)
                new_individuals.add(s)
            elif p in objects_ or _own(p):
                objects_.add(p)
                new_individuals |= {s, o}
    out = graph
    _add(out, new_classes, OWL.Class)
    _add(out, objects_ - _typed(graph, _OBJECT_PROPERTY_TYPES), OWL.ObjectProperty)
    _add(out, data - _typed(graph, (OWL.DatatypeProperty,)), OWL.DatatypeProperty)
    _add(out, {i for i in new_individuals if i not in classes} - individuals, OWL.NamedIndividual)
    return out


def _typed(graph: Graph, kinds: Iterable[URIRef]) -> set[Node]:
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind)}


def _own(term: Node) -> bool:
    """An IRI outside the OWL, RDF, RDFS and XSD vocabularies."""
    return isinstance(term, URIRef) and not str(term).startswith(_BUILTIN)


def _schema(term: Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(_BUILTIN)


def _add(graph: Graph, terms: Iterable[Node], kind: URIRef) -> None:
    for term in terms:
        if isinstance(term, URIRef | BNode) and _own(term):
            graph.add((term, RDF.type, kind))
