"""Infer method categories: HermiT or Pellet (via owlready2, needs Java) or a fast OWL 2 RL path.

The OWL 2 RL path evaluates the ontology's definitions over each method (``fastpath``) and closes the
result under the class hierarchy HermiT entails from the ontology alone, computed once and shipped
(``ontology/inferred/hierarchy.ttl``, rebuilt by ``python -m nas_kg.build``), because OWL 2 RL engines
do not derive subsumptions between defined classes (e.g. DifferentiableNASMethod is an AutomaticNASMethod).
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from rdflib import URIRef

from nas_kg import progress, resources
from nas_kg.errors import InconsistentGraphError, InputError
from nas_kg.graph import KnowledgeGraph, graph_iri_for
from nas_kg.namespaces import NAS
from nas_kg.queries import get_query
from nas_kg.reasoning import engines, scope
from nas_kg.reasoning.conflicts import Conflict, ValueConflict, find_conflicts, find_value_conflicts, summary
from nas_kg.reasoning.engines import compute_hierarchy, java_executable
from nas_kg.reasoning.explain import Explanation, explain
from nas_kg.reasoning.facts import (
    MethodFacts,
    axiom_graph,
    close_types,
    load_hierarchy,
    method_categories,
    reasoning_input,
)
from nas_kg.reasoning.fastpath import classify, compile_definitions
from nas_kg.reasoning.output import add_inferred, inferred_document
from nas_kg.reasoning.result import ReasoningResult
from nas_kg.registries import REASONERS

#: Above this many methods `auto` prefers the OWL 2 RL path to HermiT.
HERMIT_LIMIT = 2000

__all__ = [
    "HERMIT_LIMIT",
    "REASONERS",
    "Conflict",
    "Explanation",
    "MethodFacts",
    "ReasoningResult",
    "add_inferred",
    "compute_hierarchy",
    "explain",
    "inferred_document",
    "java_executable",
    "materialize",
    "reason",
]


def reason(kg: KnowledgeGraph, reasoner: str = "auto") -> ReasoningResult:
    """Run a reasoner over the graph and return every method's categories; raise if inconsistent.

    ``owlrl`` is the fast path (see ``fastpath``). It first checks that the graph is inside what it
    handles (``scope.gaps``); if not, it runs a complete engine instead and says so in a note: HermiT
    where Java is present and the graph has at most ``HERMIT_LIMIT`` methods, else ``reasonable``.
    ``reasonable`` and ``owlrl-python`` run those engines on the whole graph; ``hermit`` and
    ``pellet`` the DL reasoners through owlready2.
    """
    if reasoner not in REASONERS:
        raise InputError(f"unknown reasoner {reasoner!r} (choose from {', '.join(REASONERS)})")
    with progress.task(f"reasoning ({reasoner})"):
        return _reason(kg, reasoner)


def _reason(kg: KnowledgeGraph, reasoner: str) -> ReasoningResult:
    start = time.perf_counter()
    hierarchy = load_hierarchy()
    facts = MethodFacts.load(kg, hierarchy)
    axioms = axiom_graph(kg)
    notes: list[str] = []
    chosen = _choose(reasoner, len(facts.types), notes)
    categories_of = method_categories(axioms, hierarchy)
    consistent = True
    if chosen == "owlrl":
        outside = scope.gaps(kg, axioms, facts)
        if outside:
            chosen = _complete_engine(len(facts.types))
            notes.append(f"the fast OWL 2 RL classifier does not handle {'; '.join(outside)}: ran {chosen} instead")
    compiled = compile_definitions(axioms) if chosen == "owlrl" else None
    if compiled is not None:  # scope.gaps names every definition it cannot compile
        types = classify(compiled, facts, axioms, hierarchy)
    else:
        graph = reasoning_input(kg)
        if chosen in ("hermit", "pellet"):
            types, consistent = engines.run_owlready(graph, chosen, notes)
            if not consistent:
                # HermiT and Pellet say only "inconsistent"; the RL engine's types let find_conflicts name the culprits
                types, _ = engines.run_reasonable(graph)
        elif chosen == "reasonable":
            types, consistent = engines.run_reasonable(graph)
        else:
            types, consistent = engines.run_owlrl_python(graph)
    result = ReasoningResult(chosen, consistent, notes=notes)
    methods = set(facts.types) | {m for m, found in types.items() if NAS.NASMethod in close_types(found, hierarchy)}
    for method in methods:
        asserted = facts.types.get(method, set())
        closed = close_types(types.get(method, set()) | asserted, hierarchy)
        result.categories[method] = closed & categories_of
        result.asserted[method] = asserted & categories_of
    result.seconds = time.perf_counter() - start
    conflicts = find_conflicts(axioms, facts, result.categories)
    values = find_value_conflicts(axioms, hierarchy)
    if values or conflicts or not consistent:
        values = [_with_sources(kg, v, axioms, hierarchy) for v in values]
        labels = {m.iri: m.label for m in kg.method_index}
        detail = summary(values, conflicts, lambda m: labels.get(m) or kg.label(m)) or (
            "the reasoner found no model; no known axiom pattern located it"
        )
        raise InconsistentGraphError(
            f"the graph is inconsistent ({chosen}): {detail}",
            sorted({c.method for c in conflicts}),
            list(dict.fromkeys([*(v.axiom for v in values), *(c.axiom for c in conflicts)])),
        )
    return result


def _with_sources(
    kg: KnowledgeGraph, conflict: ValueConflict, axioms: Any, hierarchy: dict[URIRef, set[URIRef]]
) -> ValueConflict:
    """Name the files that give a conflicting term each of its two clashing types."""
    from rdflib.namespace import RDF

    asserted = [t for t in axioms.objects(conflict.term, RDF.type) if isinstance(t, URIRef)]
    files: dict[str, str] = {graph_iri_for(p): p.name for p in kg.files}
    query = get_query(resources.queries_dir() / "store" / "graphs-asserting-type.rq").text
    sides = []
    for side in (conflict.first, conflict.second):
        via = [t for t in asserted if t == side or side in hierarchy.get(t, set())]
        found: list[str] = []
        for cls in via:
            for graph in kg.store.select_raw(query, {"term": conflict.term, "class": cls}):
                name = files.get(str(graph[0]))
                if name and name not in found:
                    found.append(name)
        sides.append(tuple(found))
    return dataclasses.replace(conflict, sources=(sides[0], sides[1]))


def _choose(reasoner: str, methods: int, notes: list[str]) -> str:
    if reasoner != "auto":
        return reasoner
    if java_executable() is None:
        notes.append("Java not found: used the OWL 2 RL path instead of HermiT")
        return "owlrl"
    if methods > HERMIT_LIMIT:
        notes.append(f"{methods} methods (> {HERMIT_LIMIT}): used the OWL 2 RL path instead of HermiT")
        return "owlrl"
    return "hermit"


def _complete_engine(methods: int) -> str:
    """The engine the fast path falls back to: HermiT (complete for OWL 2 DL) where it can run, else
    reasonable (complete for OWL 2 RL ontologies)."""
    return "hermit" if java_executable() is not None and methods <= HERMIT_LIMIT else "reasonable"


def materialize(kg: KnowledgeGraph, reasoner: str = "owlrl") -> ReasoningResult:
    """Run a reasoner and add its inferred memberships to the graph's store."""
    result = reason(kg, reasoner=reasoner)
    add_inferred(kg, result)
    return result
