"""What NAS researchers compare: reported results, Pareto fronts, budgets, lineage and code, built on canned queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rdflib import URIRef

from nas_kg.errors import InputError, UnknownTermError
from nas_kg.graph import KnowledgeGraph
from nas_kg.registries import LINEAGE_RELATIONS, PARETO_AXES, RESULT_METRICS

#: The CSV columns of `nas-kg results` (a public contract).
RESULT_COLUMNS = ("method", "dataset", "metric", "value", "unit", "spread", "setting", "source", "locator")
#: The CSV columns of `nas-kg lineage` (a public contract).
LINEAGE_COLUMNS = ("from", "relation", "to", "source", "locator")
ERROR_METRICS = {"top1_error": False, "top1_accuracy": True}  # metric -> counts as 100 - value


@dataclass(frozen=True)
class ResultRow:
    """One reported result, with the method's and dataset's labels."""

    method: str
    dataset: str
    metric: str
    value: str
    unit: str
    spread: str | None
    setting: str | None
    source: str
    locator: str | None
    origin: str
    method_iri: str
    ref: int | None = None

    def as_dict(self) -> dict[str, str | None]:
        """Return the public columns."""
        return {c: getattr(self, c) for c in RESULT_COLUMNS}


def results(
    kg: KnowledgeGraph, method: str | None = None, dataset: str | None = None, metric: str | None = None
) -> list[ResultRow]:
    """Return the reported results, optionally of one method, dataset and metric (seed works first)."""
    if metric is not None and metric not in RESULT_METRICS:
        raise UnknownTermError("metric", metric, _close(metric, RESULT_METRICS))
    method_iri = str(kg.resolve_method(method).iri) if method is not None else None
    dataset_iri = str(kg.vocabulary.resolve_value("dataset", dataset)) if dataset is not None else None
    return result_rows(kg.query("results").records(), method_iri, dataset_iri, metric)


def result_rows(
    records: list[dict[str, Any]],
    method_iri: str | None = None,
    dataset_iri: str | None = None,
    metric: str | None = None,
) -> list[ResultRow]:
    """Return the results among the `results` query's records, optionally of one method, dataset and metric
    (given as IRIs and a metric name, already checked), seed works first."""
    rows = []
    for r in records:
        if method_iri and r["method"] != method_iri:
            continue
        if dataset_iri and r["dataset"] != dataset_iri:
            continue
        if metric and r["metric"] != metric:
            continue
        rows.append(
            ResultRow(
                r["method_label"] or r["method"],
                r["dataset_label"] or r["dataset"],
                r["metric"],
                str(r["value"]),
                r["unit"],
                _opt(r["spread"]),
                _opt(r["setting"]),
                r["source"],
                _opt(r["locator"]),
                r["origin"],
                r["method"],
                r["ref"],
            )
        )
    return sorted(rows, key=lambda x: (x.ref is None, x.ref or 0, x.method.casefold(), x.dataset.casefold(), x.metric))


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _close(name: str, options: Sequence[str]) -> list[str]:
    import difflib

    starts = [o for o in options if o.startswith(name)]
    return starts or difflib.get_close_matches(name, options, n=3, cutoff=0.4)


@dataclass(frozen=True)
class ParetoPoint:
    """A method's best error on a dataset and its smallest search cost (GPU-days) or parameter count."""

    method: str
    method_iri: str
    error: Decimal
    x: Decimal
    on_front: bool


def pareto(kg: KnowledgeGraph, dataset: str, axis: str = "search_cost") -> list[ParetoPoint]:
    """Return every method's point (best error, smallest x) on a dataset, marking the Pareto front.

    Declared conversions only: accuracy counts as 100 - accuracy; GPU-hours as hours / 24. The front
    equals that of the canned queries pareto-error-search-cost and pareto-error-params (tested).
    """
    if axis not in PARETO_AXES:
        raise UnknownTermError("Pareto axis", axis, list(PARETO_AXES))
    dataset_label = kg.label(kg.vocabulary.resolve_value("dataset", dataset))
    errors: dict[str, Decimal] = {}
    xs: dict[str, Decimal] = {}
    labels: dict[str, str] = {}
    for row in results(kg):
        labels[row.method_iri] = row.method
        value = Decimal(row.value.replace(",", ""))
        if row.dataset == dataset_label and row.metric in ERROR_METRICS:
            error = Decimal(100) - value if ERROR_METRICS[row.metric] else value
            errors[row.method_iri] = min(error, errors.get(row.method_iri, error))
        if axis == "search_cost" and row.metric == "search_cost":
            days = value / 24 if row.unit == "gpu_hours" else value
            xs[row.method_iri] = min(days, xs.get(row.method_iri, days))
        if axis == "params" and row.metric == "params" and row.dataset == dataset_label:
            xs[row.method_iri] = min(value, xs.get(row.method_iri, value))
    points = [(m, errors[m], xs[m]) for m in errors if m in xs]
    out = []
    for m, e, x in points:
        dominated = any(o != m and e2 <= e and x2 <= x and (e2 < e or x2 < x) for o, e2, x2 in points)
        out.append(ParetoPoint(labels[m], m, e, x, not dominated))
    return sorted(out, key=lambda p: (p.x, p.error, p.method.casefold()))


def best_under_budget(kg: KnowledgeGraph, budget: float) -> list[dict[str, object]]:
    """Return the lowest top-1 error per dataset among methods whose search cost fits the budget (GPU-days)."""
    if not budget >= 0 or budget == float("inf"):
        raise InputError(f"--budget must be a non-negative number of GPU-days, got {budget!r}")
    return best_of(kg.query("results").records(), budget)


def best_of(rows: list[dict[str, Any]], budget: float) -> list[dict[str, object]]:
    """Return the lowest top-1 error per dataset among the `results` query's records whose method's search
    cost fits the budget (GPU-days, already checked).

    The same answer as the canned query best-under-budget (tested), computed from the results: Virtuoso
    does not finish that query's join of two grouped subqueries.
    """
    cost: dict[str, Decimal] = {}
    for r in rows:
        if r["metric"] == "search_cost":
            days = _number(r["value"]) / (24 if r["unit"] == "gpu_hours" else 1)
            cost[r["method"]] = min(days, cost.get(r["method"], days))
    fits = {m for m, days in cost.items() if days <= Decimal(str(budget))}
    candidates = []
    for r in rows:
        if r["method"] in fits and r["metric"] in ERROR_METRICS:
            value = _number(r["value"])
            candidates.append((r, Decimal(100) - value if ERROR_METRICS[r["metric"]] else value))
    best: dict[str, Decimal] = {}
    for r, error in candidates:
        best[r["dataset"]] = min(error, best.get(r["dataset"], error))
    out = [
        {
            "dataset": r["dataset"],
            "dataset_label": r["dataset_label"],
            "method": r["method"],
            "label": r["method_label"],
            "error": _plain(error),
            "search_cost": _plain(cost[r["method"]]),
            "setting": _opt(r["setting"]),
            "source": r["source"],
        }
        for r, error in candidates
        if error == best[r["dataset"]]
    ]
    return sorted(out, key=lambda x: (str(x["dataset_label"]).lower(), str(x["label"]).lower(), str(x["source"])))


def _number(value: object) -> Decimal:
    return Decimal(str(value).replace(",", ""))


def _plain(number: Decimal) -> str:
    """Write a decimal without exponent or trailing zeros (2.760 -> 2.76, 17.0 -> 17)."""
    return format(number.quantize(Decimal("1e-12")).normalize(), "f")


@dataclass(frozen=True)
class Edge:
    """One sourced relation between two methods."""

    source_method: str
    relation: str
    target_method: str
    source: str
    locator: str | None
    problem: str | None
    from_iri: str
    to_iri: str

    def as_dict(self) -> dict[str, str | None]:
        """Return the public columns."""
        return {
            "from": self.source_method,
            "relation": self.relation,
            "to": self.target_method,
            "source": self.source,
            "locator": self.locator,
        }


def lineage(kg: KnowledgeGraph, method: str | None = None, depth: int = 0) -> list[Edge]:
    """Return every edge, or the edges into METHOD and, with depth N, N steps further out both ways."""
    if depth < 0:
        raise InputError(f"--depth must be 0 or more, got {depth}")
    edges = [
        Edge(
            r["from_label"] or r["from"],
            r["relation"],
            r["to_label"] or r["to"],
            r["source"],
            _opt(r["locator"]),
            _opt(r["problem"]),
            r["from"],
            r["to"],
        )
        for r in kg.query("lineage-edges").records()
    ]
    if method is None:
        return edges
    target = str(kg.resolve_method(method).iri)
    chosen = [e for e in edges if e.to_iri == target]
    reached = {target} | {e.from_iri for e in chosen}
    frontier = reached - {target}
    touching: dict[str, list[Edge]] = defaultdict(list)
    for e in edges:
        touching[e.from_iri].append(e)
        touching[e.to_iri].append(e)
    seen = {id(e) for e in chosen}
    for _ in range(depth):
        new_nodes: set[str] = set()
        for node in frontier:
            for e in touching[node]:
                if id(e) not in seen:
                    seen.add(id(e))
                    chosen.append(e)
                    new_nodes |= {e.from_iri, e.to_iri} - reached
        reached |= new_nodes
        frontier = new_nodes
    order = {id(e): i for i, e in enumerate(edges)}
    return sorted(chosen, key=lambda e: order[id(e)])


def lineage_dot(edges: Sequence[Edge], title: str = "nas-kg lineage") -> str:
    """Draw edges as a Graphviz family tree (newer method above the one it builds on)."""
    styles = {
        "extends": 'color="#0b5cad"',
        "improves_on": 'color="#b00020", style=bold',
        "compares_against": 'color="#999999", style=dashed',
        "reuses_search_space_of": 'color="#2e7d32", style=dotted',
    }
    nodes = sorted({(e.from_iri, e.source_method) for e in edges} | {(e.to_iri, e.target_method) for e in edges})
    ids = {iri: f"m{i}" for i, (iri, _) in enumerate(nodes)}
    lines = [
        "digraph lineage {",
        f"  label={_dot(title)};",
        "  rankdir=BT;",
        '  node [shape=box, fontname="Helvetica"];',
    ]
    lines += [f"  {ids[iri]} [label={_dot(label)}];" for iri, label in nodes]
    for e in edges:
        name = e.relation.replace("_", " ") + (f": {e.problem}" if e.problem else "")
        lines.append(f"  {ids[e.from_iri]} -> {ids[e.to_iri]} [label={_dot(name)}, {styles.get(e.relation, '')}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def relation_counts(edges: Sequence[Edge]) -> dict[str, int]:
    """Count edges per relation, in the registry's order."""
    return {r: sum(1 for e in edges if e.relation == r) for r in LINEAGE_RELATIONS}


def repositories(kg: KnowledgeGraph) -> dict[URIRef, str]:
    """Return each method's official code repository."""
    return {URIRef(r["method"]): str(r["repository"]) for r in kg.query("code-repositories").records()}
