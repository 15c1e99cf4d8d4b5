"""Resolve user-supplied names (labels, synonyms, local names, IRIs) to terms of the graph."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from nas_kg.errors import AmbiguousTermError, UnknownTermError
from nas_kg.model import FACETS
from nas_kg.names import closest


def normalise(name: str) -> str:
    """Fold a name for matching: case, surrounding space, and runs of inner space."""
    return " ".join(name.strip().casefold().split())


def local_name(iri: str) -> str:
    """Return the part of an IRI after the last '/' or '#'."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass
class Vocabulary:
    """Labels, synonyms and types of the ontology's terms, indexed for lookup."""

    labels: dict[URIRef, str] = field(default_factory=dict)
    types: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    names: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    _facet_values: dict[str, list[URIRef]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_graph(cls, graph: Graph) -> Vocabulary:
        """Index every labelled term of a graph."""
        vocab = cls()
        for term, label in graph.subject_objects(RDFS.label):
            if isinstance(term, URIRef):
                vocab.labels.setdefault(term, str(label))
                vocab.names[normalise(str(label))].add(term)
                vocab.names[normalise(local_name(term))].add(term)
        for term, label in graph.subject_objects(SKOS.altLabel):
            if isinstance(term, URIRef):
                vocab.names[normalise(str(label))].add(term)
        for term, cls_ in graph.subject_objects(RDF.type):
            if isinstance(term, URIRef) and isinstance(cls_, URIRef):
                vocab.types[term].add(cls_)
        return vocab

    def label(self, term: URIRef) -> str:
        """Return a term's label, or its local name when it has none."""
        return self.labels.get(term) or local_name(term)

    def members(self, cls: URIRef) -> list[URIRef]:
        """Return the terms asserted to be of a class, sorted by label."""
        return sorted((t for t, ts in self.types.items() if cls in ts), key=lambda t: self.label(t).casefold())

    def resolve(self, name: str, *, within: Iterable[URIRef] | None = None, kind: str = "term") -> URIRef:
        """Resolve a name to one term (optionally among candidates); raise with close matches."""
        allowed = set(within) if within is not None else None
        if name.startswith(("http://", "https://", "urn:")):
            iri = URIRef(name)
            if (allowed is None and iri in self.labels) or (allowed is not None and iri in allowed):
                return iri
        hits = self.names.get(normalise(name), set())
        if allowed is not None:
            hits = hits & allowed
        if len(hits) == 1:
            return next(iter(hits))
        if len(hits) > 1:
            raise AmbiguousTermError(kind, name, sorted(self.label(h) for h in hits))
        pool = allowed if allowed is not None else set(self.labels)
        raise UnknownTermError(kind, name, self.suggest(name, pool))

    def suggest(self, name: str, pool: Iterable[URIRef], n: int = 3) -> list[str]:
        """Return up to n labels of terms in the pool closest to a name (names it begins first)."""
        allowed = set(pool)
        by_name: dict[str, str] = {}
        for term in sorted(allowed, key=str):
            by_name[normalise(self.label(term))] = self.label(term)
        for key, terms in self.names.items():
            for term in sorted(terms & allowed, key=str):
                by_name.setdefault(key, self.label(term))
        out: list[str] = []
        for key in closest(normalise(name), by_name, n=n * 2):
            if by_name[key] not in out:
                out.append(by_name[key])
        return out[:n]

    def facet_values(self, facet: str) -> list[URIRef]:
        """Return the known values of a facet (members of its value class), sorted once per facet."""
        if facet not in self._facet_values:  # resolving 300 records asks for them thousands of times
            self._facet_values[facet] = self.members(FACETS[facet].value_class)
        return list(self._facet_values[facet])

    def resolve_value(self, facet: str, name: str) -> URIRef:
        """Resolve a facet value by label or synonym, among that facet's values only."""
        return self.resolve(name, within=self.facet_values(facet), kind=f"{facet} value")
