"""Validation output for a user's own file (issue 17): warnings grouped per method with a count, claims'
results under their method, --errors-only and --quiet, and suggestions only for errors, once per term."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from nas_kg import validation
from nas_kg.cli import main
from nas_kg.graph import KnowledgeGraph
from nas_kg.namespaces import NAS, SOURCE, WORK

WARNING_LOCATOR = "A classification claim should say where in its source"
LOCATOR_MESSAGE = "A classification claim should say where in its source it is found (section, figure or table)."


def _works(tmp: Path) -> Path:
    """Two methods: one with four claims lacking evidence, one with a misspelt value; the value twice."""
    graph = Graph()
    for name, value in (("bare", NAS.Differentiable), ("typo", NAS.Differentable), ("typo2", NAS.Differentable)):
        m = WORK[f"out-{name}"]
        graph.add((m, RDF.type, NAS.NASMethod))
        graph.add((m, NAS.hasSearchStrategy, value))
        graph.add((m, NAS.hasSamplingMethod, NAS.PathFinding))
    for i in range(4):
        claim = WORK[f"out-bare/claim/user/dataset/{i}"]
        graph.add((claim, RDF.type, NAS.Claim))
        graph.add((claim, NAS.claimAbout, WORK["out-bare"]))
        graph.add((claim, NAS.claimSource, SOURCE.user))
        graph.add((claim, NAS.claimValue, NAS.CIFAR10))
    graph.add((WORK["out-bare"], NAS.arxivId, Literal("2001.00001")))
    path = tmp / "out.ttl"
    graph.serialize(path, format="turtle")
    return path


@pytest.fixture(scope="module")
def works(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _works(tmp_path_factory.mktemp("output"))


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.stdout


def test_warnings_of_a_method_are_counted_once_per_kind(works: Path) -> None:
    code, out = _run(str(works))
    assert code == 1
    lines = out.splitlines()
    header = lines.index(f"<{WORK['out-bare']}>")
    end = next(i for i in range(header + 1, len(lines)) if not lines[i].startswith("  "))
    block = lines[header + 1 : end]
    assert [line for line in block if WARNING_LOCATOR in line] == [f"  Warning: locator: {LOCATOR_MESSAGE} (x4)"]
    assert sum(1 for line in lines if line.startswith("<") and "claim" in line) == 0  # no header per claim


def test_errors_only_lists_violations_and_still_counts_warnings(works: Path) -> None:
    code, out = _run(str(works), "--errors-only")
    assert code == 1
    assert "Warning" not in out
    assert "Violation: search_algorithm" in out
    assert out.splitlines()[-1].endswith("warning(s)")
    assert " 0 warning(s)" not in out


def test_quiet_prints_only_the_verdict(works: Path) -> None:
    code, out = _run(str(works), "--quiet")
    assert code == 1
    assert len(out.splitlines()) == 1
    assert out.startswith("does not conform: ")


def test_json_names_the_method_of_each_claim_result(works: Path) -> None:
    _, out = _run(str(works), "--format", "json")
    body = json.loads(out)
    claim_rows = [r for r in body["results"] if "/claim/" in r["focus"]]
    assert claim_rows
    assert {r["method"] for r in claim_rows} == {str(WORK["out-bare"])}
    _, quiet = _run(str(works), "--format", "json", "--quiet")
    assert json.loads(quiet)["results"] == []


def test_suggestions_only_for_violations_once_per_term(works: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = validation._suggest

    def counting(kg, value, path):  # type: ignore[no-untyped-def]
        calls.append(str(value))
        return real(kg, value, path)

    monkeypatch.setattr(validation, "_suggest", counting)
    report = validation.validate(KnowledgeGraph.load([works], bundled_works=False))
    assert calls == [str(NAS.Differentable)]  # two methods share the misspelt value: computed once
    assert all(not r.suggestions for r in report.warnings)
    assert sum(1 for r in report.violations if "Differentiable" in r.suggestions) == 2
