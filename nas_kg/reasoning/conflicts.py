"""Name the methods and axioms behind an inconsistency: disjoint classes, functional and max-0 properties."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from nas_kg import classexpr
from nas_kg.namespaces import NAS, NASX, WORK
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


@dataclass(frozen=True)
class ValueConflict:
    """A term (e.g. a facet value) that is an instance of two disjoint classes, and who says so."""

    term: URIRef
    first: URIRef
    second: URIRef
    sources: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())

    @property
    def axiom(self) -> str:
        """The disjointness axiom the term breaks."""
        return f"{_q(self.first)} owl:disjointWith {_q(self.second)}"

    def __str__(self) -> str:
        def said(cls: URIRef, files: tuple[str, ...]) -> str:
            return f"a {_q(cls)}" + (f" ({', '.join(files)})" if files else "")

        first, second = said(self.first, self.sources[0]), said(self.second, self.sources[1])
        return f"{_q(self.term)} is {first} and {second}, but {self.axiom}"


def find_value_conflicts(axioms: Graph, hierarchy: dict[URIRef, set[URIRef]]) -> list[ValueConflict]:
    """Return every named individual of the axioms (values, not methods) typed with two disjoint classes."""
    asserted: dict[URIRef, set[URIRef]] = {}
    for term, cls in axioms.subject_objects(RDF.type):
        if isinstance(term, URIRef) and isinstance(cls, URIRef) and not str(cls).startswith(str(OWL)):
            asserted.setdefault(term, set()).add(cls)
    out = []
    pairs = _disjoint_pairs(axioms)
    for term in sorted(asserted):
        types = set(asserted[term])
        for cls in asserted[term]:
            types |= hierarchy.get(cls, set())
        out += [ValueConflict(term, a, b) for a, b in pairs if a in types and b in types]
    return out


def summary(values: list[ValueConflict], conflicts: list[Conflict], label: Callable[[URIRef], str]) -> str:
    """Describe an inconsistency in one bounded line: the clashing terms and files first, then the methods per axiom."""
    parts = [str(v) for v in values[:5]]
    if len(values) > 5:
        parts.append(f"and {len(values) - 5} more such terms")
    by_axiom: dict[str, list[Conflict]] = {}
    for c in conflicts:
        by_axiom.setdefault(c.axiom, []).append(c)
    for axiom, found in by_axiom.items():
        methods = sorted({c.method for c in found}, key=lambda m: label(m).casefold())
        shown = ", ".join(label(m) for m in methods[:3])
        more = f" and {len(methods) - 3} more" if len(methods) > 3 else ""
        details = sorted({c.detail for c in found})
        because = f": {details[0]}" if len(details) == 1 else ""
        hence = "hence " if values else ""
        count = f"{len(methods)} methods break" if len(methods) != 1 else "1 method breaks"
        parts.append(f"{hence}{count} {axiom}{because} ({shown}{more})")
    return "; ".join(parts)


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
    for prefix, ns in (("work:", str(WORK)), ("nasx:", str(NASX)), ("nas:", str(NAS)), ("owl:", str(OWL))):
        if text.startswith(ns):
            return prefix + text[len(ns) :]
    return text
