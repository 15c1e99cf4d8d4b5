"""The nas-kg command line: thin commands over the API; the only place that prints and exits.

Exit codes: 0 success (or conforms), 1 problems found (violations, inconsistency, rejected records),
2 bad input or usage (unreadable file, unknown term, bad query, endpoint failure), 3 the environment
lacks something a command needs (e.g. Java for HermiT).
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from nas_kg import __version__
from nas_kg.errors import NasKgError, RecordError

F = TypeVar("F", bound=Callable[..., Any])
EXPORT_FORMATS = ("json-ld", "nt", "turtle", "xml")
#: The pictures `nas-kg diagram` draws (nas_kg.flow.DIAGRAM_VIEWS; kept here so --help imports no rdflib).
DIAGRAM_VIEWS = ("taxonomy", "flow")


class Context:
    """Options shared by every command."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug


def handle_errors(func: F) -> F:
    """Turn NasKgError into a one-line message and its exit code; --debug shows the traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        debug = bool(ctx.find_object(Context) and ctx.find_object(Context).debug)  # type: ignore[union-attr]
        try:
            return func(*args, **kwargs)
        except NasKgError as exc:
            if debug:
                traceback.print_exc()
            click.echo(f"error: {exc}", err=True)
            if isinstance(exc, RecordError) and len(exc.problems) > 1:
                for problem in exc.problems:
                    click.echo(f"  - {problem}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def endpoint_options(func: F) -> F:
    """Add --endpoint, --update-endpoint, --graph and --timeout; they reach load_graph via the context."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        ctx.meta["nas_kg.endpoint"] = {
            "endpoint": kwargs.pop("endpoint"),
            "update_endpoint": kwargs.pop("update_endpoint"),
            "graph": kwargs.pop("graph_iri"),
            "timeout": kwargs.pop("timeout"),
        }
        return func(*args, **kwargs)

    wrapper = click.option("--endpoint", metavar="URL", help="Read the graph from a SPARQL 1.1 endpoint.")(wrapper)
    wrapper = click.option("--update-endpoint", metavar="URL", help="The endpoint's SPARQL Update URL.")(wrapper)
    wrapper = click.option("--graph", "graph_iri", metavar="IRI", help="A named graph of the endpoint.")(wrapper)
    wrapper = click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=30.0,
        show_default=True,
        help="Seconds to wait for the endpoint.",
    )(wrapper)
    return wrapper  # type: ignore[return-value]


def graph_options(func: F) -> F:
    """Add the options every graph-reading command shares: --data, --seed-only and the endpoint options."""
    func = endpoint_options(func)
    func = click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="A works file to read beside the bundled graph (repeatable).",
    )(func)
    func = click.option("--seed-only", is_flag=True, help="Only the seed paper's 15 works (no curated methods).")(func)
    return func


def load_graph(data: tuple[Path, ...], seed_only: bool) -> Any:
    """Load the graph for a command: bundled + data files, or the endpoint given with --endpoint."""
    from nas_kg.graph import KnowledgeGraph

    remote = click.get_current_context().meta.get("nas_kg.endpoint") or {}
    if remote.get("endpoint"):
        return KnowledgeGraph.load(list(data), **remote)
    return KnowledgeGraph.load(list(data), seed_only=seed_only)


def emit(text: str, output: Path | None = None) -> None:
    """Print text, or write it atomically to a file."""
    if output is None:
        click.echo(text, nl=False)
        return
    from nas_kg.graph import write_atomic

    write_atomic(output, text.encode("utf-8"))
    click.echo(f"wrote {output}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nas-kg")
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """nas-kg: a knowledge graph of Neural Architecture Search methods.

    Exit codes: 0 success, 1 problems found, 2 bad input, 3 missing environment (e.g. Java).
    """
    ctx.obj = Context(debug)


@main.command()
@graph_options
@handle_errors
def report(data: tuple[Path, ...], seed_only: bool) -> None:
    """Print an overview of the graph: methods, facet coverage and the seed tables."""
    from nas_kg.report import build_report

    kg = load_graph(data, seed_only)
    click.echo(build_report(kg), nl=False)


@main.command()
@click.argument("which", type=click.Choice(["manual", "automatic"]))
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "markdown", "latex", "json"]), default="text")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@graph_options
@handle_errors
def table(which: str, fmt: str, output: Path | None, data: tuple[Path, ...], seed_only: bool) -> None:
    """Print Table I (manual) or Table II (automatic) of the seed paper, rebuilt from the graph."""
    from nas_kg.analysis import seed_table
    from nas_kg.render import render

    kg = load_graph(data, seed_only)
    result = seed_table(kg, which)
    emit(render(result.columns, result.rows, fmt, title=result.title if fmt != "csv" else ""), output)


@main.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@graph_options
@handle_errors
def export(fmt: str, output: Path | None, data: tuple[Path, ...], seed_only: bool) -> None:
    """Export the whole graph (ontology and works) as Turtle, JSON-LD, RDF/XML or N-Triples."""
    kg = load_graph(data, seed_only)
    payload = kg.serialize(fmt)
    if output is None:
        click.echo(payload.decode("utf-8"), nl=False)
    else:
        from nas_kg.graph import write_atomic

        write_atomic(output, payload)
        click.echo(f"wrote {output}", err=True)


# ---------------------------------------------------------------------- validation and curation
@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Warnings also make the exit code 1.")
@click.option(
    "--engine",
    type=click.Choice(["auto", "native", "pyshacl"]),
    default="auto",
    show_default=True,
    help="native: nas-kg's fast SHACL Core engine; pyshacl: the reference; auto: native where it can.",
)
@click.option("--seed-only", is_flag=True, help="Only the seed paper's 15 works (no curated methods).")
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A works file to validate beside the bundled graph (repeatable).",
)
@endpoint_options
@handle_errors
def validate(
    files: tuple[Path, ...], fmt: str, strict: bool, engine: str, seed_only: bool, data: tuple[Path, ...]
) -> None:
    """Validate the bundled graph, or the bundled ontology plus the given works FILES, with SHACL.

    --data FILE validates your works file together with the bundled works.
    Exit codes: 0 conforms, 1 violations (or warnings with --strict), 2 unreadable input.
    """
    from nas_kg.graph import KnowledgeGraph
    from nas_kg.validation import validate as run

    remote = click.get_current_context().meta.get("nas_kg.endpoint") or {}
    if remote.get("endpoint"):
        kg = KnowledgeGraph.load([*files, *data], **remote)
    else:
        kg = KnowledgeGraph.load([*files, *data], bundled_works=not files, seed_only=seed_only)
    report = run(kg, engine=engine)
    click.echo(render_validation(report, fmt), nl=False)
    failed = not report.conforms or (strict and report.warnings)
    sys.exit(1 if failed else 0)


def render_validation(report: Any, fmt: str) -> str:
    """Render a validation report: text grouped by method, JSON, or the SHACL report graph."""
    import json

    if fmt == "turtle":
        return str(report.graph.serialize(format="turtle"))
    if fmt == "json":
        rows = [
            {
                "severity": r.severity,
                "focus": r.focus,
                "label": report.labels.get(r.focus),
                "facet": r.facet,
                "path": r.path,
                "value": r.value,
                "message": r.message,
                "shape": r.shape,
                "suggestions": list(r.suggestions),
            }
            for r in report.results
        ]
        body = {"conforms": report.conforms, "violations": len(report.violations), "warnings": len(report.warnings)}
        return json.dumps({**body, "results": rows}, indent=2, ensure_ascii=False) + "\n"
    lines = []
    for focus, results in report.by_focus().items():
        label = report.labels.get(focus)
        lines.append(f"{label} <{focus}>" if label else f"<{focus}>")
        for r in results:
            where = f"{r.facet}: " if r.facet else ""
            value = f" [value: {r.value}]" if r.value else ""
            hint = f" (did you mean: {', '.join(r.suggestions)})" if r.suggestions else ""
            lines.append(f"  {r.severity}: {where}{r.message}{value}{hint}")
    verdict = "conforms" if report.conforms else "does not conform"
    lines.append(f"{verdict}: {len(report.violations)} violation(s), {len(report.warnings)} warning(s)")
    return "\n".join(lines) + "\n"


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--into",
    type=click.Path(path_type=Path),
    default=Path("nas-kg-works.ttl"),
    show_default=True,
    help="The works file to append to (never a bundled file).",
)
@click.option("--replace", is_flag=True, help="Replace a method of the same id, title or identifier in --into.")
@click.option("--template", is_flag=True, help="Print a commented example of the YAML record format.")
@graph_options
@handle_errors
def add(file: Path | None, into: Path, replace: bool, template: bool, data: tuple[Path, ...], seed_only: bool) -> None:
    """Add methods described in a YAML FILE to your works file, after validating them.

    Nothing is written unless every record is valid; all problems are listed at once (exit 1).
    """
    from nas_kg.records import TEMPLATE

    if template:
        click.echo(TEMPLATE, nl=False)
        return
    if file is None:
        raise click.UsageError("give a YAML FILE of method records, or --template")
    from nas_kg.curation import add_methods

    # the target file is read by add_methods itself (its methods may be replaced), not loaded twice
    kg = load_graph(tuple(p for p in data if p.resolve() != into.resolve()), seed_only)
    result = add_methods(kg, file, into, replace=replace)
    for iri in result.added:
        click.echo(f"added {iri}")
    for iri in result.replaced:
        click.echo(f"replaced {iri}")
    click.echo(f"wrote {result.into}", err=True)


# ---------------------------------------------------------------------- reasoning
REASONER_CHOICE = click.Choice(["auto", "hermit", "pellet", "owlrl", "reasonable", "owlrl-python"])


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--reasoner",
    type=REASONER_CHOICE,
    default="auto",
    show_default=True,
    help="hermit/pellet need Java; owlrl is the fast OWL 2 RL path; auto picks.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write asserted + inferred triples (.trig: inferred in their own graph; .ttl: marked).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True)
@graph_options
@handle_errors
def reason(
    files: tuple[Path, ...], reasoner: str, output: Path | None, fmt: str, data: tuple[Path, ...], seed_only: bool
) -> None:
    """Infer the categories of every method and print them (exit 1 if the graph is inconsistent)."""
    from nas_kg.reasoning import reason as run

    kg = load_graph(tuple(files) + data, seed_only)
    result = run(kg, reasoner=reasoner)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    index = {m.iri: m for m in kg.method_index}
    rows = []
    for iri in sorted(result.categories, key=lambda i: (index[i].ref or 999, index[i].label.casefold())):
        cats = sorted(kg.label(c) for c in result.categories[iri] if c != _nas("NASMethod"))
        rows.append({"ref": index[iri].ref, "work": index[iri].label, "categories": cats, "iri": str(iri)})
    from nas_kg.render import render

    click.echo(
        render(
            ["ref", "work", "categories", "iri"],
            rows,
            fmt,
            title=f"Inferred categories ({result.reasoner}, {result.seconds:.2f} s)",
        ),
        nl=False,
    )
    if output is not None:
        from nas_kg.graph import write_atomic
        from nas_kg.reasoning import inferred_document

        write_atomic(output, inferred_document(kg, result, output.suffix))
        click.echo(f"wrote {output}", err=True)


def _nas(local: str) -> Any:
    from nas_kg.namespaces import NAS

    return NAS[local]


@main.command()
@click.argument("method", required=False)
@click.option("--ref", type=int, help="The method's reference number in the seed paper.")
@click.option("--reasoner", type=REASONER_CHOICE, default="owlrl", show_default=True)
@graph_options
@handle_errors
def explain(method: str | None, ref: int | None, reasoner: str, data: tuple[Path, ...], seed_only: bool) -> None:
    """Explain why METHOD belongs to each of its categories: facet values and the axiom that fired."""
    from nas_kg.reasoning import explain as run_explain
    from nas_kg.reasoning import reason as run

    kg = load_graph(data, seed_only)
    target = kg.resolve_method(method, ref=ref) if (method or ref) else None
    if target is None:
        raise click.UsageError("give a METHOD or --ref")
    result = run(kg, reasoner=reasoner)
    click.echo(f"{target.label} <{target.iri}>")
    for item in run_explain(kg, target.iri, result):
        kind = "inferred" if item.inferred else "asserted"
        click.echo(f"  {kg.label(item.category)} ({kind})")
        click.echo(f"    because: {'; '.join(item.facts)}")
        click.echo(f"    axiom:   {item.axiom}")


@main.command()
@click.option("--category", required=True, help="A class of methods by label or local name.")
@click.option("--reasoner", type=REASONER_CHOICE, default="owlrl", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True)
@graph_options
@handle_errors
def methods(category: str, reasoner: str, fmt: str, data: tuple[Path, ...], seed_only: bool) -> None:
    """List the methods of a category, asserted or inferred (CSV columns: ref,work,year,iri)."""
    from nas_kg.analysis import methods_of_category
    from nas_kg.render import render

    kg = load_graph(data, seed_only)
    rows = [
        {"ref": m.ref, "work": m.label, "year": m.year, "iri": str(m.iri)}
        for m in methods_of_category(kg, category, reasoner=reasoner)
    ]
    click.echo(render(["ref", "work", "year", "iri"], rows, fmt), nl=False)


# ---------------------------------------------------------------------- queries and analysis
@main.command("queries")
@handle_errors
def list_queries() -> None:
    """List the canned queries with their purpose and parameters."""
    from nas_kg.queries import catalogue

    for query in catalogue().values():
        click.echo(f"{query.name}: {query.purpose}")
        for p in query.params:
            click.echo(f"    --param {p.name}=<{p.kind}>  {p.description}")


@main.command()
@click.argument("name")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "tsv"]), default="table", show_default=True)
@click.option("--infer", is_flag=True, help="Add the OWL 2 RL reasoner's inferred categories before querying.")
@graph_options
@handle_errors
def query(name: str, params: tuple[str, ...], fmt: str, infer: bool, data: tuple[Path, ...], seed_only: bool) -> None:
    """Run a canned query by NAME, or a SPARQL SELECT in a .rq file."""
    from nas_kg.errors import QueryError
    from nas_kg.render import render

    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise QueryError(f"--param takes KEY=VALUE, got {item!r}")
        values[key.strip()] = value
    kg = load_graph(data, seed_only)
    if infer:
        kg.materialize("owlrl")
    result = kg.query(name, **values)
    click.echo(render(result.columns, result.records(), "text" if fmt == "table" else fmt), nl=False)


@main.command()
@click.argument("method", required=False)
@click.option("--ref", type=int, help="The method's reference number in the seed paper.")
@click.option("-k", "k", type=click.IntRange(min=1), default=5, show_default=True, help="How many neighbours.")
@click.option("--weight", "weights", multiple=True, metavar="FACET=W", help="Per-facet weight (default 1).")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True)
@graph_options
@handle_errors
def similar(
    method: str | None,
    ref: int | None,
    k: int,
    weights: tuple[str, ...],
    fmt: str,
    data: tuple[Path, ...],
    seed_only: bool,
) -> None:
    """The K methods most similar to METHOD (weighted Jaccard over facet values).

    CSV columns: rank,work,ref,score,shared,different.
    """
    from nas_kg.analysis import similar as run
    from nas_kg.errors import InputError
    from nas_kg.render import render

    parsed = {}
    for item in weights:
        key, _, value = item.partition("=")
        try:
            parsed[key] = float(value)
        except ValueError as exc:
            raise InputError(f"--weight takes FACET=NUMBER, got {item!r}") from exc
    kg = load_graph(data, seed_only)
    if not method and ref is None:
        raise click.UsageError("give a METHOD or --ref")
    target = kg.resolve_method(method, ref=ref)
    rows = [
        {
            "rank": n.rank,
            "work": n.method.label,
            "ref": n.method.ref,
            "score": n.score,
            "shared": list(n.shared),
            "different": list(n.different),
        }
        for n in run(kg, target, k=k, weights=parsed)
    ]
    click.echo(
        render(
            ["rank", "work", "ref", "score", "shared", "different"],
            rows,
            fmt,
            title=f"Methods most similar to {target.label}" if fmt == "text" else "",
        ),
        nl=False,
    )


@main.command()
@click.argument("facets", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True)
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="Write a heatmap (.png or .svg).")
@click.option("--only-gaps", is_flag=True, help="Only the combinations no method uses.")
@graph_options
@handle_errors
def gaps(
    facets: tuple[str, ...], fmt: str, plot: Path | None, only_gaps: bool, data: tuple[Path, ...], seed_only: bool
) -> None:
    """The gap matrix of two FACETS (CSV: <facet1>,<facet2>,methods), or unexplored triples of three."""
    from nas_kg.analysis import gaps as run
    from nas_kg.render import render

    if len(facets) not in (2, 3):
        raise click.UsageError("give two facets (a matrix) or three (unexplored triples)")
    kg = load_graph(data, seed_only)
    cells = run(kg, *facets)
    if only_gaps:
        cells = [c for c in cells if c.methods == 0]
    rows = [{**dict(zip(facets, c.labels, strict=True)), "methods": c.methods} for c in cells]
    click.echo(render([*facets, "methods"], rows, fmt), nl=False)
    if plot is not None:
        from nas_kg.plots import gap_heatmap

        if len(facets) != 2:
            raise click.UsageError("--plot draws the matrix of two facets")
        _write_plot(plot, gap_heatmap(run(kg, *facets), facets, plot.suffix))


@main.command()
@click.option("--facet", "facet_names", multiple=True, help="Only these facets (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True)
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="Write a bar chart (.png or .svg).")
@graph_options
@handle_errors
def coverage(
    facet_names: tuple[str, ...], fmt: str, plot: Path | None, data: tuple[Path, ...], seed_only: bool
) -> None:
    """How many methods use each value of each facet, zeros included (CSV: facet,value,methods)."""
    from nas_kg.analysis import coverage as run
    from nas_kg.render import render

    kg = load_graph(data, seed_only)
    rows = run(kg, list(facet_names) or None)
    click.echo(
        render(
            ["facet", "value", "methods"],
            [{"facet": r.facet, "value": r.label, "methods": r.methods} for r in rows],
            fmt,
        ),
        nl=False,
    )
    if plot is not None:
        from nas_kg.plots import coverage_chart

        _write_plot(plot, coverage_chart(rows, plot.suffix))


def _write_plot(path: Path, payload: bytes) -> None:
    from nas_kg.graph import write_atomic

    write_atomic(path, payload)
    click.echo(f"wrote {path}", err=True)


@main.command()
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A .dot file, or .svg/.png (rendered with Graphviz's dot where it is installed).",
)
@click.option(
    "--view",
    type=click.Choice(DIAGRAM_VIEWS),
    default=DIAGRAM_VIEWS[0],
    show_default=True,
    help="taxonomy: stages, facets and categories; flow: the stages and steps in order, their dependencies "
    "and the evaluation loop (Fig. 1).",
)
@handle_errors
def diagram(output: Path, view: str) -> None:
    """Draw the taxonomy or the design flow as Graphviz DOT, or render it to SVG/PNG."""
    from nas_kg.build import tbox_graph
    from nas_kg.plots import render_dot, taxonomy_dot

    if view == "flow":
        from nas_kg.flow import flow_dot

        dot = flow_dot(tbox_graph())
    else:
        dot = taxonomy_dot(tbox_graph())
    _write_plot(output, dot.encode() if output.suffix == ".dot" else render_dot(dot, output.suffix))


# ---------------------------------------------------------------------- endpoints
@main.command()
@click.option("--endpoint", required=True, metavar="URL", help="The SPARQL 1.1 query endpoint.")
@click.option("--update-endpoint", metavar="URL", help="The SPARQL Update URL, if not the query URL.")
@click.option(
    "--store-endpoint",
    metavar="URL",
    help="A Graph Store Protocol URL (e.g. http://host:7878/store); uploads in one PUT instead of chunks.",
)
@click.option("--graph", "graph_iri", metavar="IRI", help="The named graph to replace (default: the default graph).")
@click.option("--inferred", is_flag=True, help="Also publish the OWL 2 RL reasoner's inferred categories.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True)
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A works file to publish beside the bundled graph (repeatable).",
)
@click.option("--seed-only", is_flag=True, help="Only the seed paper's 15 works.")
@handle_errors
def push(
    endpoint: str,
    update_endpoint: str | None,
    store_endpoint: str | None,
    graph_iri: str | None,
    inferred: bool,
    timeout: float,
    data: tuple[Path, ...],
    seed_only: bool,
) -> None:
    """Publish the graph to an endpoint, replacing the target graph as one unit (old graph kept on failure)."""
    from nas_kg.graph import KnowledgeGraph
    from nas_kg.stores.remote import EndpointConfig, EndpointStore

    kg = KnowledgeGraph.load(list(data), seed_only=seed_only)
    payload = kg.ntriples()
    if inferred:
        from nas_kg.reasoning import reason as run

        payload += run(kg, "owlrl").graph().serialize(format="nt", encoding="utf-8")
    store = EndpointStore(EndpointConfig(endpoint, update_endpoint, graph_iri, store_endpoint, timeout=timeout))
    count = store.replace_graph(payload)
    click.echo(f"published {count} triples to {graph_iri or 'the default graph'} of {endpoint}")


@main.command()
@click.option("--endpoint", required=True, metavar="URL", help="The SPARQL 1.1 query endpoint.")
@click.option("--graph", "graph_iri", metavar="IRI", help="The named graph to download (default: the default graph).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (.ttl, .nt, .owl, .jsonld), atomically.",
)
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True)
@handle_errors
def pull(endpoint: str, graph_iri: str | None, output: Path, timeout: float) -> None:
    """Download a graph of an endpoint to a file."""
    from nas_kg.graph import EXPORT_FORMATS, KnowledgeGraph, write_atomic

    formats = {suffix: name for name, (_, suffix) in EXPORT_FORMATS.items()}
    fmt = formats.get(output.suffix, "turtle")
    kg = KnowledgeGraph.load(endpoint=endpoint, graph=graph_iri, timeout=timeout)
    write_atomic(output, kg.serialize(fmt))
    click.echo(f"wrote {output}", err=True)


def _register_module_commands() -> None:
    """Add the commands that live in their own modules (publishing, endpoints); each imports lazily."""
    from nas_kg import cli_publish

    for command in cli_publish.COMMANDS:
        main.add_command(command)


if __name__ == "__main__":
    # run the package module, so that command modules importing nas_kg.cli see one module
    from nas_kg.cli import main as package_main

    package_main()
else:
    _register_module_commands()
