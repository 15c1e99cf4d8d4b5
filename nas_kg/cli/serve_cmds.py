"""Serve the graph as a local, read-only SPARQL 1.1 endpoint with a query page (the Oxigraph server)."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType

import click

import nas_kg
from nas_kg.cli.common import data_options, handle_errors, main


@main.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    help="The port to listen on (0 picks a free one).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to bind; the default keeps the endpoint to this machine.",
)
@click.option("--infer", is_flag=True, help="Also serve the OWL 2 RL reasoner's inferred categories.")
@data_options
@handle_errors
def serve(port: int, host: str, infer: bool, data: tuple[Path, ...], seed_only: bool) -> None:
    """Serve the graph read-only over SPARQL 1.1, with a query page (YASGUI) at the printed URL.

    \b
    nas-kg serve                          # http://127.0.0.1:7878/ (query page), .../query (endpoint)
    nas-kg serve --port 8000 --data my-works.ttl --infer

    Updates are refused. Ctrl-C (or SIGTERM) stops the server and removes its temporary store (exit 0).
    """
    nas_kg.check_serve(host=host, port=port)  # a missing server or a taken port is said before any loading
    kg = nas_kg.load(data, seed_only=seed_only)
    if infer:
        nas_kg.materialize(kg, "owlrl")
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main else None
    try:
        with nas_kg.serve(kg, host=host, port=port) as endpoint:
            click.echo(f"nas-kg: serving {endpoint.triples} triples read-only (Oxigraph)")
            click.echo(f"  query page:      {endpoint.url}")
            click.echo(f"  SPARQL endpoint: {endpoint.query_url}")
            click.echo("Press Ctrl-C to stop.")
            status = endpoint.wait()
            click.echo(f"error: the server stopped by itself (exit status {status})", err=True)
            raise SystemExit(2)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)


def _terminate(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the server as cleanly as Ctrl-C
