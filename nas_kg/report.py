"""The overview `nas-kg report` prints: built from the API, returned as text."""

from __future__ import annotations

from nas_kg.analysis import coverage, seed_table
from nas_kg.graph import KnowledgeGraph
from nas_kg.model import FACETS
from nas_kg.render import render


def build_report(kg: KnowledgeGraph) -> str:
    """Return the report text: method counts, works per category of every facet, both seed tables."""
    methods = kg.method_index
    sources = kg.query("list-sources").records()
    parts = [f"nas-kg report: {len(methods)} methods from {len(sources)} source(s)", ""]
    for src in sources:
        parts.append(f"  {src['label']}: {src['methods']} methods")
    parts.append("")
    parts.append("Methods per category of each facet (zeros included)")
    rows = coverage(kg)
    for name in [f.name for f in FACETS.values() if f.core]:
        cells = [f"{r.label} {r.methods}" for r in rows if r.facet == name]
        parts.append(f"  {name}: " + ", ".join(cells))
    parts.append("")
    for which in ("manual", "automatic"):
        table = seed_table(kg, which)
        parts.append(render(table.columns, table.rows, "text", title=table.title))
    return "\n".join(parts)
