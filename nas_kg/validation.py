"""Validate the graph with the SHACL shapes (pyshacl) and return a typed report."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from nas_kg import resources
from nas_kg.errors import InputError
from nas_kg.graph import KnowledgeGraph
from nas_kg.model import FACET_BY_PROPERTY
from nas_kg.namespaces import SH
from nas_kg.terms import local_name

REPORTS_PATH = URIRef("https://w3id.org/nas-kg/shapes/reportsPath")
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


def validate(kg: KnowledgeGraph, focus: Iterable[URIRef] | None = None, data: Graph | None = None) -> ValidationReport:
    """Validate the graph against the bundled shapes; with focus, report only those nodes' results.

    The shapes look only at a method's own triples and at the ontology, so a caller that validates a
    few new methods can pass ``data`` = ontology + those methods instead of the whole graph.
    (pyshacl's own focus_nodes option evaluates the nested sh:not/sh:qualifiedValueShape shapes on
    the wrong node, so it is not used.)
    """
    import pyshacl

    shapes = shapes_graph()
    data_graph = data if data is not None else kg.rdflib_graph()
    _conforms, report_graph, text = pyshacl.validate(
        data_graph,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    if not isinstance(report_graph, Graph):
        raise InputError(f"the SHACL shapes cannot be used: {str(text).strip().splitlines()[-1]}")
    report = _report(report_graph, data_graph, kg, shapes)
    if focus is not None:
        wanted = {str(f) for f in focus}
        report.results = [r for r in report.results if r.focus in wanted]
    return report


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
                str(shape) if isinstance(shape, URIRef) else _shape_name(report, shape),
                suggestions,
            )
        )
        label = data.value(focus, RDFS.label)  # type: ignore[arg-type]
        if label is not None:
            out.labels[str(focus)] = str(label)
    out.results.sort(key=lambda r: (r.focus, r.severity != "Violation", r.path or "", r.value or "", r.message))
    return out


def _suggest(kg: KnowledgeGraph, value: URIRef, path: Node | None) -> tuple[str, ...]:
    spec = FACET_BY_PROPERTY.get(URIRef(str(path))) if path is not None else None
    pool = kg.vocabulary.facet_values(spec.name) if spec else list(kg.vocabulary.labels)
    return tuple(kg.vocabulary.suggest(local_name(value), pool))


def _str(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _shape_name(report: Graph, shape: Node | None) -> str:
    """Name a blank-node property shape by its path, since it has no IRI."""
    return "property shape" if shape is None else f"property shape ({report.value(shape, SH.path) or '?'})"
