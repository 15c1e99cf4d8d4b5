"""Quality checks: ROBOT report and OOPS! pitfalls as SPARQL queries, plus an OWL 2 DL structural profile check.

Each ``queries/checks/*-violation.rq`` file is one check; any row it returns is a problem. Its header
gives the purpose (first line), ``# severity: error|warning`` and ``# source:`` (the ROBOT, OOPS! or
FOOPS! checks it stands for). Rows name ``?entity``, and where they can ``?property`` and ``?value``,
the columns of ROBOT's report.

The OWL 2 DL profile check (check id ``owl2-dl-profile``) runs the OWL API's ``OWL2DLProfile`` where Java
and the OWL API's jars are (nas_kg.publish.profile_checks, nas_kg.publish.owlapi); the report's ``profile_checker`` says
which ran. Without them it is structural, over the RDF graph (no PyPI library checks the profile
without the Java OWL API), and tests these conditions of the OWL 2 structural specification and its
RDF mapping (the rule id is given in each problem's message), plus DL8-DL11 of nas_kg.publish.profile_checks:

* DL1 an IRI is declared as more than one of object, datatype and annotation property;
* DL2 an object property has a literal value, or a datatype property has an IRI or blank-node value;
* DL3 an IRI is declared both a class and a datatype;
* DL4 built-in vocabulary (owl:, rdf:, rdfs:, xsd:) is given an axiom (subclass, subproperty, domain,
  range, equivalence, disjointness) or redeclared as a class or property;
* DL5 an owl:Restriction lacks exactly one owl:onProperty or exactly one kind of filler, or an
  object-property restriction has a literal or datatype filler;
* DL6 a non-simple property (transitive, with a property chain, or a super-property of one) is used
  in a cardinality restriction, owl:hasSelf, or declared functional, inverse-functional, irreflexive
  or asymmetric, or in owl:propertyDisjointWith;
* DL7 an RDF list in an OWL construct (intersectionOf, unionOf, oneOf, members, distinctMembers,
  propertyChainAxiom) is malformed: a node without exactly one rdf:first and one rdf:rest, or a list
  that does not end in rdf:nil or loops.

Undeclared entities, which OWL 2 DL also forbids, are the checks untyped-class and untyped-property.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from nas_kg import resources
from nas_kg.errors import InputError
from nas_kg.graph import KnowledgeGraph, graph_iri_for
from nas_kg.publish.profile_checks import run_profile

SEVERITIES = ("error", "warning")
PROFILE_CHECK = "owl2-dl-profile"
_SEVERITY = re.compile(r"^#\s*severity:\s*(?P<value>\S+)\s*$")
_SOURCE = re.compile(r"^#\s*source:\s*(?P<value>.+?)\s*$")
_BUILTIN = (str(OWL), str(RDF), str(RDFS), str(XSD))


@dataclass(frozen=True)
class Check:
    """One quality check: an id, what it looks for, how severe a hit is, and the external checks it covers."""

    id: str
    purpose: str
    severity: str
    source: str
    path: Path | None = None


@dataclass(frozen=True)
class Problem:
    """One problem found: which check, how severe, and the entity, property and value involved."""

    check: str
    severity: str
    entity: str | None
    property: str | None = None
    value: str | None = None
    message: str = ""


@dataclass
class QcReport:
    """The problems found by a set of checks."""

    checks: list[Check]
    problems: list[Problem] = field(default_factory=list)
    profile_checker: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Return the problems of severity error."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Return the problems of severity warning."""
        return [p for p in self.problems if p.severity == "warning"]

    def by_check(self) -> dict[str, list[Problem]]:
        """Return the problems grouped by check id, in check order."""
        grouped: dict[str, list[Problem]] = {c.id: [] for c in self.checks}
        for problem in self.problems:
            grouped.setdefault(problem.check, []).append(problem)
        return grouped


PROFILE = Check(
    PROFILE_CHECK,
    "OWL 2 DL profile: the OWL API's OWL2DLProfile, or structural rules DL1-DL11 without Java (see nas_kg.publish.qc).",
    "error",
    "OWL 2 DL profile (ROBOT validate-profile --profile DL)",
)


def parse_check(path: Path) -> Check:
    """Read a check file's header; raise InputError when it is not a well-formed check."""
    if not path.name.endswith("-violation.rq"):
        raise InputError(f"{path}: a check file's name ends in -violation.rq")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read check: {exc}") from exc
    if not lines or not lines[0].startswith("#"):
        raise InputError(f"{path}: the first line must be '# <purpose>'")
    severity = source = None
    for line in lines:
        if not line.startswith("#"):
            break
        if match := _SEVERITY.match(line):
            severity = match["value"]
        elif match := _SOURCE.match(line):
            source = match["value"]
    if severity not in SEVERITIES:
        raise InputError(f"{path}: needs a '# severity: error|warning' line, got {severity!r}")
    check_id = path.name.removesuffix("-violation.rq")
    return Check(check_id, lines[0].lstrip("#").strip(), severity, source or "", path)


def bundled_checks() -> list[Check]:
    """Return the bundled SPARQL checks, sorted by id, followed by the OWL 2 DL profile check."""
    return [*map(parse_check, resources.check_files()), PROFILE]


def select_checks(ids: Sequence[str] = ()) -> list[Check]:
    """Return the bundled checks with the given ids (all when none); raise InputError on an unknown id."""
    available = bundled_checks()
    if not ids:
        return available
    by_id = {c.id: c for c in available}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], list(by_id), n=3)
        hint = f" (did you mean: {', '.join(close)})" if close else ""
        raise InputError(f"unknown check {unknown[0]!r}{hint}; 'nas-kg qc --list' names them")
    return [by_id[i] for i in ids]


def load_files(paths: Iterable[Path]) -> KnowledgeGraph:
    """Load RDF files on their own (no bundled ontology) into an embedded store, one named graph each."""
    from nas_kg.stores.embedded import EmbeddedStore

    store = EmbeddedStore()
    files = [Path(p) for p in paths]
    for path in files:
        store.load_file(path, graph_iri_for(path))
    return KnowledgeGraph(store=store, files=files)


def run_checks(kg: KnowledgeGraph, checks: Sequence[Check] | None = None, profile: str = "auto") -> QcReport:
    """Run quality checks on a graph through its store and return every problem found.

    ``profile`` picks the OWL 2 DL checker: ``owlapi``, ``structural``, or ``auto`` (the OWL API if it can run).
    """
    chosen = list(checks) if checks is not None else bundled_checks()
    report = QcReport(chosen)
    for check in chosen:
        if check.path is None:
            if check.id == PROFILE_CHECK:
                outcome = run_profile(kg, profile)
                report.profile_checker, report.notes = outcome.checker, report.notes + outcome.notes
                report.problems += dl_profile(kg.rdflib_graph()) if outcome.structural else []
                report.problems += [
                    Problem(PROFILE_CHECK, "error", f.entity, f.property, f.value, f.message) for f in outcome.findings
                ]
            continue
        result = kg.query(check.path)
        for row in result.records():
            report.problems.append(
                Problem(
                    check.id,
                    check.severity,
                    _text(row.get("entity")),
                    _text(row.get("property")),
                    _text(row.get("value")),
                    check.purpose,
                )
            )
    return report


def _text(value: object) -> str | None:
    return None if value is None else str(value)


# ---------------------------------------------------------------------- OWL 2 DL structural profile
_PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_AXIOMS = (
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    RDFS.domain,
    RDFS.range,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.disjointWith,
)
_DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Datatype)
_FILLERS = (
    OWL.someValuesFrom,
    OWL.allValuesFrom,
    OWL.hasValue,
    OWL.hasSelf,
    OWL.cardinality,
    OWL.minCardinality,
    OWL.maxCardinality,
    OWL.qualifiedCardinality,
    OWL.minQualifiedCardinality,
    OWL.maxQualifiedCardinality,
)
_CARDINALITIES = _FILLERS[4:]
_SIMPLE_ONLY = (OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.IrreflexiveProperty, OWL.AsymmetricProperty)
_LISTS = (OWL.intersectionOf, OWL.unionOf, OWL.oneOf, OWL.members, OWL.distinctMembers, OWL.propertyChainAxiom)


def dl_profile(graph: Graph) -> list[Problem]:
    """Check the structural OWL 2 DL conditions DL1-DL7 (module docstring) and return the violations."""
    problems: list[Problem] = []

    def report(rule: str, entity: Node, prop: Node | None, value: Node | None, message: str) -> None:
        problems.append(Problem(PROFILE_CHECK, "error", str(entity), _text(prop), _text(value), f"{rule}: {message}"))

    kinds: dict[Node, set[Node]] = defaultdict(set)
    for kind in _PROPERTY_KINDS:
        for prop in graph.subjects(RDF.type, kind):
            kinds[prop].add(kind)
    for prop, found in sorted(kinds.items(), key=lambda item: str(item[0])):
        if len(found) > 1:
            report("DL1", prop, RDF.type, None, "declared as " + " and ".join(sorted(_short(k) for k in found)))
    object_props = {p for p, k in kinds.items() if OWL.ObjectProperty in k}
    data_props = {p for p, k in kinds.items() if OWL.DatatypeProperty in k}
    for prop in sorted(object_props, key=str):
        for s, o in graph.subject_objects(prop):
            if isinstance(o, Literal):
                report("DL2", s, prop, o, "an object property with a literal value")
    for prop in sorted(data_props, key=str):
        for s, o in graph.subject_objects(prop):
            if not isinstance(o, Literal):
                report("DL2", s, prop, o, "a datatype property with a non-literal value")
    for cls in graph.subjects(RDF.type, OWL.Class):
        if (cls, RDF.type, RDFS.Datatype) in graph:
            report("DL3", cls, RDF.type, RDFS.Datatype, "declared both a class and a datatype")
    for axiom in _AXIOMS:
        for s, o in graph.subject_objects(axiom):
            if isinstance(s, URIRef) and str(s).startswith(_BUILTIN):
                report("DL4", s, axiom, o, "an axiom about built-in vocabulary")
    for decl in _DECLARATIONS:
        for s in graph.subjects(RDF.type, decl):
            if isinstance(s, URIRef) and str(s).startswith(_BUILTIN) and s not in (OWL.Thing, OWL.Nothing):
                report("DL4", s, RDF.type, decl, "built-in vocabulary redeclared")
    for restriction in sorted(set(graph.subjects(RDF.type, OWL.Restriction)), key=str):
        props = list(graph.objects(restriction, OWL.onProperty))
        fillers = [(p, o) for p in _FILLERS for o in graph.objects(restriction, p)]
        if len(props) != 1:
            report("DL5", restriction, OWL.onProperty, None, f"a restriction with {len(props)} owl:onProperty")
        if len(fillers) != 1:
            report("DL5", restriction, None, None, f"a restriction with {len(fillers)} fillers")
        for prop in props:
            for kind, filler in fillers:
                if prop in object_props and kind in (OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue):
                    if (
                        isinstance(filler, Literal)
                        or (filler, RDF.type, RDFS.Datatype) in graph
                        or (isinstance(filler, URIRef) and str(filler).startswith(str(XSD)))
                    ):
                        report("DL5", restriction, kind, filler, f"object property {prop} with a data filler")
    non_simple = _non_simple(graph)
    for prop in sorted(non_simple, key=str):
        for kind in _SIMPLE_ONLY:
            if (prop, RDF.type, kind) in graph:
                report("DL6", prop, RDF.type, kind, "a non-simple property declared " + _short(kind))
        for other in graph.objects(prop, OWL.propertyDisjointWith):
            report("DL6", prop, OWL.propertyDisjointWith, other, "a non-simple property in a disjointness axiom")
        for restriction in graph.subjects(OWL.onProperty, prop):
            for kind in (*_CARDINALITIES, OWL.hasSelf):
                if (restriction, kind, None) in graph:
                    report("DL6", restriction, kind, prop, "a non-simple property in a cardinality or self restriction")
    for list_prop in _LISTS:
        for owner, head in graph.subject_objects(list_prop):
            broken = _list_problem(graph, head)
            if broken:
                report("DL7", owner, list_prop, head, broken)
    return problems


def _non_simple(graph: Graph) -> set[Node]:
    seeds = set(graph.subjects(RDF.type, OWL.TransitiveProperty)) | set(graph.subjects(OWL.propertyChainAxiom, None))
    found = set(seeds)
    frontier = list(seeds)
    while frontier:
        prop = frontier.pop()
        for related in [
            *graph.objects(prop, RDFS.subPropertyOf),
            *graph.objects(prop, OWL.inverseOf),
            *graph.subjects(OWL.inverseOf, prop),
        ]:
            if related not in found:
                found.add(related)
                frontier.append(related)
    return found


def _list_problem(graph: Graph, head: Node) -> str:
    seen: set[Node] = set()
    node = head
    while node != RDF.nil:
        if not isinstance(node, BNode | URIRef) or node in seen:
            return "an RDF list that loops or holds a literal node"
        seen.add(node)
        firsts = list(graph.objects(node, RDF.first))
        rests = list(graph.objects(node, RDF.rest))
        if len(firsts) != 1 or len(rests) != 1:
            return f"an RDF list node with {len(firsts)} rdf:first and {len(rests)} rdf:rest"
        node = rests[0]
    return ""


def _short(term: Node) -> str:
    text = str(term)
    for prefix, ns in (("owl", OWL), ("rdf", RDF), ("rdfs", RDFS), ("xsd", XSD)):
        if text.startswith(str(ns)):
            return f"{prefix}:{text[len(str(ns)) :]}"
    return text
