"""The overview `nas-kg report` prints: built from the API, returned as text."""

from __future__ import annotations

from collections.abc import Callable

from nas_kg import progress
from nas_kg.analysis import coverage, facet_profiles, gaps, seed_table, similar
from nas_kg.comparisons import best_of, lineage, relation_counts, repositories, result_rows
from nas_kg.errors import InconsistentGraphError
from nas_kg.graph import KnowledgeGraph
from nas_kg.model import FACETS
from nas_kg.names import plural
from nas_kg.namespaces import NAS
from nas_kg.render import render

GAP_PAIRS = (
    ("search_space", "search_algorithm"),
    ("baseline_architecture", "search_algorithm"),
    ("cost", "search_algorithm"),
)


def build_report(kg: KnowledgeGraph, reasoner: str = "owlrl") -> str:
    """Return the report: methods, coverage of every facet, validation, categories, gaps, neighbours, tables."""
    with progress.task("building the report", total=len(_PHASES), unit="part") as advance:
        return _build(kg, reasoner, advance)


#: The parts of the report, for its progress bar.
_PHASES = ("coverage", "validation", "reasoning", "gaps", "neighbours", "tables")


def _build(kg: KnowledgeGraph, reasoner: str, advance: Callable[[float], None]) -> str:
    from nas_kg.reasoning import reason
    from nas_kg.validation import validate

    methods = kg.method_index
    sources = kg.query("list-sources").records()
    parts = [f"nas-kg report: {plural(len(methods), 'method')} from {len(sources)} source(s)", ""]
    parts += [f"  {src['label']}: {plural(int(src['methods']), 'method')}" for src in sources]

    parts += ["", "Methods per category of each facet (zeros included)"]
    rows = coverage(kg)
    for name in [f.name for f in FACETS.values() if f.core]:
        parts.append(f"  {name}: " + ", ".join(f"{r.label} {r.methods}" for r in rows if r.facet == name))

    advance(1)
    report = validate(kg)
    verdict = "conforms" if report.conforms else "does NOT conform"
    parts += [
        "",
        f"Validation (SHACL): {verdict}, {len(report.violations)} violation(s), "
        f"{len(report.warnings)} warning(s); details: nas-kg validate",
    ]

    advance(1)
    try:
        result = reason(kg, reasoner=reasoner)
    except InconsistentGraphError as exc:  # the rest of the report does not need the categories
        parts += ["", f"Inferred categories: none, {exc}"]
    else:
        parts += ["", f"Inferred categories ({result.reasoner}; details: nas-kg reason, nas-kg explain METHOD)"]
        counts: dict[str, int] = {}
        for cats in result.categories.values():
            for cat in cats - {NAS.NASMethod}:
                counts[kg.label(cat)] = counts.get(kg.label(cat), 0) + 1
        parts += [f"  {label}: {n}" for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    advance(1)
    parts += ["", "Unexplored combinations (research gaps; details: nas-kg gaps F1 F2)"]
    for f1, f2 in GAP_PAIRS:
        cells = gaps(kg, f1, f2)
        empty = [c for c in cells if c.methods == 0]
        parts.append(f"  {f1} x {f2}: {len(empty)} of {len(cells)} combinations unexplored")

    advance(1)
    parts += ["", "Nearest neighbour of each work of the seed paper (details: nas-kg similar METHOD)"]
    profiles = facet_profiles(kg)
    for method in sorted((m for m in methods if m.ref is not None), key=lambda m: m.ref or 0):
        best = similar(kg, method, k=1, profiles=profiles)
        if best:
            n = best[0]
            parts.append(f"  [{method.ref}] {method.label} -> {n.method.label} ({n.score:.2f})")

    advance(1)
    disagreements = kg.query("source-disagreements").records()
    if disagreements:
        parts += [
            "",
            f"Sources disagree on {len({r['method'] for r in disagreements})} method(s) "
            f"({len(disagreements)} value(s)); details: nas-kg query source-disagreements",
        ]
    parts += _evidence_section(kg)
    parts.append("")
    for which in ("manual", "automatic"):
        table = seed_table(kg, which)
        parts.append(render(table.columns, table.rows, "text", title=table.title))
    advance(1)
    return "\n".join(parts)


def _evidence_section(kg: KnowledgeGraph) -> list[str]:
    """Summarise reported results, lineage and code, with the best CIFAR-10/ImageNet errors under a day."""
    records = kg.query("results").records()  # read once for the counts and the best errors under budget
    rows = result_rows(records)
    if not rows:
        return []
    edges = lineage(kg)
    parts = [
        "",
        f"Reported results: {len(rows)} from {len({r.source for r in rows})} source(s) for "
        f"{len({r.method_iri for r in rows})} methods on {len({r.dataset for r in rows})} datasets "
        "(details: nas-kg results)",
        f"Lineage: {len(edges)} sourced edges ("
        + ", ".join(f"{n} {rel.replace('_', ' ')}" for rel, n in relation_counts(edges).items())
        + "; details: nas-kg lineage METHOD)",
        f"Code: {len(repositories(kg))} methods with an official repository (details: nas-kg query code-repositories)",
        "Lowest top-1 error within 1 GPU-day of search (details: nas-kg results --budget 1):",
    ]
    for row in best_of(records, 1.0):
        parts.append(
            f"  {row['dataset_label']}: {row['label']} {row['error']} % ({float(str(row['search_cost'])):.3g} GPU-days)"
        )
    return parts
