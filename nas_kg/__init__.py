"""nas-kg: a knowledge graph of Neural Architecture Search methods.

import nas_kg
kg = nas_kg.load()                       # bundled ontology and works (plus data=[...] files)
kg.query("methods-with-value", facet="search_algorithm", value="Differentiable")
nas_kg.similar(kg, "DARTS", k=3)         # every CLI command has a function here (see nas_kg.api)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nas_kg import quiet as _quiet  # noqa: F401 - rdflib prints no traceback for an ill-typed literal
from nas_kg.api import (
    add_methods,
    best_under_budget,
    canned_queries,
    check_output,
    check_plot,
    check_rdf_suffix,
    check_serve,
    coverage,
    coverage_chart,
    diagram,
    docs,
    explain,
    export,
    gap_heatmap,
    gaps,
    inferred_document,
    lineage,
    lineage_dot,
    load,
    materialize,
    methods,
    output_format,
    pareto,
    pareto_plot,
    pull,
    push,
    qc,
    qc_checks,
    query,
    read_sparql,
    reason,
    release,
    report,
    results,
    run_sparql,
    serve,
    similar,
    sparql_output,
    table,
    template,
    turtle,
    validate,
    write,
)
from nas_kg.version import __version__

if TYPE_CHECKING:
    from nas_kg.graph import KnowledgeGraph

__all__ = [
    "KnowledgeGraph",
    "__version__",
    "add_methods",
    "best_under_budget",
    "canned_queries",
    "check_output",
    "check_plot",
    "check_rdf_suffix",
    "check_serve",
    "coverage",
    "coverage_chart",
    "diagram",
    "docs",
    "explain",
    "export",
    "gap_heatmap",
    "gaps",
    "inferred_document",
    "lineage",
    "lineage_dot",
    "load",
    "materialize",
    "methods",
    "output_format",
    "pareto",
    "pareto_plot",
    "pull",
    "push",
    "qc",
    "qc_checks",
    "query",
    "read_sparql",
    "reason",
    "release",
    "report",
    "results",
    "run_sparql",
    "serve",
    "similar",
    "sparql_output",
    "table",
    "template",
    "turtle",
    "validate",
    "write",
]


def __getattr__(name: str) -> Any:
    if name == "KnowledgeGraph":
        from nas_kg.graph import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(name)
