"""Commands over reported results and lineage: results, lineage."""

from __future__ import annotations

import json
from pathlib import Path

import click

import nas_kg
from nas_kg.cli.common import GraphSource, format_option, graph_options, handle_errors, main, write_file
from nas_kg.errors import InputError
from nas_kg.registries import LINEAGE_FORMATS, PARETO_AXES, RESULT_METRICS, ROW_FORMATS

RESULT_COLUMNS = ["method", "dataset", "metric", "value", "unit", "spread", "setting", "source", "locator"]
LINEAGE_COLUMNS = ["from", "relation", "to", "source", "locator"]


@main.command()
@click.option("--method", help="Only this method (label, IRI or seed reference number).")
@click.option("--dataset", help="Only this dataset (label or synonym), e.g. CIFAR-10.")
@click.option("--metric", type=click.Choice(list(RESULT_METRICS)), help="Only this metric.")
@click.option(
    "--pareto",
    "axis",
    type=click.Choice(list(PARETO_AXES)),
    help="Print the Pareto front of top-1 error against this axis on --dataset instead of the rows.",
)
@click.option(
    "--plot", type=click.Path(dir_okay=False, path_type=Path), help="With --pareto: a scatter plot (.png/.svg)."
)
@click.option("--budget", type=click.FloatRange(min=0), help="The lowest error per dataset within this many GPU-days.")
@format_option(ROW_FORMATS)
@graph_options
@handle_errors
def results(
    method: str | None,
    dataset: str | None,
    metric: str | None,
    axis: str | None,
    plot: Path | None,
    budget: float | None,
    fmt: str,
    source: GraphSource,
) -> None:
    """Reported results: the numbers papers print, each with its source and locator.

    CSV columns: method,dataset,metric,value,unit,spread,setting,source,locator.
    """
    from nas_kg.render import render

    if plot is not None and axis is None:
        raise click.UsageError("--plot draws a Pareto front: give --pareto search_cost|params")
    if plot is not None and plot.suffix not in (".png", ".svg"):
        raise InputError(f"a plot is written as .png or .svg, not {plot.suffix or 'no suffix'}")
    if axis is not None and dataset is None:
        raise click.UsageError("--pareto needs --dataset")
    kg = source.load()
    if budget is not None:
        rows = nas_kg.best_under_budget(kg, budget)
        columns = ["dataset_label", "label", "error", "search_cost", "setting", "source"]
        click.echo(render(columns, rows, fmt), nl=False)
        return
    if axis is not None and dataset is not None:
        points = nas_kg.pareto(kg, dataset, axis)
        front = [{"method": p.method, "error": str(p.error), axis: str(p.x)} for p in points if p.on_front]
        click.echo(render(["method", "error", axis], front, fmt), nl=False)
        if plot is not None:
            write_file(plot, nas_kg.pareto_plot(points, dataset, axis, plot.suffix))
        return
    found = [r.as_dict() for r in nas_kg.results(kg, method, dataset, metric)]
    click.echo(render(RESULT_COLUMNS, found, fmt), nl=False)


@main.command()
@click.argument("method", required=False)
@click.option("--depth", type=click.IntRange(min=0), default=0, show_default=True, help="Follow N more steps out.")
@format_option(LINEAGE_FORMATS)
@graph_options
@handle_errors
def lineage(method: str | None, depth: int, fmt: str, source: GraphSource) -> None:
    """Typed, sourced relations between methods: every edge, or the edges into METHOD.

    CSV columns: from,relation,to,source,locator. --format dot draws the family tree.
    """
    from nas_kg.render import render

    kg = source.load()
    edges = nas_kg.lineage(kg, method, depth)
    if fmt == "dot":
        click.echo(nas_kg.lineage_dot(edges, f"lineage of {method}" if method else "nas-kg lineage"), nl=False)
    elif fmt == "json":
        rows = [{**e.as_dict(), "problem": e.problem} for e in edges]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", nl=False)
    else:
        click.echo(render(LINEAGE_COLUMNS, [e.as_dict() for e in edges], fmt), nl=False)
