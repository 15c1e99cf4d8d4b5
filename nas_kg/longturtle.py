"""rdflib's ``longturtle`` output, written without rdflib's serializer, for graphs without blank nodes.

The works files (bundled and users') are kept in rdflib's ``longturtle`` form. rdflib writes it at about
70 µs a triple, so ``nas-kg add`` of 300 records spent most of its time there. This writer produces the
same text a few times faster for graphs with no blank nodes (works files have none): the same subject
order (``rdfs:Class`` members, then by how often a subject is an object, then by IRI), the same predicate
and object order (rdflib's own term sorting), the same indentation, and rdflib's own code for what
decides the text of a term: ``compute_qname`` (called in the same order, so generated prefixes and the
namespace trie evolve identically) and ``Literal._literal_n3``. A graph with a blank node, a list or a
base returns None, and the caller uses rdflib. Tests compare both on every bundled works file and on
generated records.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

_LOCAL_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_INDENT = "    "
_TYPE = RDF.type
_TYPES = frozenset({_TYPE})
_PREDICATE_ORDER = (_TYPE, RDFS.label)
#: Nodes of RDF lists, which rdflib writes as ( ... ): left to rdflib.
_LISTS = frozenset({RDF.nil, RDF.first, RDF.rest})


class _Unsupported(Exception):  # noqa: N818 - a signal to use rdflib, not an error
    """The graph needs something only rdflib's serializer does."""


class _Names:
    """Prefixed names as rdflib's LongTurtleSerializer.get_pname gives them, remembered once computed."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.namespaces: dict[str, URIRef] = {}
        self.rewrites: dict[str, str] = {}
        # per gen_prefix, keyed by the IRI as a plain str (an rdflib term hashes in Python, slowly)
        self.cache: tuple[dict[str, str | None], dict[str, str | None]] = ({}, {})

    def pname(self, uri: Any, gen_prefix: bool) -> str | None:
        """Return the prefixed name of an IRI, or None where rdflib writes the full IRI."""
        if not isinstance(uri, URIRef):
            return None
        cache = self.cache[gen_prefix]
        key = str.__str__(uri)
        if key not in cache:
            cache[key] = self._compute(uri, gen_prefix)
        return cache[key]

    def _compute(self, uri: URIRef, gen_prefix: bool) -> str | None:
        try:
            prefix, namespace, local = self.graph.compute_qname(uri, generate=gen_prefix)
        except Exception:  # as rdflib: is the IRI a namespace in itself?
            bound = self.graph.store.prefix(uri)
            if bound is None:
                return None
            prefix, namespace, local = bound, uri, ""
        local = local.replace(r"(", r"\(").replace(r")", r"\)")
        local = _LOCAL_PERCENT.sub("\\%", local)
        if local.endswith("."):
            return None
        return f"{self._add_namespace(prefix, URIRef(namespace))}:{local}"

    def _add_namespace(self, prefix: str, namespace: URIRef) -> str:
        """Record a used namespace, renaming prefixes as LongTurtleSerializer.addNamespace does."""
        if (prefix > "" and prefix[0] == "_") or self.namespaces.get(prefix, namespace) != namespace:
            if prefix not in self.rewrites:
                renamed = "p" + prefix
                while renamed in self.namespaces:
                    renamed = "p" + renamed
                self.rewrites[prefix] = renamed
            prefix = self.rewrites.get(prefix, prefix)
        if prefix in self.namespaces and self.namespaces[prefix] != namespace:
            raise _Unsupported(f"prefix {prefix} bound twice")  # rdflib raises: let it say so
        self.namespaces[prefix] = namespace
        return prefix


def serialize(names_graph: Graph, triples: Iterable[tuple[Any, Any, Any]]) -> str | None:
    """Return the triples as rdflib's longturtle writes a graph of them with ``names_graph``'s prefixes.

    ``names_graph`` supplies the namespace bindings and rdflib's ``compute_qname``; its own triples are
    not written. Returns None where rdflib's serializer is needed: blank nodes, lists, a base, or two
    distinct objects that rdflib's ordering cannot tell apart (their order would then depend on its store).
    """
    if names_graph.base is not None:
        return None
    try:
        text = _serialize(names_graph, triples)
        if text is not None:
            text.encode("utf-8")  # rdflib would replace what cannot be encoded
        return text
    except (_Unsupported, UnicodeEncodeError):
        return None


def _serialize(names_graph: Graph, triples: Iterable[tuple[Any, Any, Any]]) -> str | None:
    by_subject: dict[Any, dict[Any, dict[Any, None]]] = {}
    for s, p, o in triples:
        if isinstance(s, BNode) or isinstance(o, BNode) or isinstance(p, BNode) or _LISTS & {s, p, o}:
            return None
        by_subject.setdefault(s, {}).setdefault(p, {})[o] = None  # a set that keeps its order
    prime_namespaces(names_graph, _iris(by_subject))
    names = _Names(names_graph)
    pname = names.pname
    references: dict[Any, int] = defaultdict(int)
    for s, properties in by_subject.items():  # what rdflib's preprocess asks, in some order as it does
        pname(s, False)
        for p, objects in properties.items():
            if p not in _TYPES:
                pname(p, True)
            for o in objects:
                references[o] += 1
                if isinstance(o, Literal):
                    if o.datatype:
                        pname(o.datatype, False)
                else:
                    pname(o, False)
    top = sorted(s for s, properties in by_subject.items() if RDFS.Class in properties.get(_TYPE, ()))
    seen = set(top)
    ordered = top + [s for _, _, s in sorted((False, references[s], s) for s in by_subject if s not in seen)]
    out: list[str] = [f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in sorted(names.namespaces.items())]
    for subject in ordered:
        body = _predicates(names, by_subject[subject])
        if body is None:
            return None
        out.append("\n" + _label(names, subject, verb=False) + "\n" + body + "\n.\n")
    return "".join(out)


def _iris(by_subject: dict[Any, dict[Any, dict[Any, None]]]) -> Iterator[URIRef]:
    for s, properties in by_subject.items():
        yield s
        for objects in properties.values():
            for o in objects:
                if isinstance(o, URIRef):
                    yield o


def prime_namespaces(graph: Graph, iris: Iterable[URIRef]) -> None:
    """Show rdflib every '/'-ended namespace of some IRIs, shortest first, before it computes names.

    rdflib records each namespace it meets in a trie whose levels it scans linearly. A works file has a
    namespace per method and facet for its claims (``work/<id>/claim/<source>/<facet>/``), all met as
    siblings under ``work/``, which made writing 300 records take seconds, quadratically. Met shortest
    first, they nest per method. The names cannot change: the namespace rdflib picks for an IRI is never
    shorter than the one it splits off after the IRI's last '/', and a primed namespace ending with '/'
    can be no longer than that, so primed namespaces are only ever ancestors in the trie.
    """
    directories = {text[: text.rfind("/") + 1] for text in map(str, iris) if text.count("/") > 3}
    # The parents of the IRIs' directories suffice: they gather the siblings (the claims' namespaces of
    # one method under that method); priming every level would cost more than it saves.
    found = {d[: d.rfind("/", 0, -1) + 1] for d in directories}
    found = {ns for ns in found if ns.count("/") > 3}  # 'scheme://host/' and shorter: nothing to gather
    manager = graph.namespace_manager
    for namespace in sorted(found, key=lambda ns: (len(ns), ns)):
        try:
            manager.compute_qname(namespace + "nasKgPrimedName", generate=False)
        except (KeyError, ValueError):  # no prefix for it: what rdflib says for most of them
            continue


def _label(names: _Names, node: Any, *, verb: bool) -> str:
    if verb and node in _TYPES:
        return "a"
    if isinstance(node, Literal):
        return node._literal_n3(use_plain=True, qname_callback=lambda dt: names.pname(dt, False))
    return names.pname(node, verb) or node.n3()


def _predicates(names: _Names, properties: dict[Any, dict[Any, None]]) -> str | None:
    """Write a subject's predicate list as LongTurtleSerializer.predicateList does (depth 0)."""
    parts = []
    order = [p for p in _PREDICATE_ORDER if p in properties]
    order += [p for p in sorted(properties) if p not in order]
    for predicate in order:
        objects = sorted(properties[predicate])
        if any(not a < b for a, b in pairwise(objects)):
            return None  # a tie: rdflib's order would come from its store
        text = _INDENT + _label(names, predicate, verb=True)
        if len(objects) == 1:
            text += " " + _label(names, objects[0], verb=False)
        else:
            text += "".join(
                ("\n" if i == 0 else " ,\n") + _INDENT * 2 + _label(names, o, verb=False) for i, o in enumerate(objects)
            )
        parts.append(text)
    return " ;\n".join(parts) + " ;"
