"""The nas-kg command line: thin commands over the API (nas_kg.api); the only place that prints and exits.

One module per command group; each registers its commands on the group in ``common``.
"""

from __future__ import annotations

from nas_kg.cli import (
    endpoint_cmds,
    evidence_cmds,
    graph_cmds,
    publish_cmds,
    query_cmds,
    reason_cmds,
    serve_cmds,
    sparql_cmds,
)
from nas_kg.cli.common import main

__all__ = [
    "endpoint_cmds",
    "evidence_cmds",
    "graph_cmds",
    "main",
    "publish_cmds",
    "query_cmds",
    "reason_cmds",
    "serve_cmds",
    "sparql_cmds",
]
