"""Publish the graph to a SPARQL 1.1 endpoint and download a graph from one."""

from __future__ import annotations

from pathlib import Path

from nas_kg import progress
from nas_kg.graph import KnowledgeGraph, write_atomic
from nas_kg.reasoning import reason
from nas_kg.stores.remote import EndpointConfig, EndpointStore


def push(kg: KnowledgeGraph, config: EndpointConfig, *, inferred: bool = False) -> int:
    """Replace the endpoint's target graph with the graph (plus inferred categories) as one unit."""
    payload = kg.ntriples()
    if inferred:
        payload += reason(kg, "owlrl").graph().serialize(format="nt", encoding="utf-8")
    with progress.task("pushing to the endpoint"):
        return EndpointStore(config).replace_graph(config.graph, payload)


def pull(config: EndpointConfig, output: Path, fmt: str = "turtle") -> Path:
    """Download the endpoint's graph into a file in a format, atomically."""
    store = EndpointStore(config)
    store.require_triples()
    kg = KnowledgeGraph(store=store)
    with progress.task("pulling from the endpoint"):
        payload = kg.serialize(fmt)
    write_atomic(output, payload)
    return output
