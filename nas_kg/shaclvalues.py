"""SHACL's value tests as pySHACL applies them: sh:datatype, sh:minInclusive/sh:maxInclusive, sh:nodeKind.

The native engine (``nas_kg.fastshacl``) must give pySHACL's result for every value, ill-typed and
non-canonical literals included (``tests/test_differential_shacl.py`` checks it result for result), so
these follow pySHACL's ``DatatypeConstraintComponent`` and ``compare_literal``. Values are in the
native engine's raw form: an IRI is a ``str``, a blank node ``"_:id"``, a literal an rdflib ``Literal``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from nas_kg.namespaces import SH

#: Datatypes whose well-typed literals rdflib gives a Python value of one class (SHACL's datatype test).
_VALUE_CLASSES: dict[str, type | tuple[type, ...]] = {
    str(XSD.string): (str, bytes),
    str(RDF.langString): (str, bytes),
    str(XSD.integer): int,
    str(XSD.float): float,
    str(XSD.decimal): Decimal,
    str(XSD.boolean): bool,
    str(XSD.date): date,
    str(XSD.dateTime): datetime,
    str(XSD.time): time,
}


def datatype_ok(value: Node, datatype: URIRef) -> bool:
    """SHACL's sh:datatype: the same datatype IRI and, for the datatypes SPARQL knows, not ill-typed."""
    if not isinstance(value, Literal):
        return False
    if str(datatype) == str(RDFS.Literal):
        return True
    if str(datatype) == str(RDFS.Datatype):
        return value.datatype is not None
    actual = value.datatype or (RDF.langString if value.language else XSD.string)
    if str(actual) != str(datatype) or value.ill_typed:
        return False
    expected = _VALUE_CLASSES.get(str(datatype))
    return expected is None or isinstance(value.value, expected)


def in_range(value: Node, bound: Literal, at_least: bool) -> bool:
    """SHACL's sh:minInclusive/sh:maxInclusive: ``bound <= value`` (or ``>=``) is true; an incomparable
    value (an IRI, a blank node, an ill-typed literal, a string against a number) does not conform."""
    if not isinstance(value, Literal):
        return False
    if isinstance(value.value, str) != isinstance(bound.value, str):
        return False
    try:
        order = _order(value, bound)
    except (TypeError, NotImplementedError):
        return False
    return order >= 0 if at_least else order <= 0


def _order(a: Literal, b: Literal) -> int:
    if a.eq(b):
        return 0
    if isinstance(a.value, datetime | time):
        # rdflib compares these literals by lexical form; SHACL by value
        if a.value == b.value:
            return 0
        return 1 if a.value > b.value else -1
    return 1 if a > b else -1


def node_kind_ok(node: Node, kind: URIRef) -> bool:
    actual = "literal" if isinstance(node, Literal) else "bnode" if str(node).startswith("_:") else "iri"
    kinds = {
        SH.IRI: {"iri"},
        SH.BlankNode: {"bnode"},
        SH.Literal: {"literal"},
        SH.BlankNodeOrIRI: {"bnode", "iri"},
        SH.BlankNodeOrLiteral: {"bnode", "literal"},
        SH.IRIOrLiteral: {"iri", "literal"},
    }
    return actual in kinds.get(kind, set())
