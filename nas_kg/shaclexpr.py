"""Shapes as boolean expressions over a focus node, and the set algebra that evaluates them (issue 17).

``conformance`` turns a shape compiled by ``fastshacl`` into the condition under which a focus node
conforms: ``All`` (the shape's own constraints, ``sh:and``), ``Any_`` (``sh:or``), ``Not`` (``sh:not``)
over ``Atom``s, each one constraint on one path. An evaluator (``storeshacl``) finds, for each atom,
the focus nodes where it fails or where it holds, whichever set is small; ``combine`` then works out
``sh:or`` and ``sh:and`` from those sets without ever listing every focus node.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from nas_kg import fastshacl
from nas_kg.fastshacl import NodeShape, PropertyShape, Unsupported
from nas_kg.namespaces import SH
from nas_kg.shaclvalues import datatype_ok, in_range, node_kind_ok

Raw = Any  # a raw term as fastshacl holds it: IRI str, "_:id", rdflib Literal


@dataclass(frozen=True)
class Atom:
    """One constraint on a focus node: kind, path and argument (see ``Evaluator.fail``)."""

    kind: str
    path: str | None = None
    arg: Any = None
    count: int = 0


@dataclass(frozen=True)
class All:
    """Every part holds (a shape's own constraints, sh:and)."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Any_:  # noqa: N801 - "Any" is typing's
    """At least one part holds (sh:or)."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Not:
    """The part does not hold (sh:not)."""

    part: Expr


Expr = Atom | All | Any_ | Not


def conformance(shape: NodeShape) -> Expr:
    """Return the condition under which a focus node conforms to a shape (fastshacl._conforms)."""
    parts: list[Expr] = [*node_atoms(shape)]
    for prop in shape.properties:
        parts += property_atoms(prop)
    parts += [Any_(tuple(conformance(s) for s in group)) for group in shape.any_of]
    parts += [All(tuple(conformance(s) for s in group)) for group in shape.all_of]
    parts += [Not(conformance(s)) for s in shape.none_of]
    return All(tuple(parts))


def node_atoms(shape: NodeShape) -> list[Atom]:
    out = []
    if shape.pattern is not None:
        out.append(Atom("node", arg=("pattern", shape.pattern)))
    if shape.node_kind is not None:
        out.append(Atom("node", arg=("kind", shape.node_kind)))
    if shape.cls is not None:
        out.append(Atom("node-class", arg=str(shape.cls)))
    return out


def property_atoms(prop: PropertyShape) -> list[Atom]:
    path = str(prop.path)
    out = []
    if prop.min_count is not None:
        out.append(Atom("min", path, count=prop.min_count))
    if prop.max_count is not None:
        out.append(Atom("max", path, count=prop.max_count))
    if prop.has_value is not None:
        out.append(Atom("has", path, arg=prop.has_value))
    if prop.qualified is not None and prop.qualified_min is not None:
        out.append(Atom("qualified", path, arg=_qualified_class(prop.qualified), count=prop.qualified_min))
    if prop.cls is not None:
        out.append(Atom("class", path, arg=str(prop.cls)))
    for check in value_checks(prop):
        out.append(Atom("values", path, arg=check))
    return out


def _qualified_class(shape: NodeShape) -> str:
    """Return C of a qualified value shape that is exactly ``[ sh:class C ]``; anything else is Unsupported."""
    bare = NodeShape(shape.node, cls=shape.cls)
    if shape.cls is None or shape != bare:
        raise Unsupported("a qualified value shape other than [ sh:class C ]")
    return str(shape.cls)


#: The SHACL constraint component of each value-level check and node-level atom.
COMPONENTS: dict[str, URIRef] = {
    "datatype": SH.DatatypeConstraintComponent,
    "pattern": SH.PatternConstraintComponent,
    "min": SH.MinInclusiveConstraintComponent,
    "max": SH.MaxInclusiveConstraintComponent,
    "kind": SH.NodeKindConstraintComponent,
}


def value_checks(prop: PropertyShape) -> list[tuple[str, Any]]:
    checks: list[tuple[str, Any]] = []
    if prop.datatype is not None:
        checks.append(("datatype", prop.datatype))
    if prop.pattern is not None:
        checks.append(("pattern", prop.pattern))
    if prop.min_inclusive is not None:
        checks.append(("min", prop.min_inclusive))
    if prop.max_inclusive is not None:
        checks.append(("max", prop.max_inclusive))
    return checks


def value_ok(check: tuple[str, Any], value: Raw) -> bool:
    """Apply one value-level check exactly as fastshacl does."""
    kind, arg = check
    if kind == "datatype":
        return datatype_ok(value, arg)  # type: ignore[arg-type]
    if kind == "pattern":
        return not fastshacl._is_bnode(value) and bool(arg.search(str(value)))
    return in_range(value, arg, at_least=kind == "min")  # type: ignore[arg-type]


def node_ok(check: tuple[str, Any], focus: Raw) -> bool:
    """Apply one node-level check on the focus node itself exactly as fastshacl does."""
    kind, arg = check
    if kind == "pattern":
        return not fastshacl._is_bnode(focus) and bool(arg.search(str(focus)))
    return node_kind_ok(focus, arg)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Rep:
    """The focus nodes where an expression fails (``failing``) or holds (not ``failing``).

    The set is explicit (``nodes``), or given by a predicate on a focus node (``test``) for checks on
    the focus node itself, which need no query and are applied to whatever candidates remain.
    """

    failing: bool
    nodes: frozenset[Raw] | None = None
    test: Callable[[Raw], bool] | None = None

    def flip(self) -> Rep:
        """Return the same set as the other kind of the negated expression (sh:not)."""
        return Rep(not self.failing, self.nodes, self.test)

    def has(self, node: Raw) -> bool:
        """Tell whether a node is in the set."""
        return node in self.nodes if self.nodes is not None else bool(self.test and self.test(node))


def combine(parts: list[Rep], failing: bool) -> Rep:
    """Combine parts: sh:or (failing=True: fails where every part fails) or sh:and (holds where every part holds).

    With A the parts represented on the combined side and B those on the other side, the result is
    the intersection of the A sets minus the union of the B sets (no need for the set of all focus nodes);
    with no explicit A set it is a predicate, and with no A part at all the union of the B sets, flipped.
    """
    same = [p for p in parts if p.failing == failing]
    other = [p for p in parts if p.failing != failing]
    if not same:
        explicit = [p for p in other if p.nodes is not None]
        tests = [p for p in other if p.nodes is None]
        union: frozenset[Raw] = frozenset().union(*(p.nodes for p in explicit if p.nodes is not None))
        if not tests:
            return Rep(not failing, union)
        return Rep(not failing, None, lambda n: n in union or any(p.has(n) for p in tests))
    explicit_same = [p.nodes for p in same if p.nodes is not None]

    def member(n: Raw) -> bool:
        return all(p.has(n) for p in same) and not any(p.has(n) for p in other)

    if explicit_same:
        base = min(explicit_same, key=len)
        return Rep(failing, frozenset(n for n in base if member(n)))
    return Rep(failing, None, member)


def atoms_of(expr: Expr) -> list[Atom]:
    """Return every atom of an expression."""
    if isinstance(expr, Atom):
        return [expr]
    if isinstance(expr, Not):
        return atoms_of(expr.part)
    return [a for part in expr.parts for a in atoms_of(part)]
