"""What every command shares: the group, error handling and exit codes, the graph options, output.

Exit codes: 0 success (or conforms), 1 problems found (violations, inconsistency, rejected records),
2 bad input or usage (unreadable file, unknown term, bad query, endpoint failure), 3 the environment
lacks something a command needs (e.g. Java for HermiT).
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from nas_kg.errors import NasKgError, RecordError
from nas_kg.version import __version__

if TYPE_CHECKING:
    from nas_kg.graph import KnowledgeGraph

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """Options shared by every command."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug


@dataclass(frozen=True)
class GraphSource:
    """Where a command reads its graph: bundled works plus data files, or an endpoint."""

    data: tuple[Path, ...] = ()
    seed_only: bool = False
    endpoint: str | None = None
    update_endpoint: str | None = None
    graph: str | None = None
    timeout: float = 30.0

    def load(self, files: Sequence[Path] = (), *, bundled_works: bool = True) -> KnowledgeGraph:
        """Load the graph: bundled (unless bundled_works is False) + files + data, or the endpoint."""
        from nas_kg.api import load

        paths = [*files, *self.data]
        if self.endpoint:
            return load(
                paths,
                endpoint=self.endpoint,
                update_endpoint=self.update_endpoint,
                graph=self.graph,
                timeout=self.timeout,
            )
        return load(paths, seed_only=self.seed_only, bundled_works=bundled_works)


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


def data_options(func: F) -> F:
    """Add --data (repeatable) and --seed-only."""
    func = click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="A works file to read beside the bundled graph (repeatable).",
    )(func)
    return click.option("--seed-only", is_flag=True, help="Only the seed paper's 15 works (no curated methods).")(func)


def timeout_option(default: float) -> Callable[[F], F]:
    """Add --timeout with a default."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=default,
        show_default=True,
        help="Seconds to wait for the endpoint.",
    )


def graph_options(func: F) -> F:
    """Add the options of every graph-reading command and pass them on as one `source: GraphSource`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["source"] = GraphSource(
            data=tuple(kwargs.pop("data")),
            seed_only=kwargs.pop("seed_only"),
            endpoint=kwargs.pop("endpoint"),
            update_endpoint=kwargs.pop("update_endpoint"),
            graph=kwargs.pop("graph_iri"),
            timeout=kwargs.pop("timeout"),
        )
        return func(*args, **kwargs)

    out = click.option("--endpoint", metavar="URL", help="Read the graph from a SPARQL 1.1 endpoint.")(wrapper)
    out = click.option("--update-endpoint", metavar="URL", help="The endpoint's SPARQL Update URL.")(out)
    out = click.option("--graph", "graph_iri", metavar="IRI", help="A named graph of the endpoint.")(out)
    out = timeout_option(30.0)(out)
    return data_options(out)  # type: ignore[return-value]


def output_option(help_text: str = "Write to a file.", required: bool = False) -> Callable[[F], F]:
    """Add -o/--output FILE."""
    return click.option(
        "-o", "--output", required=required, type=click.Path(dir_okay=False, path_type=Path), help=help_text
    )


def format_option(choices: Sequence[str], default: str = "text", show_default: bool = True) -> Callable[[F], F]:
    """Add --format with choices from a library registry."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=show_default)


def emit(text: str, output: Path | None = None) -> None:
    """Print text, or write it atomically to a file."""
    if output is None:
        click.echo(text, nl=False)
        return
    write_file(output, text.encode("utf-8"))


def write_file(path: Path, payload: bytes) -> None:
    """Write bytes atomically and say so on stderr."""
    from nas_kg.api import write

    write(path, payload)
    click.echo(f"wrote {path}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nas-kg")
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """nas-kg: a knowledge graph of Neural Architecture Search methods.

    Exit codes: 0 success, 1 problems found, 2 bad input, 3 missing environment (e.g. Java).
    """
    ctx.obj = Context(debug)
    if sys.stderr.isatty():  # progress bars only for a person watching a terminal, never in pipes or logs
        from nas_kg.progress import TqdmReporter, reporting

        ctx.with_resource(reporting(TqdmReporter(sys.stderr)))
