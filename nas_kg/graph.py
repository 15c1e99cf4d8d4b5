"""Load the knowledge graph (bundled ontology and works plus the user's files) and export it."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Identifier, Node

from nas_kg import resources
from nas_kg import serialize as writers
from nas_kg.errors import AmbiguousTermError, InputError, QueryError, UnknownTermError
from nas_kg.fileio import check_target as check_target  # re-exported: callers import them from here
from nas_kg.fileio import write_atomic as write_atomic
from nas_kg.imports import drop_contained_imports
from nas_kg.kept import Kept
from nas_kg.model import TABLES, facet
from nas_kg.names import article, closest
from nas_kg.namespaces import GRAPH, NAS, PREFIXES
from nas_kg.queries import RUNNER_PARAMS, CannedQuery, get_query
from nas_kg.sparql import first_keyword
from nas_kg.stores import QueryResult, Store
from nas_kg.stores.embedded import EmbeddedStore, to_rdflib
from nas_kg.terms import Vocabulary, local_name, normalise

#: Export formats: name -> file suffix (the writers are in nas_kg.serialize).
EXPORT_FORMATS: dict[str, str] = {name: suffix for name, (_, suffix, _) in writers.FORMATS.items()}
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
        whole_timeout: bool = False,
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
            remote = EndpointStore(
                EndpointConfig(endpoint, update_endpoint, graph, timeout=timeout, whole=whole_timeout)
            )
            remote.require_triples()
            return cls(store=remote)
        bundled = list(resources.ontology_files())
        if not bundled:
            raise InputError(f"bundled ontology missing: {resources.core_ontology()}")
        if bundled_works:
            works = resources.works_files()
            bundled += [p for p in works if p.stem == "seed"] if seed_only else works
        user = [Path(p) for p in data]
        embedded = EmbeddedStore.of_files([(path, graph_iri_for(path)) for path in bundled])  # parsed once per process
        for path in user:
            embedded.load_file(path, graph_iri_for(path))
        return cls(store=embedded, files=[*bundled, *user])

    # ------------------------------------------------------------------ vocabulary
    @cached_property
    def tbox_triples(self) -> tuple[tuple[Any, Any, Any], ...]:
        """Return the ontology's terms (classes, properties, values) as rdflib triples, for readers that need
        no graph (the reasoners' axioms). Kept by the store's ``kept_state``: every load of the unchanged
        bundled files reads the same terms, and the query was a third of loading the vocabulary."""
        key = self.store.kept_state
        rows = _TBOX_ROWS.get(key) if key is not None else None
        if rows is None:
            rows = tuple((s, p, o) for s, p, o in self.store.select(_read("tbox")).rows)
            if key is not None:
                _TBOX_ROWS.keep(key, rows)
        return rows

    @cached_property
    def tbox(self) -> Graph:
        """Return the ontology's terms (classes, properties, values) as an rdflib graph (the graph's own)."""
        graph = Graph()
        for s, p, o in self.tbox_triples:
            graph.add((s, p, o))
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
    def _method_rows(self) -> list[dict[str, Any]]:
        return self.store.select(_read("list-methods")).records()

    @cached_property
    def method_index(self) -> list[MethodRef]:
        """Return every method with its label, reference number and year, sorted by label."""
        seen: dict[str, MethodRef] = {}
        for r in self._method_rows:  # a method with two labels (or titles) is one method: keep its first row
            if r["method"] not in seen:
                label = r["label"] or local_name(r["method"])
                seen[r["method"]] = MethodRef(URIRef(r["method"]), label, r["ref"], r["year"], r["title"])
        # the query's ORDER BY, in Python: servers collate strings differently (Virtuoso, Oxigraph)
        return sorted(seen.values(), key=lambda m: (m.label.lower(), str(m.iri)))

    @cached_property
    def method_names(self) -> dict[URIRef, set[str]]:
        """Return every label and title of every method, normalised (a method may carry several)."""
        names: dict[URIRef, set[str]] = {}
        for r in self._method_rows:
            found = names.setdefault(URIRef(r["method"]), set())
            found.update(normalise(str(r[key])) for key in ("label", "title") if r[key])
        return names

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
            exact = [m for m in methods if normalise(text) in self.method_names.get(m.iri, {normalise(m.label)})]
        if not exact:
            exact = [m for m in methods if m.title and normalise(text) in normalise(m.title)]
        if not exact:
            exact = [m for m in methods if normalise(text) in normalise(m.label)]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise AmbiguousTermError("method", text, [f"{m.label} <{m.iri}>" for m in exact[:10]])
        raise UnknownTermError("method", text, closest(text, [m.label for m in methods], cutoff=0.4))

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
            return facet(text).prop
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
        if kind == "number":
            try:
                number = Decimal(text)
            except InvalidOperation as exc:
                raise QueryError(f"parameter {name!r} must be a number, got {text!r}") from exc
            if not number.is_finite() or number < 0:
                raise QueryError(f"parameter {name!r} must be a non-negative number, got {text!r}")
            return Literal(str(number), datatype=XSD.decimal)
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
        form = first_keyword(query.text)
        if form != "select":
            what = (
                "a SPARQL update (never run: nas-kg does not change graphs)"
                if form not in ("ask", "construct", "describe")
                else f"{article(str(form))} {str(form).upper()} query (run it with 'nas-kg sparql {query.path}')"
            )
            raise QueryError(f"{query.path}: 'query' runs SELECT queries; this is {what}")
        bindings = self.bind(query, params)
        if "k" in params:
            _positive(params["k"], "k")  # before the query runs: a bad k is bad input, not a late surprise
        try:
            result = self.store.select(query.text, bindings)
        except QueryError as exc:
            raise QueryError(f"{query.path}: {exc}") from exc
        if "k" in {p.name for p in query.params}:
            k = _positive(params.get("k", query.param("k").default or 0), "k")
            result = QueryResult(result.columns, result.rows[:k])
        return result

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        """Run a raw SELECT query with bound values."""
        return self.store.select(sparql, bindings)

    # ------------------------------------------------------------------ whole graph
    def ntriples(self) -> bytes:
        """Return the whole graph (ontology, works and user data) as N-Triples."""
        return self.store.dump_ntriples()

    def rdflib_graph(self, leave_out: Iterable[URIRef] = ()) -> Graph:
        """Return the whole graph as an rdflib Graph (for pyshacl and owlready2), without the triples whose
        subject has a type in ``leave_out``: they are dropped before any rdflib term is made for them."""
        graph = Graph()
        add = graph.add
        # Oxigraph's parser keeps each literal as written; rdflib's would rewrite "1"^^xsd:boolean to "true"
        triples: Iterable[ox.Triple] = ox.parse(self.ntriples(), format=ox.RdfFormat.N_TRIPLES)
        dropped = {ox.NamedNode(str(t)) for t in leave_out}
        if dropped:
            triples = list(triples)
            rdf_type = ox.NamedNode(str(RDF.type))
            subjects = {t.subject for t in triples if t.predicate == rdf_type and t.object in dropped}
            triples = [t for t in triples if t.subject not in subjects]
        for t in triples:
            add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        return graph

    def serialize(self, fmt: str) -> bytes:
        """Serialise the whole graph in an export format, in canonical form (the same bytes on every run).

        The graph holds the ontologies it would import, so those owl:imports are left out (nas_kg.imports).
        """
        if fmt not in EXPORT_FORMATS:
            raise InputError(f"unknown format {fmt!r} (choose from {', '.join(sorted(EXPORT_FORMATS))})")
        try:
            return writers.serialize(drop_contained_imports(self.ntriples()), fmt)
        except ValueError as exc:  # e.g. a predicate RDF/XML cannot name
            raise InputError(str(exc)) from exc


def _positive(raw: Any, name: str) -> int:
    """Return a parameter as a whole number of at least 1; raise QueryError otherwise."""
    text = str(raw).strip()
    if not text.isdigit() or int(text) < 1:
        raise QueryError(f"parameter {name!r} must be a whole number of at least 1, got {text!r}")
    return int(text)


def _is_method_class(tbox: Graph, cls: URIRef) -> bool:
    from rdflib.namespace import OWL, RDF

    return (cls, RDF.type, OWL.Class) in tbox and (
        cls == NAS.NASMethod or str(cls).endswith("NASMethod") or (cls, OWL.equivalentClass, None) in tbox
    )


#: The rows of the tbox query by the store's kept_state (KnowledgeGraph.tbox_triples), for the last four states.
_TBOX_ROWS: Kept[Hashable, tuple[tuple[Any, Any, Any], ...]] = Kept(4)


def _read(name: str) -> str:
    return get_query(name).text


def load(data: Sequence[str | Path] = (), *, seed_only: bool = False) -> KnowledgeGraph:
    """Load the bundled graph plus the given data files into the embedded store."""
    return KnowledgeGraph.load(data, seed_only=seed_only)
