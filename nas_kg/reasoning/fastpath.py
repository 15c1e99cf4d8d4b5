"""The fast OWL 2 RL classifier: the ontology's definitions, parsed once, evaluated over each method.

For definitions inside the subset ``classexpr.rl_supported`` accepts (named classes, intersection,
union, someValuesFrom, hasValue), the OWL 2 RL rules that derive class membership (cls-int1, cls-uni,
cls-svf1, cls-hv1, cax-sco) amount to "the expression holds for the method's facts", closed under the
class hierarchy HermiT entails from the ontology alone (shipped in ontology/inferred/hierarchy.ttl).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from nas_kg import classexpr
from nas_kg.namespaces import NAS
from nas_kg.reasoning.facts import MethodFacts, close_types


def compile_definitions(axioms: Graph) -> dict[URIRef, classexpr.Expr] | None:
    """Return every named class's definition, or None if one is outside the fast classifier's subset."""
    found = classexpr.definitions(axioms)
    if not all(classexpr.rl_supported(expr) for expr in found.values()):
        return None
    return found


def unsupported_definitions(axioms: Graph) -> dict[URIRef, list[str]]:
    """Name the definitions the fast classifier cannot evaluate, with the constructs that stop it."""
    return {
        cls: classexpr.unsupported_parts(expr)
        for cls, expr in classexpr.definitions(axioms).items()
        if not classexpr.rl_supported(expr)
    }


class ValueTypes:
    """The named types of facet values (closed under the hierarchy), computed once per value.

    A value's types are its asserted ones plus the ranges of the properties it is a value of (rdfs:range
    typing, OWL 2 RL rule prp-rng), given as ``ranges``.
    """

    def __init__(
        self,
        axioms: Graph,
        hierarchy: dict[URIRef, set[URIRef]],
        ranges: dict[Node, set[URIRef]] | None = None,
    ) -> None:
        self._axioms = axioms
        self._hierarchy = hierarchy
        self._ranges = ranges or {}
        self._cache: dict[Node, set[URIRef]] = {}

    def __call__(self, value: Node) -> set[URIRef]:
        """Return a value's named types."""
        if value not in self._cache:
            asserted = set(self._axioms.objects(value, RDF.type)) | self._ranges.get(value, set())  # type: ignore[arg-type]
            self._cache[value] = close_types(asserted, self._hierarchy)
        return self._cache[value]


def property_ranges(axioms: Graph, hierarchy: dict[URIRef, set[URIRef]]) -> dict[URIRef, set[URIRef]]:
    """Return each property's ranges, its super-properties' included (prp-spo1 then prp-rng)."""
    out: dict[URIRef, set[URIRef]] = {}
    for prop in set(axioms.subjects(RDFS.range, None)) | set(axioms.subjects(RDFS.subPropertyOf, None)):
        if not isinstance(prop, URIRef):
            continue
        ranges: set[URIRef] = set()
        for ancestor in axioms.transitive_objects(prop, RDFS.subPropertyOf):
            ranges |= {r for r in axioms.objects(ancestor, RDFS.range) if isinstance(r, URIRef)}
        out[prop] = close_types(ranges, hierarchy)
    return out


def classify(
    definitions: dict[URIRef, classexpr.Expr],
    facts: MethodFacts,
    axioms: Graph,
    hierarchy: dict[URIRef, set[URIRef]],
) -> dict[URIRef, set[URIRef]]:
    """Apply the definitions to every method until nothing changes (the RL fixpoint).

    Evaluated a definition at a time over all methods as set operations (members of a named class,
    methods with a value, methods with a value of a class), round after round until no method gains a
    type. The definitions are monotone (``rl_supported``), so this reaches the same least fixpoint as
    applying them method by method, in a few rounds instead of one Python evaluation per method and class.
    """
    ranges = property_ranges(axioms, hierarchy)
    value_ranges: dict[Node, set[URIRef]] = {}
    for by_prop in facts.values.values():
        for prop, found in by_prop.items():
            if ranges.get(prop):
                for value in found:
                    value_ranges.setdefault(value, set()).update(ranges[prop])
    types_of_value = ValueTypes(axioms, hierarchy, value_ranges)
    # every method is a NASMethod: asserted, entailed by its asserted class, or by rdfs:domain
    types = {method: close_types(asserted | {NAS.NASMethod}, hierarchy) for method, asserted in facts.types.items()}
    with_value: dict[URIRef, dict[Node, set[URIRef]]] = defaultdict(lambda: defaultdict(set))
    for method, props in facts.values.items():
        if method in types:
            for prop, values in props.items():
                for value in values:
                    with_value[prop][value].add(method)
    evaluator = _SetEvaluator(with_value, types_of_value, types, facts.values)
    changed = True
    while changed:
        changed = False
        evaluator.members = defaultdict(set)
        for method, known in types.items():
            for cls in known:
                evaluator.members[cls].add(method)
        for cls, expr in definitions.items():
            for method in evaluator.satisfying(expr):
                if cls not in types[method]:
                    types[method] |= close_types({cls}, hierarchy)
                    changed = True
    return types


class _SetEvaluator:
    """The methods that satisfy an expression, from indexes of types and values (closed-world, RL subset)."""

    def __init__(
        self,
        with_value: dict[URIRef, dict[Node, set[URIRef]]],
        types_of_value: ValueTypes,
        types: dict[URIRef, set[URIRef]],
        values: dict[URIRef, dict[URIRef, set[Any]]],
    ) -> None:
        self.with_value = with_value
        self.types_of_value = types_of_value
        self.types = types
        self.values = values
        self.members: dict[URIRef, set[URIRef]] = defaultdict(set)
        self._fillers: dict[tuple[URIRef, classexpr.Expr], set[URIRef]] = {}

    def satisfying(self, expr: classexpr.Expr) -> set[URIRef]:
        """Return the methods whose types and values satisfy the expression."""
        if isinstance(expr, classexpr.Named):
            return self.members.get(expr.iri, set())
        if isinstance(expr, classexpr.And):
            parts = [self.satisfying(p) for p in expr.parts]
            return set.intersection(*parts) if parts else set(self.all())
        if isinstance(expr, classexpr.Or):
            return set().union(*(self.satisfying(p) for p in expr.parts))
        if isinstance(expr, classexpr.HasValue):
            return set(self.with_value.get(expr.prop, {}).get(expr.value, set()))
        if isinstance(expr, classexpr.Some):
            key = (expr.prop, expr.filler)
            if key not in self._fillers:  # which values satisfy the filler does not change between rounds
                self._fillers[key] = set()
                for value, methods in self.with_value.get(expr.prop, {}).items():
                    if self._value_in(expr.filler, value):
                        self._fillers[key] |= methods
            return self._fillers[key]
        # any other construct: evaluated method by method, as classexpr defines it
        return {
            method
            for method, known in self.types.items()
            if classexpr.evaluate(
                expr, classexpr.Individual(frozenset(known), self.values.get(method, {})), self.types_of_value
            )
            is not None
        }

    def _value_in(self, filler: classexpr.Expr, value: Node) -> bool:
        value_types = self.types_of_value(value)
        if isinstance(filler, classexpr.Named):
            return filler.iri in value_types
        individual = classexpr.Individual(frozenset(value_types), {})
        return classexpr.evaluate(filler, individual, self.types_of_value) is not None

    def all(self) -> set[URIRef]:
        """Return every method (the empty intersection)."""
        return set().union(*self.members.values())
