"""`nas-kg report`: the overview of the bundled graph."""

from __future__ import annotations

import pytest

from nas_kg.cli import main

#: One xdist worker runs this module, so the bundled graph's report is made once (the `report_text` fixture).
pytestmark = pytest.mark.xdist_group("report")


@pytest.fixture(scope="module")
def report_text():
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["report"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    "needle",
    [
        "nas-kg report: 158 methods from 2 source(s)",
        "  search_algorithm: Differentiable 46,",
        "Validation (SHACL): conforms, 0 violation(s), 0 warning(s)",
        "  Automatic NAS method: 132",
        "  Manual NAS method: 26",
        "search_space x search_algorithm: ",
        "  [18] NASNet -> AmoebaNet (0.69)",
        "  [10] HD-CNN -> HydraNets (0.75)",
        "Sources disagree on 1 method(s)",
        "Reported results: 652 from ",
        "Lineage: 774 sourced edges (",
        "Table I (manual NAS)",
        "Table II (automatic NAS)",
    ],
)
def test_report_contains(report_text, needle):
    assert needle in report_text


def test_seed_only_report(runner):
    result = runner.invoke(main, ["report", "--seed-only"])
    assert result.exit_code == 0
    assert "nas-kg report: 15 methods from 1 source(s)" in result.stdout
    assert "  Automatic NAS method: 8" in result.stdout


def test_report_with_user_data(runner, tiny_ttl):
    result = runner.invoke(main, ["report", "--data", str(tiny_ttl)])
    assert result.exit_code == 0
    assert "nas-kg report: 161 methods from 3 source(s)" in result.stdout


def test_report_on_malformed_data_is_one_line(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    result = runner.invoke(main, ["report", "--data", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {bad}:1:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_export_format_is_a_usage_error(runner):
    result = runner.invoke(main, ["export", "--format", "rdfa"])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("turtle", ".ttl"), ("json-ld", ".jsonld"), ("xml", ".owl"), ("nt", ".nt")]
)
def test_export_formats_reparse_with_the_same_triples(runner, tmp_path, fmt, suffix):
    from rdflib import Graph

    import nas_kg
    from nas_kg.imports import drop_contained_imports

    out = tmp_path / f"out{suffix}"
    result = runner.invoke(main, ["export", "--format", fmt, "-o", str(out), "--seed-only"])
    assert result.exit_code == 0
    parsed = Graph().parse(out, format={"turtle": "turtle", "json-ld": "json-ld", "xml": "xml", "nt": "nt"}[fmt])
    # the export holds the ontologies it would import, so it leaves out their owl:imports
    expected = drop_contained_imports(nas_kg.load(seed_only=True).ntriples())
    assert len(parsed) == len(expected)


def test_export_failure_leaves_no_half_written_file(runner, tmp_path, monkeypatch):
    out = tmp_path / "out.ttl"
    out.write_text("previous content")

    def boom(self, fmt):
        raise __import__("nas_kg").errors.InputError("serialiser failed")

    monkeypatch.setattr("nas_kg.graph.KnowledgeGraph.serialize", boom)
    result = runner.invoke(main, ["export", "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_text() == "previous content"
    assert list(tmp_path.iterdir()) == [out]


def test_missing_bundled_ontology_is_a_clear_error(runner, monkeypatch, tmp_path):
    from nas_kg import resources

    monkeypatch.setattr(resources, "core_ontology", lambda: tmp_path / "nas.ttl")
    monkeypatch.setattr(resources, "ontology_files", lambda: [tmp_path / "nas.ttl"])
    result = runner.invoke(main, ["report"])
    assert result.exit_code == 2
    assert "no such file" in result.stderr
