"""The embedded store: Oxigraph in memory (parses ~10x faster than rdflib and answers SPARQL faster)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from nas_kg import progress, resources
from nas_kg.errors import InputError, QueryError, RdfSyntaxError, UnsupportedError
from nas_kg.sparql import inject_values
from nas_kg.stores import QueryResult

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".owl": ox.RdfFormat.RDF_XML,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".n3": ox.RdfFormat.N3,
}


@lru_cache(maxsize=1 << 20)
def _iri(value: str) -> URIRef:
    """Make (once per IRI) the URIRef of an IRI Oxigraph has already checked; rdflib's re-validation
    and object creation are the bulk of converting large results, and IRIs repeat heavily."""
    return str.__new__(URIRef, value)


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Identifier | None:
    """Convert an Oxigraph term to the rdflib term the API returns."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return _iri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise TypeError(f"unsupported term {term!r}")


def raw_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> object:
    """Convert an Oxigraph term to the native SHACL engine's raw form (see nas_kg.fastshacl)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return to_rdflib(term)


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


class EmbeddedStore:
    """An in-memory Oxigraph store; each loaded file becomes its own named graph."""

    description = "embedded Oxigraph store"

    def __init__(self) -> None:
        self._store = ox.Store()
        self._graphs: list[str] = []

    def load_file(self, path: Path, graph: str) -> None:
        """Parse an RDF file into a named graph; raise RdfSyntaxError with line and column."""
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise InputError(f"{path}: unknown RDF format (use one of {', '.join(sorted(FORMATS))})")
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        try:
            if progress.active():  # read through a counting reader so a bar can follow the parser
                with progress.task(f"loading {path.name}", path.stat().st_size, "B") as advance, path.open("rb") as f:
                    reader = progress.CountingReader(f, advance)
                    self._store.bulk_load(input=reader, format=fmt, to_graph=ox.NamedNode(graph))  # type: ignore[arg-type]
            else:
                self._store.bulk_load(path=str(path), format=fmt, to_graph=ox.NamedNode(graph))
        except SyntaxError as exc:
            raise RdfSyntaxError(str(path), _first_line(exc.msg), exc.lineno, exc.offset) from exc
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: cannot read: {exc}") from exc
        self._graphs.append(graph)

    def load(self, data: bytes, graph: str) -> None:
        """Add N-Triples to a named graph."""
        self.load_bytes(data, graph)

    def load_bytes(self, data: bytes, graph: str, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> None:
        """Load serialised RDF into a named graph."""
        try:
            self._store.bulk_load(data, format=fmt, to_graph=ox.NamedNode(graph))
        except SyntaxError as exc:
            raise RdfSyntaxError(graph, _first_line(exc.msg), exc.lineno, exc.offset) from exc
        if graph not in self._graphs:
            self._graphs.append(graph)

    def _query(self, query: str, bindings: Mapping[str, Identifier] | None) -> object:
        try:
            return self._store.query(inject_values(query, bindings), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {_first_line(exc.msg)}") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def _solutions(self, query: str, bindings: Mapping[str, Identifier] | None) -> ox.QuerySolutions:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        return result

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        """Run a SELECT query on the union of the named graphs, values bound by VALUES blocks."""
        result = self._solutions(query, bindings)
        columns = [v.value for v in result.variables]
        rows = [tuple(to_rdflib(solution[c]) for c in columns) for solution in result]
        return QueryResult(columns, rows)

    def select_raw(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[tuple[object, ...]]:
        """Run a SELECT query and return rows of raw values: IRIs as str, blank nodes as '_:id', rdflib literals.

        For bulk readers (the native SHACL engine): building rdflib terms for every IRI costs more than
        the query itself at 100,000 methods.
        """
        result = self._solutions(query, bindings)
        named = ox.NamedNode  # most terms are IRIs: test the exact type first, the cheapest check
        return [tuple(t.value if type(t) is named else raw_value(t) for t in solution) for solution in result]

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK query."""
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bytes:
        """Run a CONSTRUCT or DESCRIBE query and return N-Triples."""
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""

    def dump_ntriples(self) -> bytes:
        """Return the union of all named graphs as N-Triples (duplicates across graphs removed)."""
        text = (resources.queries_dir() / "store" / "dump-union.rq").read_text(encoding="utf-8")
        return self.construct(text)

    def dump_graph(self, graph: str, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> bytes:
        """Return one named graph serialised."""
        return self._store.dump(format=fmt, from_graph=ox.NamedNode(graph)) or b""

    def graphs(self) -> Sequence[str]:
        """Return the named graphs, in load order."""
        return list(self._graphs)

    def replace_graph(self, graph: str | None, ntriples: bytes) -> int:
        """Replace a named graph as one unit (the embedded store has no default graph of its own)."""
        if graph is None:
            raise UnsupportedError(f"{self.description}: keeps every triple in a named graph; name one")
        node = ox.NamedNode(graph)
        try:
            quads = [
                ox.Quad(t.subject, t.predicate, t.object, node)
                for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
            ]
        except SyntaxError as exc:
            raise RdfSyntaxError(graph, _first_line(exc.msg), exc.lineno, exc.offset) from exc
        self.drop_graph(graph)
        self._store.extend(quads)
        self._graphs.append(graph)
        return len(set(quads))

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph."""
        node = ox.NamedNode(graph)
        if self._store.contains_named_graph(node):
            self._store.remove_graph(node)
        self._graphs = [g for g in self._graphs if g != graph]

    def __len__(self) -> int:
        return len(self._store)


def _first_line(message: str | None) -> str:
    return (message or "syntax error").strip().splitlines()[0]
