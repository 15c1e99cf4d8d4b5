"""Query and analysis commands: queries, query, similar, gaps, coverage, diagram."""

from __future__ import annotations

from pathlib import Path

import click

import nas_kg
from nas_kg.cli.common import (
    GraphSource,
    Weight,
    format_option,
    graph_options,
    handle_errors,
    main,
    terminal_width,
    write_file,
)
from nas_kg.errors import InputError, QueryError
from nas_kg.registries import DIAGRAM_VIEWS, QUERY_FORMATS, ROW_FORMATS


@main.command("queries")
@handle_errors
def list_queries() -> None:
    """List the canned queries with their purpose and parameters."""
    for query in nas_kg.canned_queries().values():
        click.echo(f"{query.name}: {query.purpose}")
        for p in query.params:
            click.echo(f"    --param {p.name}=<{p.kind}>  {p.description}")


@main.command()
@click.argument("name")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@format_option(QUERY_FORMATS, default="table")
@click.option("--infer", is_flag=True, help="Add the OWL 2 RL reasoner's inferred categories before querying.")
@graph_options
@handle_errors
def query(name: str, params: tuple[str, ...], fmt: str, infer: bool, source: GraphSource) -> None:
    """Run a canned query by NAME, or a SPARQL SELECT in a .rq file."""
    from nas_kg.render import render, term_value

    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise QueryError(f"--param takes KEY=VALUE, got {item!r}")
        values[key.strip()] = value
    kg = source.load()
    if infer:
        nas_kg.materialize(kg, "owlrl")
    result = nas_kg.query(kg, name, **values)
    rows = (
        result.records()
        if fmt == "json"
        else [{c: term_value(t) for c, t in zip(result.columns, row, strict=True)} for row in result.rows]
    )
    text = "text" if fmt == "table" else fmt
    click.echo(render(result.columns, rows, text, width=terminal_width()), nl=False)


@main.command()
@click.argument("method", required=False)
@click.option("--ref", type=int, help="The method's reference number in the seed paper (instead of METHOD).")
@click.option("-k", "k", type=click.IntRange(min=1), default=5, show_default=True, help="How many neighbours.")
@click.option(
    "--weight",
    "weights",
    multiple=True,
    type=Weight(),
    metavar="FACET=W",
    help="Per-facet weight, a number >= 0 (default 1; 0 leaves the facet out).",
)
@format_option(ROW_FORMATS)
@graph_options
@handle_errors
def similar(
    method: str | None,
    ref: int | None,
    k: int,
    weights: tuple[tuple[str, float], ...],
    fmt: str,
    source: GraphSource,
) -> None:
    """The K methods most similar to METHOD (weighted Jaccard over facet values).

    CSV columns: rank,work,ref,score,shared,different (scores with three decimals).
    """
    from nas_kg.model import facet
    from nas_kg.render import render

    if method and ref is not None:
        raise InputError(f"give a METHOD or --ref, not both ({method!r} and --ref {ref})")
    if not method and ref is None:
        raise InputError("give a METHOD or --ref")
    for name, _ in weights:
        facet(name)  # an unknown facet fails before the graph is loaded
    kg = source.load()
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
        for n in nas_kg.similar(kg, target, k=k, weights=dict(weights))
    ]
    title = f"Methods most similar to {target.label}" if fmt == "text" else ""
    columns = ["rank", "work", "ref", "score", "shared", "different"]
    click.echo(render(columns, rows, fmt, title=title, width=terminal_width()), nl=False)


@main.command()
@click.argument("facets", nargs=-1, required=True)
@format_option(ROW_FORMATS)
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="Write a heatmap (.png or .svg).")
@click.option("--only-gaps", is_flag=True, help="Only the combinations no method uses.")
@graph_options
@handle_errors
def gaps(facets: tuple[str, ...], fmt: str, plot: Path | None, only_gaps: bool, source: GraphSource) -> None:
    """The gap matrix of two FACETS (CSV: <facet1>,<facet2>,methods), or unexplored triples of three."""
    from nas_kg.model import facet
    from nas_kg.render import render

    if len(facets) not in (2, 3):
        raise InputError("give two facets (a matrix) or three (unexplored triples)")
    for name in facets:
        facet(name)
    if len(set(facets)) != len(facets):
        raise InputError(f"give different facets, not {' and '.join(facets)}: a facet against itself is no gap")
    if plot is not None:  # checked before anything is computed or printed
        if len(facets) != 2:
            raise InputError("--plot draws the matrix of two facets")
        nas_kg.check_plot(plot)
    kg = source.load()
    all_cells = nas_kg.gaps(kg, *facets)
    cells = [c for c in all_cells if c.methods == 0] if only_gaps else all_cells
    rows = [{**dict(zip(facets, c.labels, strict=True)), "methods": c.methods} for c in cells]
    picture = nas_kg.gap_heatmap(all_cells, facets, plot.suffix) if plot is not None else None
    click.echo(render([*facets, "methods"], rows, fmt, width=terminal_width()), nl=False)
    if plot is not None and picture is not None:
        write_file(plot, picture)


@main.command()
@click.option("--facet", "facet_names", multiple=True, help="Only these facets (repeatable).")
@format_option(ROW_FORMATS)
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="Write a bar chart (.png or .svg).")
@graph_options
@handle_errors
def coverage(facet_names: tuple[str, ...], fmt: str, plot: Path | None, source: GraphSource) -> None:
    """How many methods use each value of each facet, zeros included (CSV: facet,value,methods)."""
    from nas_kg.model import facet
    from nas_kg.render import render

    for name in facet_names:
        facet(name)
    if plot is not None:  # checked before anything is computed or printed
        nas_kg.check_plot(plot)
    rows = nas_kg.coverage(source.load(), *facet_names)
    table = [{"facet": r.facet, "value": r.label, "methods": r.methods} for r in rows]
    picture = nas_kg.coverage_chart(rows, plot.suffix) if plot is not None else None
    click.echo(render(["facet", "value", "methods"], table, fmt, width=terminal_width()), nl=False)
    if plot is not None and picture is not None:
        write_file(plot, picture)


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
    type=click.Choice(list(DIAGRAM_VIEWS)),
    default=DIAGRAM_VIEWS[0],
    show_default=True,
    help="taxonomy: stages, facets and categories; flow: the stages and steps in order, their dependencies "
    "and the evaluation loop (Fig. 1).",
)
@handle_errors
def diagram(output: Path, view: str) -> None:
    """Draw the taxonomy or the design flow as Graphviz DOT, or render it to SVG/PNG."""
    write_file(output, nas_kg.diagram(output.suffix, view))
