"""What the canonical writers read: any source of RDF as a list of distinct triples of pyoxigraph terms.

A source is N-Triples ``bytes``, an rdflib ``Graph``, or an iterable of pyoxigraph triples or quads, or of
tuples of pyoxigraph or rdflib terms (nas_kg.serialize).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from itertools import repeat
from typing import Union

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from nas_kg import collector

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]  # noqa: UP007 - a runtime alias
Subject = Union[ox.NamedNode, ox.BlankNode]  # noqa: UP007
Triple = tuple[Subject, ox.NamedNode, Term]
Source = Union["object", bytes, Iterable[ox.Triple]]


def triples_of(source: Source) -> list[Triple]:
    """Return the distinct triples of a source as pyoxigraph terms."""
    with collector.paused():
        terms = _FromRdflib()
        if isinstance(source, bytes | bytearray):
            found: Iterable[Triple] = map(_TERMS, ox.parse(bytes(source), format=ox.RdfFormat.N_TRIPLES))
        elif hasattr(source, "triples") and hasattr(source, "namespace_manager"):  # an rdflib Graph
            found = ((terms[s], terms[p], terms[o]) for s, p, o in source)  # type: ignore[attr-defined,misc]
        else:
            found = map(_as_triple, source, repeat(terms))  # type: ignore[call-overload]
        return list(dict.fromkeys(found))


#: A parsed ox.Triple or ox.Quad -> its (subject, predicate, object); each attribute read makes a new object.
_TERMS = operator.attrgetter("subject", "predicate", "object")
_OX_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal)
_SUBJECT_TYPES = frozenset({ox.NamedNode, ox.BlankNode})
_OBJECT_TYPES = frozenset(_OX_TERMS)


def _as_triple(item: object, terms: _FromRdflib) -> Triple:
    """Return one item of a triple iterable as a tuple of pyoxigraph terms."""
    if (  # the common case, e.g. the output of triples_of itself: already a triple of pyoxigraph terms
        type(item) is tuple
        and len(item) == 3
        and type(item[0]) in _SUBJECT_TYPES
        and type(item[1]) is ox.NamedNode
        and type(item[2]) in _OBJECT_TYPES
    ):
        return item  # type: ignore[return-value]
    if isinstance(item, ox.Triple | ox.Quad):
        return _TERMS(item)  # type: ignore[no-any-return]
    return tuple(x if isinstance(x, _OX_TERMS) else terms[x] for x in item)  # type: ignore[attr-defined,return-value]


class _FromRdflib(dict[object, Term]):
    """rdflib terms -> pyoxigraph terms, each converted once (a graph names each term about ten times).

    rdflib terms that are equal (a language tag compared without case) convert to equal pyoxigraph terms.
    """

    def __missing__(self, term: object) -> Term:  # a lookup that hits costs no Python call
        found = self[term] = _from_rdflib(term)
        return found


def _from_rdflib(term: object) -> Term:
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
    raise TypeError(f"not an RDF term: {term!r}")
