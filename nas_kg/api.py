"""The typed Python API: one function per CLI command (the CLI only parses options and renders these).

Heavy services (owlready2, pyshacl, matplotlib) are imported inside the function that needs them, so
``import nas_kg`` and ``nas-kg --help`` stay fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nas_kg.analysis import CoverageRow, GapCell, Neighbour, Table
    from nas_kg.curation import AddResult
    from nas_kg.graph import KnowledgeGraph, MethodRef
    from nas_kg.publish.docs import DocSite
    from nas_kg.publish.qc import Check, QcReport
    from nas_kg.publish.release import Release
    from nas_kg.queries import CannedQuery
    from nas_kg.reasoning import Explanation, ReasoningResult
    from nas_kg.stores import QueryResult
    from nas_kg.stores.remote import EndpointConfig
    from nas_kg.validation import ValidationReport


def load(
    data: Iterable[str | Path] = (),
    *,
    seed_only: bool = False,
    bundled_works: bool = True,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    graph: str | None = None,
    timeout: float = 30.0,
) -> KnowledgeGraph:
    """Load the bundled graph plus data files (or connect to an endpoint) and return it."""
    from nas_kg.graph import KnowledgeGraph

    return KnowledgeGraph.load(
        data,
        seed_only=seed_only,
        bundled_works=bundled_works,
        endpoint=endpoint,
        update_endpoint=update_endpoint,
        graph=graph,
        timeout=timeout,
    )


def report(kg: KnowledgeGraph) -> str:
    """Return the overview `nas-kg report` prints."""
    from nas_kg.overview import build_report

    return build_report(kg)


def table(kg: KnowledgeGraph, which: str) -> Table:
    """Return Table I ('manual') or Table II ('automatic') of the seed paper, rebuilt from the graph."""
    from nas_kg.analysis import seed_table

    return seed_table(kg, which)


def export(kg: KnowledgeGraph, fmt: str = "turtle") -> bytes:
    """Serialise the whole graph in an export format (turtle, nt, xml, json-ld)."""
    return kg.serialize(fmt)


def write(path: Path, payload: bytes) -> Path:
    """Write bytes to a file atomically (never into the bundled files)."""
    from nas_kg.graph import write_atomic

    write_atomic(path, payload)
    return path


def validate(kg: KnowledgeGraph, engine: str = "auto") -> ValidationReport:
    """Validate the graph with the bundled SHACL shapes; returns a typed ValidationReport."""
    from nas_kg.validation import validate as run

    return run(kg, engine=engine)


def add_methods(
    kg: KnowledgeGraph, records_file: str | Path, into: str | Path = "nas-kg-works.ttl", *, replace: bool = False
) -> AddResult:
    """Validate YAML method records and append them to a works file; raises RecordError with every problem."""
    from nas_kg.curation import add_methods as run

    return run(kg, Path(records_file), Path(into), replace=replace)


def template() -> str:
    """Return the commented example of the YAML record format."""
    from nas_kg.records import TEMPLATE

    return TEMPLATE


def reason(kg: KnowledgeGraph, reasoner: str = "auto") -> ReasoningResult:
    """Infer every method's categories; raises InconsistentGraphError naming methods and axioms."""
    from nas_kg.reasoning import reason as run

    return run(kg, reasoner=reasoner)


def materialize(kg: KnowledgeGraph, reasoner: str = "owlrl") -> ReasoningResult:
    """Run a reasoner and add its inferred memberships to the graph's store."""
    from nas_kg.reasoning import materialize as run

    return run(kg, reasoner=reasoner)


def inferred_document(kg: KnowledgeGraph, result: ReasoningResult, suffix: str) -> bytes:
    """Serialise asserted and inferred triples for a file with this suffix (.trig keeps them apart)."""
    from nas_kg.reasoning import inferred_document as run

    return run(kg, result, suffix)


def explain(
    kg: KnowledgeGraph, method: str | int | None = None, *, ref: int | None = None, reasoner: str = "owlrl"
) -> tuple[MethodRef, list[Explanation]]:
    """Explain why a method belongs to each of its categories."""
    from nas_kg.reasoning import explain as run

    target = kg.resolve_method(method, ref=ref)
    return target, run(kg, target.iri, reason(kg, reasoner))


def methods(
    kg: KnowledgeGraph,
    category: str | None = None,
    reasoner: str = "owlrl",
    notes: list[str] | None = None,
    **facet_filters: str | Sequence[str],
) -> list[MethodRef]:
    """List methods, optionally of a category (asserted or inferred) and with given facet values.

    The reasoner's notes (e.g. that the fast path fell back to a complete engine) go into ``notes``.
    """
    from nas_kg.analysis import methods_of_category, methods_with

    found = methods_with(kg, **facet_filters)
    if category is None:
        return found
    members = methods_of_category(kg, category, reasoner=reasoner, notes=notes)
    if not facet_filters:
        return members
    keep = {m.iri for m in found}
    return [m for m in members if m.iri in keep]


def canned_queries() -> dict[str, CannedQuery]:
    """Return the canned queries by name."""
    from nas_kg.queries import catalogue

    return catalogue()


def query(kg: KnowledgeGraph, name_or_path: str | Path, **params: Any) -> QueryResult:
    """Run a canned query (or a .rq file) with parameters given as labels, names or values."""
    return kg.query(name_or_path, **params)


def similar(
    kg: KnowledgeGraph, method: str | int | MethodRef, k: int = 5, weights: Mapping[str, float] | None = None
) -> list[Neighbour]:
    """Return the k methods most similar to one (weighted Jaccard over facet values)."""
    from nas_kg.analysis import similar as run

    return run(kg, method, k=k, weights=weights)


def gaps(kg: KnowledgeGraph, *facets: str) -> list[GapCell]:
    """Return the gap matrix of two facets, or the unexplored triples of three."""
    from nas_kg.analysis import gaps as run

    return run(kg, *facets)


def coverage(kg: KnowledgeGraph, *facets: str) -> list[CoverageRow]:
    """Return how many methods use each value of each facet, zeros included."""
    from nas_kg.analysis import coverage as run

    return run(kg, list(facets) or None)


def gap_heatmap(cells: Sequence[GapCell], facets: Sequence[str], suffix: str) -> bytes:
    """Draw a gap matrix as a heatmap (.png or .svg)."""
    from nas_kg.plots import gap_heatmap as run

    return run(cells, tuple(facets), suffix)


def coverage_chart(rows: Sequence[CoverageRow], suffix: str) -> bytes:
    """Draw the coverage counts as a bar chart (.png or .svg)."""
    from nas_kg.plots import coverage_chart as run

    return run(list(rows), suffix)


def diagram(suffix: str = ".dot") -> bytes:
    """Draw the taxonomy as Graphviz DOT, or rendered to .svg/.png with Graphviz's dot."""
    from nas_kg.plots import render_dot, taxonomy_dot
    from nas_kg.rdfio import tbox_graph

    dot = taxonomy_dot(tbox_graph())
    return dot.encode() if suffix == ".dot" else render_dot(dot, suffix)


def push(kg: KnowledgeGraph, config: EndpointConfig, *, inferred: bool = False) -> int:
    """Replace the endpoint's target graph with the graph as one unit; return the triples published."""
    from nas_kg.endpoints import push as run

    return run(kg, config, inferred=inferred)


def pull(config: EndpointConfig, output: Path) -> Path:
    """Download an endpoint's graph to a file, atomically."""
    from nas_kg.endpoints import pull as run

    return run(config, output)


def qc_checks(ids: Sequence[str] = ()) -> list[Check]:
    """Return the bundled quality checks (or those with the given ids)."""
    from nas_kg.publish.qc import select_checks

    return select_checks(ids)


def qc(kg: KnowledgeGraph | None = None, files: Sequence[Path] = (), checks: Sequence[Check] | None = None) -> QcReport:
    """Run the quality checks on the graph, or on RDF files on their own."""
    from nas_kg.publish.qc import load_files, run_checks

    target = load_files(files) if files else kg
    if target is None:
        from nas_kg.graph import KnowledgeGraph

        target = KnowledgeGraph.load()
    return run_checks(target, checks)


def docs(kg: KnowledgeGraph, folder: Path) -> DocSite:
    """Write HTML documentation into a folder (created if missing)."""
    from nas_kg.publish.docs import build_docs

    _make_folder(folder)
    return build_docs(kg, folder)


def release(kg: KnowledgeGraph, folder: Path) -> Release:
    """Write the release artefacts and manifest.json into a folder (created if missing)."""
    from nas_kg.publish.release import build_release

    _make_folder(folder)
    return build_release(kg, folder)


def _make_folder(folder: Path) -> None:
    from nas_kg.errors import InputError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{folder}: cannot create folder: {exc.strerror or exc}") from exc
