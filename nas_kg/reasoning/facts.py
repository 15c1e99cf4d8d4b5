"""What reasoning reads from a graph: every method's types and facet values, the axioms, the hierarchy."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from nas_kg import resources
from nas_kg.graph import KnowledgeGraph
from nas_kg.kept import Kept
from nas_kg.namespaces import NAS, NASE
from nas_kg.queries import get_query
from nas_kg.rdfio import tbox_graph, tbox_triples
from nas_kg.sparql import bind_rows


@dataclass
class MethodFacts:
    """Every method's asserted types and facet values, read in a few bulk queries.

    A method is a named individual that is asserted to be of a class of methods (``nas:NASMethod`` or a
    class the hierarchy puts under it, e.g. only ``a nas:DifferentiableNASMethod``), or the subject of
    a property whose domain is ``nas:NASMethod`` (rdfs:domain typing, OWL 2 RL rule prp-dom): every facet
    property is one, through ``nas:hasFacet``. ``blank`` names the methods with a blank node as a facet
    value or as a type, which the compiled classifier does not evaluate.
    """

    types: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    values: dict[URIRef, dict[URIRef, set[Any]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    by_domain: set[URIRef] = field(default_factory=set)
    blank: set[URIRef] = field(default_factory=set)

    @classmethod
    def load(cls, kg: KnowledgeGraph, hierarchy: dict[URIRef, set[URIRef]] | None = None) -> MethodFacts:
        """Read the facts of every method from the graph's store."""
        hierarchy = load_hierarchy() if hierarchy is None else hierarchy
        facts = cls()
        classes = sorted(method_classes(hierarchy))
        text = bind_rows(get_query(_STORE / "individuals-of-types.rq").text, "class", classes)
        for individual, type_ in _raw(kg, text):
            if _is_blank(type_):
                facts.blank.add(_iri(individual))
            else:
                facts.types[_iri(individual)].add(_iri(type_))
        terms: dict[object, URIRef] = {}  # props and values repeat: make each URIRef once

        def term(raw: object) -> URIRef:
            found = terms.get(raw)
            if found is None:
                found = terms[raw] = _iri(str(raw))
            return found

        for method, prop, value in kg.facet_triples:  # read once, shared with similarity and the report
            if _is_blank(method):
                continue  # the reasoners classify named individuals only
            subject = term(method)
            if subject not in facts.types:
                facts.types[subject] = set()
                facts.by_domain.add(subject)
            if isinstance(value, Literal):
                facts.values[subject][term(prop)].add(value)
            elif _is_blank(value):
                facts.blank.add(subject)
                facts.values[subject][term(prop)].add(BNode(str(value)[2:]))
            else:
                facts.values[subject][term(prop)].add(term(value))
        domain_typed = get_query(_STORE / "domain-typed.rq")
        for (individual,) in kg.store.select_raw(domain_typed.text, {"class": NAS.NASMethod}):
            subject = _iri(str(individual))
            if subject not in facts.types:
                facts.types[subject] = set()
                facts.by_domain.add(subject)
        return facts


_STORE = resources.queries_dir() / "store"


def _is_blank(raw: object) -> bool:
    return isinstance(raw, str) and not isinstance(raw, Literal) and raw.startswith("_:")


def _raw(kg: KnowledgeGraph, text: str) -> list[tuple[Any, ...]]:
    return [tuple(str(v) if not isinstance(v, Literal) else v for v in row) for row in kg.store.select_raw(text)]


def method_classes(hierarchy: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    """Return nas:NASMethod and every named class the shipped hierarchy puts under it."""
    return {NAS.NASMethod} | {c for c, supers in hierarchy.items() if NAS.NASMethod in supers}


def _iri(text: str) -> URIRef:
    """Make a URIRef of an IRI the store has already checked (rdflib's re-validation is the bulk cost)."""
    return str.__new__(URIRef, text)


def axiom_graph(kg: KnowledgeGraph) -> Graph:
    """Return the ontology's axioms: the bundled TBox files plus the terms the graph's store adds.

    Every call with the same axioms returns the same graph, kept for the process (a test run or a
    notebook reasons hundreds of times over one ontology): read it, never change it.
    """
    key, bundled = tbox_triples()
    added = frozenset(
        (s, p, o)
        for s, p, o in kg.tbox_triples
        # the store's view of class expressions lacks their structure: the files give it
        if not isinstance(o, BNode) and (s, p, o) not in bundled
    )
    axioms = _AXIOMS.get((key, added))
    if axioms is None:
        axioms = tbox_graph()
        for triple in added:
            axioms.add(triple)
        _AXIOMS.keep((key, added), axioms)
    return axioms


#: Axiom graphs (axiom_graph) by the ontology files' state and the terms a graph adds to them.
_AXIOMS: Kept[tuple[object, frozenset[tuple[Node, Node, Node]]], Graph] = Kept(8)


#: Provenance records: classification claims, reported results, lineage and code claims. No
#: definition mentions them, so reasoners classify the methods the same without them, only faster.
RECORD_TYPES = (NAS.Claim, NASE.Result, NASE.LineageClaim, NASE.CodeClaim)


def reasoning_input(kg: KnowledgeGraph) -> Graph:
    """Return the triples a reasoner needs: ontology and methods, without the provenance records."""
    return kg.rdflib_graph(leave_out=RECORD_TYPES)


def method_categories(axioms: Graph, hierarchy: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    """Return the named classes of methods: NASMethod and every class the hierarchy puts under it."""
    out = {NAS.NASMethod}
    for cls in axioms.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and NAS.NASMethod in hierarchy.get(cls, set()):
            out.add(cls)
    return out


def close_types(types: Iterable[Node], hierarchy: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    """Add to a set of named types every superclass the shipped hierarchy entails."""
    out = {t for t in types if isinstance(t, URIRef)}
    for t in list(out):
        out |= hierarchy.get(t, set())
    return out


def load_hierarchy(path: Path | None = None) -> dict[URIRef, set[URIRef]]:
    """Read the shipped class hierarchy (named class -> all its named superclasses)."""
    path = path or resources.hierarchy_file()
    graph = Graph()
    if path.exists():
        graph.parse(path, format="turtle")
    out: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            out[sub].add(sup)
    return out
