"""Ad-hoc SPARQL: run any SPARQL 1.1 query on the graph (bundled, --data files or an --endpoint)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

import nas_kg
from nas_kg.cli.common import GraphSource, graph_options, handle_errors, main, output_option, terminal_width, write_file
from nas_kg.registries import SPARQL_GRAPH_FORMATS, SPARQL_ROW_FORMATS, SPARQL_SUFFIXES


@main.command("sparql")
@click.argument("query", metavar="QUERY|-|FILE.rq")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*SPARQL_ROW_FORMATS, *SPARQL_GRAPH_FORMATS]),
    help="SELECT/ASK: text (default), csv, tsv, json (W3C result formats); "
    "CONSTRUCT/DESCRIBE: turtle (default), nt, json-ld. With -o, the file's suffix picks it.",
)
@output_option("Write the answer to a file (atomically) instead of standard output.")
@graph_options
@handle_errors
def sparql(query: str, fmt: str | None, output: Path | None, source: GraphSource) -> None:
    """Run a SPARQL 1.1 query: SELECT, ASK, CONSTRUCT or DESCRIBE, as text, '-' (stdin) or a .rq FILE.

    \b
    nas-kg sparql 'SELECT ?m ?label WHERE { ?m a nas:NASMethod ; rdfs:label ?label } LIMIT 5'
    nas-kg sparql 'ASK { work:darts nas:hasSearchStrategy nas:Differentiable }'
    nas-kg sparql my-query.rq --format csv --data my-works.ttl
    nas-kg sparql 'CONSTRUCT WHERE { ?m nas:hasSearchStrategy ?s }' -o strategies.ttl

    Queries see the union of the graph's files. Updates (INSERT, DROP, ...) are refused.
    Exit codes: 0 answered (ASK prints true or false), 2 syntax error (with line:column) or failed query.
    """
    parsed = nas_kg.read_sparql(query, sys.stdin)
    if fmt is None and output is not None and output.suffix in SPARQL_SUFFIXES:
        guessed = SPARQL_SUFFIXES[output.suffix]
        fmt = guessed if (guessed in SPARQL_GRAPH_FORMATS) == (parsed.form in ("construct", "describe")) else None
    fmt = parsed.output_format(fmt)  # a format that does not fit the query fails before any loading
    if output is not None:
        nas_kg.check_output(output)
    answer = nas_kg.run_sparql(source.load(), parsed)
    payload = nas_kg.sparql_output(answer, fmt, width=None if output is not None else terminal_width())
    if output is None:
        click.echo(payload.decode("utf-8"), nl=False)
    else:
        write_file(output, payload)
