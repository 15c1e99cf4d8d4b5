"""Canonical serialisation: one function per format, the same bytes for the same graph on every run and machine.

Every writer of nas-kg (``export``, ``release``, ``python -m nas_kg.build``, ``add``, ``reason -o``) goes
through here, so that what nas-kg writes opens in the tools people use (OWL API / Protégé / ROBOT,
owlready2, Jena) and diffs cleanly:

* Turtle has ``@prefix`` lines (the OWL API 5.1 Turtle parser rejects SPARQL-style ``PREFIX``), then
  the ontology header(s), then every other subject sorted by IRI, then the blank-node subjects nobody
  references (e.g. ``owl:AllDifferent``) sorted by their text. A blank node referenced once, in a tree,
  is written inline (``[ ... ]``, or ``( ... )`` for an RDF list).
* Blank nodes that must be named (N-Triples, RDF/XML, JSON-LD, and shared or cyclic ones in Turtle)
  get labels computed from the graph around them (colour refinement over their triples), never from
  the parser's random ids.
* Nothing depends on rdflib's or Oxigraph's own writers, whose layout changes between versions.

A source is an rdflib ``Graph``, N-Triples ``bytes``, or an iterable of pyoxigraph triples.
"""

from __future__ import annotations

from collections.abc import Callable

from nas_kg.canonical import RDF_TYPE, Canonical, nquads, ntriples, trig, turtle
from nas_kg.canonical_xml import json_ld, rdf_xml
from nas_kg.triples import Source, Subject, Term, Triple, triples_of

__all__ = [
    "DATASET_SUFFIXES",
    "FORMATS",
    "RDF_TYPE",
    "SUFFIXES",
    "Canonical",
    "Source",
    "Subject",
    "Term",
    "Triple",
    "json_ld",
    "nquads",
    "ntriples",
    "rdf_xml",
    "serialize",
    "trig",
    "triples_of",
    "turtle",
]

#: format name -> (writer, file suffix, media type)
FORMATS: dict[str, tuple[Callable[..., bytes], str, str]] = {}
FORMATS.update(
    {
        "turtle": (turtle, ".ttl", "text/turtle"),
        "nt": (ntriples, ".nt", "application/n-triples"),
        "xml": (rdf_xml, ".owl", "application/rdf+xml"),
        "json-ld": (json_ld, ".jsonld", "application/ld+json"),
    }
)


#: Every suffix --data reads a graph from -> the format written for it.
SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".n3": "turtle",  # Turtle is N3
    ".nt": "nt",
    ".owl": "xml",
    ".rdf": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
#: Dataset suffixes (named graphs kept) -> format.
DATASET_SUFFIXES: dict[str, str] = {".trig": "trig", ".nq": "nquads"}


def serialize(source: Source | Canonical, fmt: str) -> bytes:
    """Serialise a graph in a named format (turtle, nt, xml, json-ld); raise KeyError on another name."""
    writer, _, _ = FORMATS[fmt]
    return writer(source)
