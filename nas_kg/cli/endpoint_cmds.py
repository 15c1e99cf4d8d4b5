"""Endpoint commands: push the graph to a SPARQL 1.1 endpoint, pull a graph from one."""

from __future__ import annotations

from pathlib import Path

import click

import nas_kg
from nas_kg.cli.common import URL, data_options, handle_errors, main, timeout_option
from nas_kg.stores.remote import EndpointConfig


@main.command()
@click.option("--endpoint", required=True, type=URL, metavar="URL", help="The SPARQL 1.1 query endpoint.")
@click.option("--update-endpoint", type=URL, metavar="URL", help="The SPARQL Update URL, if not the query URL.")
@click.option(
    "--store-endpoint",
    type=URL,
    metavar="URL",
    help="A Graph Store Protocol URL (e.g. http://host:7878/store); uploads in one PUT instead of chunks.",
)
@click.option("--graph", "graph_iri", metavar="IRI", help="The named graph to replace (default: the default graph).")
@click.option("--inferred", is_flag=True, help="Also publish the OWL 2 RL reasoner's inferred categories.")
@timeout_option(60.0)
@data_options
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
    kg = nas_kg.load(data, seed_only=seed_only)
    config = EndpointConfig(endpoint, update_endpoint, graph_iri, store_endpoint, timeout=timeout, whole=True)
    count = nas_kg.push(kg, config, inferred=inferred)
    click.echo(f"published {count} triples to {graph_iri or 'the default graph'} of {endpoint}")


@main.command()
@click.option("--endpoint", required=True, type=URL, metavar="URL", help="The SPARQL 1.1 query endpoint.")
@click.option("--graph", "graph_iri", metavar="IRI", help="The named graph to download (default: the default graph).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (.ttl, .nt, .owl, .rdf, .jsonld, ...: a suffix --data reads), atomically.",
)
@timeout_option(60.0)
@handle_errors
def pull(endpoint: str, graph_iri: str | None, output: Path, timeout: float) -> None:
    """Download a graph of an endpoint to a file."""
    fmt = nas_kg.output_format(output, None, "a pulled graph")
    nas_kg.pull(EndpointConfig(endpoint, graph=graph_iri, timeout=timeout, whole=True), output, fmt)
    click.echo(f"wrote {output}", err=True)
