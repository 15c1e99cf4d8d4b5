"""Infer method categories: HermiT or Pellet (via owlready2, needs Java) or a fast OWL 2 RL path.

The OWL 2 RL path evaluates the ontology's definitions over each method (``fastpath``) and closes the
result under the class hierarchy HermiT entails from the ontology alone, computed once and shipped
(``ontology/inferred/hierarchy.ttl``, rebuilt by ``python -m nas_kg.build``), because OWL 2 RL engines
do not derive subsumptions between defined classes (e.g. DifferentiableNASMethod is an AutomaticNASMethod).
"""

from __future__ import annotations

import time

from nas_kg import progress
from nas_kg.errors import InconsistentGraphError, InputError
from nas_kg.graph import KnowledgeGraph
from nas_kg.reasoning import engines
from nas_kg.reasoning.conflicts import Conflict, find_conflicts
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

    ``owlrl`` is the fast path (see ``fastpath``); if the ontology has a definition outside its subset
    it runs the general ``reasonable`` engine instead and says so. ``reasonable`` and ``owlrl-python``
    run those engines on the whole graph; ``hermit`` and ``pellet`` the DL reasoners through owlready2.
    """
    if reasoner not in REASONERS:
        raise InputError(f"unknown reasoner {reasoner!r} (choose from {', '.join(REASONERS)})")
    with progress.task(f"reasoning ({reasoner})"):
        return _reason(kg, reasoner)


def _reason(kg: KnowledgeGraph, reasoner: str) -> ReasoningResult:
    start = time.perf_counter()
    facts = MethodFacts.load(kg)
    axioms = axiom_graph(kg)
    hierarchy = load_hierarchy()
    notes: list[str] = []
    chosen = _choose(reasoner, len(facts.types), notes)
    categories_of = method_categories(axioms, hierarchy)
    consistent = True
    compiled = compile_definitions(axioms) if chosen == "owlrl" else None
    if compiled is not None:
        types = classify(compiled, facts, axioms, hierarchy)
    else:
        if chosen == "owlrl":
            notes.append("the ontology has axioms outside the compiled subset: ran the reasonable engine")
        graph = reasoning_input(kg)
        if chosen in ("hermit", "pellet"):
            types, consistent = engines.run_owlready(graph, chosen, notes)
            if not consistent:
                # HermiT and Pellet say only "inconsistent"; the RL engine's types let find_conflicts name the culprits
                types, _ = engines.run_reasonable(graph)
        elif chosen in ("owlrl", "reasonable"):
            types, consistent = engines.run_reasonable(graph)
        else:
            types, consistent = engines.run_owlrl_python(graph)
    result = ReasoningResult(chosen, consistent, notes=notes)
    for method, asserted in facts.types.items():
        closed = close_types(types.get(method, set()) | asserted, hierarchy)
        result.categories[method] = closed & categories_of
        result.asserted[method] = asserted & categories_of
    result.seconds = time.perf_counter() - start
    conflicts = find_conflicts(axioms, facts, result.categories)
    if conflicts or not consistent:
        methods_in = sorted({c.method for c in conflicts})
        detail = "; ".join(str(c) for c in conflicts) or (
            "the reasoner found no model; no known axiom pattern located it"
        )
        raise InconsistentGraphError(
            f"the graph is inconsistent ({chosen}): {detail}", methods_in, [c.axiom for c in conflicts]
        )
    return result


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


def materialize(kg: KnowledgeGraph, reasoner: str = "owlrl") -> ReasoningResult:
    """Run a reasoner and add its inferred memberships to the graph's store."""
    result = reason(kg, reasoner=reasoner)
    add_inferred(kg, result)
    return result
