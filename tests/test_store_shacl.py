"""The native SHACL engine evaluated inside the store gives exactly the results of the in-Python evaluation
and of pyshacl (issue 17): on a CI-sized evidence-bearing graph (claims with locators and rationales, a
second source, broken records of every kind) and on probes for the corners of its set algebra.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from benchmarks.evidence import BROKEN_KINDS
from benchmarks.generate import generate
from nas_kg import fastshacl, storeshacl
from nas_kg.graph import KnowledgeGraph
from nas_kg.namespaces import NAS, NASX, SOURCE, WORK
from nas_kg.validation import ValidationReport, _native_in_store, _store_data, shapes_graph, validate

N_METHODS = 70  # every 10th method is broken: each of the seven kinds once


@pytest.fixture(scope="module")
def evidence(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("evidence")
    return generate(N_METHODS, folder / "evidence.nt", seed=3, shape="evidence", broken_share=0.1, second_share=0.3)


@pytest.fixture(scope="module")
def compiled() -> list[fastshacl.NodeShape]:
    return fastshacl.compile_shapes(shapes_graph())


def _both(kg: KnowledgeGraph, compiled: list[fastshacl.NodeShape]) -> tuple[list[Any], list[Any]]:
    in_python = fastshacl.run(compiled, _store_data(kg, compiled))
    in_store, _labels = _native_in_store(kg, compiled, None)
    return in_python, in_store


def test_evidence_graph_has_what_the_issue_asks_for(evidence: Path) -> None:
    graph = Graph().parse(evidence, format="nt")
    methods = set(graph.subjects(RDF.type, NAS.NASMethod))
    claims = set(graph.subjects(RDF.type, NAS.Claim))
    assert len(methods) == N_METHODS
    assert 140 < len(graph) / N_METHODS < 200  # about 170 triples per method, as the curated works
    valued = [c for c in claims if (c, NAS.claimValue, None) in graph]
    with_evidence = [c for c in valued if (c, NAS.locator, None) in graph and (c, NAS.rationale, None) in graph]
    assert 0.9 < len(with_evidence) / len(valued) < 1  # the broken 'claims without evidence' lack them
    sources = {m: {graph.value(c, NAS.claimSource) for c in graph.subjects(NAS.claimAbout, m)} for m in methods}
    assert any(len(s - {None}) == 2 for s in sources.values())


@pytest.fixture(scope="module")
def evidence_report(evidence: Path) -> ValidationReport:
    return validate(KnowledgeGraph.load([evidence], bundled_works=False))


@pytest.mark.parametrize("kind", BROKEN_KINDS)
def test_every_broken_kind_is_reported(evidence_report: ValidationReport, kind: str) -> None:
    index = 10 * BROKEN_KINDS.index(kind) + 5  # every 10th method is broken, the kinds in turn
    method = str(WORK[f"synthetic-{index}"])
    report = evidence_report
    hits = [r for r in report.results if r.focus == method or r.focus.startswith(method + "/")]
    warning_only = kind in ("claims-without-evidence", "no-identifier")
    assert hits
    assert {r.severity for r in hits} == ({"Warning"} if warning_only else {"Violation"})


def test_store_and_python_give_the_same_results_on_evidence(
    evidence: Path, compiled: list[fastshacl.NodeShape]
) -> None:
    kg = KnowledgeGraph.load([evidence])  # beside the bundled works
    in_python, in_store = _both(kg, compiled)
    assert in_store == in_python
    assert Counter(r.severity for r in in_store)[URIRef("http://www.w3.org/ns/shacl#Violation")] >= 5


@pytest.mark.slow
def test_native_matches_pyshacl_on_evidence(evidence: Path) -> None:
    kg = KnowledgeGraph.load([evidence], bundled_works=False)
    native, reference = validate(kg, engine="native"), validate(kg, engine="pyshacl")
    assert native.results == reference.results
    assert native.labels == reference.labels
    assert any(r.suggestions for r in native.results)


# ------------------------------------------------------------------ probes for the set algebra
def _method(graph: Graph, name: str, **changes: Any) -> URIRef:
    m = WORK[f"probe-{name}"]
    base: dict[URIRef, list[Any]] = {
        RDFS.label: [Literal(name)],
        DCTERMS.title: [Literal(f"Probe {name}")],
        NAS.year: [Literal(2020)],
        NAS.arxivId: [Literal("2001.00001")],
        NAS.hasArchitectureCost: [NAS.TaskError],
        NAS.hasBaselineArchitecture: [NAS.SuperNetwork],
        NAS.hasSearchSpace: [NAS.RepeatingBlocks],
        NAS.hasSearchStrategy: [NAS.Differentiable],
        NAS.hasModificationLevel: [NAS.OperatorLevel],
        NAS.hasModificationLocation: [NAS.LayerWise],
        NAS.hasSamplingMethod: [NAS.PathFinding],
        NAS.usesDataset: [NAS.CIFAR10],
    }
    graph.add((m, RDF.type, NAS.NASMethod))
    for prop, values in {**base, **{URIRef(k): v for k, v in changes.items()}}.items():
        for value in values or []:
            graph.add((m, prop, value))
    return m


def _probes() -> tuple[Graph, Graph]:
    """Two works files: corner cases, and a second file repeating some of the first one's triples."""
    first, second = Graph(), Graph()
    blank = BNode()
    _method(first, "blank-value", **{str(NAS.hasSearchSpace): [blank]})
    _method(first, "literal-value", **{str(NAS.usesDataset): [Literal("CIFAR-10")]})
    _method(
        first,
        "manual-no-sampling-stated",
        **{str(NAS.hasSearchStrategy): [NAS.Cascade], str(NAS.hasSamplingMethod): None},
    )
    _method(
        first,
        "auto-not-stated",
        **{str(NAS.hasSamplingMethod): None, str(NAS.notStated): [NAS.hasSamplingMethod]},
    )
    _method(first, "auto-no-sampling", **{str(NAS.hasSamplingMethod): None})
    _method(first, "both-kinds", **{str(NAS.hasSearchStrategy): [NAS.Cascade, NAS.Evolutionary]})
    _method(first, "manual-with-sampling", **{str(NAS.hasSearchStrategy): [NAS.Compact]})
    _method(first, "string-year", **{str(NAS.year): [Literal("2020")]})
    _method(first, "two-years", **{str(NAS.year): [Literal(2019), Literal(2020)]})
    _method(
        first, "no-cost-stated", **{str(NAS.hasArchitectureCost): None, str(NAS.notStated): [NAS.hasArchitectureCost]}
    )
    _method(first, "no-cost", **{str(NAS.hasArchitectureCost): None})
    _method(first, "two-paradigms", **{str(NASX.hasSearchParadigm): [NASX.OneShot, NASX.BlackBox]})
    _method(first, "newline-arxiv", **{str(NAS.arxivId): [Literal("2001.00001\n")]})
    dup = _method(first, "duplicated")
    for triple in first.triples((dup, None, None)):
        second.add(triple)  # the same triples in two named graphs: one value each, not two
    second.add((WORK["probe-typed-elsewhere"], RDF.type, NAS.NASMethod))
    for name, value in (("claim-two-sources", SOURCE.a), ("claim-two-sources", SOURCE.b)):
        claim = WORK[f"probe/{name}"]
        first.add((claim, RDF.type, NAS.Claim))
        first.add((claim, NAS.claimSource, value))
        first.add((claim, NAS.claimAbout, dup))
    blank_claim = BNode()
    first.add((blank_claim, RDF.type, NAS.Claim))
    first.add((blank_claim, NAS.claimSource, SOURCE.a))
    first.add((blank_claim, NAS.claimValue, NAS.TaskError))
    first.add((NAS.UndocumentedProbe, RDF.type, OWL.Class))
    first.add((BNode(), RDF.type, OWL.Class))
    return first, second


@pytest.fixture(scope="module")
def probe_kg(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    folder = tmp_path_factory.mktemp("probes")
    first, second = _probes()
    paths = [folder / "first.ttl", folder / "second.ttl"]
    first.serialize(paths[0], format="turtle")
    second.serialize(paths[1], format="turtle")
    return KnowledgeGraph.load(paths, bundled_works=False)


@pytest.fixture(scope="module")
def probe_report(probe_kg: KnowledgeGraph) -> ValidationReport:
    return validate(probe_kg)


def test_store_and_python_agree_on_the_probes(probe_kg: KnowledgeGraph, compiled: list[fastshacl.NodeShape]) -> None:
    in_python, in_store = _both(probe_kg, compiled)
    assert Counter(in_store) == Counter(in_python)
    assert len(in_store) > 15


@pytest.mark.parametrize(
    ("method", "fragment"),
    [
        ("probe-both-kinds", "both manual and automatic"),
        ("probe-manual-with-sampling", "manual NAS method has no sampling"),
        ("probe-auto-no-sampling", "gives its sampling method"),
        ("probe-two-years", "exactly one publication year"),
        ("probe-string-year", "whole number between 1950"),
        ("probe-no-cost", "at least one architecture cost"),
        ("probe-two-paradigms", "at most one search paradigm"),
        ("probe-literal-value", "not a known term"),
        ("probe-blank-value", "not a known term"),
    ],
)
def test_probe_violation_found_in_the_store(probe_report: ValidationReport, method: str, fragment: str) -> None:
    report = probe_report
    assert any(r.focus == str(WORK[method]) and fragment in r.message for r in report.violations)


@pytest.mark.parametrize("method", ["probe-auto-not-stated", "probe-no-cost-stated", "probe-duplicated"])
def test_probe_that_conforms(probe_report: ValidationReport, method: str) -> None:
    report = probe_report
    assert not [r for r in report.violations if r.focus == str(WORK[method])]


def test_native_matches_pyshacl_on_the_probes(probe_kg: KnowledgeGraph) -> None:
    native, reference = validate(probe_kg, engine="native"), validate(probe_kg, engine="pyshacl")
    blank = [r for r in native.results if r.focus.startswith("http") is False]
    assert blank  # blank-node focus nodes are part of the comparison
    key = _without_blank_labels
    assert Counter(map(key, native.results)) == Counter(map(key, reference.results))


def _without_blank_labels(r: Any) -> tuple[Any, ...]:
    """A result with blank-node labels replaced (they differ between the store and rdflib)."""

    def name(text: str | None) -> str | None:
        return "_:blank" if text is not None and not text.startswith(("http", "urn")) and " " not in text else text

    return (r.severity, name(r.focus), r.path, name(r.value), r.message, r.shape, r.suggestions)


def test_a_shape_outside_the_translated_subset_is_unsupported() -> None:
    shape = fastshacl.NodeShape(URIRef("urn:probe"), targets=[NAS.NASMethod])
    inner = fastshacl.NodeShape(URIRef("urn:inner"), pattern=re.compile("x"))
    prop = fastshacl.PropertyShape(URIRef("urn:p"), NAS.hasSearchStrategy, qualified=inner, qualified_min=1)
    shape.properties.append(prop)
    with pytest.raises(fastshacl.Unsupported):
        storeshacl.conformance(shape)


def test_validating_a_few_focus_nodes_gives_their_share_of_the_results(evidence: Path) -> None:
    kg = KnowledgeGraph.load([evidence], bundled_works=False)
    focus = [WORK[f"synthetic-{i}"] for i in (5, 15, 25, 26)] + [WORK["synthetic-45/claim/synthetic-curated/cost/1"]]
    wanted = {str(f) for f in focus}
    everything = [r for r in validate(kg).results if r.focus in wanted]
    assert validate(kg, focus=focus).results == everything
    assert {r.focus for r in everything} >= {str(WORK["synthetic-5"]), str(WORK["synthetic-15"])}


def test_the_store_engine_runs_where_written_forms_cannot_change_a_result(kg: KnowledgeGraph) -> None:
    compiled = fastshacl.compile_shapes(shapes_graph())
    written = kg.store.written_literals()
    assert written  # the ontology's "0"^^xsd:nonNegativeInteger, the results' "97.00"^^xsd:decimal, ...
    assert not storeshacl.written_forms_matter(compiled, written)


def test_two_written_forms_of_one_value_send_validation_to_python() -> None:
    from nas_kg import load
    from tests.probe_files import probes

    probe = next(p for p in probes("shacl") if p.name == "year-twice")
    kg = load([probe.path], seed_only=True)
    assert storeshacl.written_forms_matter(fastshacl.compile_shapes(shapes_graph()), kg.store.written_literals())
