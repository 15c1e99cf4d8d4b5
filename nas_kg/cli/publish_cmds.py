"""Publishing commands: quality checks, documentation, releases."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

import nas_kg
from nas_kg.cli.common import GraphSource, graph_options, handle_errors, main
from nas_kg.registries import ROW_FORMATS
from nas_kg.render import render

QC_FORMATS = ROW_FORMATS
QC_COLUMNS = ["severity", "check", "entity", "property", "value", "message"]


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(QC_FORMATS), default="text", show_default=True)
@click.option("--check", "check_ids", multiple=True, metavar="ID", help="Run only this check (repeatable).")
@click.option("--strict", is_flag=True, help="Warnings also make the exit code 1.")
@click.option("--list", "list_checks", is_flag=True, help="List the checks with their severity and source.")
@click.option(
    "--profile-checker",
    type=click.Choice(["auto", "owlapi", "structural"]),
    default="auto",
    show_default=True,
    help="OWL 2 DL check: the OWL API (needs Java), structural rules, or auto.",
)
@graph_options
@handle_errors
def qc(
    files: tuple[Path, ...],
    fmt: str,
    check_ids: tuple[str, ...],
    strict: bool,
    list_checks: bool,
    profile_checker: str,
    source: GraphSource,
) -> None:
    """Run the quality checks (ROBOT report, OOPS! pitfalls, OWL 2 DL profile) on the bundled graph.

    With FILES, check those RDF files on their own instead. The OWL 2 DL profile is checked by the
    OWL API where Java and its jars are (e.g. Debian's libowlapi-java), else by structural rules;
    the output says which ran. Exit codes: 0 no errors, 1 errors (or warnings with --strict),
    2 bad input, 3 --profile-checker owlapi without the OWL API.
    """
    checks = nas_kg.qc_checks(check_ids)
    if list_checks:
        for check in checks:
            click.echo(f"{check.id} [{check.severity}]: {check.purpose} ({check.source})")
        return
    report = nas_kg.qc(None if files else source.load(), files, checks, profile=profile_checker)
    click.echo(render_qc(report, fmt), nl=False)
    sys.exit(1 if report.errors or (strict and report.warnings) else 0)


def render_qc(report: Any, fmt: str) -> str:
    """Render a QC report: text grouped by check, CSV rows, or JSON with counts."""
    rows = [
        {
            "severity": p.severity,
            "check": p.check,
            "entity": p.entity,
            "property": p.property,
            "value": p.value,
            "message": p.message,
        }
        for p in report.problems
    ]
    if fmt == "csv":
        return render(QC_COLUMNS, rows, "csv")
    summary = {"checks": len(report.checks), "errors": len(report.errors), "warnings": len(report.warnings)}
    if fmt == "json":
        about = {"profile_checker": report.profile_checker, "notes": report.notes}
        return json.dumps({**summary, **about, "problems": rows}, indent=2, ensure_ascii=False) + "\n"
    lines = []
    for check in report.checks:
        found = report.by_check().get(check.id, [])
        status = "ok" if not found else f"{len(found)} {check.severity}(s)"
        lines.append(f"{check.id}: {status}")
        for p in found:
            where = " ".join(x for x in (p.entity or "(graph)", p.property or "", p.value or "") if x)
            lines.append(f"  {p.severity}: {where}" + (f"  [{p.message}]" if p.check == "owl2-dl-profile" else ""))
    if report.profile_checker:
        lines.append(f"OWL 2 DL profile checked by: {report.profile_checker}")
    lines += [f"note: {note}" for note in report.notes]
    lines.append(f"{summary['checks']} checks: {summary['errors']} error(s), {summary['warnings']} warning(s)")
    return "\n".join(lines) + "\n"


@main.command()
@click.option(
    "-o",
    "--output",
    "folder",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the HTML into (created if missing).",
)
@graph_options
@handle_errors
def docs(folder: Path, source: GraphSource) -> None:
    """Write HTML documentation: the ontology reference, an index of works and a page per work."""
    site = nas_kg.docs(source.load(), folder)
    click.echo(f"wrote {len(site.pages)} pages into {folder} (open {site.index})", err=True)


@main.command()
@click.option(
    "-o",
    "--output",
    "folder",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the release artefacts into (created if missing).",
)
@graph_options
@handle_errors
def release(folder: Path, source: GraphSource) -> None:
    """Write the release artefacts (Turtle, RDF/XML, JSON-LD, inferred, core) and manifest.json."""
    from nas_kg.publish.release import MANIFEST

    result = nas_kg.release(source.load(), folder)
    for artefact in result.artefacts:
        click.echo(f"{artefact.file}\t{artefact.triples} triples\tsha256 {artefact.sha256}")
    click.echo(f"wrote {folder / MANIFEST} ({result.version_iri})", err=True)
