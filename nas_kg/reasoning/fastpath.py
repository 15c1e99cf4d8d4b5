"""The fast OWL 2 RL classifier: the ontology's definitions, parsed once, evaluated over each method.

For definitions inside the subset ``classexpr.rl_supported`` accepts (named classes, intersection,
union, someValuesFrom, hasValue), the OWL 2 RL rules that derive class membership (cls-int1, cls-uni,
cls-svf1, cls-hv1, cax-sco) amount to "the expression holds for the method's facts", closed under the
class hierarchy HermiT entails from the ontology alone (shipped in ontology/inferred/hierarchy.ttl).
"""

from __future__ import annotations

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
    """Apply the definitions to every method until nothing changes (the RL fixpoint)."""
    ranges = property_ranges(axioms, hierarchy)
    value_ranges: dict[Node, set[URIRef]] = {}
    for by_prop in facts.values.values():
        for prop, found in by_prop.items():
            for value in found:
                value_ranges.setdefault(value, set()).update(ranges.get(prop, ()))
    types_of_value = ValueTypes(axioms, hierarchy, value_ranges)
    out: dict[URIRef, set[URIRef]] = {}
    for method, asserted in facts.types.items():
        # every method is a NASMethod: asserted, entailed by its asserted class, or by rdfs:domain
        types = close_types(asserted | {NAS.NASMethod}, hierarchy)
        values = facts.values.get(method, {})
        changed = True
        while changed:
            changed = False
            individual = classexpr.Individual(frozenset(types), values)
            for cls, expr in definitions.items():
                if cls not in types and classexpr.evaluate(expr, individual, types_of_value) is not None:
                    types |= close_types({cls}, hierarchy)
                    changed = True
                    individual = classexpr.Individual(frozenset(types), values)
        out[method] = types
    return out
