"""The embedded store: Oxigraph in memory (parses ~10x faster than rdflib and answers SPARQL faster)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from nas_kg import progress, resources
from nas_kg.errors import InputError, QueryError, RdfSyntaxError, UnsupportedError
from nas_kg.kept import Kept
from nas_kg.sparql import inject_values
from nas_kg.stores import QueryResult
from nas_kg.stores.literals import (
    Key,
    WrittenForms,
    candidates,
    ntriples_line,
    ntriples_may_rewrite,
    rewritten,
    substitute,
)

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
#: Dataset formats: their named graphs are kept; their default graph goes to the file's own graph.
DATASET_FORMATS: dict[str, ox.RdfFormat] = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
#: Every suffix --data reads.
READABLE = frozenset(FORMATS) | frozenset(DATASET_FORMATS)


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
        return _literal(term.value, term.language, term.datatype.value)
    raise TypeError(f"unsupported term {term!r}")


@lru_cache(maxsize=1 << 16)
def _literal(value: str, language: str | None, datatype: str) -> Literal:
    """Make (once per distinct literal, of the last 65,536) the rdflib Literal of an Oxigraph literal:
    rdflib parses the value into a Python one on every construction, and results repeat their literals
    (labels, years, units) row after row. Literals are immutable, so rows share them."""
    if language:
        return Literal(value, lang=language)
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value)
    # as the store gives it: rdflib would otherwise rewrite "1"^^xsd:double to "1.0E0"
    return Literal(value, datatype=_iri(datatype), normalize=False)


def raw_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> object:
    """Convert an Oxigraph term to the native SHACL engine's raw form (see nas_kg.fastshacl)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return to_rdflib(term)


_SERIALS: Iterator[int] = itertools.count()


@dataclass(frozen=True)
class _Loaded:
    """The state of a store after loading a list of files (EmbeddedStore.of_files); never written to."""

    store: ox.Store
    graphs: list[str]
    sizes: dict[str, int]
    written: WrittenForms
    #: Which parse this is: a parse of the same files again holds the same graph with other blank nodes
    serial: int = field(default_factory=lambda: next(_SERIALS))


#: Loaded states by file list (EmbeddedStore.of_files): the bundled graph, with and without the curated works.
_LOADED: Kept[tuple[object, ...], _Loaded] = Kept(4)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)  # load_file reports the missing file
    return (stat.st_size, stat.st_mtime_ns)


class EmbeddedStore:
    """An in-memory Oxigraph store; each loaded file becomes its own named graph.

    Queries see the RDF merge of the graphs, each triple once: a triple a graph repeats from a graph
    loaded before it is kept in that graph's companion ``restated_graph(graph)``, which ``GRAPH ?g``
    patterns still see (so which file said what stays queryable) but the default graph does not.
    Literals the store rewrites to a canonical form are given back as written by the dumps (see
    ``nas_kg.stores.literals``).
    """

    description = "embedded Oxigraph store"

    def __init__(self) -> None:
        self._store = ox.Store()
        self._graphs: list[str] = []
        self._sizes: dict[str, int] = {}
        self._written = WrittenForms()
        #: True while ``_store`` and ``_written`` are a kept loaded state shared with other stores: the
        #: first write copies them (``_own``), so reading the bundled graph never copies it
        self._shared = False
        self._kept_key: tuple[object, ...] | None = None  # the kept state's key (of_files) while shared

    # ------------------------------------------------------------------ loading
    @classmethod
    def of_files(cls, files: Sequence[tuple[Path, str]]) -> EmbeddedStore:
        """Return a store with each file loaded into its graph, in order.

        The loaded state is kept for the life of the process, keyed by each file's path, size and
        modification time, and the next store of the same unchanged files reads that state in place,
        copy on write: the bundled files are parsed once per process, not once per command (a test run
        or a notebook loads them hundreds of times), and a store is copied only when something is
        loaded into it or a graph is dropped.
        """
        key = tuple((str(path.resolve()), graph, *_stamp(path)) for path, graph in files)
        kept = _LOADED.get(key)
        if kept is None or progress.active():  # a progress bar follows the real parse
            store = cls()
            for path, graph in files:
                store.load_file(path, graph)
            kept = _LOADED.keep(key, _Loaded(store._store, store._graphs, store._sizes, store._written))
        store = cls()  # reads the kept state until its first write (see _own)
        store._store, store._written, store._shared = kept.store, kept.written, True
        store._graphs, store._sizes = list(kept.graphs), dict(kept.sizes)
        store._kept_key = (*key, kept.serial)  # this parse: blank node labels are its own
        return store

    @property
    def kept_state(self) -> tuple[object, ...] | None:
        """The key of the kept loaded state (of_files: the files and which parse of them) while the store
        reads it unchanged, else None. Equal keys: the same triples, blank nodes included."""
        return self._kept_key if self._shared else None

    def _own(self) -> None:
        """Before a write: stop sharing the kept state, so the write reaches this store alone."""
        if self._shared:
            copy = ox.Store()
            copy.extend(self._store.quads_for_pattern(None, None, None, None))
            self._store, self._written, self._shared = copy, self._written.copy(), False

    def load_file(self, path: Path, graph: str) -> None:
        """Parse an RDF file into a named graph; raise RdfSyntaxError with line and column."""
        fmt = FORMATS.get(path.suffix.lower()) or DATASET_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise InputError(f"{path}: unknown RDF format (use one of {', '.join(sorted(READABLE))})")
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        try:
            if fmt in DATASET_FORMATS.values():
                self._ingest_dataset(graph, path, fmt)
            elif progress.active():  # read through a counting reader so a bar follows the file
                with progress.task(f"loading {path.name}", path.stat().st_size, "B") as advance:
                    with path.open("rb") as handle:
                        reader = progress.CountingReader(handle, advance)
                        data = b"".join(iter(lambda: reader.read(1 << 20), b""))
                    self._ingest(graph, data, fmt, str(path))
            elif fmt == ox.RdfFormat.N_TRIPLES:
                self._ingest(graph, path.read_bytes(), fmt, str(path))
            else:
                self._ingest(graph, path, fmt, str(path))
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc

    def load(self, data: bytes, graph: str) -> None:
        """Add N-Triples to a named graph."""
        self.load_bytes(data, graph)

    def load_bytes(self, data: bytes, graph: str, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> None:
        """Load serialised RDF into a named graph."""
        self._ingest(graph, data, fmt, graph)

    def _ingest(self, graph: str, source: bytes | Path, fmt: ox.RdfFormat, where: str) -> None:
        """Load into a named graph: in bulk, or triple by triple where a literal's written form must be kept."""
        self._own()
        node = ox.NamedNode(graph)
        size = source.stat().st_size if isinstance(source, Path) else len(source)
        self._sizes[graph] = self._sizes.get(graph, 0) + size  # _dedupe scans from the smaller graph

        def parse(rename: bool) -> Iterator[ox.Quad]:
            if isinstance(source, Path):
                return ox.parse(path=str(source), format=fmt, rename_blank_nodes=rename)
            return ox.parse(source, format=fmt, rename_blank_nodes=rename)

        try:
            changed: dict[ox.Literal, ox.Literal] = {}
            if not isinstance(source, bytes) or fmt != ox.RdfFormat.N_TRIPLES or ntriples_may_rewrite(source):
                changed = rewritten(candidates(parse(rename=False)))
            if changed:
                quads = (ox.Quad(t.subject, t.predicate, t.object, node) for t in parse(rename=True))
                self._store.extend(self._written.record(graph, quads, changed))
            elif isinstance(source, Path):
                self._store.bulk_load(path=str(source), format=fmt, to_graph=node)
            else:
                self._store.bulk_load(source, format=fmt, to_graph=node)
        except SyntaxError as exc:
            raise RdfSyntaxError(where, _first_line(exc.msg), exc.lineno, exc.offset) from exc
        except ValueError as exc:
            raise InputError(f"{where}: cannot read: {exc}") from exc
        if graph not in self._graphs:
            self._graphs.append(graph)
        self._dedupe(graph)

    def _ingest_dataset(self, graph: str, path: Path, fmt: ox.RdfFormat) -> None:
        """Load a TriG or N-Quads file: its default graph into the file's own graph, its named graphs kept."""
        try:
            by_graph: dict[str, list[ox.Triple]] = {}
            for q in ox.parse(path=str(path), format=fmt, rename_blank_nodes=True):
                name = graph if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
                by_graph.setdefault(name, []).append(q.triple)
        except SyntaxError as exc:
            raise RdfSyntaxError(str(path), _first_line(exc.msg), exc.lineno, exc.offset) from exc
        except ValueError as exc:
            raise InputError(f"{path}: cannot read: {exc}") from exc
        for name, triples in by_graph.items():
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            self._ingest(name, data, ox.RdfFormat.N_TRIPLES, str(path))

    def _dedupe(self, graph: str) -> None:
        """Keep each triple in one graph of the merge: the first graph that states it."""
        position = self._graphs.index(graph)
        text = _store_query("shared-triples.rq")
        for index, other in enumerate(self._graphs):
            if other == graph:
                continue
            small, large = sorted((graph, other), key=lambda g: self._sizes.get(g, 0))
            # bound as constants before planning (SEP-0007), so the scan starts from the smaller graph
            bindings = {ox.Variable("small"): ox.NamedNode(small), ox.Variable("large"): ox.NamedNode(large)}
            shared = list(self._store.query(text, substitutions=bindings))  # type: ignore[arg-type]
            if shared:
                later = graph if index < position else other
                self._move([(row["s"], row["p"], row["o"]) for row in shared], later, restated_graph(later))

    def _move(self, triples: list[tuple[object, object, object]], source: str, target: str) -> None:
        self._own()
        src, dst = ox.NamedNode(source), ox.NamedNode(target)
        for s, p, o in triples:
            self._store.remove(ox.Quad(s, p, o, src))  # type: ignore[arg-type]
            self._store.add(ox.Quad(s, p, o, dst))  # type: ignore[arg-type]

    # ------------------------------------------------------------------ queries
    def _query(self, query: str, bindings: Mapping[str, Identifier] | None) -> object:
        try:
            view: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.NamedNode(g) for g in self._graphs]
            return self._store.query(inject_values(query, bindings), default_graph=view)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {_first_line(exc.msg)}") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    @staticmethod
    @contextmanager
    def _evaluating() -> Iterator[None]:
        """Oxigraph evaluates lazily, while results are read: a SERVICE that does not answer fails here."""
        try:
            yield
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def _solutions(self, query: str, bindings: Mapping[str, Identifier] | None) -> ox.QuerySolutions:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        return result

    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        """Run a SELECT query on the merge of the named graphs, values bound by VALUES blocks."""
        result = self._solutions(query, bindings)
        columns = [v.value for v in result.variables]
        with self._evaluating():
            rows = [tuple(to_rdflib(solution[c]) for c in columns) for solution in result]
        return QueryResult(columns, rows)

    def select_raw(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[tuple[object, ...]]:
        """Run a SELECT query and return rows of raw values: IRIs as str, blank nodes as '_:id', rdflib literals.

        For bulk readers (the native SHACL engine): building rdflib terms for every IRI costs more than
        the query itself at 100,000 methods.
        """
        result = self._solutions(query, bindings)
        named = ox.NamedNode  # most terms are IRIs: test the exact type first, the cheapest check
        with self._evaluating():
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
        with self._evaluating():
            return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""

    # ------------------------------------------------------------------ dumps
    def dump_ntriples(self) -> bytes:
        """Return the RDF merge of the named graphs as N-Triples: each triple once, literals as written."""
        data = b"".join(self._dump(g) for g in self._graphs)
        drop, add = [], []
        for (s, p, kept), (forms, keep) in self._merged_forms().items():
            if not keep:
                drop.append(ntriples_line(s, p, kept))
            add += [ntriples_line(s, p, form) for form in forms if form != kept]
        return substitute(data, drop, add)

    def dump_graph(self, graph: str, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> bytes:
        """Return one named graph, the triples it restates included, literals as written."""
        data = self._dump(graph) + self._dump(restated_graph(graph))
        drop, add = [], []
        for (s, p, kept), forms in self._written.of(graph).items():
            if kept not in forms:
                drop.append(ntriples_line(s, p, kept))
            add += [ntriples_line(s, p, form) for form in forms if form != kept]
        data = substitute(data, drop, add)
        if fmt == ox.RdfFormat.N_TRIPLES:
            return data
        return ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), format=fmt) or b""

    def _dump(self, graph: str) -> bytes:
        node = ox.NamedNode(graph)
        if not self._store.contains_named_graph(node):
            return b""
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=node) or b""

    def _merged_forms(self) -> dict[Key, tuple[set[ox.Literal], bool]]:
        """Over all graphs: stored triple -> (its written forms, whether some graph wrote the stored form)."""
        merged: dict[Key, tuple[set[ox.Literal], bool]] = {}
        for graph in self._written.graphs():
            for key, forms in self._written.of(graph).items():
                known, keep = merged.get(key, (set(), False))
                merged[key] = (known | forms, keep or key[2] in forms)
        for key, (forms, keep) in merged.items():
            if not keep:
                # a graph without a table for this triple wrote it in the stored form
                writers = [g for g in self._graphs if key not in self._written.of(g)]
                keep = any(self._holds(g, key) for g in writers)
                merged[key] = (forms, keep)
        return merged

    def _holds(self, graph: str, key: Key) -> bool:
        return any(
            ox.Quad(key[0], key[1], key[2], ox.NamedNode(g)) in self._store for g in (graph, restated_graph(graph))
        )

    def written_literals(self) -> dict[tuple[object, object, object], list[object]]:
        """Return (subject, predicate, stored literal) -> the literals written for it, as raw values."""
        out: dict[tuple[object, object, object], list[object]] = {}
        for (s, p, kept), (forms, keep) in self._merged_forms().items():
            written = sorted(forms | ({kept} if keep else set()), key=str)
            out[(raw_value(s), p.value, raw_value(kept))] = [raw_value(form) for form in written]
        return out

    # ------------------------------------------------------------------ graphs
    def graphs(self) -> Sequence[str]:
        """Return the named graphs, in load order."""
        return list(self._graphs)

    def replace_graph(self, graph: str | None, ntriples: bytes) -> int:
        """Replace a named graph as one unit (the embedded store has no default graph of its own)."""
        if graph is None:
            raise UnsupportedError(f"{self.description}: keeps every triple in a named graph; name one")
        try:
            count = len({(t.subject, t.predicate, t.object) for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)})
        except SyntaxError as exc:
            raise RdfSyntaxError(graph, _first_line(exc.msg), exc.lineno, exc.offset) from exc
        self.drop_graph(graph)
        self.load_bytes(ntriples, graph)
        return count

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph; a triple it held that a later graph restates moves back into that graph."""
        self._own()
        for name in (graph, restated_graph(graph)):
            node = ox.NamedNode(name)
            if self._store.contains_named_graph(node):
                self._store.remove_graph(node)
        self._graphs = [g for g in self._graphs if g != graph]
        self._sizes.pop(graph, None)
        self._written.drop(graph)
        primaries = [ox.NamedNode(g) for g in self._graphs]
        for later in self._graphs:
            restated = ox.NamedNode(restated_graph(later))
            if not self._store.contains_named_graph(restated):
                continue
            orphans = [
                (q.subject, q.predicate, q.object)
                for q in self._store.quads_for_pattern(None, None, None, restated)
                if not any(ox.Quad(q.subject, q.predicate, q.object, g) in self._store for g in primaries)
            ]
            self._move(orphans, restated.value, later)  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self._store)


def restated_graph(graph: str) -> str:
    """Name the graph that holds the triples a graph repeats from graphs loaded before it."""
    return f"urn:nas-kg:restated:{graph}"


def _store_query(name: str) -> str:
    return (resources.queries_dir() / "store" / name).read_text(encoding="utf-8")


def _first_line(message: str | None) -> str:
    return (message or "syntax error").strip().splitlines()[0]
