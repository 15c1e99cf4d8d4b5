"""Publish the graph to a SPARQL 1.1 endpoint and download a graph from one."""

from __future__ import annotations

from pathlib import Path

from nas_kg import progress
from nas_kg.graph import EXPORT_FORMATS, KnowledgeGraph, write_atomic
from nas_kg.reasoning import reason
from nas_kg.stores.remote import EndpointConfig, EndpointStore


def push(kg: KnowledgeGraph, config: EndpointConfig, *, inferred: bool = False) -> int:
    """Replace the endpoint's target graph with the graph (plus inferred categories) as one unit."""
    payload = kg.ntriples()
    if inferred:
        payload += reason(kg, "owlrl").graph().serialize(format="nt", encoding="utf-8")
    with progress.task("pushing to the endpoint"):
        return EndpointStore(config).replace_graph(config.graph, payload)


def pull(config: EndpointConfig, output: Path) -> Path:
    """Download the endpoint's graph into a file, in the format its suffix names, atomically."""
    formats = {suffix: name for name, (_, suffix) in EXPORT_FORMATS.items()}
    kg = KnowledgeGraph(store=EndpointStore(config))
    with progress.task("pulling from the endpoint"):
        payload = kg.serialize(formats.get(output.suffix, "turtle"))
    write_atomic(output, payload)
    return output
