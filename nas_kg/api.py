"""The typed Python API: one function per CLI command (the CLI only parses options and renders these).

Heavy services (owlready2, pyshacl, matplotlib) are imported inside the function that needs them, so
``import nas_kg`` and ``nas-kg --help`` stay fast.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from nas_kg.adhoc import SparqlAnswer, SparqlQuery
    from nas_kg.analysis import CoverageRow, GapCell, Neighbour, Table
    from nas_kg.comparisons import Edge, ParetoPoint, ResultRow
    from nas_kg.curation import AddResult
    from nas_kg.graph import KnowledgeGraph, MethodRef
    from nas_kg.local_endpoint import Endpoint
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
    whole_timeout: bool = False,
) -> KnowledgeGraph:
    """Load the bundled graph plus data files (or connect to an endpoint) and return it.

    ``timeout`` bounds each operation on the endpoint, or, with ``whole_timeout``, everything done
    through the returned graph (the CLI's --timeout bounds the whole command).
    """
    from nas_kg.graph import KnowledgeGraph

    return KnowledgeGraph.load(
        data,
        seed_only=seed_only,
        bundled_works=bundled_works,
        endpoint=endpoint,
        update_endpoint=update_endpoint,
        graph=graph,
        timeout=timeout,
        whole_timeout=whole_timeout,
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


def read_sparql(source: str, stdin: TextIO | None = None) -> SparqlQuery:
    """Read a SPARQL query given as text, '-' (read from stdin) or a .rq file; refuse updates."""
    from nas_kg.adhoc import read_query

    return read_query(source, stdin)


def run_sparql(kg: KnowledgeGraph, query: str | SparqlQuery) -> SparqlAnswer:
    """Run any SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) as written; updates are refused."""
    from nas_kg.adhoc import read_query, run

    return run(kg, read_query(query) if isinstance(query, str) else query)


def sparql_output(answer: SparqlAnswer, fmt: str | None = None, width: int | None = None) -> bytes:
    """Serialise a SPARQL answer: rows as text/csv/tsv/json, ASK as true/false, graphs as turtle/nt/json-ld."""
    from nas_kg.adhoc import output_format, serialise

    return serialise(answer, output_format(answer.form, fmt), width)


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


def check_output(path: Path) -> Path:
    """Check that a file can be written (an existing folder, not a folder itself, not a bundled file)."""
    from nas_kg.graph import check_target

    check_target(Path(path))
    return Path(path)


def check_plot(path: Path) -> Path:
    """Check that a plot can be written to a path (.png or .svg, existing folder, matplotlib installed)."""
    from nas_kg.plots import check_plot_target

    check_plot_target(Path(path))
    return Path(path)


def gap_heatmap(cells: Sequence[GapCell], facets: Sequence[str], suffix: str) -> bytes:
    """Draw a gap matrix as a heatmap (.png or .svg)."""
    from nas_kg.plots import gap_heatmap as run

    return run(cells, tuple(facets), suffix)


def coverage_chart(rows: Sequence[CoverageRow], suffix: str) -> bytes:
    """Draw the coverage counts as a bar chart (.png or .svg)."""
    from nas_kg.plots import coverage_chart as run

    return run(list(rows), suffix)


def diagram(suffix: str = ".dot", view: str = "taxonomy") -> bytes:
    """Draw the taxonomy or the design flow (view="flow") as Graphviz DOT, or rendered to .svg/.png."""
    from nas_kg.flow import flow_dot
    from nas_kg.plots import render_dot, taxonomy_dot
    from nas_kg.rdfio import tbox_graph

    dot = flow_dot(tbox_graph()) if view == "flow" else taxonomy_dot(tbox_graph())
    return dot.encode() if suffix == ".dot" else render_dot(dot, suffix)


def results(
    kg: KnowledgeGraph, method: str | None = None, dataset: str | None = None, metric: str | None = None
) -> list[ResultRow]:
    """Return the reported results, optionally of one method, dataset and metric."""
    from nas_kg.comparisons import results as run

    return run(kg, method, dataset, metric)


def pareto(kg: KnowledgeGraph, dataset: str, axis: str = "search_cost") -> list[ParetoPoint]:
    """Return each method's best error and smallest search cost (or parameters) on a dataset, front marked."""
    from nas_kg.comparisons import pareto as run

    return run(kg, dataset, axis)


def pareto_plot(points: Sequence[ParetoPoint], dataset: str, axis: str, suffix: str) -> bytes:
    """Draw a Pareto scatter plot (.png or .svg), points labelled by method."""
    from nas_kg.plots import pareto_scatter

    return pareto_scatter(points, dataset, axis, suffix)


def best_under_budget(kg: KnowledgeGraph, budget: float) -> list[dict[str, Any]]:
    """Return the lowest top-1 error per dataset among methods whose search cost fits a GPU-day budget."""
    from nas_kg.comparisons import best_under_budget as run

    return run(kg, budget)


def lineage(kg: KnowledgeGraph, method: str | None = None, depth: int = 0) -> list[Edge]:
    """Return every lineage edge, or those into a method and, with depth N, N steps further out."""
    from nas_kg.comparisons import lineage as run

    return run(kg, method, depth)


def lineage_dot(edges: Sequence[Edge], title: str = "nas-kg lineage") -> str:
    """Draw lineage edges as a Graphviz family tree."""
    from nas_kg.comparisons import lineage_dot as run

    return run(edges, title)


def push(kg: KnowledgeGraph, config: EndpointConfig, *, inferred: bool = False) -> int:
    """Replace the endpoint's target graph with the graph as one unit; return the triples published."""
    from nas_kg.endpoints import push as run

    return run(kg, config, inferred=inferred)


def pull(config: EndpointConfig, output: Path, fmt: str = "turtle") -> Path:
    """Download an endpoint's graph to a file in a format, atomically."""
    from nas_kg.endpoints import pull as run

    return run(config, output, fmt)


def output_format(path: Path, fmt: str | None, what: str) -> str:
    """Return the RDF format to write a file in (from --format or its suffix); refuse a suffix --data cannot read."""
    from nas_kg.fileio import rdf_output_format

    return rdf_output_format(path, fmt, what)


def check_rdf_suffix(path: Path, what: str, *, datasets: bool = False) -> None:
    """Refuse an output file whose suffix --data could not read back (TriG and N-Quads with datasets=True)."""
    from nas_kg.fileio import check_rdf_output
    from nas_kg.serialize import DATASET_SUFFIXES, SUFFIXES

    check_rdf_output(path, [*SUFFIXES, *(DATASET_SUFFIXES if datasets else ())], what)


def turtle(graph: Any) -> bytes:
    """Serialise an rdflib graph as canonical Turtle."""
    from nas_kg.serialize import turtle as run

    return run(graph)


def serve(kg: KnowledgeGraph, *, host: str = "127.0.0.1", port: int = 7878) -> AbstractContextManager[Endpoint]:
    """Serve the graph as a read-only SPARQL 1.1 endpoint with a query page, for the duration of a with-block."""
    from nas_kg.local_endpoint import serving

    return serving(kg, host=host, port=port)


def check_serve(*, host: str = "127.0.0.1", port: int = 7878) -> int:
    """Check, before a graph is loaded, that ``serve`` can run: the Oxigraph server is installed and the port
    can be bound. Return the port (a free one for 0); raise EnvironmentMissingError or InputError."""
    from nas_kg.local_endpoint import check_serving

    return check_serving(host, port)


def qc_checks(ids: Sequence[str] = ()) -> list[Check]:
    """Return the bundled quality checks (or those with the given ids)."""
    from nas_kg.publish.qc import select_checks

    return select_checks(ids)


def qc(
    kg: KnowledgeGraph | None = None,
    files: Sequence[Path] = (),
    checks: Sequence[Check] | None = None,
    profile: str = "auto",
) -> QcReport:
    """Run the quality checks on the graph, or on RDF files on their own (profile: auto, owlapi, structural)."""
    from nas_kg.publish.qc import load_files, run_checks

    target = load_files(files) if files else kg
    if target is None:
        from nas_kg.graph import KnowledgeGraph

        target = KnowledgeGraph.load()
    return run_checks(target, checks, profile=profile)


def docs(kg: KnowledgeGraph, folder: Path) -> DocSite:
    """Write HTML documentation into a folder (created if missing)."""
    from nas_kg.publish.docs import build_docs

    with _new_folder(folder):
        return build_docs(kg, folder)


def release(kg: KnowledgeGraph, folder: Path) -> Release:
    """Write the release artefacts and manifest.json into a folder (created if missing)."""
    from nas_kg.publish.release import build_release

    with _new_folder(folder):
        return build_release(kg, folder)


@contextmanager
def _new_folder(folder: Path) -> Iterator[None]:
    """Create a folder (and its parents) for a build; if the build fails or is interrupted, remove what
    this call created, so that no empty or half-filled folder is left behind. A folder that existed is kept."""
    from nas_kg.errors import InputError

    folder = Path(folder)
    created = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{folder}: cannot create folder: {exc.strerror or exc}") from exc
    try:
        yield
    except BaseException:
        if created:
            shutil.rmtree(created[-1], ignore_errors=True)
        raise
