"""The SHACL shapes: the bundled graph conforms, and each shape fires on a small broken record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from nas_kg.cli import main
from nas_kg.graph import KnowledgeGraph
from nas_kg.namespaces import NAS, NASX, SOURCE, WORK
from nas_kg.validation import validate

BASE = {
    RDFS.label: [Literal("X")],
    DCTERMS.title: [Literal("A title")],
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
# case id -> (changes: predicate -> new values or None to drop, expected severity, path, message fragment, value)
CASES = {
    "no-title": ({DCTERMS.title: None}, "Violation", DCTERMS.title, "exactly one title", None),
    "no-year": ({NAS.year: None}, "Violation", NAS.year, "exactly one publication year", None),
    "bad-year": ({NAS.year: [Literal("twenty")]}, "Violation", NAS.year, "whole number between 1950", "twenty"),
    "no-label": ({RDFS.label: None}, "Violation", RDFS.label, "needs a label", None),
    "bad-arxiv": (
        {NAS.arxivId: [Literal("arXiv:2001.00001")]},
        "Violation",
        NAS.arxivId,
        "looks like 1806.09055",
        "arXiv:2001.00001",
    ),
    "bad-doi": (
        {NAS.doi: [Literal("https://doi.org/10.1/x")]},
        "Violation",
        NAS.doi,
        "looks like 10.1109",
        "https://doi.org/10.1/x",
    ),
    "no-identifier": ({NAS.arxivId: None}, "Warning", NAS.doi, "DOI or an arXiv identifier", None),
    "two-baselines": (
        {NAS.hasBaselineArchitecture: [NAS.SuperNetwork, NAS.Module]},
        "Violation",
        NAS.hasBaselineArchitecture,
        "exactly one baseline",
        None,
    ),
    "no-cost": (
        {NAS.hasArchitectureCost: None},
        "Violation",
        NAS.hasArchitectureCost,
        "at least one architecture cost",
        None,
    ),
    "no-baseline": (
        {NAS.hasBaselineArchitecture: None},
        "Violation",
        NAS.hasBaselineArchitecture,
        "baseline architecture (Section II-B)",
        None,
    ),
    "no-space": ({NAS.hasSearchSpace: None}, "Violation", NAS.hasSearchSpace, "at least one search space", None),
    "no-strategy": (
        {NAS.hasSearchStrategy: None, NAS.hasSamplingMethod: None},
        "Violation",
        NAS.hasSearchStrategy,
        "at least one search strategy",
        None,
    ),
    "no-level": (
        {NAS.hasModificationLevel: None},
        "Violation",
        NAS.hasModificationLevel,
        "at least one modification level",
        None,
    ),
    "no-location": (
        {NAS.hasModificationLocation: None},
        "Violation",
        NAS.hasModificationLocation,
        "at least one modification location",
        None,
    ),
    "no-dataset": ({NAS.usesDataset: None}, "Violation", NAS.usesDataset, "at least one dataset", None),
    "wrong-kind": (
        {NAS.hasSearchSpace: [NAS.ImageNet]},
        "Violation",
        NAS.hasSearchSpace,
        "not a known term",
        str(NAS.ImageNet),
    ),
    "unknown-value": (
        {NAS.hasSearchStrategy: [NAS.Differentable]},
        "Violation",
        NAS.hasSearchStrategy,
        "not a known term",
        str(NAS.Differentable),
    ),
    "auto-no-sampling": (
        {NAS.hasSamplingMethod: None},
        "Violation",
        NAS.hasSamplingMethod,
        "gives its sampling method",
        None,
    ),
    "manual-with-sampling": (
        {NAS.hasSearchStrategy: [NAS.Cascade]},
        "Violation",
        NAS.hasSamplingMethod,
        "manual NAS method has no sampling",
        None,
    ),
    "manual-and-automatic": (
        {NAS.hasSearchStrategy: [NAS.Cascade, NAS.Differentiable]},
        "Violation",
        NAS.hasSearchStrategy,
        "both manual and automatic",
        None,
    ),
    "bad-sampling-kind": (
        {NAS.hasSamplingMethod: [NAS.CIFAR10]},
        "Violation",
        NAS.hasSamplingMethod,
        "not a known sampling method",
        str(NAS.CIFAR10),
    ),
    "bad-training-kind": (
        {NAS.hasTrainingStrategy: [NAS.CIFAR10]},
        "Violation",
        NAS.hasTrainingStrategy,
        "not a known training strategy",
        str(NAS.CIFAR10),
    ),
    "two-paradigms": (
        {NASX.hasSearchParadigm: [NASX.OneShot, NASX.BlackBox]},
        "Violation",
        NASX.hasSearchParadigm,
        "at most one search paradigm",
        None,
    ),
    "bad-task": (
        {NASX.addressesTask: [NAS.CIFAR10]},
        "Violation",
        NASX.addressesTask,
        "not a known task",
        str(NAS.CIFAR10),
    ),
}


def broken_graph() -> Graph:
    graph = Graph()
    for case, (changes, *_rest) in CASES.items():
        method = WORK[f"broken-{case}"]
        graph.add((method, RDF.type, NAS.NASMethod))
        props = {**BASE, **changes}
        for prop, values in props.items():
            for value in values or []:
                graph.add((method, prop, value))
    # claims: one without a source, one without locator and rationale
    for name, source in (("claim-no-source", None), ("claim-no-evidence", SOURCE.tiny)):
        claim = WORK[f"broken-no-title/claim/{name}"]
        graph.add((claim, RDF.type, NAS.Claim))
        graph.add((claim, NAS.claimAbout, WORK["broken-no-title"]))
        graph.add((claim, NAS.claimFacet, NAS.hasSearchSpace))
        graph.add((claim, NAS.claimValue, NAS.RepeatingBlocks))
        if source is not None:
            graph.add((claim, NAS.claimSource, source))
        else:
            graph.add((claim, NAS.locator, Literal("Sec. 1")))
            graph.add((claim, NAS.rationale, Literal("Because.")))
    graph.add((NAS.UndocumentedClass, RDF.type, OWL.Class))
    return graph


@pytest.fixture(scope="module")
def broken_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("broken") / "broken.ttl"
    broken_graph().serialize(path, format="turtle")
    return path


@pytest.fixture(scope="module")
def broken_report(broken_path):
    return validate(KnowledgeGraph.load([broken_path], bundled_works=False))


def test_bundled_graph_conforms(kg):
    report = validate(kg)
    assert report.conforms, list(report.violations)[:3]
    assert report.violations == []


@pytest.mark.parametrize("case", sorted(CASES), ids=sorted(CASES))
def test_shape_fires_on_broken_record(broken_report, case):
    _changes, severity, path, message, value = CASES[case]
    focus = str(WORK[f"broken-{case}"])
    hits = [
        r
        for r in broken_report.results
        if r.focus == focus and r.path == str(path) and message in r.message and r.severity == severity
    ]
    assert hits, [r for r in broken_report.results if r.focus == focus]
    if value is not None:
        assert any(r.value == value for r in hits)


def test_unknown_value_suggests_the_closest_term(broken_report):
    hits = [r for r in broken_report.results if r.value == str(NAS.Differentable)]
    assert "Differentiable" in hits[0].suggestions


@pytest.mark.parametrize(
    ("claim", "path", "severity", "message"),
    [
        ("claim-no-source", NAS.claimSource, "Violation", "names exactly one source"),
        ("claim-no-evidence", NAS.locator, "Warning", "where in its source"),
        ("claim-no-evidence", NAS.rationale, "Warning", "one-sentence reason"),
    ],
)
def test_claim_shapes(broken_report, claim, path, severity, message):
    focus = str(WORK[f"broken-no-title/claim/{claim}"])
    assert any(
        r.focus == focus and r.path == str(path) and r.severity == severity and message in r.message
        for r in broken_report.results
    )


@pytest.mark.parametrize("path", [RDFS.label, URIRef("http://www.w3.org/2004/02/skos/core#definition")])
def test_undocumented_term(broken_report, path):
    assert any(r.focus == str(NAS.UndocumentedClass) and r.path == str(path) for r in broken_report.violations)


def test_cli_validate_bundled_exit_0(runner):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0
    assert "conforms: 0 violation(s)" in result.stdout


def test_cli_validate_broken_exit_1_grouped_by_method(runner, broken_path):
    result = runner.invoke(main, ["validate", str(broken_path)])
    assert result.exit_code == 1
    assert f"<{WORK['broken-no-cost']}>" in result.stdout
    assert "Violation: cost: A NAS method needs at least one architecture cost" in result.stdout
    assert "(did you mean: Differentiable" in result.stdout


def test_cli_validate_json(runner, broken_path):
    result = runner.invoke(main, ["validate", str(broken_path), "--format", "json"])
    body = json.loads(result.stdout)
    assert body["conforms"] is False
    assert {"severity", "focus", "path", "value", "message", "shape"} <= set(body["results"][0])


def test_cli_validate_turtle_is_the_shacl_report(runner, broken_path):
    result = runner.invoke(main, ["validate", str(broken_path), "--format", "turtle"])
    report = Graph().parse(data=result.stdout, format="turtle")
    assert (None, RDF.type, URIRef("http://www.w3.org/ns/shacl#ValidationReport")) in report


def test_warnings_need_strict_to_fail(runner, tmp_path, tiny_ttl):
    graph = Graph().parse(tiny_ttl)
    graph.remove((WORK["tiny-darts"], NAS.arxivId, None))
    path = tmp_path / "warn.ttl"
    graph.serialize(path, format="turtle")
    assert runner.invoke(main, ["validate", str(path)]).exit_code == 0
    strict = runner.invoke(main, ["validate", str(path), "--strict"])
    assert strict.exit_code == 1
    assert "Warning: " in strict.stdout


def test_malformed_turtle_reports_file_line_and_column(runner, tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:d ex:e "open .\n')
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:3:" in result.stderr
    assert "Traceback" not in result.output


def test_missing_file_is_exit_2(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_cli_validate_data_beside_the_bundled_works(runner, tiny_ttl):
    result = runner.invoke(main, ["validate", "--data", str(tiny_ttl)])
    assert result.exit_code == 0
    assert "conforms" in result.stdout


#: The bundled graph is compared in test_differential_shacl (one pyshacl run on it in the suite).
@pytest.mark.parametrize("which", ["broken", "tiny", pytest.param("synthetic", marks=pytest.mark.slow)])
def test_native_engine_gives_the_same_results_as_pyshacl(which, broken_path, tiny_kg, synthetic_ttl):
    graphs = {
        "broken": lambda: KnowledgeGraph.load([broken_path], bundled_works=False),
        "tiny": lambda: tiny_kg,
        "synthetic": lambda: KnowledgeGraph.load([synthetic_ttl], seed_only=True),
    }
    graph = graphs[which]()
    native, reference = validate(graph, engine="native"), validate(graph, engine="pyshacl")
    assert native.results == reference.results
    assert native.conforms == reference.conforms


def test_pyshacl_in_place_reports_what_it_reports_on_a_copy(broken_path):
    """nas-kg lets pyshacl validate its own throwaway copy of the graph in place (no SHACL rule writes to it):
    the report graph is the one pyshacl's copying mode gives, and a caller's own data graph is left as it was."""
    import pyshacl
    from rdflib.compare import isomorphic

    from nas_kg.shapes import shapes_graph

    kg = KnowledgeGraph.load([broken_path], bundled_works=False)
    _, copied, _ = pyshacl.validate(
        kg.rdflib_graph(), shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True
    )
    report = validate(kg, engine="pyshacl")
    assert report.violations and isomorphic(report.graph, copied)
    data = kg.rdflib_graph()
    before = set(data)
    validate(kg, data=data, engine="pyshacl")
    assert set(data) == before


def test_native_engine_on_an_rdflib_graph_matches(broken_path):
    from nas_kg.rdfio import tbox_graph

    data = tbox_graph() + Graph().parse(broken_path)
    kg = KnowledgeGraph.load([broken_path], bundled_works=False)
    assert validate(kg, data=data, engine="native").results == validate(kg, data=data, engine="pyshacl").results


def test_unknown_engine_is_an_input_error(kg):
    from nas_kg.errors import InputError

    with pytest.raises(InputError):
        validate(kg, engine="turbo")
