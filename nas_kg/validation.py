"""Validate the graph with the SHACL shapes (pyshacl) and return a typed report."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from nas_kg import resources
from nas_kg.errors import InputError
from nas_kg.graph import KnowledgeGraph
from nas_kg.model import FACET_BY_PROPERTY
from nas_kg.namespaces import SH
from nas_kg.queries import get_query
from nas_kg.registries import SHACL_ENGINES
from nas_kg.terms import local_name

REPORTS_PATH = URIRef("https://w3id.org/nas-kg/shapes/reportsPath")
_STORE = resources.queries_dir() / "store"
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with its severity kept."""

    severity: str
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str
    suggestions: tuple[str, ...] = ()

    @property
    def facet(self) -> str | None:
        """Name the facet of the result's path, where it is one."""
        spec = FACET_BY_PROPERTY.get(URIRef(self.path)) if self.path else None
        return spec.name if spec else (local_name(self.path) if self.path else None)


@dataclass
class ValidationReport:
    """The outcome of a validation: results sorted by focus node, and the SHACL report graph."""

    results: list[ValidationResult] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def violations(self) -> list[ValidationResult]:
        """Return the results of severity Violation."""
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        """Return the results of severity Warning."""
        return [r for r in self.results if r.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        """Tell whether there is no violation (warnings do not count)."""
        return not self.violations

    def by_focus(self) -> dict[str, list[ValidationResult]]:
        """Group the results by focus node (the method), in a stable order."""
        out: dict[str, list[ValidationResult]] = defaultdict(list)
        for result in self.results:
            out[result.focus].append(result)
        return dict(out)


def shapes_graph() -> Graph:
    """Parse every bundled shapes file into one graph."""
    graph = Graph()
    for path in resources.shapes_files():
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser error types
            raise InputError(f"{path}: malformed shapes file: {exc}") from exc
    return graph


ENGINES = SHACL_ENGINES


def validate(
    kg: KnowledgeGraph,
    focus: Iterable[URIRef] | None = None,
    data: Graph | None = None,
    engine: str = "auto",
) -> ValidationReport:
    """Validate the graph against the bundled shapes; with focus, report only those nodes' results.

    With focus and the native engine, the report graph too holds only those nodes' results.

    ``engine="native"`` evaluates the shapes with nas-kg's own SHACL Core subset engine (fast; reads
    the store with bulk queries), ``"pyshacl"`` with pyshacl (the reference), ``"auto"`` native unless
    the shapes use something it does not support. Both give the same results (tested).
    The shapes look only at a node's own triples and at the ontology, so a caller that validates a
    few new methods can pass ``data`` = ontology + those methods instead of the whole graph.
    """
    if engine not in ENGINES:
        raise InputError(f"unknown validation engine {engine!r} (choose from {', '.join(ENGINES)})")
    shapes = shapes_graph()
    report: ValidationReport | None = None
    if engine in ("auto", "native"):
        from nas_kg import fastshacl

        try:
            compiled = fastshacl.compile_shapes(shapes)
        except fastshacl.Unsupported:
            if engine == "native":
                raise
        else:
            source = fastshacl.Data.from_graph(data) if data is not None else _store_data(kg, compiled)
            results = fastshacl.run(compiled, source)
            if focus is not None:  # convert (suggestions, report graph) only the results the caller keeps
                focus = list(focus)
                kept = {str(f) for f in focus}
                results = [r for r in results if str(r.focus) in kept]
            conforms = not any(r.severity == SH.Violation for r in results)
            report = _from_results(results, fastshacl.report_graph(results, conforms), source, kg, shapes)
    if report is None:
        report = _pyshacl(kg, shapes, data)
    if focus is not None:
        wanted = {str(f) for f in focus}
        report.results = [r for r in report.results if r.focus in wanted]
    return report


def _store_data(kg: KnowledgeGraph, shapes: list[Any]) -> Any:
    """Read what the native engine needs from the store: types, the class hierarchy, focus triples."""
    from nas_kg import fastshacl

    def rows(name: str, **params: str) -> list[tuple[Any, ...]]:
        query = get_query(_STORE / name)
        return list(kg.store.select_raw(query.text, kg.bind(query, params)))

    data = fastshacl.Data()
    for node, cls in rows("rdf-types.rq"):
        data.types[node].add(cls)
    for sub, sup in rows("subclass-pairs.rq"):
        data.supers[sub].add(sup)
    data.close()
    targets = {t for shape in shapes for t in shape.targets}
    direct = {c for types in data.types.values() for c in types}
    wanted = {c for c in direct if c in targets or targets & data.supers.get(c, set())}
    for cls in sorted(wanted, key=str):
        for s, p, o in rows("triples-of-type.rq", type=str(cls)):
            values = data.out[s][p]
            if o not in values:
                values.append(o)
    return data


def _pyshacl(kg: KnowledgeGraph, shapes: Graph, data: Graph | None) -> ValidationReport:
    # pyshacl's own focus_nodes option evaluates nested sh:not/sh:qualifiedValueShape on the wrong
    # node, so callers narrow the data instead.
    import pyshacl

    data_graph = data if data is not None else kg.rdflib_graph()
    _conforms, report_graph, text = pyshacl.validate(
        data_graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if not isinstance(report_graph, Graph):
        raise InputError(f"the SHACL shapes cannot be used: {str(text).strip().splitlines()[-1]}")
    return _report(report_graph, data_graph, kg, shapes)


def _from_results(results: list[Any], graph: Graph, data: Any, kg: KnowledgeGraph, shapes: Graph) -> ValidationReport:
    out = ValidationReport(graph=graph)
    from nas_kg.fastshacl import cooked

    label_key = str(RDFS.label)
    for r in results:
        path = cooked(r.path) if r.path is not None else shapes.value(r.shape, REPORTS_PATH)
        value = cooked(r.value) if r.value is not None else None
        suggestions: tuple[str, ...] = ()
        if (
            isinstance(value, URIRef)
            and not data.out.get(r.value, {}).get(label_key)
            and value not in kg.vocabulary.labels
        ):
            suggestions = _suggest(kg, value, path)
        out.results.append(
            ValidationResult(
                SEVERITIES.get(r.severity, "Violation"),
                str(r.focus),
                _str(path),
                _str(value),
                r.message,
                str(r.shape) if isinstance(r.shape, URIRef) else _shape_name(shapes, r.shape),
                suggestions,
            )
        )
        labels = data.out.get(r.focus, {}).get(label_key)
        if labels:
            out.labels[str(r.focus)] = str(labels[0])
    out.results.sort(key=_order)
    return out


def _order(r: ValidationResult) -> tuple[str, bool, str, str, str]:
    return (r.focus, r.severity != "Violation", r.path or "", r.value or "", r.message)


def _report(report: Graph, data: Graph, kg: KnowledgeGraph, shapes: Graph) -> ValidationReport:
    out = ValidationReport(graph=report)
    for node in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(node, SH.focusNode)
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        severity_node = report.value(node, SH.resultSeverity)
        severity = SEVERITIES.get(severity_node, "Violation") if isinstance(severity_node, URIRef) else "Violation"
        message = str(report.value(node, SH.resultMessage) or "")
        shape = report.value(node, SH.sourceShape)
        if path is None and shape is not None:
            path = shapes.value(shape, REPORTS_PATH)
        suggestions: tuple[str, ...] = ()
        if value is not None and isinstance(value, URIRef) and data.value(value, RDFS.label) is None:
            suggestions = _suggest(kg, value, path)
        out.results.append(
            ValidationResult(
                severity,
                str(focus),
                _str(path),
                _str(value),
                message,
                str(shape) if isinstance(shape, URIRef) else _shape_name(shapes, shape),
                suggestions,
            )
        )
        label = data.value(focus, RDFS.label)  # type: ignore[arg-type]
        if label is not None:
            out.labels[str(focus)] = str(label)
    out.results.sort(key=_order)
    return out


def _suggest(kg: KnowledgeGraph, value: URIRef, path: Node | None) -> tuple[str, ...]:
    spec = FACET_BY_PROPERTY.get(URIRef(str(path))) if path is not None else None
    pool = kg.vocabulary.facet_values(spec.name) if spec else list(kg.vocabulary.labels)
    return tuple(kg.vocabulary.suggest(local_name(value), pool))


def _str(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _shape_name(graph: Graph, shape: Node | None) -> str:
    """Name a blank-node shape by its path, since it has no IRI (the same in every report)."""
    return "property shape" if shape is None else f"property shape ({graph.value(shape, SH.path) or '?'})"
