"""Commands over the whole graph: report, table, export, validate, add."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import click

import nas_kg
from nas_kg.cli.common import (
    GraphSource,
    emit,
    format_option,
    graph_options,
    handle_errors,
    main,
    output_option,
    terminal_width,
    write_file,
)
from nas_kg.registries import EXPORT_SUFFIXES, REPORT_FORMATS, SEED_TABLES, SHACL_ENGINES, TABLE_FORMATS


@main.command()
@graph_options
@handle_errors
def report(source: GraphSource) -> None:
    """Print an overview of the graph: methods, facet coverage and the seed tables."""
    click.echo(nas_kg.report(source.load()), nl=False)


@main.command()
@click.argument("which", type=click.Choice(list(SEED_TABLES)))
@click.option("--format", "fmt", type=click.Choice(list(TABLE_FORMATS)), default="text")
@output_option()
@graph_options
@handle_errors
def table(which: str, fmt: str, output: Path | None, source: GraphSource) -> None:
    """Print Table I (manual) or Table II (automatic) of the seed paper, rebuilt from the graph."""
    from nas_kg.render import render

    result = nas_kg.table(source.load(), which)
    width = terminal_width() if output is None else None
    emit(render(result.columns, result.rows, fmt, title=result.title if fmt != "csv" else "", width=width), output)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(EXPORT_SUFFIXES)),
    help="The format; by default the one -o's suffix names, else turtle.",
)
@output_option("Write to a file (a suffix --data reads).")
@graph_options
@handle_errors
def export(fmt: str | None, output: Path | None, source: GraphSource) -> None:
    """Export the whole graph (ontology and works) as Turtle, JSON-LD, RDF/XML or N-Triples, in canonical form."""
    if output is not None:
        fmt = nas_kg.output_format(output, fmt, "an export")
    payload = nas_kg.export(source.load(), fmt or "turtle")
    if output is None:
        click.echo(payload.decode("utf-8"), nl=False)
    else:
        write_file(output, payload)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@format_option(REPORT_FORMATS)
@click.option("--strict", is_flag=True, help="Warnings also make the exit code 1.")
@click.option("--errors-only", is_flag=True, help="List violations only (warnings are still counted).")
@click.option("-q", "--quiet", is_flag=True, help="Print only the verdict and the counts.")
@click.option(
    "--engine",
    type=click.Choice(list(SHACL_ENGINES)),
    default="auto",
    show_default=True,
    help="native: nas-kg's fast SHACL Core engine; pyshacl: the reference; auto: native where it can.",
)
@graph_options
@handle_errors
def validate(
    files: tuple[Path, ...], fmt: str, strict: bool, errors_only: bool, quiet: bool, engine: str, source: GraphSource
) -> None:
    """Validate the bundled graph, or the bundled ontology plus the given works FILES, with SHACL.

    --data FILE validates your works file together with the bundled works.
    Exit codes: 0 conforms, 1 violations (or warnings with --strict), 2 unreadable input.
    """
    result = nas_kg.validate(source.load(files, bundled_works=not files), engine=engine)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(render_validation(result, fmt, errors_only=errors_only, quiet=quiet), nl=False)
    failed = not result.conforms or (strict and result.warnings)
    sys.exit(1 if failed else 0)


def render_validation(report: Any, fmt: str, *, errors_only: bool = False, quiet: bool = False) -> str:
    """Render a validation report: text grouped by method, JSON, or the SHACL report graph.

    Text lists each violation, and each kind of warning once per method with how many times it occurs
    (a claim's results go with its method); ``errors_only`` leaves warnings out, ``quiet`` keeps only
    the verdict. JSON keeps every result unless ``errors_only`` (``quiet``: the counts alone).
    """
    counts = {"conforms": report.conforms, "violations": len(report.violations), "warnings": len(report.warnings)}
    if fmt == "turtle":
        return nas_kg.turtle(report.graph).decode("utf-8")
    if fmt == "json":
        kept = [] if quiet else report.violations if errors_only else report.results
        rows = [
            {
                "severity": r.severity,
                "focus": r.focus,
                "label": report.labels.get(r.focus),
                "method": report.about.get(r.focus, r.focus),
                "facet": r.facet,
                "path": r.path,
                "value": r.value,
                "message": r.message,
                "shape": r.shape,
                "suggestions": list(r.suggestions),
            }
            for r in kept
        ]
        return json.dumps({**counts, "results": rows}, indent=2, ensure_ascii=False) + "\n"
    lines = [] if quiet else _validation_lines(report, errors_only)
    verdict = "conforms" if report.conforms else "does not conform"
    lines.append(f"{verdict}: {counts['violations']} violation(s), {counts['warnings']} warning(s)")
    return "\n".join(lines) + "\n"


def _validation_lines(report: Any, errors_only: bool) -> list[str]:
    lines = []
    for method, results in report.by_method().items():
        shown = [r for r in results if r.severity == "Violation" or not errors_only]
        if not shown:
            continue
        label = report.labels.get(method)
        lines.append(f"{label} <{method}>" if label else f"<{method}>")
        grouped: dict[tuple[str, str | None, str], list[Any]] = {}
        for r in shown:
            if r.severity == "Violation":
                lines.append(_result_line(r, method))
            else:
                grouped.setdefault((r.severity, r.facet, r.message), []).append(r)
        for (severity, facet, message), same in grouped.items():
            if len(same) == 1:
                lines.append(_result_line(same[0], method))
            else:
                where = f"{facet}: " if facet else ""
                lines.append(f"  {severity}: {where}{message} (x{len(same)})")
    return lines


def _result_line(r: Any, method: str) -> str:
    where = f"{r.facet}: " if r.facet else ""
    value = f" [value: {r.value}]" if r.value and r.value != r.focus else ""
    node = f" [claim: {r.focus}]" if r.focus != method else ""
    hint = f" (did you mean: {', '.join(r.suggestions)})" if r.suggestions else ""
    return f"  {r.severity}: {where}{r.message}{value}{node}{hint}"


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
def add(file: Path | None, into: Path, replace: bool, template: bool, source: GraphSource) -> None:
    """Add methods described in a YAML FILE to your works file, after validating them.

    Nothing is written unless every record is valid; all problems are listed at once (exit 1).
    """
    if template:
        click.echo(nas_kg.template(), nl=False)
        return
    if file is None:
        raise click.UsageError("give a YAML FILE of method records, or --template")
    # the target file is read by add_methods itself (its methods may be replaced), not loaded twice
    others = tuple(p for p in source.data if p.resolve() != into.resolve())
    kg = dataclasses.replace(source, data=others).load()
    result = nas_kg.add_methods(kg, file, into, replace=replace)
    for iri in result.added:
        click.echo(f"added {iri}")
    for iri in result.replaced:
        click.echo(f"replaced {iri}")
    click.echo(f"wrote {result.into}", err=True)
