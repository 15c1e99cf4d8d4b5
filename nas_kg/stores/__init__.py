"""Stores: one small Protocol, one adapter per back end (embedded Oxigraph, remote SPARQL endpoint)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from rdflib.term import BNode, Identifier, Literal, URIRef


@dataclass
class QueryResult:
    """Rows of a SELECT query: column names and, per row, an RDF term or None for each column."""

    columns: list[str]
    rows: list[tuple[Identifier | None, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """Return the rows as dicts of plain Python values (IRIs as strings, literals as values)."""
        return [{c: to_python(v) for c, v in zip(self.columns, row, strict=True)} for row in self.rows]

    def to_dataframe(self) -> Any:
        """Return the records as a pandas DataFrame (needs pandas, which nas-kg does not require)."""
        try:
            import pandas as pd
        except ImportError as exc:
            from nas_kg.errors import EnvironmentMissingError

            raise EnvironmentMissingError("to_dataframe needs pandas: pip install pandas") from exc
        return pd.DataFrame(self.records(), columns=self.columns)

    def column(self, name: str) -> list[Identifier | None]:
        """Return one column's values."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


def to_python(term: Identifier | None) -> Any:
    """Turn an RDF term into a plain value: str for IRIs and strings, int/float/bool where typed."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int | float | bool | str) else str(term)
    return str(term)


def raw_value(term: Identifier | None) -> object:
    """Turn an rdflib term into the raw form bulk readers take: IRIs as str, blank nodes as '_:id'."""
    if term is None or isinstance(term, Literal):
        return term
    if isinstance(term, BNode):
        return "_:" + str(term)
    return str(term)


@runtime_checkable
class Store(Protocol):
    """What nas-kg needs from a graph store; every service reaches a store only through these methods.

    A store that cannot do one of them raises ``UnsupportedError`` naming the store and the operation;
    each caller documents its fallback. The contract tests (tests/test_store_contract.py) run every
    method against every store.
    """

    #: A short description for messages, e.g. "embedded Oxigraph" or the endpoint URL.
    description: str

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        """Run a SELECT query with values bound to some of its variables."""
        ...

    def select_raw(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[tuple[object, ...]]:
        """Run a SELECT query; rows of raw values (IRIs as str, blank nodes as '_:id', rdflib literals)."""
        ...

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK query."""
        ...

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bytes:
        """Run a CONSTRUCT or DESCRIBE query and return its triples as N-Triples."""
        ...

    def load(self, data: bytes, graph: str) -> None:
        """Add N-Triples to a named graph."""
        ...

    def dump_ntriples(self) -> bytes:
        """Return every triple of the graph (the merge of its named graphs) as N-Triples."""
        ...

    def dump_graph(self, graph: str) -> bytes:
        """Return one named graph as N-Triples."""
        ...

    def graphs(self) -> Sequence[str]:
        """Return the named graphs the store reads."""
        ...

    def replace_graph(self, graph: str | None, ntriples: bytes) -> int:
        """Replace a named graph (None: the default graph) as one unit; return the triples written."""
        ...

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph."""
        ...

    def written_literals(self) -> Mapping[tuple[object, object, object], Sequence[object]]:
        """Return, for each (subject, predicate, literal) the store keeps in another form than the one
        written, the literals as written (raw values; the stored one included where it was written too).

        A store that keeps literals as given, or cannot tell what was written, returns an empty mapping.
        """
        ...

    @property
    def kept_state(self) -> Hashable | None:
        """A key of the unchanging contents the store reads, or None where they can change (a store written
        to, a remote store). Stores with equal keys hold equal graphs: a result computed from the graph alone
        may be kept by this key (``KnowledgeGraph.tbox_triples`` is)."""
        ...


__all__ = ["QueryResult", "Store", "URIRef", "raw_value", "to_python"]
