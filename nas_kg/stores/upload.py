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


def insert_data(graph: str, ntriples: bytes, blank: bool = True) -> bytes:
    """Wrap N-Triples in an update that adds them to a named graph (its IRI checked by Oxigraph).

    Triples with blank nodes go in an ``INSERT { ... } WHERE { }`` template, where a label stands for one
    fresh blank node (Virtuoso refuses blank nodes in INSERT DATA); the others in ``INSERT DATA``.
    """
    # data, not query structure: the IRI as Oxigraph writes it, the triples as N-Triples lines
    iri = str(ox.NamedNode(graph)).encode("utf-8")
    if blank:
        return b"INSERT { GRAPH " + iri + b" {\n" + ntriples + b"\n} } WHERE { }"
    return b"INSERT DATA { GRAPH " + iri + b" {\n" + ntriples + b"\n} }"


def replace_data(graph: str | None, ntriples: bytes, blank: bool = True) -> bytes:
    """Wrap N-Triples in one update that replaces a named graph (or the default graph) with them."""
    if graph is None:
        body = b"INSERT {\n" + ntriples + b"\n} WHERE { }" if blank else b"INSERT DATA {\n" + ntriples + b"\n}"
        return b"DROP SILENT DEFAULT ;\n" + body
    iri = str(ox.NamedNode(graph)).encode("utf-8")
    return b"DROP SILENT GRAPH " + iri + b" ;\n" + insert_data(graph, ntriples, blank)


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
    #: Whether any triple mentions a blank node.
    blank: bool = False

    @classmethod
    def parse(cls, data: bytes, where: str) -> Payload:
        """Parse N-Triples, keeping blank node labels (they tie the triples of one blank node together)."""
        try:
            triples = list(dict.fromkeys(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)))
        except SyntaxError as exc:
            raise EndpointError(f"{where}: cannot send malformed N-Triples ({exc.msg})") from exc
        # a server that stores literals by value (Oxigraph, Virtuoso) keeps "2019"^^xsd:int and "2019" once
        kept = rewritten(candidates(triples))
        fewest = len(triples)
        if kept:
            fewest = len({(t.subject, t.predicate, kept.get(t.object, t.object)) for t in triples})  # type: ignore[call-overload]
        return cls(triples, len(triples), fewest, any(_mentions_blank(t) for t in triples))

    def chunks(self, size: int) -> Iterator[tuple[bytes, bool]]:
        """Yield N-Triples documents of about ``size`` triples, each with whether it has blank nodes;
        all triples of one blank node go in the same document."""
        batch: list[ox.Triple] = []
        blank = False
        for group in _blank_node_groups(self.triples):
            if batch and len(batch) + len(group) > size:
                yield ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) or b"", blank
                batch, blank = [], False
            batch += group
            blank = blank or _mentions_blank(group[0])
        if batch:
            yield ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) or b"", blank


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
