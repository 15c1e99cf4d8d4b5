"""Quality checks: each check fires on a broken fixture, and the bundled graph has no errors."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from nas_kg import resources
from nas_kg.cli import main
from nas_kg.graph import KnowledgeGraph
from nas_kg.publish.qc import PROFILE_CHECK, QcReport, bundled_checks, load_files, parse_check, run_checks
from tests.conftest import FIXTURES

BROKEN = FIXTURES / "broken-ontology.ttl"
NO_ONTOLOGY = FIXTURES / "qc-no-ontology.ttl"
#: The fixture each check is shown firing on (the broken ontology unless named here).
FIXTURE_OF = {"missing-ontology-declaration": NO_ONTOLOGY}
CHECK_IDS = [c.id for c in bundled_checks()]
DL_RULES = [f"DL{n}" for n in range(1, 8)]


@cache
def report_of(path: Path) -> QcReport:
    """Run every check once per fixture file."""
    return run_checks(load_files([path]))


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


def test_bundled_graph_has_no_errors(kg: KnowledgeGraph) -> None:
    report = run_checks(kg)
    assert report.errors == []


def test_cli_qc_passes_on_bundled_graph(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["qc"])
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
