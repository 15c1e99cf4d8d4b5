"""Reasoning commands: reason, explain, methods."""

from __future__ import annotations

from pathlib import Path

import click

import nas_kg
from nas_kg.cli.common import (
    GraphSource,
    format_option,
    graph_options,
    handle_errors,
    main,
    output_option,
    terminal_width,
    write_file,
)
from nas_kg.errors import InputError
from nas_kg.namespaces import NAS
from nas_kg.registries import REASONERS, ROW_FORMATS

REASONER_CHOICE = click.Choice(list(REASONERS))


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--reasoner",
    type=REASONER_CHOICE,
    default="auto",
    show_default=True,
    help="hermit/pellet need Java; owlrl is the fast OWL 2 RL path; auto picks.",
)
@output_option("Write asserted + inferred triples (.trig/.nq: inferred in their own graph; .ttl, .owl, ...: marked).")
@format_option(ROW_FORMATS)
@graph_options
@handle_errors
def reason(files: tuple[Path, ...], reasoner: str, output: Path | None, fmt: str, source: GraphSource) -> None:
    """Infer the categories of every method and print them (exit 1 if the graph is inconsistent)."""
    from nas_kg.graph import MethodRef
    from nas_kg.render import render

    if output is not None:
        nas_kg.check_rdf_suffix(output, "the inferred graph", datasets=True)
    kg = source.load(files)
    result = nas_kg.reason(kg, reasoner=reasoner)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    index = {m.iri: m for m in kg.method_index}
    # methods typed only through rdfs:domain or a defined class are not in the index
    refs = {iri: index.get(iri) or MethodRef(iri, kg.label(iri)) for iri in result.categories}
    rows = []
    for iri in sorted(result.categories, key=lambda i: (refs[i].ref or 999, refs[i].label.casefold())):
        cats = sorted(kg.label(c) for c in result.categories[iri] if c != NAS.NASMethod)
        rows.append({"ref": refs[iri].ref, "work": refs[iri].label, "categories": cats, "iri": str(iri)})
    title = f"Inferred categories ({result.reasoner}, {result.seconds:.2f} s)"
    click.echo(render(["ref", "work", "categories", "iri"], rows, fmt, title=title, width=terminal_width()), nl=False)
    if output is not None:
        write_file(output, nas_kg.inferred_document(kg, result, output.suffix))


@main.command()
@click.argument("method", required=False)
@click.option("--ref", type=int, help="The method's reference number in the seed paper.")
@click.option("--reasoner", type=REASONER_CHOICE, default="owlrl", show_default=True)
@graph_options
@handle_errors
def explain(method: str | None, ref: int | None, reasoner: str, source: GraphSource) -> None:
    """Explain why METHOD belongs to each of its categories: facet values and the axiom that fired."""
    if method and ref is not None:
        raise InputError(f"give a METHOD or --ref, not both ({method!r} and --ref {ref})")
    if not method and ref is None:
        raise InputError("give a METHOD or --ref")
    kg = source.load()
    target, explanations = nas_kg.explain(kg, method, ref=ref, reasoner=reasoner)
    click.echo(f"{target.label} <{target.iri}>")
    for item in explanations:
        kind = "inferred" if item.inferred else "asserted"
        click.echo(f"  {kg.label(item.category)} ({kind})")
        click.echo(f"    because: {'; '.join(item.facts)}")
        click.echo(f"    axiom:   {item.axiom}")


@main.command()
@click.option("--category", required=True, help="A class of methods by label or local name.")
@click.option("--reasoner", type=REASONER_CHOICE, default="owlrl", show_default=True)
@format_option(ROW_FORMATS)
@graph_options
@handle_errors
def methods(category: str, reasoner: str, fmt: str, source: GraphSource) -> None:
    """List the methods of a category, asserted or inferred (CSV columns: ref,work,year,iri)."""
    from nas_kg.render import render

    notes: list[str] = []
    rows = [
        {"ref": m.ref, "work": m.label, "year": m.year, "iri": str(m.iri)}
        for m in nas_kg.methods(source.load(), category, reasoner=reasoner, notes=notes)
    ]
    for note in notes:
        click.echo(f"note: {note}", err=True)
    click.echo(render(["ref", "work", "year", "iri"], rows, fmt, width=terminal_width()), nl=False)
