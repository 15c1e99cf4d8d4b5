"""Load the knowledge graph (bundled ontology and works plus the user's files) and export it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from nas_kg import resources
from nas_kg.errors import AmbiguousTermError, InputError, QueryError, UnknownTermError
from nas_kg.model import FACETS, TABLES
from nas_kg.namespaces import GRAPH, NAS, PREFIXES
from nas_kg.queries import RUNNER_PARAMS, CannedQuery, get_query
from nas_kg.registries import EXPORT_SUFFIXES
from nas_kg.stores import QueryResult, Store
from nas_kg.stores.embedded import EmbeddedStore
from nas_kg.terms import Vocabulary, local_name, normalise

_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
}
#: Export formats: name -> (Oxigraph format, file suffix).
EXPORT_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    name: (_OX_FORMATS[name], suffix) for name, suffix in EXPORT_SUFFIXES.items()
}
ONTOLOGY_GRAPH = GRAPH.ontology
INFERRED_GRAPH = GRAPH.inferred


def graph_iri_for(path: Path) -> str:
    """Name the named graph a file is loaded into: stable IRIs for bundled files, file: IRIs otherwise."""
    resolved = path.resolve()
    if resolved in {p.resolve() for p in resources.ontology_files()}:
        return str(ONTOLOGY_GRAPH) if path.name == "nas.ttl" else str(GRAPH[f"ontology/{path.stem}"])
    if resolved in {p.resolve() for p in resources.works_files()}:
        return str(GRAPH[f"works/{path.stem}"])
    return resolved.as_uri()


@dataclass(frozen=True)
class MethodRef:
    """A method as the API names it: IRI, label, seed reference number and year."""

    iri: URIRef
    label: str
    ref: int | None = None
    year: int | None = None
    title: str | None = None


@dataclass
class KnowledgeGraph:
    """The NAS knowledge graph behind one store, with the vocabulary to resolve names."""

    store: Store
    files: list[Path] = field(default_factory=list)

    @classmethod
    def load(
        cls,
        data: Iterable[str | Path] = (),
        *,
        bundled_works: bool = True,
        seed_only: bool = False,
        store: Store | None = None,
        endpoint: str | None = None,
        update_endpoint: str | None = None,
        graph: str | None = None,
        timeout: float = 30.0,
    ) -> KnowledgeGraph:
        """Load the bundled ontology and works, plus data files, into a store (embedded by default).

        With ``endpoint=URL`` the graph is read from a SPARQL 1.1 endpoint instead (its named graph
        ``graph``, or its default graph); data files then cannot be added locally.
        """
        if store is not None:
            return cls(store=store, files=[])
        if endpoint is not None:
            from nas_kg.stores.remote import EndpointConfig, EndpointStore

            if list(data):
                raise InputError("--data files cannot be read beside an --endpoint; push them to it instead")
            return cls(store=EndpointStore(EndpointConfig(endpoint, update_endpoint, graph, timeout=timeout)))
        embedded = EmbeddedStore()
        files = list(resources.ontology_files())
        if bundled_works:
            works = resources.works_files()
            if seed_only:
                works = [p for p in works if p.stem == "seed"]
            files += works
        files += [Path(p) for p in data]
        if not resources.ontology_files():
            raise InputError(f"bundled ontology missing: {resources.core_ontology()}")
        for path in files:
            embedded.load_file(path, graph_iri_for(path))
        return cls(store=embedded, files=files)

    # ------------------------------------------------------------------ vocabulary
    @cached_property
    def tbox(self) -> Graph:
        """Return the ontology's terms (classes, properties, values) as an rdflib graph."""
        result = self.store.select(_read("tbox"))
        graph = Graph()
        for s, p, o in result.rows:
            graph.add((s, p, o))  # type: ignore[arg-type]
        return graph

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """Return the labels, synonyms and types of the ontology's terms."""
        return Vocabulary.from_graph(self.tbox)

    def label(self, term: Node) -> str:
        """Return a term's label."""
        return self.vocabulary.label(URIRef(str(term)))

    # ------------------------------------------------------------------ methods
    @cached_property
    def method_index(self) -> list[MethodRef]:
        """Return every method with its label, reference number and year, sorted by label."""
        rows = self.store.select(_read("list-methods")).records()
        return [
            MethodRef(URIRef(r["method"]), r["label"] or local_name(r["method"]), r["ref"], r["year"], r["title"])
            for r in rows
        ]

    @cached_property
    def method_by_iri(self) -> dict[URIRef, MethodRef]:
        """Return the method index keyed by IRI."""
        return {m.iri: m for m in self.method_index}

    @cached_property
    def facet_triples(self) -> list[tuple[object, ...]]:
        """Return every (subject, facet property, value) of the graph, raw (``facet-values``), read once.

        Reasoning, similarity and the report all start from these rows; at 10,000 methods reading them
        costs more than what each does with them.
        """
        return self.store.select_raw(_read("facet-values"))

    def resolve_method(self, name: str | int | None = None, *, ref: int | None = None) -> MethodRef:
        """Resolve a method by IRI, local name, label, seed reference number or title fragment."""
        methods = self.method_index
        if ref is not None or (isinstance(name, int) or (isinstance(name, str) and name.strip().isdigit())):
            number = ref if ref is not None else int(str(name))
            hits = [m for m in methods if m.ref == number]
            if not hits:
                refs = sorted({str(m.ref) for m in methods if m.ref is not None}, key=int)
                raise UnknownTermError("reference number", str(number), refs[:3])
            return hits[0]
        text = str(name or "").strip()
        exact = [m for m in methods if text in (str(m.iri), local_name(m.iri))]
        if not exact:
            exact = [m for m in methods if normalise(m.label) == normalise(text)]
        if not exact:
            exact = [m for m in methods if m.title and normalise(text) in normalise(m.title)]
        if not exact:
            exact = [m for m in methods if normalise(text) in normalise(m.label)]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise AmbiguousTermError("method", text, [f"{m.label} <{m.iri}>" for m in exact[:10]])
        import difflib

        close = difflib.get_close_matches(normalise(text), [normalise(m.label) for m in methods], n=3, cutoff=0.4)
        by_norm = {normalise(m.label): m.label for m in methods}
        raise UnknownTermError("method", text, [by_norm[c] for c in close])

    def resolve_category(self, name: str) -> URIRef:
        """Resolve a class of methods by label or local name (e.g. 'Differentiable NAS method')."""
        classes = [c for c in self.vocabulary.types if _is_method_class(self.tbox, c)]
        try:
            return self.vocabulary.resolve(name, within=classes, kind="category")
        except UnknownTermError:
            # "Differentiable" names the class "Differentiable NAS method"
            for guess in (f"{name} NAS method", f"{name}NASMethod"):
                try:
                    return self.vocabulary.resolve(guess, within=classes, kind="category")
                except UnknownTermError:
                    continue
            raise

    # ------------------------------------------------------------------ queries
    def bind(self, query: CannedQuery, params: Mapping[str, Any]) -> dict[str, Identifier]:
        """Resolve parameter values to RDF terms according to their declared kinds."""
        bound: dict[str, Identifier] = {}
        for name in params:
            query.param(name)  # an undeclared parameter is an error
        for param in query.params:
            if param.name in RUNNER_PARAMS:
                continue
            raw = params.get(param.name, param.default)
            if raw is None:
                raise QueryError(f"query {query.name!r} needs parameter {param.name!r} ({param.description})")
            bound[param.name] = self._term(param.kind, param.name, raw)
        return bound

    def _term(self, kind: str, name: str, raw: Any) -> Identifier:
        text = str(raw).strip()
        if kind == "facet":
            if text not in FACETS:
                raise UnknownTermError("facet", text, sorted(FACETS))
            return FACETS[text].prop
        if kind == "term":
            return self.vocabulary.resolve(text)
        if kind == "method":
            return self.resolve_method(text).iri
        if kind == "category":
            return self.resolve_category(text)
        if kind == "source":
            sources = self.vocabulary.members(NAS.Source) or list(self._sources())
            return self.vocabulary.resolve(text, within=sources, kind="source")
        if kind == "table":
            if text not in TABLES:
                raise UnknownTermError("table", text, sorted(TABLES))
            return TABLES[text]
        if kind == "integer":
            try:
                return Literal(int(text))
            except ValueError as exc:
                raise QueryError(f"parameter {name!r} must be a whole number, got {text!r}") from exc
        if kind == "iri":
            if not text.startswith(("http://", "https://", "urn:")) or any(c in text for c in '<>" {}|\\^`'):
                raise QueryError(f"parameter {name!r} must be an absolute IRI, got {text!r}")
            return URIRef(text)
        return Literal(text)

    def _sources(self) -> list[URIRef]:
        return [URIRef(r["source"]) for r in self.store.select(_read("list-sources")).records()]

    def query(self, name_or_path: str | Path, **params: Any) -> QueryResult:
        """Run a canned query (or a .rq file) with parameters given as labels, names or values."""
        query = get_query(name_or_path)
        bindings = self.bind(query, params)
        try:
            result = self.store.select(query.text, bindings)
        except QueryError as exc:
            raise QueryError(f"{query.path}: {exc}") from exc
        if "k" in {p.name for p in query.params}:
            k = int(params.get("k", query.param("k").default or 0))
            result = QueryResult(result.columns, result.rows[:k])
        return result

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        """Run a raw SELECT query with bound values."""
        return self.store.select(sparql, bindings)

    # ------------------------------------------------------------------ whole graph
    def ntriples(self) -> bytes:
        """Return the whole graph (ontology, works and user data) as N-Triples."""
        return self.store.dump_ntriples()

    def rdflib_graph(self) -> Graph:
        """Return the whole graph as an rdflib Graph (for pyshacl and owlready2)."""
        graph = Graph()
        graph.parse(data=self.ntriples(), format="nt")
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        return graph

    def serialize(self, fmt: str) -> bytes:
        """Serialise the whole graph in an export format."""
        if fmt not in EXPORT_FORMATS:
            raise InputError(f"unknown format {fmt!r} (choose from {', '.join(sorted(EXPORT_FORMATS))})")
        ox_format, _ = EXPORT_FORMATS[fmt]
        triples = ox.parse(self.ntriples(), format=ox.RdfFormat.N_TRIPLES)
        prefixes = PREFIXES if ox_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        return ox.serialize(triples, format=ox_format, prefixes=prefixes) or b""


def _is_method_class(tbox: Graph, cls: URIRef) -> bool:
    from rdflib.namespace import OWL, RDF

    return (cls, RDF.type, OWL.Class) in tbox and (
        cls == NAS.NASMethod or str(cls).endswith("NASMethod") or (cls, OWL.equivalentClass, None) in tbox
    )


def _read(name: str) -> str:
    return get_query(name).text


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file atomically: a temporary file in the same folder, then a rename."""
    path = Path(path)
    if resources.is_bundled(path):
        raise InputError(f"{path}: refusing to write into the bundled nas-kg files")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(data: Sequence[str | Path] = (), *, seed_only: bool = False) -> KnowledgeGraph:
    """Load the bundled graph plus the given data files into the embedded store."""
    return KnowledgeGraph.load(data, seed_only=seed_only)
