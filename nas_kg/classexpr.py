"""OWL class expressions as one small AST: parsed once, shared by the classifier, explain, docs and QC.

Every place that reads an ``owl:equivalentClass`` definition or an ``rdfs:subClassOf`` restriction
parses it here, so the fast classifier, ``explain``, the HTML docs and the conflict finder agree on
what an axiom says. ``evaluate`` decides an expression for one individual under the closed-world
reading the OWL 2 RL rules give membership by (cls-int1, cls-uni, cls-svf1, cls-hv1); constructs
that need open-world reasoning (complement, allValuesFrom, cardinalities) make ``rl_supported``
false, and a caller that needs a complete answer must then use a complete engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node


@dataclass(frozen=True)
class Named:
    """A named class."""

    iri: URIRef


@dataclass(frozen=True)
class And:
    """owl:intersectionOf."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    """owl:unionOf."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Not:
    """owl:complementOf."""

    part: Expr


@dataclass(frozen=True)
class Some:
    """owl:someValuesFrom: at least one value of the property in the filler."""

    prop: URIRef
    filler: Expr


@dataclass(frozen=True)
class Only:
    """owl:allValuesFrom: every value of the property in the filler."""

    prop: URIRef
    filler: Expr


@dataclass(frozen=True)
class HasValue:
    """owl:hasValue."""

    prop: URIRef
    value: Node


@dataclass(frozen=True)
class Cardinality:
    """owl:min/max/exact(Qualified)Cardinality; ``filler`` is None when unqualified."""

    kind: str  # "min", "max" or "exact"
    count: int
    prop: URIRef
    filler: Expr | None = None


@dataclass(frozen=True)
class Unknown:
    """A node this module cannot read as a class expression (kept so callers can say so)."""

    node: Node


Expr = Named | And | Or | Not | Some | Only | HasValue | Cardinality | Unknown

_CARDINALITIES = (
    (OWL.minCardinality, "min", False),
    (OWL.maxCardinality, "max", False),
    (OWL.cardinality, "exact", False),
    (OWL.minQualifiedCardinality, "min", True),
    (OWL.maxQualifiedCardinality, "max", True),
    (OWL.qualifiedCardinality, "exact", True),
)


def parse(graph: Graph, node: Node) -> Expr:
    """Parse the class expression rooted at ``node``."""
    if isinstance(node, URIRef):
        return Named(node)
    for key in (OWL.intersectionOf, OWL.unionOf):
        head = graph.value(node, key)
        if head is not None:
            parts = tuple(parse(graph, member) for member in Collection(graph, head))
            return And(parts) if key == OWL.intersectionOf else Or(parts)
    complement = graph.value(node, OWL.complementOf)
    if complement is not None:
        return Not(parse(graph, complement))
    prop = graph.value(node, OWL.onProperty)
    if not isinstance(prop, URIRef):
        return Unknown(node)
    value = graph.value(node, OWL.hasValue)
    if value is not None:
        return HasValue(prop, value)
    some, only = graph.value(node, OWL.someValuesFrom), graph.value(node, OWL.allValuesFrom)
    if some is not None:
        return Some(prop, parse(graph, some))
    if only is not None:
        return Only(prop, parse(graph, only))
    for key, word, qualified in _CARDINALITIES:
        count = graph.value(node, key)
        if isinstance(count, Literal):
            try:
                number = int(count)
            except ValueError:
                return Unknown(node)
            on_class = graph.value(node, OWL.onClass) if qualified else None
            return Cardinality(word, number, prop, parse(graph, on_class) if on_class is not None else None)
    return Unknown(node)


def definitions(graph: Graph) -> dict[URIRef, Expr]:
    """Return every named class's ``owl:equivalentClass`` definition (one per class, the first found)."""
    out: dict[URIRef, Expr] = {}
    for cls, node in sorted(graph.subject_objects(OWL.equivalentClass), key=lambda pair: str(pair[0])):
        if isinstance(cls, URIRef) and cls not in out and not (isinstance(node, URIRef) and node == cls):
            out[cls] = parse(graph, node)
    return out


def superclass_restrictions(graph: Graph) -> list[tuple[URIRef, Expr]]:
    """Return every ``C rdfs:subClassOf <anonymous expression>`` axiom of a named class C."""
    out = []
    for cls, node in graph.subject_objects(RDFS.subClassOf):
        if isinstance(cls, URIRef) and isinstance(node, BNode):
            out.append((cls, parse(graph, node)))
    return sorted(out, key=lambda pair: (str(pair[0]), repr(pair[1])))


def rl_supported(expr: Expr) -> bool:
    """Whether membership in ``expr`` follows from the OWL 2 RL rules the fast classifier applies."""
    if isinstance(expr, Named | HasValue):
        return True
    if isinstance(expr, And | Or):
        return all(rl_supported(p) for p in expr.parts)
    if isinstance(expr, Some):
        return isinstance(expr.filler, Named) or rl_supported(expr.filler)
    return False


def unsupported_parts(expr: Expr) -> list[str]:
    """Name the constructs of ``expr`` outside the fast classifier's subset, for messages."""
    if isinstance(expr, Named | HasValue):
        return []
    if isinstance(expr, And | Or):
        return [name for p in expr.parts for name in unsupported_parts(p)]
    if isinstance(expr, Some):
        return unsupported_parts(expr.filler)
    names = {Not: "complementOf", Only: "allValuesFrom", Cardinality: "cardinality", Unknown: "an unreadable node"}
    return [names[type(expr)]]


def signature(expr: Expr) -> tuple[set[URIRef], set[URIRef]]:
    """Return the named classes and the properties an expression mentions."""
    classes: set[URIRef] = set()
    props: set[URIRef] = set()

    def walk(e: Expr | None) -> None:
        if isinstance(e, Named):
            classes.add(e.iri)
        elif isinstance(e, And | Or):
            for p in e.parts:
                walk(p)
        elif isinstance(e, Not):
            walk(e.part)
        elif isinstance(e, Some | Only):
            props.add(e.prop)
            walk(e.filler)
        elif isinstance(e, HasValue):
            props.add(e.prop)
        elif isinstance(e, Cardinality):
            props.add(e.prop)
            walk(e.filler)

    walk(expr)
    return classes, props


@dataclass(frozen=True)
class Individual:
    """What ``evaluate`` knows of one individual: its named types and its values per property."""

    types: frozenset[URIRef]
    values: Mapping[URIRef, Iterable[Node]]


@dataclass(frozen=True)
class Because:
    """One fact an expression's truth rests on: a named type (``prop`` None) or a property value."""

    prop: URIRef | None
    value: Node
    #: For someValuesFrom: the named class the value belongs to.
    filler: URIRef | None = None


Evidence = tuple[Because, ...]


def evaluate(expr: Expr, individual: Individual, types_of_value: Callable[[Node], set[URIRef]]) -> Evidence | None:
    """Return the facts by which the individual satisfies ``expr`` (closed-world, RL subset), or None."""
    if isinstance(expr, Named):
        return (Because(None, expr.iri),) if expr.iri in individual.types else None
    if isinstance(expr, And):
        total: Evidence = ()
        for part in expr.parts:
            found = evaluate(part, individual, types_of_value)
            if found is None:
                return None
            total += found
        return total
    if isinstance(expr, Or):
        for part in expr.parts:
            found = evaluate(part, individual, types_of_value)
            if found is not None:
                return found
        return None
    if isinstance(expr, HasValue):
        return (Because(expr.prop, expr.value),) if expr.value in individual.values.get(expr.prop, ()) else None
    if isinstance(expr, Some):
        for value in sorted(individual.values.get(expr.prop, ()), key=str):
            value_types = types_of_value(value)
            if isinstance(expr.filler, Named):
                if expr.filler.iri in value_types:
                    return (Because(expr.prop, value, expr.filler.iri),)
            elif evaluate(expr.filler, Individual(frozenset(value_types), {}), types_of_value) is not None:
                return (Because(expr.prop, value),)
        return None
    return None


def manchester(expr: Expr, label: Callable[[Node], str]) -> str:
    """Render an expression in Manchester-like syntax with labels."""
    if isinstance(expr, Named):
        return label(expr.iri)
    if isinstance(expr, And | Or):
        word = " and " if isinstance(expr, And) else " or "
        return "(" + word.join(manchester(p, label) for p in expr.parts) + ")"
    if isinstance(expr, Not):
        return f"(not {manchester(expr.part, label)})"
    if isinstance(expr, HasValue):
        return f"({label(expr.prop)} value {label(expr.value)})"
    if isinstance(expr, Some):
        return f"({label(expr.prop)} some {manchester(expr.filler, label)})"
    if isinstance(expr, Only):
        return f"({label(expr.prop)} only {manchester(expr.filler, label)})"
    if isinstance(expr, Cardinality):
        filler = f" {manchester(expr.filler, label)}" if expr.filler is not None else ""
        return f"({label(expr.prop)} {expr.kind} {expr.count}{filler})"
    return "?"


def is_class_expression_node(graph: Graph, node: Node) -> bool:
    """Whether a blank node is an OWL class expression (restriction or boolean class)."""
    return isinstance(node, BNode) and (
        (node, RDF.type, OWL.Restriction) in graph
        or (node, RDF.type, OWL.Class) in graph
        or any(graph.value(node, key) is not None for key in (OWL.intersectionOf, OWL.unionOf, OWL.complementOf))
    )
