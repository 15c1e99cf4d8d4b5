"""Name the methods and axioms behind an inconsistency: disjoint classes, functional and max-0 properties."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from nas_kg import classexpr
from nas_kg.namespaces import NAS
from nas_kg.reasoning.facts import MethodFacts


@dataclass(frozen=True)
class Conflict:
    """A method that breaks one axiom, named for people."""

    method: URIRef
    axiom: str
    detail: str

    def __str__(self) -> str:
        return f"<{self.method}> breaks {self.axiom} ({self.detail})"


def find_conflicts(axioms: Graph, facts: MethodFacts, categories: dict[URIRef, set[URIRef]]) -> list[Conflict]:
    """Return every method that breaks a disjointness, functional-property or max-0 axiom."""
    out: list[Conflict] = []
    types_of = {m: categories.get(m, set()) | facts.types.get(m, set()) for m in facts.types}
    disjoint = _disjoint_pairs(axioms)
    for method, types in types_of.items():
        for a, b in disjoint:
            if a in types and b in types:
                out.append(Conflict(method, f"{_q(a)} owl:disjointWith {_q(b)}", _strategies(facts, method)))
    for functional in axioms.subjects(RDF.type, OWL.FunctionalProperty):
        for method in types_of:
            values = facts.values.get(method, {}).get(URIRef(str(functional)), set())
            if len(values) > 1:
                names = ", ".join(sorted(_q(v) for v in values))
                out.append(Conflict(method, f"{_q(functional)} a owl:FunctionalProperty", f"it has {names}"))
    for cls, expr in classexpr.superclass_restrictions(axioms):
        if not (isinstance(expr, classexpr.Cardinality) and expr.kind == "max" and expr.count == 0):
            continue
        for method, types in types_of.items():
            found = sorted(_q(v) for v in facts.values.get(method, {}).get(expr.prop, set()))
            if cls in types and found:
                axiom = f"{_q(cls)} rdfs:subClassOf ({_q(expr.prop)} max 0)"
                out.append(Conflict(method, axiom, f"it has {', '.join(found)}"))
    return out


def _disjoint_pairs(graph: Graph) -> list[tuple[URIRef, URIRef]]:
    pairs = [
        (a, b) for a, b in graph.subject_objects(OWL.disjointWith) if isinstance(a, URIRef) and isinstance(b, URIRef)
    ]
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        head = graph.value(group, OWL.members)
        members = [m for m in Collection(graph, head) if isinstance(m, URIRef)] if head is not None else []
        pairs += [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
    return pairs


def _strategies(facts: MethodFacts, method: URIRef) -> str:
    strategies = sorted(_q(v) for v in facts.values.get(method, {}).get(NAS.hasSearchStrategy, set()))
    return "search strategies " + ", ".join(strategies) if strategies else "no search strategy"


def _q(term: Node) -> str:
    text = str(term)
    for prefix, ns in (("nas:", str(NAS)), ("owl:", str(OWL))):
        if text.startswith(ns):
            return prefix + text[len(ns) :]
    return text
