"""Explain a method's categories: the facts that satisfy each defining axiom, and the axiom."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from nas_kg import classexpr
from nas_kg.graph import KnowledgeGraph
from nas_kg.names import article
from nas_kg.namespaces import NAS
from nas_kg.reasoning.facts import axiom_graph, load_hierarchy
from nas_kg.reasoning.fastpath import ValueTypes
from nas_kg.reasoning.result import ReasoningResult


@dataclass(frozen=True)
class Explanation:
    """Why a method belongs to a category: the facts that satisfy the axiom, and the axiom."""

    category: URIRef
    axiom: str
    facts: tuple[str, ...]
    inferred: bool


def explain(kg: KnowledgeGraph, method: URIRef, result: ReasoningResult) -> list[Explanation]:
    """Explain each category of a method by the facet values that satisfy its defining axiom."""
    axioms = axiom_graph(kg)
    hierarchy = load_hierarchy()
    definitions = classexpr.definitions(axioms)
    values: dict[URIRef, set[Node]] = defaultdict(set)
    for r in kg.query("method-facets", method=str(method)).records():
        values[URIRef(str(r["facet"]))].add(URIRef(str(r["value"])))
    types = result.categories.get(method, set())
    roles = _role_claims(kg, method)
    individual = classexpr.Individual(frozenset(types), values)
    types_of_value = ValueTypes(axioms, hierarchy)
    out = []
    for category in sorted(types - {NAS.NASMethod}, key=lambda c: kg.label(c)):
        inferred = category not in result.asserted.get(method, set())
        expr = definitions.get(category)
        evidence = classexpr.evaluate(expr, individual, types_of_value) if expr is not None else None
        if expr is not None and evidence is not None:
            axiom = f"{kg.label(category)} \u2261 {classexpr.manchester(expr, kg.label)}"
            facts = tuple(_describe(kg, b) + _role_of(axioms, roles, b) for b in evidence if _shown(b))
            out.append(Explanation(category, axiom, facts, inferred))
            continue
        subs = sorted(c for c in types if category in hierarchy.get(c, set()) and c != category)
        facts = tuple(f"is a {kg.label(c)}" for c in subs) or ("asserted",)
        axiom = " ; ".join(f"{kg.label(c)} \u2291 {kg.label(category)}" for c in subs) or "asserted type"
        out.append(Explanation(category, axiom, facts, inferred))
    return out


def _shown(because: classexpr.Because) -> bool:
    return not (because.prop is None and because.value == NAS.NASMethod)


def _describe(kg: KnowledgeGraph, because: classexpr.Because) -> str:
    if because.prop is None:
        return f"is a {kg.label(because.value)}"
    text = f"{kg.label(because.prop)} {kg.label(because.value)}"
    if because.filler is None:
        return text
    filler = kg.label(because.filler)
    return f"{text} ({article(filler)} {filler})"


def _role_claims(kg: KnowledgeGraph, method: URIRef) -> dict[tuple[URIRef, URIRef], str]:
    """Describe the claims of the method's preferred source that give a cost its role, by (facet, value)."""
    out = {}
    for row in kg.query("method-claims", method=str(method)).records():
        if row.get("role") and row.get("value") and str(row.get("preferred")).lower() == "true":
            role = kg.label(URIRef(str(row["role"]))).removesuffix(" role").lower()
            where = f" ({row['locator']})" if row.get("locator") else ""
            source = str(row["source"]).rstrip("/").rsplit("/", 1)[-1]
            out[(URIRef(str(row["facet"])), URIRef(str(row["value"])))] = f"{role}, {source} claim{where}"
    return out


def _role_of(axioms: Graph, roles: dict[tuple[URIRef, URIRef], str], because: classexpr.Because) -> str:
    """Return ' [role, source claim (locator)]' for a fact whose property or super-property a claim gives."""
    if because.prop is None:
        return ""
    supers = [p for p in axioms.objects(because.prop, RDFS.subPropertyOf) if isinstance(p, URIRef)]
    value = URIRef(str(because.value))
    for facet in (because.prop, *supers):
        if (facet, value) in roles:
            return f" [{roles[(facet, value)]}]"
    return ""
