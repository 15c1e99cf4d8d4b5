"""Differential suite: the native SHACL engine against pySHACL, result for result, over probe graphs.

A result is compared by focus node, path, constraint component, severity, value and message. The probes
(tests/probes/shacl/*.ttl, and the reasoning probes, which exercise sub-classes, blank nodes and
duplicates) hold literals of every datatype the shapes constrain, canonical and not, and ill-typed
ones. Each probe is validated beside the seed works by both engines in one run per probe kind; the
header's ``expect`` lines give the components of every violation of each named focus node.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import OWL

import nas_kg
from nas_kg import resources
from nas_kg.cli import main
from nas_kg.namespaces import SH
from nas_kg.stores.embedded import to_rdflib
from nas_kg.validation import ValidationReport, validate
from tests.probe_files import Probe, probes

#: One xdist worker runs this module, so both engines validate the probes once (the `reports` fixture).
pytestmark = pytest.mark.xdist_group("differential-shacl")
PROBES = probes("shacl") + probes("reasoning")
IDS = [f"{p.path.parent.name}/{p.name}" for p in PROBES]


def _key(r) -> tuple[object, ...]:
    return (r.focus, r.path, r.component, r.severity, r.value, r.message)


@pytest.fixture(scope="module")
def reports() -> dict[str, tuple[ValidationReport, ValidationReport]]:
    """Both engines' reports for the seed works plus every probe of a kind, loaded together."""
    out = {}
    for kind in ("shacl", "reasoning"):
        kg = nas_kg.load([p.path for p in probes(kind)], seed_only=True)
        out[kind] = (validate(kg, engine="native"), validate(kg, engine="pyshacl"))
    return out


def _of(probe: Probe, report: ValidationReport) -> Counter[tuple[object, ...]]:
    """The results about the probe's own nodes (blank node methods included, named by no IRI)."""
    return Counter(_key(r) for r in report.results if r.focus.startswith(probe.namespace) or r.focus.startswith("_:"))


@pytest.mark.parametrize("probe", PROBES, ids=IDS)
def test_native_equals_pyshacl(probe: Probe, reports) -> None:
    native, reference = reports[probe.path.parent.name]
    assert (native.engine, reference.engine) == ("native", "pyshacl")
    assert _of(probe, native) == _of(probe, reference)


def test_native_equals_pyshacl_on_the_bundled_graph(kg) -> None:
    # the one pyshacl run on the bundled graph (test_validation compares the broken, tiny and generated ones)
    native, reference = validate(kg, engine="native"), validate(kg, engine="pyshacl")
    assert Counter(map(_key, native.results)) == Counter(map(_key, reference.results))
    assert native.results == reference.results
    assert native.conforms == reference.conforms
    assert native.notes == []


@pytest.mark.parametrize("probe", probes("shacl"), ids=[p.name for p in probes("shacl")])
def test_expected_violations(probe: Probe, reports) -> None:
    native, _ = reports["shacl"]
    for name, components in probe.expect.items():
        found = sorted(
            r.component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
            for r in native.results
            if r.focus == probe.iri(name) and r.severity == "Violation"
        )
        assert found == sorted(components), name


@pytest.mark.parametrize("engine", ["native", "pyshacl"])
def test_restated_triples_change_no_result(seed_kg, engine) -> None:
    restated = nas_kg.load([_probe("duplicates-across-graphs").path], seed_only=True)
    assert Counter(map(_key, validate(restated, engine=engine).results)) == Counter(
        map(_key, validate(seed_kg, engine=engine).results)
    )


def test_ill_typed_literal_message_names_the_datatype(reports) -> None:
    native, reference = reports["shacl"]
    for report in (native, reference):
        ill = [r for r in report.results if r.value == "20x6" and r.component == str(SH.DatatypeConstraintComponent)]
        assert ill and all(r.message.endswith('("20x6" is not a valid xsd:integer)') for r in ill)


def _probe(name: str) -> Probe:
    return next(p for p in PROBES if p.name == name)


@pytest.mark.parametrize("engine", ["native", "pyshacl"])
def test_cli_ill_typed_literal_is_a_violation_not_a_traceback(runner, engine) -> None:
    path = _probe("year-datatypes").path
    result = runner.invoke(main, ["validate", "--seed-only", "--data", str(path), "--engine", engine])
    assert result.exit_code == 1
    assert "is not a valid xsd:integer" in result.stdout
    assert "Traceback" not in result.output and "Failed to convert" not in result.output


def test_rdflib_prints_nothing_for_an_ill_typed_literal(capfd) -> None:
    kg = nas_kg.load([_probe("year-datatypes").path], seed_only=True)
    kg.rdflib_graph()
    validate(kg, engine="pyshacl")
    assert capfd.readouterr().err == ""


def _as_written(*paths: Path) -> Graph:
    """Parse RDF files keeping every literal exactly as written (rdflib's own parser would rewrite some)."""
    graph = Graph()
    for path in paths:
        fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
        for t in ox.parse(path=str(path), format=fmt):
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
    return graph


def test_export_keeps_literals_as_written(runner, tmp_path) -> None:
    probe = _probe("year-datatypes").path
    out = tmp_path / "export.nt"
    result = runner.invoke(main, ["export", "--seed-only", "--data", str(probe), "--format", "nt", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for written in ('"2019"^^<http://www.w3.org/2001/XMLSchema#int>', '"02019"^^<', '"1"^^<', '"2.019E3"^^<'):
        assert written in text
    assert '"0"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' in text  # the ontology's cardinality
    works = [p for p in resources.works_files() if p.stem == "seed"]
    expected = _as_written(*resources.ontology_files(), *works, probe)
    # the export leaves out the owl:imports of ontologies it holds itself (nas_kg.imports)
    expected.remove((None, OWL.imports, None))
    assert isomorphic(_as_written(out), expected)


def test_fallback_to_pyshacl_is_said(monkeypatch, seed_kg, tmp_path: Path) -> None:
    extra = tmp_path / "target-node.ttl"
    extra.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . <urn:x:shape> a sh:NodeShape ; sh:targetNode <urn:x:n> .",
        encoding="utf-8",
    )
    bundled = resources.shapes_files()
    monkeypatch.setattr(resources, "shapes_files", lambda: [*bundled, extra])
    report = validate(seed_kg)
    assert report.engine == "pyshacl"
    assert len(report.notes) == 1 and report.notes[0].endswith("ran pyshacl")


def test_bundled_graph_stays_on_the_native_engine(seed_kg) -> None:
    report = validate(seed_kg)
    assert (report.engine, report.notes) == ("native", [])
