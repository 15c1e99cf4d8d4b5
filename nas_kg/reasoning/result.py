"""The typed outcome of reasoning: every method's categories, which were asserted, and notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDF


@dataclass
class ReasoningResult:
    """What a reasoner inferred: the categories of every method, and which of them were asserted."""

    reasoner: str
    consistent: bool
    categories: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    asserted: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def inferred(self, method: URIRef) -> set[URIRef]:
        """Return the categories of a method that were inferred, not asserted."""
        return self.categories.get(method, set()) - self.asserted.get(method, set())

    def members(self, category: URIRef) -> set[URIRef]:
        """Return the methods that belong to a category (asserted or inferred)."""
        return {m for m, cats in self.categories.items() if category in cats}

    def graph(self) -> Graph:
        """Return the inferred memberships as rdf:type triples."""
        out = Graph()
        for method in self.categories:
            for cat in self.inferred(method):
                out.add((method, RDF.type, cat))
        return out
