"""Adding methods from YAML: resolved, validated with the graph, written atomically, or refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal

import nas_kg
from nas_kg import resources
from nas_kg.cli import main
from nas_kg.curation import add_methods
from nas_kg.errors import RecordError
from nas_kg.namespaces import NAS, WORK
from nas_kg.records import TEMPLATE
from tests.conftest import FIXTURES

GOOD = {
    "id": "my-nas",
    "label": "MyNAS",
    "title": "MyNAS: a test method",
    "authors": ["Ada Lovelace"],
    "year": 2026,
    "arxiv": "2601.00001",
    "facets": {
        "cost": ["Task error", "Latency"],
        "baseline_architecture": "Supernet",
        "search_space": "hierarchical fixed macro",
        "search_algorithm": "Differential",
        "modification_level": "Operator",
        "modification_location": "Layer-wise",
        "sampling_method": "Path finding",
        "dataset": ["CIFAR-10"],
    },
}


def write_records(path: Path, *records: dict) -> Path:
    path.write_text(yaml.safe_dump({"methods": list(records)}, sort_keys=False))
    return path


def record(**changes) -> dict:
    out = {**GOOD, "facets": dict(GOOD["facets"])}
    for key, value in changes.items():
        if key in GOOD["facets"] or key in ("training_strategy",):
            if value is None:
                out["facets"].pop(key, None)
            else:
                out["facets"][key] = value
        elif value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def run_add(runner, tmp_path, *records, extra=()):
    src = write_records(tmp_path / "in.yaml", *records)
    into = tmp_path / "works.ttl"
    result = runner.invoke(main, ["add", str(src), "--into", str(into), *extra])
    return result, into


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """`nas-kg add` of GOOD into a new works file, run once: the result and the file's bytes."""
    from click.testing import CliRunner

    result, into = run_add(CliRunner(), tmp_path_factory.mktemp("added"), GOOD)
    return result, into.read_bytes() if into.exists() else None


def given_added(added, tmp_path: Path) -> Path:
    """Put the works file `nas-kg add` wrote for GOOD where run_add writes it, as if added in tmp_path."""
    result, payload = added
    assert result.exit_code == 0, result.output
    into = tmp_path / "works.ttl"
    into.write_bytes(payload)
    return into


def test_add_writes_the_method_and_it_shows_up_everywhere(runner, tmp_path, added):
    result, _ = added
    assert result.exit_code == 0, result.output
    into = given_added(added, tmp_path)
    assert f"added {WORK['my-nas']}" in result.stdout
    graph = Graph().parse(into)
    assert (WORK["my-nas"], NAS.hasSearchStrategy, NAS.Differentiable) in graph
    assert (WORK["my-nas"], NAS.hasBaselineArchitecture, NAS.SuperNetwork) in graph
    shown = runner.invoke(
        main, ["methods", "--category", "Differentiable NAS method", "--data", str(into), "--format", "csv"]
    )
    assert "MyNAS" in shown.stdout
    assert runner.invoke(main, ["validate", "--seed-only", str(into)]).exit_code == 0
    report = runner.invoke(main, ["report", "--data", str(into)])
    assert "methods from" in report.stdout


def test_add_appends_to_an_existing_works_file(runner, tmp_path, added):
    given_added(added, tmp_path)
    second = record(id="my-nas-2", title="Second", arxiv="2601.00002")
    src = write_records(tmp_path / "two.yaml", second)
    result = runner.invoke(main, ["add", str(src), "--into", str(tmp_path / "works.ttl")])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(tmp_path / "works.ttl")
    assert {WORK["my-nas"], WORK["my-nas-2"]} <= set(graph.subjects(None, NAS.NASMethod))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"search_algorithm": "Differentail"},
            "unknown search_algorithm value 'Differentail' (did you mean: Differentiable",
        ),
        ({"search_algorithm": "ImageNet"}, "unknown search_algorithm value 'ImageNet'"),
        ({"baseline_architecture": ["Super-network", "Module"]}, "exactly one baseline architecture"),
        ({"sampling_method": None}, "gives its sampling method"),
        ({"year": "soon"}, "'year' must be a whole number"),
        ({"arxiv": "arXiv:2601.00001"}, "'arxiv' must look like 1806.09055"),
        ({"facets_extra": None, "id": "Bad Id"}, "'id' must be a lowercase slug"),
    ],
    ids=[
        "misspelt-value",
        "wrong-kind",
        "two-baselines",
        "automatic-without-sampling",
        "bad-year",
        "bad-arxiv",
        "bad-id",
    ],
)
def test_bad_record_is_refused_and_nothing_written(runner, tmp_path, changes, expected):
    changes = {k: v for k, v in changes.items() if k != "facets_extra"}
    result, into = run_add(runner, tmp_path, record(**changes))
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert not into.exists()


def test_missing_facets_are_all_listed_at_once(runner, tmp_path):
    bare = record(cost=None, search_space=None, dataset=None, modification_location=None)
    result, into = run_add(runner, tmp_path, bare)
    assert result.exit_code == 1
    for needle in ("architecture cost", "search space", "dataset", "modification location"):
        assert needle in result.stderr
    assert not into.exists()


def test_malformed_yaml_reports_the_line(runner, tmp_path):
    src = tmp_path / "bad.yaml"
    src.write_text("methods:\n  - id: x\n    facets: [unclosed\n")
    result = runner.invoke(main, ["add", str(src), "--into", str(tmp_path / "w.ttl")])
    assert result.exit_code == 2
    assert f"{src}:4:" in result.stderr or f"{src}:3:" in result.stderr
    assert "malformed YAML" in result.stderr
    assert not (tmp_path / "w.ttl").exists()


@pytest.mark.parametrize(
    ("changes", "clash"),
    [
        ({}, "a method with id 'my-nas' already exists"),
        ({"id": "other", "arxiv": "2601.00009"}, "a method with this title already exists"),
        ({"id": "other", "title": "Other title"}, "a method with identifier 2601.00001 already exists"),
    ],
    ids=["same-id", "same-title", "same-arxiv"],
)
def test_duplicate_is_refused_unless_replace(runner, tmp_path, added, changes, clash):
    into = given_added(added, tmp_path)
    before = into.read_bytes()
    src = write_records(tmp_path / "dup.yaml", record(**changes))
    result = runner.invoke(main, ["add", str(src), "--into", str(into), "--data", str(into)])
    assert result.exit_code == 1
    assert clash in result.stderr
    assert into.read_bytes() == before


def test_replace_replaces_a_users_method(runner, tmp_path, added):
    given_added(added, tmp_path)
    src = write_records(
        tmp_path / "new.yaml", record(search_algorithm="Reinforcement learning", sampling_method="Softmax")
    )
    result = runner.invoke(main, ["add", str(src), "--into", str(tmp_path / "works.ttl"), "--replace"])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(tmp_path / "works.ttl")
    assert (WORK["my-nas"], NAS.hasSearchStrategy, NAS.ReinforcementLearning) in graph
    assert (WORK["my-nas"], NAS.hasSearchStrategy, NAS.Differentiable) not in graph


def test_bundled_method_cannot_be_replaced(runner, tmp_path):
    result, into = run_add(
        runner, tmp_path, record(id="darts", title="DARTS copy", arxiv="2601.00003"), extra=["--replace"]
    )
    assert result.exit_code == 1
    assert "bundled graph" in result.stderr
    assert not into.exists()


def test_injection_in_labels_is_stored_as_a_literal(runner, tmp_path):
    evil = 'Evil" } ; DROP ALL ; <http://x> { "'
    result, into = run_add(runner, tmp_path, record(label=evil, title=f"Title {evil} > <"))
    assert result.exit_code == 0, result.output
    graph = Graph().parse(into)
    assert (WORK["my-nas"], Literal(evil).__class__(evil) and None, None) is not None
    assert Literal(evil) in set(graph.objects(WORK["my-nas"], None))
    kg = nas_kg.load([into], seed_only=True)
    assert kg.resolve_method(evil).iri == WORK["my-nas"]
    rows = kg.query("methods-with-value", facet="search_algorithm", value="Differentiable").records()
    assert evil in {r["label"] for r in rows}


@pytest.mark.parametrize("target", ["missing-folder/works.ttl", "a-directory"], ids=["no-folder", "directory"])
def test_unwritable_target(runner, tmp_path, target):
    (tmp_path / "a-directory").mkdir()
    src = write_records(tmp_path / "in.yaml", GOOD)
    result = runner.invoke(main, ["add", str(src), "--into", str(tmp_path / target)])
    assert result.exit_code == 2  # an I/O problem is bad input (issue 18), not a problem in the records
    assert "does not exist" in result.stderr or "is a folder" in result.stderr
    assert "Traceback" not in result.output


def test_bundled_file_is_never_a_target(runner, tmp_path):
    target = resources.works_files()[0]
    before = target.read_bytes()
    src = write_records(tmp_path / "in.yaml", GOOD)
    result = runner.invoke(main, ["add", str(src), "--into", str(target)])
    assert result.exit_code == 2  # refused as bad input (issue 18)
    assert "bundled" in result.stderr
    assert target.read_bytes() == before


def test_template_is_a_valid_record_file(runner, tmp_path):
    result = runner.invoke(main, ["add", "--template"])
    assert result.exit_code == 0
    assert result.stdout == TEMPLATE
    src = tmp_path / "t.yaml"
    src.write_text(result.stdout)
    added = runner.invoke(main, ["add", str(src), "--into", str(tmp_path / "w.ttl")])
    assert added.exit_code == 0, added.output


def test_api_raises_one_error_with_every_problem(tmp_path):
    src = write_records(tmp_path / "in.yaml", record(search_algorithm="Nope"), record(id="b", year="x"))
    kg = nas_kg.load(seed_only=True)
    with pytest.raises(RecordError) as caught:
        add_methods(kg, src, tmp_path / "w.ttl")
    assert len(caught.value.problems) >= 2
    assert not (tmp_path / "w.ttl").exists()


def test_tiny_fixture_parses():
    assert (FIXTURES / "tiny.yaml").exists()
