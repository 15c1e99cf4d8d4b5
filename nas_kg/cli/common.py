"""What every command shares: the group, error handling and exit codes, the graph options, output.

Exit codes: 0 success (or conforms), 1 problems found (violations, inconsistency, rejected records),
2 bad input or usage (unreadable file, unknown term, bad query, endpoint failure), 3 the environment
lacks something a command needs (e.g. Java for HermiT), 130 interrupted (Ctrl-C; nothing half-written).
Every error is one line on stderr; --debug (before or after the command name) adds the traceback.
"""

from __future__ import annotations

import errno
import functools
import logging
import math
import os
import re
import shutil
import sys
import traceback
import urllib.parse
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


def _debug_flag(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """Turn on --debug given after a command name, as if it had been given before it."""
    if value:
        state = ctx.find_object(Context)
        if state is not None:
            state.debug = True
        _configure_logging(debug=True)


def debug_option() -> click.Option:
    """The --debug flag every command takes (the group takes it too)."""
    return click.Option(
        ["--debug"],
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_debug_flag,
        help="Show the traceback of an error.",
    )


#: click 8.2+ raises this for a group called without a command (older versions print the help and exit).
_NO_ARGS_IS_HELP: type[click.UsageError] = getattr(
    click.exceptions, "NoArgsIsHelpError", type("_Never", (click.UsageError,), {})
)


class NasKgGroup(click.Group):
    """The nas-kg group: every command takes --debug; usage errors are one line; Ctrl-C exits 130."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Register a command, giving it the --debug flag."""
        if not any(p.name == "debug" for p in cmd.params):
            cmd.params.append(debug_option())
        super().add_command(cmd, name)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        """Run the command line; turn usage errors into one line and Ctrl-C into 'interrupted' (exit 130)."""
        standalone = extra.pop("standalone_mode", True)
        if not standalone:
            return super().main(args, prog_name, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, standalone_mode=False, **extra)
        except _NO_ARGS_IS_HELP as exc:  # `nas-kg` alone prints the help, as it always did
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            click.echo(f"error: {_one_line(exc.format_message()).rstrip('.')}{where}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"error: {_one_line(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt):
            interrupted()
        sys.exit(code if isinstance(code, int) else 0)


def interrupted() -> None:
    """Say 'interrupted' and exit 130 (128 + SIGINT), as shells do for Ctrl-C."""
    click.echo("interrupted", err=True)
    sys.exit(130)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _OneLine(logging.Formatter):
    """Log records as 'warning: message' on one line; a record's exception adds its last line only."""

    def __init__(self, debug: bool) -> None:
        super().__init__()
        self.debug = debug

    def format(self, record: logging.LogRecord) -> str:
        message = _one_line(record.getMessage())
        ill_typed = _RDFLIB_CAST.match(message)
        if ill_typed:  # rdflib's words for an ill-typed literal, said plainly
            message = f"a literal does not fit its datatype <{ill_typed['datatype']}>"
        if record.exc_info and record.exc_info[1] is not None:
            if self.debug:
                return f"{record.levelname.lower()}: {message}\n" + self.formatException(record.exc_info)
            message += f": {_one_line(str(record.exc_info[1]))}"
        return f"{record.levelname.lower()}: {message}"


_RDFLIB_CAST = re.compile(r"Failed to convert Literal lexical form to value\. Datatype=(?P<datatype>\S+?),")


class _Once(logging.Filter):
    """Let each distinct message through once (rdflib warns once per ill-typed literal it meets, often)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        key = f"{record.name}:{record.getMessage()}:{record.exc_info[1] if record.exc_info else ''}"
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


class _Stderr(logging.Handler):
    """Write log records to the current standard error (looked up at each record, as click.echo does)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format(record), err=True)
        except Exception:  # a logging handler must never raise
            self.handleError(record)


def _configure_logging(debug: bool) -> None:
    """Send the libraries' warnings to stderr as one line each, never as a traceback (unless --debug)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _Stderr):
            root.removeHandler(handler)
    handler = _Stderr()
    handler.setFormatter(_OneLine(debug))
    handler.addFilter(_Once())
    handler.setLevel(logging.DEBUG if debug else logging.WARNING)
    root.addHandler(handler)
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)


def terminal_width() -> int | None:
    """Return the width text tables are fitted to: the terminal's, or COLUMNS; None when not a terminal."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


class Url(click.ParamType):
    """An absolute http(s) URL, checked when the options are parsed (before anything is loaded)."""

    name = "url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """Return the URL unchanged, or fail with one line saying what is wrong with it."""
        text = str(value).strip()
        try:
            parts = urllib.parse.urlsplit(text)
            parts.port  # noqa: B018 - a malformed port raises here
        except ValueError as exc:
            self.fail(f"{text!r} is not a valid URL ({exc})", param, ctx)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.fail(f"{text!r} is not an http(s) URL such as http://localhost:7878/query", param, ctx)
        if any(ch.isspace() for ch in text):
            self.fail(f"{text!r} contains white space", param, ctx)
        return text


URL = Url()


class Weight(click.ParamType):
    """FACET=NUMBER with a finite number of at least 0 (0 leaves the facet out)."""

    name = "facet=weight"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, float]:
        """Return (facet, weight), or fail with one line."""
        if isinstance(value, tuple):
            return value
        key, sep, raw = str(value).partition("=")
        try:
            weight = float(raw)
        except ValueError:
            weight = math.nan
        if not sep or not key.strip() or not math.isfinite(weight) or weight < 0:
            self.fail(f"takes FACET=NUMBER with a finite number of at least 0, got {value!r}", param, ctx)
        return key.strip(), weight


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
                whole_timeout=True,
            )
        return load(paths, seed_only=self.seed_only, bundled_works=bundled_works)


def handle_errors(func: F) -> F:
    """Turn NasKgError (and I/O errors) into one line and its exit code; --debug shows the traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        state = ctx.find_object(Context)
        try:
            return func(*args, **kwargs)
        except NasKgError as exc:
            if state is not None and state.debug:
                traceback.print_exc()
            if isinstance(exc, RecordError) and len(exc.problems) > 1:
                click.echo(f"error: {exc.headline}:", err=True)
                for problem in exc.problems:
                    click.echo(f"  - {problem}", err=True)
            else:
                click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # click handles a closed pipe (e.g. `| head`)
            if state is not None and state.debug:
                traceback.print_exc()
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {where}{exc.strerror or exc}", err=True)
            sys.exit(2)

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

    out = click.option("--endpoint", type=URL, metavar="URL", help="Read the graph from a SPARQL 1.1 endpoint.")(
        wrapper
    )
    out = click.option("--update-endpoint", type=URL, metavar="URL", help="The endpoint's SPARQL Update URL.")(out)
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


@click.group(cls=NasKgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nas-kg")
@click.option("--debug", is_flag=True, help="Show the traceback of an error (also after the command name).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """nas-kg: a knowledge graph of Neural Architecture Search methods.

    Exit codes: 0 success, 1 problems found, 2 bad input, 3 missing environment (e.g. Java),
    130 interrupted (Ctrl-C).
    """
    ctx.obj = Context(debug)
    _configure_logging(debug)
    if sys.stderr.isatty():  # progress bars only for a person watching a terminal, never in pipes or logs
        from nas_kg.progress import TqdmReporter, reporting

        ctx.with_resource(reporting(TqdmReporter(sys.stderr)))
