"""What the benchmark runs: the parameters of every canned query, the facet pairs for gaps, the method to compare."""

from __future__ import annotations

from itertools import combinations
from typing import Any

from nas_kg.model import CORE_FACETS
from nas_kg.queries import catalogue

#: The methods named in queries: the first two synthetic methods (always present).
METHOD = "https://w3id.org/nas-kg/work/synthetic-0"
OTHER = "https://w3id.org/nas-kg/work/synthetic-1"

#: Parameters of each canned query, given as a user would (names and labels, resolved by nas_kg).
QUERY_PARAMS: dict[str, dict[str, Any]] = {
    "cost-strategy-matrix": {},
    "facet-coverage": {"facet": "search_algorithm"},
    "facet-overlap": {"method": METHOD, "other": OTHER},
    "facet-values": {},
    "gap-matrix": {"facet1": "search_space", "facet2": "search_algorithm"},
    "list-methods": {},
    "list-sources": {},
    "method-claims": {"method": METHOD},
    "method-facets": {"method": METHOD},
    "method-identifiers": {},
    "methods-missing-facet": {"facet": "training_strategy"},
    "methods-of-category": {"category": "NAS method"},
    "methods-per-year": {},
    "methods-with-value": {"facet": "search_algorithm", "value": "Differentiable"},
    "shared-datasets": {},
    "similar-methods": {"method": METHOD, "k": 5},
    "source-disagreements": {},
    "table-rows": {"table": "automatic"},
    "tbox": {},
    "unexplored-pairs": {"facet1": "search_space", "facet2": "search_algorithm"},
    "unexplored-triples": {"facet1": "search_space", "facet2": "baseline_architecture", "facet3": "search_algorithm"},
    "works-per-dataset": {},
    "results": {},
    "best-under-budget": {"budget": 1},
    "pareto-error-search-cost": {"dataset": "CIFAR-10"},
    "pareto-error-params": {"dataset": "CIFAR-10"},
    "result-disagreements": {},
    "lineage-edges": {},
    "methods-addressing-problem": {"problem": "super-network memory"},
    "code-repositories": {},
}

#: Every pair of core facets, for gaps.
FACET_PAIRS: list[tuple[str, str]] = list(combinations([f.name for f in CORE_FACETS], 2))


def query_names() -> list[str]:
    """Return every bundled canned query; fail loudly if one has no parameters listed here."""
    names = sorted(catalogue())
    missing = [n for n in names if n not in QUERY_PARAMS]
    if missing:
        raise KeyError(f"benchmarks/workload.py lists no parameters for: {', '.join(missing)}")
    return names


def bound_text(kg: Any, name: str) -> str:
    """Return a canned query's text with its parameters bound exactly as nas_kg binds them (VALUES blocks)."""
    from nas_kg.sparql import inject_values

    query = catalogue()[name]
    params = dict(QUERY_PARAMS[name])
    return inject_values(query.text, kg.bind(query, params))
