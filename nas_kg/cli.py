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
from nas_kg.render import TABLE_FORMATS

F = TypeVar("F", bound=Callable[..., Any])
EXPORT_FORMATS = ("json-ld", "nt", "turtle", "xml")


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


def graph_options(func: F) -> F:
    """Add the options every graph-reading command shares: --data and --seed-only."""
    func = click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="A works file to read beside the bundled graph (repeatable).",
    )(func)
    func = click.option(
        "--seed-only", is_flag=True, help="Only the seed paper's 15 works (no curated methods)."
    )(func)
    return func


def load_graph(data: tuple[Path, ...], seed_only: bool) -> Any:
    """Load the graph for a command."""
    from nas_kg.graph import KnowledgeGraph

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


_ = TABLE_FORMATS

if __name__ == "__main__":
    main()
