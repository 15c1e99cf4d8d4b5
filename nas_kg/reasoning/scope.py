"""What the fast OWL 2 RL classifier handles, checked before it runs (it never answers partly).

The compiled classifier evaluates the bundled ontology's definitions over each method's asserted types
and facet values, closed under the class hierarchy HermiT entails from the bundled ontology alone. It
also applies rdfs:domain and rdfs:range typing of the bundled properties. It does not handle:

- a definition outside its subset (complement, allValuesFrom, cardinalities);
- an axiom the data adds to the ontology: a user's sub-class or sub-property, an inverse or equivalent
  property, an equivalent class, a domain or range, a property characteristic, owl:sameAs, or a class
  expression (these change what the bundled hierarchy and definitions entail);
- a blank node as a facet value or as the type of a method.

``gaps`` names what of these the graph has; ``reason`` then runs a complete engine and says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph
from rdflib.compare import isomorphic
from rdflib.term import Node

from nas_kg import resources
from nas_kg.graph import KnowledgeGraph, graph_iri_for
from nas_kg.kept import Kept
from nas_kg.reasoning.facts import MethodFacts
from nas_kg.reasoning.fastpath import unsupported_definitions
from nas_kg.stores.embedded import EmbeddedStore, to_rdflib
from nas_kg.stores.literals import candidates, rewritten
from nas_kg.terms import local_name

_SCHEMA = resources.queries_dir() / "store" / "schema-triples.rq"


def gaps(kg: KnowledgeGraph, axioms: Graph, facts: MethodFacts) -> list[str]:
    """Name what in the graph the fast classifier does not handle (empty: it handles all of it)."""
    out = []
    unsupported = unsupported_definitions(axioms)
    if unsupported:
        cls, parts = sorted(unsupported.items())[0]
        out.append(f"the definition of {local_name(cls)} ({', '.join(parts)})")
    added = schema_additions(kg)
    if added:
        more = f" and {len(added) - 1} more" if len(added) > 1 else ""
        out.append(f"axioms the data adds to the ontology ({added[0]}{more})")
    if facts.blank:
        out.append(f"blank nodes as facet values or types (of {local_name(sorted(facts.blank)[0])})")
    return out


def schema_additions(kg: KnowledgeGraph) -> list[str]:
    """Describe the class and property axioms of the graph that the bundled ontology does not have.

    Kept by the store's ``kept_state``: every load of the unchanged bundled files has the same answer.
    """
    key = kg.store.kept_state
    if key is not None and key in _ADDITIONS:
        return list(_ADDITIONS[key])
    named = _schema_additions(kg)
    if key is not None:
        _ADDITIONS.keep(key, tuple(named))
    return named


#: schema_additions' answers by the store's kept_state, for the last four states.
_ADDITIONS: Kept[Hashable, tuple[str, ...]] = Kept(4)


def _schema_additions(kg: KnowledgeGraph) -> list[str]:
    found = _schema_graph(kg.store.construct(_SCHEMA.read_text(encoding="utf-8")))
    bundled = _bundled_schema()
    named = sorted(
        f"{_short(s)} {_short(p)} {_short(o)}"
        for s, p, o in found
        if not _has_blank((s, o)) and (s, p, o) not in bundled
    )
    blank = _blank_part(found)
    if len(blank) and not _same_blank_structure(blank, _blank_part(bundled)):
        named.append("class expressions the bundled ontology does not have")
    return named


@lru_cache(maxsize=1)
def _bundled_schema() -> Graph:
    store = EmbeddedStore()
    for path in resources.ontology_files():
        store.load_file(path, graph_iri_for(path))
    return _schema_graph(store.construct(_SCHEMA.read_text(encoding="utf-8")))


def _schema_graph(ntriples: bytes) -> Graph:
    """Parse N-Triples, each literal in the one form stores keep it in (servers differ in what they keep)."""
    triples = list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    kept = rewritten(candidates(triples))
    graph = Graph()
    for t in triples:
        obj = kept.get(t.object, t.object) if isinstance(t.object, ox.Literal) else t.object
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(obj)))  # type: ignore[arg-type]
    return graph


def _same_blank_structure(a: Graph, b: Graph) -> bool:
    """Tell whether two graphs of blank-node structures state the same class expressions: the same set of
    triples once each blank node is replaced by its whole subtree (class expressions and lists are trees),
    else, where blank nodes form a cycle, whether rdflib finds them isomorphic.

    A set, not a count: an axiom stated twice, each copy with blank nodes of its own (the bundled ontology
    read back from ``nas-kg reason -o`` or ``export``), is still the same axiom.
    """
    try:
        return set(_tree_signature(a)) == set(_tree_signature(b))
    except RecursionError:
        return len(a) == len(b) and isomorphic(a, b)


def _tree_signature(graph: Graph) -> Counter[tuple[str, str, str]]:
    memo: dict[Node, str] = {}

    def canon(node: Node, depth: int = 0) -> str:
        if not isinstance(node, BNode):
            return node.n3()
        if depth > 200:
            raise RecursionError("blank nodes form a cycle")
        if node not in memo:
            parts = sorted(f"{p.n3()} {canon(o, depth + 1)}" for p, o in graph.predicate_objects(node))
            memo[node] = "[" + "; ".join(parts) + "]"
        return memo[node]

    return Counter((canon(s), p.n3(), canon(o)) for s, p, o in graph)


def _blank_part(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        if _has_blank(triple):
            out.add(triple)
    return out


def _has_blank(terms: tuple[Node, ...]) -> bool:
    return any(isinstance(t, BNode) for t in terms)


def _short(term: Node) -> str:
    return "[]" if isinstance(term, BNode) else local_name(str(term)) or str(term)
