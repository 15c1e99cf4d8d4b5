"""Quality checks: each check fires on a broken fixture, and the bundled graph has no errors."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from nas_kg import resources
from nas_kg.cli import main
from nas_kg.graph import KnowledgeGraph
from nas_kg.publish.owlapi import find_owlapi, unavailable_reason
from nas_kg.publish.qc import (
    PROFILE_CHECK,
    QcReport,
    bundled_checks,
    load_files,
    parse_check,
    run_checks,
    select_checks,
)
from tests.conftest import BUNDLED_QC, FIXTURES

BROKEN = FIXTURES / "broken-ontology.ttl"
NO_ONTOLOGY = FIXTURES / "qc-no-ontology.ttl"
#: The fixture each check is shown firing on (the broken ontology unless named here).
FIXTURE_OF = {"missing-ontology-declaration": NO_ONTOLOGY}
CHECK_IDS = [c.id for c in bundled_checks()]
DL_RULES = [f"DL{n}" for n in range(1, 8)]


@cache
def report_of(path: Path) -> QcReport:
    """Run every check once per fixture file (the structural DL rules, whose ids the tests name)."""
    return run_checks(load_files([path]), profile="structural")


@pytest.mark.parametrize("path", resources.check_files(), ids=lambda p: p.name)
def test_check_file_is_well_formed(path: Path) -> None:
    check = parse_check(path)
    assert check.purpose and check.source
    text = path.read_text(encoding="utf-8")
    assert "PREFIX" in text and "?entity" in text


@pytest.mark.parametrize("check_id", CHECK_IDS)
def test_check_fires_on_broken_fixture(check_id: str) -> None:
    report = report_of(FIXTURE_OF.get(check_id, BROKEN))
    assert report.by_check()[check_id], f"{check_id} found nothing in its broken fixture"


@pytest.mark.parametrize("rule", DL_RULES)
def test_dl_profile_rule_fires(rule: str) -> None:
    messages = [p.message for p in report_of(BROKEN).by_check()[PROFILE_CHECK]]
    assert any(m.startswith(f"{rule}:") for m in messages), messages


def test_no_ontology_fixture_has_only_the_declaration_error() -> None:
    errors = {p.check for p in report_of(NO_ONTOLOGY).errors}
    assert "missing-ontology-declaration" in errors


@BUNDLED_QC  # with `nas-kg qc` and the OWL API check below: the OWL API loads the bundled graph once per worker
@pytest.mark.slow
def test_bundled_graph_has_no_errors(kg: KnowledgeGraph) -> None:
    report = run_checks(kg)
    assert report.errors == []


@BUNDLED_QC
@pytest.mark.slow
def test_cli_qc_passes_on_bundled_graph(bundled_cli) -> None:  # type: ignore[no-untyped-def]
    result = bundled_cli[("qc",)]  # `nas-kg qc`, run once (the README's Quickstart line runs it too)
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


def test_cli_qc_fails_on_broken_fixture_as_json(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["qc", str(BROKEN), "--format", "json"])
    assert result.exit_code == 1
    body = json.loads(result.output)
    assert body["errors"] > 0
    assert {p["check"] for p in body["problems"]} >= {"missing-label", PROFILE_CHECK}


def test_cli_qc_csv_has_robot_columns(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["qc", str(BROKEN), "--format", "csv", "--check", "missing-label"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "severity,check,entity,property,value,message"


def test_cli_qc_unknown_check_is_bad_input(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["qc", "--check", "missing-labels"])
    assert result.exit_code == 2
    assert "did you mean" in result.output


# ---------------------------------------------------------------------- OWL 2 DL by the OWL API (issue 14)
DL_FIXTURES = sorted((FIXTURES / "dl").glob("*.ttl"))
CHECKERS = [
    "structural",
    pytest.param(
        "owlapi",
        marks=[
            pytest.mark.skipif(find_owlapi() is None, reason=f"OWL API: {unavailable_reason()}"),
            pytest.mark.slow,  # starts a JVM
        ],
    ),
]


def expected_entity(path: Path) -> str:
    """Read the entity a DL fixture's first line says the check must name (ex:Name)."""
    local = path.read_text(encoding="utf-8").splitlines()[0].split("expected entity: ex:")[1].rstrip(")")
    return "https://w3id.org/nas-kg/qc-dl/" + local


@pytest.mark.parametrize("checker", CHECKERS)
@pytest.mark.parametrize("path", DL_FIXTURES, ids=lambda p: p.stem)
def test_broken_ontology_is_reported(path: Path, checker: str) -> None:
    report = run_checks(load_files([path]), [c for c in bundled_checks() if c.id == PROFILE_CHECK], profile=checker)
    found = report.by_check()[PROFILE_CHECK]
    assert expected_entity(path) in {p.entity for p in found}, [p.message for p in found]


def test_there_are_four_broken_ontologies() -> None:
    assert len(DL_FIXTURES) == 4


@BUNDLED_QC
@pytest.mark.parametrize("checker", CHECKERS)
def test_bundled_graph_is_in_owl2_dl(kg: KnowledgeGraph, checker: str) -> None:
    report = run_checks(kg, [c for c in bundled_checks() if c.id == PROFILE_CHECK], profile=checker)
    assert report.errors == []
    assert report.profile_checker.startswith("OWL API" if checker == "owlapi" else "structural")


def test_cli_qc_says_which_checker_ran(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["qc", "--check", PROFILE_CHECK, "--profile-checker", "structural", str(BROKEN)])
    assert result.exit_code == 1
    assert "OWL 2 DL profile checked by: structural rules" in result.stdout


@pytest.mark.skipif(find_owlapi() is not None, reason="the OWL API is available here")
def test_cli_qc_owlapi_without_java_is_an_environment_error(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["qc", "--check", PROFILE_CHECK, "--profile-checker", "owlapi", str(BROKEN)])
    assert result.exit_code == 3


@pytest.mark.slow  # two JVM runs
@pytest.mark.skipif(find_owlapi() is None, reason=f"OWL API: {unavailable_reason()}")
def test_a_batch_reuses_the_report_of_an_equal_ontology_only(tmp_path: Path) -> None:
    """load_many: a document that loads to an ontology checked earlier in the batch (one graph in another
    syntax) gets its profile report and saved RDF/XML; another ontology is checked on its own."""
    from rdflib import Graph

    from nas_kg.publish.owlapi import Document, load_many

    first, other = (
        FIXTURES / "dl" / "annotation-property-in-restriction.ttl",
        FIXTURES / "dl" / "undeclared-class-in-intersection.ttl",
    )
    graph = Graph().parse(first, format="turtle")
    as_nt, as_xml = tmp_path / "same.nt", tmp_path / "same.owl"
    graph.serialize(as_nt, format="nt")
    graph.serialize(as_xml, format="xml")
    batch = load_many(
        [Document(p, save=tmp_path / f"{n}.saved.owl") for n, p in enumerate([first, as_nt, other, as_xml])]
    )
    alone = load_many([Document(first, save=tmp_path / "alone.saved.owl"), Document(other)])
    assert batch[0].violations == batch[1].violations == batch[3].violations == alone[0].violations != []
    assert not batch[0].in_profile and not batch[1].in_profile and not batch[3].in_profile
    assert batch[2].violations == alone[1].violations != batch[0].violations
    saved = {(tmp_path / f"{n}.saved.owl").read_bytes() for n in (0, 1, 3)}
    assert saved == {(tmp_path / "alone.saved.owl").read_bytes()}


DUPLICATE_LABELS = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix nas: <https://w3id.org/nas-kg/> .
nas:A rdfs:label "Shared"@en .
nas:B rdfs:label "shared"@de .
nas:C rdfs:label "SHARED" , "own" .
nas:D rdfs:label "own"^^<http://www.w3.org/2001/XMLSchema#string> , "Own"@en .
nas:Gone rdfs:label "shared" ; owl:deprecated true .
<https://example.org/Elsewhere> rdfs:label "shared" .
[] rdfs:label "shared" .
nas:E rdfs:label "Straße" .
nas:F rdfs:label "STRASSE" , "straße"@de .
"""


@pytest.mark.parametrize("source", ["probe", "broken", "bundled"])
def test_duplicate_labels_are_the_pairs_a_direct_comparison_finds(source: str, tmp_path: Path, kg) -> None:
    """duplicate-label joins labels on their lower-case text; here every label is compared with every other."""
    from rdflib import RDFS, Literal, URIRef

    from nas_kg.namespaces import NAS

    if source == "probe":
        path = tmp_path / "duplicates.ttl"
        path.write_text(DUPLICATE_LABELS, encoding="utf-8")
        graph = load_files([path])
    else:
        graph = load_files([BROKEN]) if source == "broken" else kg
    data = graph.rdflib_graph()
    deprecated = {
        s for s, o in data.subject_objects(URIRef("http://www.w3.org/2002/07/owl#deprecated")) if o == Literal(True)
    }
    labels = [
        (s, o)
        for s, o in data.subject_objects(RDFS.label)
        if isinstance(s, URIRef) and str(s).startswith(str(NAS)) and s not in deprecated
    ]
    expected = {
        (str(e), str(v), str(o)) for e, v in labels for o, w in labels if e != o and str(v).lower() == str(w).lower()
    }
    (check,) = select_checks(["duplicate-label"])
    rows = graph.query(check.path).records()
    assert {(r["entity"], str(r["value"]), r["other"]) for r in rows} == expected
    assert len(rows) == len(expected)
    if source == "probe":
        # A, B and C pairwise on "shared" (6); C and D on "own", and D's "Own" with C (3); E and F (2)
        assert len(expected) == 11
