"""The OWL 2 DL profile check of ``qc``: the OWL API's ``OWL2DLProfile`` where Java and its jars are, else rules.

``auto`` runs the OWL API (nas_kg.publish.owlapi) when it can and the structural rules otherwise; the report
says which ran. The graph goes to the OWL API as one canonical Turtle document without the imports it
holds; imports of the bundled ontologies resolve to the bundled files, any other import is reported
and never fetched. A graph the OWL API cannot load at all (e.g. a negative cardinality) is an error,
and the structural rules then run as well to point at it.

The structural rules DL1-DL7 live in nas_kg.publish.qc; DL8-DL11 here add what the OWL API showed they missed:

* DL8 an IRI used as a class (in subClassOf, equivalentClass, disjointWith, complementOf,
  intersectionOf, unionOf, or as an object restriction's filler) is not declared a class;
* DL9 an IRI used as a property (in subPropertyOf, equivalentProperty, inverseOf, onProperty,
  propertyChainAxiom) is not declared a property;
* DL10 an annotation property is used in owl:onProperty;
* DL11 a cardinality is not a non-negative integer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from nas_kg import serialize
from nas_kg.errors import EnvironmentMissingError, InputError
from nas_kg.graph import KnowledgeGraph
from nas_kg.imports import bundled_modules, drop_contained_imports
from nas_kg.publish.owlapi import check_document, find_owlapi, unavailable_reason

CHECKERS = ("auto", "owlapi", "structural")
_BUILTIN_CLASSES = {OWL.Thing, OWL.Nothing}
_BUILTIN_PROPERTIES = {
    OWL.topObjectProperty, OWL.bottomObjectProperty, OWL.topDataProperty, OWL.bottomDataProperty,
    RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.deprecated, OWL.versionInfo,
    OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith,
}  # fmt: skip
_PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_CARDINALITIES = (
    OWL.cardinality, OWL.minCardinality, OWL.maxCardinality,
    OWL.qualifiedCardinality, OWL.minQualifiedCardinality, OWL.maxQualifiedCardinality,
)  # fmt: skip
_NON_NEGATIVE = re.compile(r"^\+?[0-9]+$")
_VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+")


@dataclass(frozen=True)
class Finding:
    """One profile violation: the rule or OWL API violation type, where, and what."""

    rule: str
    entity: str | None
    property: str | None
    value: str | None
    message: str


@dataclass
class ProfileOutcome:
    """Which checker ran, what it found, and whether the structural rules DL1-DL7 must run too."""

    checker: str
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    structural: bool = False


def run_profile(kg: KnowledgeGraph, checker: str = "auto") -> ProfileOutcome:
    """Check OWL 2 DL with the OWL API (``owlapi``), the structural rules (``structural``), or either (``auto``)."""
    if checker not in CHECKERS:
        raise InputError(f"unknown profile checker {checker!r} (choose from {', '.join(CHECKERS)})")
    owlapi = None if checker == "structural" else find_owlapi()
    if owlapi is None:
        if checker == "owlapi":
            raise EnvironmentMissingError(f"the OWL API cannot run: {unavailable_reason()}")
        why = "asked for" if checker == "structural" else unavailable_reason()
        outcome = ProfileOutcome(f"structural rules DL1-DL11 ({why})", structural=True)
        outcome.findings = structural_rules(kg.rdflib_graph())
        return outcome
    document = serialize.turtle(drop_contained_imports(kg.ntriples()))
    try:
        report = check_document(document, ".ttl", bundled_modules(), owlapi)
    except InputError as exc:
        outcome = ProfileOutcome(f"OWL API ({owlapi.origin}), then structural rules DL1-DL11", structural=True)
        outcome.findings = [Finding("OWL API", None, None, None, f"OWL API cannot load the graph: {_reason(exc)}")]
        outcome.findings += structural_rules(kg.rdflib_graph())
        outcome.notes.append("the OWL API could not load the graph, so the structural rules ran as well")
        return outcome
    version = _VERSION.match(report.version)
    outcome = ProfileOutcome(f"OWL API {version[0] if version else report.version} OWL2DLProfile ({owlapi.origin})")
    for v in report.violations:
        outcome.findings.append(Finding(v.kind, v.entity, None, v.axiom, f"OWL API {v.kind}: {v.message}"))
    for iri, _ in report.missing_imports:
        outcome.notes.append(f"import <{iri}> is not bundled and was not fetched: checked without it")
    return outcome


def _reason(exc: InputError) -> str:
    return str(exc).split("cannot load it: ", 1)[-1]


def structural_rules(graph: Graph) -> list[Finding]:
    """Check the structural rules DL8-DL11 (module docstring) and return the violations."""
    found: list[Finding] = []
    classes = set(graph.subjects(RDF.type, OWL.Class)) | _BUILTIN_CLASSES
    kinds = {kind: set(graph.subjects(RDF.type, kind)) for kind in _PROPERTY_KINDS}
    properties = set().union(*kinds.values()) | _BUILTIN_PROPERTIES

    def report(rule: str, entity: Node, prop: Node | None, value: Node | None, message: str) -> None:
        text = None if value is None else str(value)
        found.append(Finding(rule, str(entity), None if prop is None else str(prop), text, f"{rule}: {message}"))

    for owner, prop, used in sorted(_class_uses(graph, kinds[OWL.ObjectProperty]), key=str):
        if isinstance(used, URIRef) and used not in classes:
            report("DL8", used, prop, owner, "used as a class but not declared owl:Class")
    for owner, prop, used in sorted(_property_uses(graph), key=str):
        if isinstance(used, URIRef) and used not in properties:
            report("DL9", used, prop, owner, "used as a property but not declared one")
    for restriction, prop in sorted(graph.subject_objects(OWL.onProperty), key=str):
        if prop in kinds[OWL.AnnotationProperty]:
            report("DL10", prop, OWL.onProperty, restriction, "an annotation property in a restriction")
    for kind in _CARDINALITIES:
        for restriction, value in sorted(graph.subject_objects(kind), key=str):
            if not (isinstance(value, Literal) and _NON_NEGATIVE.match(str(value))):
                owner = next(iter(graph.subjects(RDFS.subClassOf, restriction)), restriction)
                report("DL11", owner, kind, value, "a cardinality that is not a non-negative integer")
    return found


def _class_uses(graph: Graph, object_properties: set[Node]) -> set[tuple[Node, Node, Node]]:
    """Return (owner, predicate, IRI) for each place an IRI stands for a class."""
    uses: set[tuple[Node, Node, Node]] = set()
    for prop in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith, OWL.complementOf):
        for s, o in graph.subject_objects(prop):
            uses.add((s, prop, o))
            if prop != OWL.complementOf:
                uses.add((o, prop, s))
    for prop in (OWL.intersectionOf, OWL.unionOf):
        for owner, head in graph.subject_objects(prop):
            for member in _members(graph, head):
                uses.add((owner, prop, member))
    for restriction, on in graph.subject_objects(OWL.onProperty):
        if on in object_properties:
            for filler_kind in (OWL.someValuesFrom, OWL.allValuesFrom, OWL.onClass):
                for filler in graph.objects(restriction, filler_kind):
                    uses.add((restriction, filler_kind, filler))
    return {(owner, p, used) for owner, p, used in uses if isinstance(used, URIRef) and not _datatype(graph, used)}


def _property_uses(graph: Graph) -> set[tuple[Node, Node, Node]]:
    """Return (owner, predicate, IRI) for each place an IRI stands for a property."""
    uses: set[tuple[Node, Node, Node]] = set()
    for prop in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf):
        for s, o in graph.subject_objects(prop):
            uses.update({(s, prop, o), (o, prop, s)})
    for restriction, on in graph.subject_objects(OWL.onProperty):
        uses.add((restriction, OWL.onProperty, on))
    for owner, head in graph.subject_objects(OWL.propertyChainAxiom):
        for member in _members(graph, head):
            uses.add((owner, OWL.propertyChainAxiom, member))
    return uses


def _members(graph: Graph, head: Node) -> list[Node]:
    """Return an RDF list's members; stop at a malformed or looping list (DL7 reports those)."""
    members: list[Node] = []
    seen: set[Node] = set()
    node: Node = head
    while isinstance(node, BNode | URIRef) and node != RDF.nil and node not in seen:
        seen.add(node)
        members += list(graph.objects(node, RDF.first))
        node = next(iter(graph.objects(node, RDF.rest)), RDF.nil)
    return members


def _datatype(graph: Graph, iri: URIRef) -> bool:
    return str(iri).startswith(str(XSD)) or (iri, RDF.type, RDFS.Datatype) in graph
