"""Literals as written, beside a store that keeps them in a canonical form.

Oxigraph stores typed literals of the XSD types it knows by value: ``"2019"^^xsd:int`` comes back as
``"2019"^^xsd:integer``, ``"1"^^xsd:boolean`` as ``"true"``, ``"0.50"^^xsd:decimal`` as ``"0.5"``, and
``"0"^^xsd:nonNegativeInteger`` (the ontology's own cardinality) as an ``xsd:integer``. SPARQL compares
such literals by value, so queries are unaffected; but an export or a push must give back what was
written, and SHACL must see the datatype that was written. So, for each named graph, the store keeps
the written form of every triple whose literal it rewrote (``WrittenForms``): export and push put the
written forms back, and the native SHACL engine reads them (``Store.written_literals``).

Finding those literals costs one pass over the parsed triples, except for N-Triples, where a count of
``^^`` against the count of canonical ``xsd:integer`` literals (the only typed literals the generated
and curated works use) shows in a fraction of the parse time that there is nothing to keep.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
#: Datatypes Oxigraph stores exactly as written (strings and language-tagged strings).
VERBATIM = frozenset({XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"})
_CANONICAL_INTEGER = re.compile(rb'"-?(?:0|[1-9][0-9]*)"\^\^<http://www\.w3\.org/2001/XMLSchema#integer>')
_STRING = b'"^^<http://www.w3.org/2001/XMLSchema#string>'
_PROBE = ox.NamedNode("urn:nas-kg:literal-probe")

Key = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.Literal]


def ntriples_may_rewrite(data: bytes) -> bool:
    """Tell whether N-Triples may hold a literal the store would rewrite (False is certain, True is a maybe)."""
    typed = data.count(b"^^")
    if not typed:
        return False
    return typed != len(_CANONICAL_INTEGER.findall(data)) + data.count(_STRING)


def rewritten(literals: Iterable[ox.Literal]) -> dict[ox.Literal, ox.Literal]:
    """Return each literal the store would rewrite, mapped to the form it would keep."""
    candidates = list(dict.fromkeys(literals))
    if not candidates:
        return {}
    scratch = ox.Store()
    scratch.extend(ox.Quad(ox.NamedNode(f"urn:nas-kg:c:{i}"), _PROBE, lit) for i, lit in enumerate(candidates))
    out: dict[ox.Literal, ox.Literal] = {}
    for quad in scratch:
        original = candidates[int(quad.subject.value.rsplit(":", 1)[1])]
        kept = quad.object
        if isinstance(kept, ox.Literal) and (kept.value, kept.datatype) != (original.value, original.datatype):
            out[original] = kept
    return out


def candidates(triples: Iterable[ox.Triple | ox.Quad]) -> Iterator[ox.Literal]:
    """Yield the typed literals of triples whose datatype the store might rewrite."""
    literal = ox.Literal
    for triple in triples:
        obj = triple.object
        if type(obj) is literal and obj.datatype.value not in VERBATIM:
            yield obj


class WrittenForms:
    """For each named graph: triple as stored -> every literal written for it (the stored one if written too)."""

    def __init__(self) -> None:
        self._graphs: dict[str, dict[Key, set[ox.Literal]]] = {}

    def record(
        self, graph: str, triples: Iterable[ox.Quad], changed: dict[ox.Literal, ox.Literal]
    ) -> Iterator[ox.Quad]:
        """Pass triples on to the store, remembering the written form of those whose literal it rewrites."""
        table = self._graphs.setdefault(graph, defaultdict(set))
        kept_forms = set(changed.values())
        also_kept: list[Key] = []
        for t in triples:
            obj = t.object
            if obj in changed:
                table[(t.subject, t.predicate, changed[obj])].add(obj)  # type: ignore[index, arg-type]
            elif obj in kept_forms:
                also_kept.append((t.subject, t.predicate, obj))  # type: ignore[arg-type]
            yield t
        for key in also_kept:
            if key in table:
                table[key].add(key[2])

    def copy(self) -> WrittenForms:
        """Return an independent copy (the tables of graphs loaded later must not reach this one)."""
        twin = WrittenForms()
        twin._graphs = {g: defaultdict(set, {k: set(v) for k, v in table.items()}) for g, table in self._graphs.items()}
        return twin

    def drop(self, graph: str) -> None:
        """Forget a graph."""
        self._graphs.pop(graph, None)

    def of(self, graph: str) -> dict[Key, set[ox.Literal]]:
        """Return one graph's table (empty if the store kept every literal of it as written)."""
        return self._graphs.get(graph, {})

    def graphs(self) -> list[str]:
        """Return the graphs that have a table."""
        return list(self._graphs)

    def __bool__(self) -> bool:
        return bool(self._graphs)


def ntriples_line(subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode, obj: ox.Literal) -> bytes:
    """Serialise one triple as the N-Triples line Oxigraph writes for it."""
    return ox.serialize([ox.Triple(subject, predicate, obj)], format=ox.RdfFormat.N_TRIPLES) or b""


def substitute(data: bytes, drop: Iterable[bytes], add: Iterable[bytes]) -> bytes:
    """Remove some N-Triples lines from a document and append others (each line ends with a newline)."""
    dropped = set(drop)
    added = list(dict.fromkeys(add))
    if not dropped and not added:
        return data
    if dropped:
        kept = [line for line in data.splitlines(keepends=True) if line not in dropped]
        data = b"".join(kept)
    if data and not data.endswith(b"\n"):
        data += b"\n"
    return data + b"".join(added)
