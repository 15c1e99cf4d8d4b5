"""Evaluate the native SHACL engine's compiled shapes inside the store: only the violators come back.

``fastshacl`` evaluates shapes in Python over every focus node's triples, which means reading the whole
graph out of the store (about 1.5 M rows at 10,000 evidence-bearing methods). Here each shape becomes a
boolean expression over the focus node, and each leaf of it (one constraint on one path) one query from
``queries/shacl/`` that returns the focus nodes where it fails, or where it holds, whichever is the small
set (``shaclexpr``). Each template runs once per set of target classes for every path the shapes ask
it about, ``sh:or``, ``sh:and`` and ``sh:not`` become set operations in Python, and a conforming graph
costs a handful of queries and sends almost nothing to Python.

Value-level checks whose exact semantics are Python's (``sh:datatype``, ``sh:pattern``, ranges, node
kinds) are not translated to SPARQL: the values of that path are fetched and checked with the very
functions ``fastshacl`` uses, so both evaluators, and pyshacl, give the same results (tested). A shape
with anything else raises ``fastshacl.Unsupported`` and the caller evaluates it in Python instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from nas_kg import fastshacl
from nas_kg.fastshacl import NodeShape, PropertyShape, Result, Unsupported
from nas_kg.namespaces import SH
from nas_kg.queries import get_query
from nas_kg.resources import queries_dir
from nas_kg.shaclexpr import (
    COMPONENTS,
    All,
    Any_,
    Atom,
    Expr,
    Not,
    Raw,
    Rep,
    atoms_of,
    combine,
    conformance,
    node_atoms,
    node_ok,
    property_atoms,
    value_checks,
    value_ok,
)
from nas_kg.sparql import inject_sets

Select = Callable[[str, dict[str, Identifier], dict[str, list[Identifier]]], list[tuple[Raw, ...]]]


# ---------------------------------------------------------------------------------------------- evaluation
def _term(raw: Raw) -> Identifier:
    return raw if isinstance(raw, Literal) else URIRef(str(raw))


@dataclass
class Evaluator:
    """Evaluate shape expressions over the focus nodes of one set of target classes, in the store.

    ``prepare`` runs each template once for every path the shapes on these targets ask it about;
    the atoms then read those answers.
    """

    select: Select
    supers: dict[str, set[str]]
    targets: list[Identifier]
    _all: frozenset[Raw] | None = None
    _missing: dict[str, frozenset[Raw]] = field(default_factory=dict)
    _two: dict[str, frozenset[Raw]] = field(default_factory=dict)
    _counts: dict[str, dict[Raw, int]] = field(default_factory=dict)
    _distinct: dict[str, list[Raw]] = field(default_factory=dict)
    _values: dict[str, list[tuple[Raw, Raw]]] = field(default_factory=dict)
    _with: dict[str, dict[Raw, set[Raw]]] = field(default_factory=dict)
    _types: dict[Raw, set[str]] = field(default_factory=dict)

    # ---- queries
    def rows(self, name: str, paths: Iterable[str], **sets: Sequence[Identifier]) -> list[tuple[Raw, ...]]:
        """Run a template on the focus nodes of the targets, for a set of paths."""
        all_sets: dict[str, list[Identifier]] = {"target": list(self.targets)}
        all_sets["path"] = [URIRef(p) for p in sorted(paths)]
        for key, values in sets.items():
            all_sets[key] = list(values)
        return self.select(name, {}, all_sets)

    def prepare(self, atoms: Iterable[Atom]) -> None:
        """Ask each template once about every path the atoms need."""
        need: dict[str, set[str]] = defaultdict(set)
        for a in atoms:
            path = str(a.path)
            if (a.kind == "min" and a.count == 1) or (a.kind == "max" and a.count == 0):
                need["missing"].add(path)
            elif a.kind == "max" and a.count == 1:
                need["two"].add(path)
            elif a.kind in ("min", "max") and a.count > 1:
                need["counts"].add(path)
            elif a.kind in ("class", "qualified"):
                need["distinct"].add(path)
            elif a.kind == "values" or (a.kind == "has" and fastshacl._is_bnode(a.arg)):
                need["values"].add(path)
        paths = need["missing"] - set(self._missing)
        if paths:
            found: dict[str, set[Raw]] = {p: set() for p in paths}
            for f, p in self.rows("missing-value.rq", paths):
                found[str(p)].add(f)
            self._missing.update({p: frozenset(v) for p, v in found.items()})
        paths = need["two"] - set(self._two)
        if paths:
            path_set: list[Identifier] = [URIRef(p) for p in sorted(paths)]
            for p, triples, subjects in self.select("path-counts.rq", {}, {"path": path_set}):
                if int(triples) == int(subjects):  # one value per subject: nobody has two
                    self._two[str(p)] = frozenset()
            paths = {p for p in paths if p not in self._two}
            found = {p: set() for p in paths}
            if paths:
                for f, p in self.rows("two-values.rq", paths):
                    found[str(p)].add(f)
            self._two.update({p: frozenset(v) for p, v in found.items()})
        paths = need["counts"] - set(self._counts)
        if paths:
            counted: dict[str, dict[Raw, int]] = {p: {} for p in paths}
            for f, p, n in self.rows("value-counts.rq", paths):
                counted[str(p)][f] = int(n)
            self._counts.update(counted)
        paths = need["distinct"] - set(self._distinct)
        if paths:
            distinct: dict[str, list[Raw]] = {p: [] for p in paths}
            for p, v in self.rows("distinct-values.rq", paths):
                distinct[str(p)].append(v)
            self._distinct.update(distinct)
            self.load_types(v for values in distinct.values() for v in values)
        paths = need["values"] - set(self._values)
        if paths:
            pairs: dict[str, list[tuple[Raw, Raw]]] = {p: [] for p in paths}
            for f, p, v in self.rows("values.rq", paths):
                pairs[str(p)].append((f, v))
            self._values.update(pairs)
        self._prepare_selected(atoms)

    def _prepare_selected(self, atoms: Iterable[Atom]) -> None:
        """Fetch, one query per path, the focus nodes of the values sh:hasValue, sh:class and qualified shapes name."""
        wanted: dict[str, set[Raw]] = defaultdict(set)
        for a in atoms:
            path = str(a.path)
            if a.kind == "has":
                wanted[path].add(a.arg)
            elif a.kind in ("class", "qualified"):
                good, bad = self.split_values(path, a.arg)
                wanted[path] |= set(bad if a.kind == "class" else good)
        for path, values in wanted.items():
            known = self._with.setdefault(path, {})
            missing = {v for v in values if v not in known}
            for v in missing:
                known[v] = set()
            blanks = {v for v in missing if fastshacl._is_bnode(v)}
            if blanks:  # blank nodes cannot be named in a query: scan that path's values
                for f, v in self.values(path):
                    if v in blanks:
                        known[v].add(f)
            missing -= blanks
            if missing:
                for f, _p, v in self.rows("values.rq", [path], value=[_term(v) for v in sorted(missing, key=str)]):
                    if v in missing:
                        known[v].add(f)

    def all(self) -> frozenset[Raw]:
        """Return every focus node of the targets (fetched once, only where a complement needs it)."""
        if self._all is None:
            self._all = frozenset(row[0] for row in self.select("focus-nodes.rq", {}, {"target": self.targets}))
        return self._all

    def values(self, path: str) -> list[tuple[Raw, Raw]]:
        """Return the (focus, value) pairs on a path."""
        if path not in self._values:
            self._values[path] = [(f, v) for f, _p, v in self.rows("values.rq", [path])]
        return self._values[path]

    def with_values(self, path: str, values: Iterable[Raw]) -> set[Raw]:
        """Return the focus nodes with one of the given values on a path."""
        known = self._with.get(path, {})
        out: set[Raw] = set()
        for v in values:
            out |= known[v]
        return out

    def is_instance(self, node: Raw, cls: str) -> bool:
        """Tell whether a node is an instance of a class, from its asserted types and the hierarchy."""
        types = self._types.get(node, set())
        return cls in types or any(cls in self.supers.get(t, ()) for t in types)

    def load_types(self, nodes: Iterable[Raw]) -> None:
        """Fetch the rdf:types of nodes not seen yet."""
        wanted = [n for n in nodes if n not in self._types]
        for n in wanted:
            self._types[n] = set()
        named = [n for n in wanted if not isinstance(n, Literal) and not fastshacl._is_bnode(n)]
        iris: list[Identifier] = [URIRef(n) for n in named]
        for start in range(0, len(iris), 5000):
            for node, cls in self.select("types-of.rq", {}, {"node": iris[start : start + 5000]}):
                self._types[node].add(str(cls))
        if any(fastshacl._is_bnode(n) for n in wanted):  # blank nodes cannot be asked by name
            for node, cls in self.select("types-of.rq", {}, {}):
                if fastshacl._is_bnode(node) and node in self._types:
                    self._types[node].add(str(cls))

    def split_values(self, path: str, cls: str) -> tuple[list[Raw], list[Raw]]:
        """Split the distinct values on a path into instances of a class and the rest."""
        distinct = self._distinct[path]
        good = [v for v in distinct if self.is_instance(v, cls)]
        bad = [v for v in distinct if not self.is_instance(v, cls)]
        return good, bad

    # ---- the algebra
    def evaluate(self, expr: Expr) -> Rep:
        """Return where an expression fails or holds, whichever the queries give cheaply."""
        if isinstance(expr, Not):
            return self.evaluate(expr.part).flip()
        if isinstance(expr, All):
            return combine([self.evaluate(p) for p in expr.parts], failing=False)
        if isinstance(expr, Any_):
            return combine([self.evaluate(p) for p in expr.parts], failing=True)
        return self._atom(expr)

    def failing(self, expr: Expr) -> frozenset[Raw]:
        """Return the focus nodes where an expression fails."""
        rep = self.evaluate(expr)
        if rep.failing and rep.nodes is not None:
            return rep.nodes
        if rep.failing:
            return frozenset(n for n in self.all() if rep.has(n))
        return frozenset(n for n in self.all() if not rep.has(n))

    def holding(self, expr: Expr) -> frozenset[Raw]:
        """Return the focus nodes where an expression holds."""
        return self.failing(Not(expr))

    def _atom(self, atom: Atom) -> Rep:
        kind, path, n = atom.kind, str(atom.path), atom.count
        if kind in ("min", "max"):
            if kind == "min" and n <= 0:
                return Rep(True, frozenset())
            if n <= 1:  # min 1 fails where a value is missing; max 0 holds there; max 1 fails on two
                return (
                    Rep(True, self._two[path]) if kind == "max" and n == 1 else Rep(kind == "min", self._missing[path])
                )
            counts = self._counts[path]
            if kind == "min":
                return Rep(False, frozenset(f for f, c in counts.items() if c >= n))
            return Rep(True, frozenset(f for f, c in counts.items() if c > n))
        if kind == "has":
            return Rep(False, frozenset(self.with_values(path, [atom.arg])))
        if kind == "class":
            _, bad = self.split_values(path, atom.arg)
            return Rep(True, frozenset(self.with_values(path, bad)))
        if kind == "qualified":
            if n <= 0:
                return Rep(True, frozenset())
            good, _ = self.split_values(path, atom.arg)
            counts_good: dict[Raw, int] = defaultdict(int)
            for v in good:
                for f in self._with[path][v]:
                    counts_good[f] += 1
            return Rep(False, frozenset(f for f, c in counts_good.items() if c >= n))
        if kind == "values":
            return Rep(True, frozenset(f for f, v in self.values(path) if not value_ok(atom.arg, v)))
        if kind == "node":
            check = atom.arg
            return Rep(True, None, lambda f: not node_ok(check, f))
        if kind == "node-class":
            nodes = self.all()
            self.load_types(nodes)
            return Rep(True, frozenset(f for f in nodes if not self.is_instance(f, atom.arg)))
        raise Unsupported(f"constraint {kind}")


# ---------------------------------------------------------------------------------------------- results
def instances_of(cls: str, supers: dict[str, set[str]]) -> set[str]:
    """Return a class and every class whose closed superclasses include it (what rdf:type may say)."""
    return {cls} | {c for c, ups in supers.items() if cls in ups}


def run(
    shapes: list[NodeShape],
    select: Select,
    supers: dict[str, set[str]],
    focus: set[Raw] | None = None,
) -> list[Result]:
    """Validate every shape in the store; return the results as ``fastshacl.run`` does (same order)."""
    for shape in shapes:
        conformance(shape)  # raise Unsupported before any query runs
    if focus is not None:  # only the shapes that can target these nodes
        shapes = _shapes_for(shapes, select, supers, focus)
    results: list[Result] = []
    evaluators: dict[frozenset[str], Evaluator] = {}  # shapes on the same targets share their queries
    atoms: dict[frozenset[str], list[Atom]] = defaultdict(list)
    plans: list[tuple[NodeShape, Evaluator]] = []
    for shape in shapes:
        targets: set[str] = set()
        for cls in shape.targets:
            targets |= instances_of(str(cls), supers)
        key = frozenset(targets)
        if key not in evaluators:
            evaluators[key] = Evaluator(select, supers, [URIRef(t) for t in sorted(targets)])
        plans.append((shape, evaluators[key]))
        atoms[key] += atoms_of(conformance(shape))
    for key, evaluator in evaluators.items():
        evaluator.prepare(atoms[key])
    for shape, evaluator in plans:
        results += _shape_results(shape, evaluator, focus)
    return results


def _shapes_for(
    shapes: list[NodeShape], select: Select, supers: dict[str, set[str]], focus: set[Raw]
) -> list[NodeShape]:
    """Return the shapes whose targets include one of the focus nodes' types (blank nodes: every shape)."""
    named: list[Identifier] = [URIRef(f) for f in focus if not isinstance(f, Literal) and not fastshacl._is_bnode(f)]
    if len(named) < len(focus):
        return shapes
    types: set[str] = set()
    for start in range(0, len(named), 5000):
        types |= {str(t) for _node, t in select("types-of.rq", {}, {"node": named[start : start + 5000]})}
    wanted = []
    for shape in shapes:
        targets = set().union(*(instances_of(str(cls), supers) for cls in shape.targets)) if shape.targets else set()
        if targets & types:
            wanted.append(shape)
    return wanted


def _shape_results(shape: NodeShape, ev: Evaluator, focus: set[Raw] | None) -> list[Result]:
    """Evaluate one top-level shape: per-constraint results of its properties, then its node-level ones."""
    per_focus: dict[Raw, list[Result]] = defaultdict(list)
    for prop in shape.properties:
        for f, value, component in _property_failures(prop, ev):
            per_focus[f].append(Result(f, prop.path, value, prop.severity, prop.message or "", prop.node, component))
    # node-level failures in fastshacl's order: sh:or, sh:and, sh:not, then pattern, node kind, class
    node_failures: dict[Raw, list[URIRef]] = defaultdict(list)
    for group in shape.any_of:
        for f in ev.failing(Any_(tuple(conformance(s) for s in group))):
            node_failures[f].append(SH.OrConstraintComponent)
    for group in shape.all_of:
        for f in ev.failing(All(tuple(conformance(s) for s in group))):
            node_failures[f].append(SH.AndConstraintComponent)
    for s in shape.none_of:
        for f in ev.holding(conformance(s)):
            node_failures[f].append(SH.NotConstraintComponent)
    for atom in node_atoms(shape):
        component = SH.ClassConstraintComponent if atom.kind == "node-class" else COMPONENTS[atom.arg[0]]
        for f in ev.failing(atom):
            node_failures[f].append(component)
    out: list[Result] = []
    for f in sorted(set(per_focus) | set(node_failures), key=str):
        if focus is not None and f not in focus:
            continue
        out += per_focus.get(f, [])
        for component in node_failures.get(f, []):
            out.append(Result(f, None, f, shape.severity, shape.message or "", shape.node, component))
    return out


#: The constraint component of each count-like property atom.
_COUNT_COMPONENTS = {
    "min": SH.MinCountConstraintComponent,
    "max": SH.MaxCountConstraintComponent,
    "has": SH.HasValueConstraintComponent,
    "qualified": SH.QualifiedMinCountConstraintComponent,
}


def _property_failures(prop: PropertyShape, ev: Evaluator) -> list[tuple[Raw, Raw, URIRef]]:
    """Return (focus, value, component) per failed constraint, value None for count-like ones, in
    fastshacl's order."""
    path = str(prop.path)
    out: list[tuple[Raw, Raw, URIRef]] = []
    for atom in property_atoms(prop):
        if atom.kind in _COUNT_COMPONENTS:
            out += [(f, None, _COUNT_COMPONENTS[atom.kind]) for f in sorted(ev.failing(atom), key=str)]
    per_value: dict[tuple[Raw, Raw], list[URIRef]] = defaultdict(list)
    if prop.cls is not None:
        _, bad = ev.split_values(path, str(prop.cls))
        for v in bad:
            for f in ev.with_values(path, [v]):
                per_value[(f, v)].append(SH.ClassConstraintComponent)
    for check in value_checks(prop):
        for f, v in ev.values(path):
            if not value_ok(check, v):
                per_value[(f, v)].append(COMPONENTS[check[0]])
    for (f, v), components in sorted(per_value.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        out += [(f, v, component) for component in components]
    return out


def store_select(kg_select: Callable[[str, dict[str, Identifier]], list[tuple[Raw, ...]]]) -> Select:
    """Adapt a store's ``select_raw`` to the templates of ``queries/shacl`` (sets in the outer group)."""
    folder = queries_dir() / "shacl"
    texts: dict[str, str] = {}

    def select(name: str, bindings: dict[str, Identifier], sets: dict[str, list[Identifier]]) -> list[tuple[Raw, ...]]:
        if name not in texts:
            texts[name] = get_query(folder / name).text
        return kg_select(inject_sets(texts[name], sets), bindings)

    return select


def written_forms_matter(shapes: list[NodeShape], written: Mapping[tuple[Raw, Raw, Raw], Sequence[Raw]]) -> bool:
    """Tell whether a shape could judge a literal kept in another form than written (e.g. "97.00" kept as
    97.0) otherwise than the literal as written: two written forms kept as one value (counts change), a
    literal sh:hasValue, or a value check (datatype, pattern, range) that the two forms do not pass alike."""
    if not written:
        return False
    props = _shape_properties(shapes)
    for (_s, path, kept), forms in written.items():
        for prop in props.get(str(path), ()):
            if len(forms) != 1 or isinstance(prop.has_value, Literal):
                return True
            if any(value_ok(check, kept) != value_ok(check, forms[0]) for check in value_checks(prop)):
                return True
    return False


def _shape_properties(shapes: Iterable[NodeShape]) -> dict[str, list[PropertyShape]]:
    """Return the property shapes of the shapes by path, nested shapes included."""
    out: dict[str, list[PropertyShape]] = {}
    for shape in shapes:
        for prop in shape.properties:
            out.setdefault(str(prop.path), []).append(prop)
            if prop.qualified is not None:
                _merge(out, _shape_properties([prop.qualified]))
        _merge(out, _shape_properties([s for group in (*shape.any_of, *shape.all_of) for s in group]))
        _merge(out, _shape_properties(shape.none_of))
    return out


def _merge(into: dict[str, list[PropertyShape]], more: dict[str, list[PropertyShape]]) -> None:
    for path, props in more.items():
        into.setdefault(path, []).extend(props)
