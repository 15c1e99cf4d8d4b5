"""What a push sends: N-Triples parsed once, counted, cut into blank-node-closed parts, wrapped in updates.

An INSERT DATA request scopes its blank node labels to itself, so a triple that mentions a blank node
must travel in the same request as every other triple of that blank node (a restriction with its list
of members, for instance); ``Payload.chunks`` cuts the triples that way. The N-Triples bodies are the
payload's own lines (or Oxigraph's serialisation of them), so literals go exactly as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from nas_kg.errors import EndpointError
from nas_kg.stores.literals import candidates, rewritten


def insert_request(graph: str | None, plain: bytes, blank: bytes = b"", replace: bool = False) -> bytes:
    """Build one update that adds N-Triples to a graph (None: the default graph), or replaces it with them.

    Triples without blank nodes go in ``INSERT DATA``; those with blank nodes in an ``INSERT { ... }
    WHERE { }`` template, where a label stands for one fresh blank node (Virtuoso refuses blank nodes in
    INSERT DATA). The operations of one request are one transaction on Oxigraph, Fuseki and GraphDB.
    """
    # data, not query structure: the graph IRI as Oxigraph writes it, the triples as N-Triples lines
    iri = str(ox.NamedNode(graph)).encode("utf-8") if graph is not None else None
    operations = []
    if replace:
        operations.append(b"DROP SILENT " + (b"GRAPH " + iri if iri else b"DEFAULT"))
    for kind, triples in ((b"INSERT DATA", plain), (b"INSERT", blank)):
        if not triples.strip():
            continue
        body = b"GRAPH " + iri + b" {\n" + triples + b"\n}" if iri else triples
        operations.append(kind + b" {\n" + body + b"\n}" + (b" WHERE { }" if kind == b"INSERT" else b""))
    return b" ;\n".join(operations)


def read_before(response: Any, remaining: Callable[[], float]) -> bytes:
    """Read a response in blocks, each bounded by the time left (a trickling server cannot hold us)."""
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    parts: list[bytes] = []
    while True:
        left = remaining()
        if sock is not None and sock.fileno() != -1:
            sock.settimeout(left)
        block = response.read(1 << 16)
        if not block:
            return b"".join(parts)
        parts.append(block)


@dataclass
class Payload:
    """N-Triples to upload: the triple count, the fewest a server may keep, and blank-node-closed chunks."""

    triples: list[ox.Triple]
    count: int
    fewest: int

    @classmethod
    def parse(cls, data: bytes, where: str) -> Payload:
        """Parse N-Triples, keeping blank node labels (they tie the triples of one blank node together)."""
        try:
            triples = list(dict.fromkeys(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)))
        except SyntaxError as exc:
            raise EndpointError(f"{where}: cannot send malformed N-Triples ({exc.msg})") from exc
        # a server that stores literals by value (Oxigraph, Virtuoso) keeps "2019"^^xsd:int and "2019" once
        return cls(triples, len(triples), len(triples) - _merged(triples, rewritten(candidates(triples))))

    def split(self, triples: list[ox.Triple] | None = None) -> tuple[bytes, bytes]:
        """Return the triples as N-Triples: those without blank nodes, and those with."""
        triples = self.triples if triples is None else triples
        plain = [t for t in triples if not _mentions_blank(t)]
        blank = [t for t in triples if _mentions_blank(t)]
        return _ntriples(plain), _ntriples(blank)

    def chunks(self, size: int) -> Iterator[tuple[bytes, bytes]]:
        """Yield parts of about ``size`` triples, each split as ``split`` does; all triples of one blank
        node go in the same part."""
        batch: list[ox.Triple] = []
        for group in _blank_node_groups(self.triples):
            if batch and len(batch) + len(group) > size:
                yield self.split(batch)
                batch = []
            batch += group
        if batch:
            yield self.split(batch)


def _merged(triples: list[ox.Triple], kept: dict[ox.Literal, ox.Literal]) -> int:
    """Count the distinct triples that become copies of others when literals are kept in their stored form.

    Only triples whose literal is rewritten can merge, with each other or with one already in the stored
    form: tuples are built for those alone (hashing every triple of a large graph took most of a parse).
    """
    if not kept:
        return 0
    moved = [(t.subject, t.predicate, kept[t.object]) for t in triples if t.object in kept]  # type: ignore[index]
    forms = set(kept.values())
    stored = {(t.subject, t.predicate, t.object) for t in triples if t.object in forms and t.object not in kept}
    return len(moved) - len(set(moved) - stored)


def _ntriples(triples: list[ox.Triple]) -> bytes:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"") if triples else b""


def _mentions_blank(t: ox.Triple) -> bool:
    return type(t.subject) is ox.BlankNode or type(t.object) is ox.BlankNode


def _blank_node_groups(triples: list[ox.Triple]) -> list[list[ox.Triple]]:
    """Group triples so that every triple that mentions a blank node is in the group of that blank node."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    blank = ox.BlankNode
    for t in triples:
        if type(t.subject) is blank and type(t.object) is blank:
            a, b = root(t.subject.value), root(t.object.value)
            if a != b:
                parent[a] = b
    grouped: dict[str, list[ox.Triple]] = {}
    singles: list[list[ox.Triple]] = []
    for t in triples:
        node = t.subject if type(t.subject) is blank else t.object if type(t.object) is blank else None
        if node is None:
            singles.append([t])
        else:
            grouped.setdefault(root(node.value), []).append(t)
    return singles + list(grouped.values())
