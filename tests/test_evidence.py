"""Reported results, lineage and code (issues 19 and 20): counts, known numbers, shapes, queries, CLI."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from click.testing import CliRunner
from rdflib import URIRef

import nas_kg
from nas_kg.cli import main
from nas_kg.evidence import EvidenceVocabulary, build_evidence
from nas_kg.namespaces import NASE, SCHEMA
from nas_kg.rdfio import tbox_graph
from nas_kg.terms import Vocabulary
from tests.conftest import GOLDEN

KNOWN = list(csv.DictReader((GOLDEN / "known-results.csv").open(encoding="utf-8")))


def _csv(runner, *args: str) -> list[dict[str, str]]:
    result = runner.invoke(main, [*args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture(scope="module")
def result_rows():
    return _csv(CliRunner(), "results")


@pytest.fixture(scope="module")
def edges():
    return _csv(CliRunner(), "lineage")


# ---------------------------------------------------------------------- results
def test_results_csv_columns_are_the_contract(runner):
    out = runner.invoke(main, ["results", "--format", "csv"]).stdout
    assert out.splitlines()[0] == "method,dataset,metric,value,unit,spread,setting,source,locator"


def test_at_least_300_sourced_results_over_60_methods(result_rows):
    assert len(result_rows) >= 300
    assert len({r["method"] for r in result_rows}) >= 60
    assert all(r["source"] and r["locator"] and r["unit"] for r in result_rows)


@pytest.mark.parametrize("row", KNOWN, ids=[f"{r['method']}-{r['metric']}-{r['value']}" for r in KNOWN])
def test_known_number_from_the_papers_table(result_rows, row):
    found = [
        r
        for r in result_rows
        if all(r[k] == row[k] for k in ("method", "dataset", "metric", "value", "unit", "spread", "source", "locator"))
    ]
    assert found, f"not found: {row}"


def test_results_filter_by_method_dataset_metric(runner):
    rows = _csv(runner, "results", "--method", "DARTS", "--dataset", "CIFAR-10", "--metric", "top1_error")
    assert {r["value"] for r in rows} >= {"2.76", "3.00"}
    assert {r["method"] for r in rows} == {"DARTS"}


def test_results_unknown_metric_is_bad_input(runner):
    result = runner.invoke(main, ["results", "--metric", "accuracy"])
    assert result.exit_code == 2
    assert "accuracy" in result.output


def test_values_keep_the_printed_lexical_form(result_rows):
    assert any(r["method"] == "DARTS" and r["value"] == "3.00" for r in result_rows)


# ---------------------------------------------------------------------- Pareto, budget, disagreements
@pytest.mark.parametrize(
    ("dataset", "axis", "query"),
    [
        ("CIFAR-10", "search_cost", "pareto-error-search-cost"),
        ("ImageNet", "search_cost", "pareto-error-search-cost"),
        ("CIFAR-10", "params", "pareto-error-params"),
        ("ImageNet", "params", "pareto-error-params"),
    ],
)
def test_python_pareto_front_equals_the_canned_query(kg, dataset, axis, query):
    python_front = {p.method_iri for p in nas_kg.pareto(kg, dataset, axis) if p.on_front}
    sparql_front = {r["method"] for r in kg.query(query, dataset=dataset).records()}
    assert python_front == sparql_front
    assert len(python_front) >= 2


def test_pareto_front_is_not_dominated(kg):
    points = nas_kg.pareto(kg, "CIFAR-10", "params")
    for p in (p for p in points if p.on_front):
        assert not any(q.error < p.error and q.x < p.x for q in points)


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_pareto_plot_is_written_and_reproducible(runner, tmp_path, suffix):
    paths = [tmp_path / f"front-{i}{suffix}" for i in (1, 2)]
    for path in paths:
        result = runner.invoke(
            main, ["results", "--pareto", "search_cost", "--dataset", "CIFAR-10", "--plot", str(path)]
        )
        assert result.exit_code == 0, result.output
    data = paths[0].read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data
    assert data == paths[1].read_bytes()


def test_pareto_plot_with_a_bad_suffix_is_refused_before_loading(runner, tmp_path):
    result = runner.invoke(
        main, ["results", "--pareto", "params", "--dataset", "CIFAR-10", "--plot", str(tmp_path / "x.pdf")]
    )
    assert result.exit_code == 2
    assert not (tmp_path / "x.pdf").exists()


def test_best_under_budget_respects_the_budget(runner):
    rows = _csv(runner, "results", "--budget", "1")
    assert {r["dataset_label"] for r in rows} >= {"CIFAR-10", "ImageNet"}
    assert all(float(r["search_cost"]) <= 1 for r in rows)


@pytest.mark.parametrize("budget", [0.1, 1.0, 4.0, 1000.0])
def test_best_under_budget_equals_the_canned_query(kg, budget):
    def key(row):
        return (str(row["dataset"]), str(row["method"]), str(row["source"]), str(row["setting"] or ""))

    def numbers(row):
        return (Decimal(str(row["error"])), Decimal(str(row["search_cost"])))

    python = {key(r): numbers(r) for r in nas_kg.best_under_budget(kg, budget)}
    canned = {key(r): numbers(r) for r in kg.query("best-under-budget", budget=str(budget)).records()}
    assert python.keys() == canned.keys() and python
    for k, (error, cost) in canned.items():
        assert python[k][0] == error and abs(python[k][1] - cost) < Decimal("1e-9")


def test_nasnet_search_cost_disagreement_is_listed(kg):
    rows = [
        r for r in kg.query("result-disagreements").records() if r["label"] == "NASNet" and r["metric"] == "search_cost"
    ]
    assert {"1800", "2000"} <= {str(r["value"]) for r in rows} | {str(r["other_value"]) for r in rows}


# ---------------------------------------------------------------------- shapes
RESULT = """
@prefix nase: <https://w3id.org/nas-kg/evidence/> .
@prefix nas: <https://w3id.org/nas-kg/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/nas-kg/result/probe/1> a owl:NamedIndividual, nase:Result ;
  nase:resultOf <https://w3id.org/nas-kg/work/darts> ; nase:onDataset nas:CIFAR10 ;
  nase:metric nase:Top1Error ; nase:value "2.76"^^xsd:decimal ; nase:printedValue "2.76" ;
  nase:reportOrigin nase:OwnPaper ;
  {extra} .
"""
COMPLETE = {
    "unit": "nase:unit nase:Percent",
    "source": 'nase:reportedIn <https://arxiv.org/abs/1806.09055v2> ; nase:sourceLabel "arXiv:1806.09055v2"',
    "locator": 'nas:locator "Table 1"',
}


@pytest.mark.parametrize("missing", sorted(COMPLETE))
def test_shapes_reject_a_result_without(tmp_path, missing):
    extra = " ;\n  ".join(v for k, v in COMPLETE.items() if k != missing)
    path = tmp_path / "result.ttl"
    path.write_text(RESULT.replace("{extra}", extra), encoding="utf-8")
    report = nas_kg.validate(nas_kg.load([path], seed_only=True))
    assert not report.conforms
    paths = {r.path for r in report.violations if r.focus.endswith("/probe/1")}
    wanted = {"unit": str(NASE.unit), "source": str(NASE.reportedIn), "locator": "https://w3id.org/nas-kg/locator"}
    assert wanted[missing] in paths


def test_shapes_reject_a_unit_that_does_not_fit_the_metric(tmp_path):
    extra = " ;\n  ".join(v for k, v in COMPLETE.items() if k != "unit") + " ;\n  nase:unit nase:Millisecond"
    path = tmp_path / "result.ttl"
    path.write_text(RESULT.replace("{extra}", extra), encoding="utf-8")
    report = nas_kg.validate(nas_kg.load([path], seed_only=True))
    assert any("does not fit its metric" in r.message for r in report.violations)


def test_shape_unit_pairs_match_the_ontology():
    from nas_kg import resources

    shapes = (resources.data_root() / "shapes" / "results.ttl").read_text(encoding="utf-8")
    listed = set(re.findall(r"sh:hasValue nase:(\w+) \] , \[ sh:path nase:unit ; sh:hasValue nase:(\w+)", shapes))
    allowed = {
        (str(m).rsplit("/", 1)[1], str(u).rsplit("/", 1)[1]) for m, u in tbox_graph().subject_objects(NASE.allowedUnit)
    }
    assert listed == allowed


# ---------------------------------------------------------------------- evidence records
@pytest.fixture(scope="module")
def terms():
    tbox = tbox_graph()
    return EvidenceVocabulary.from_graph(tbox, Vocabulary.from_graph(tbox))


GOOD_RESULT = {
    "method": "darts",
    "dataset": "CIFAR-10",
    "metric": "top1_error",
    "value": "2.76",
    "unit": "percent",
    "source": "arXiv:1806.09055v2",
    "locator": "Table 1",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"metric": "accuracy"}, "unknown metric 'accuracy'"),
        ({"unit": "ms"}, "does not fit metric"),
        ({"method": "nosuch"}, "not the id of a method"),
        ({"source": "the DARTS paper"}, "source must be"),
        ({"value": "about 3"}, "value must be a number"),
        ({"locator": None}, "needs locator"),
        ({"dataset": "CIFAR-11"}, "CIFAR-11"),
        ({"colour": "red"}, "unknown field"),
    ],
)
def test_bad_result_records_are_named(terms, change, message):
    item = {**GOOD_RESULT, **change}
    graph, problems = build_evidence("results", [item], terms, {"darts"})
    assert len(graph) == 0
    assert any(message in p for p in problems), problems


def test_a_good_result_record_keeps_its_printed_value(terms):
    graph, problems = build_evidence("results", [{**GOOD_RESULT, "value": "40,000"}], terms, {"darts"})
    assert problems == []
    assert {str(v) for v in graph.objects(None, NASE.printedValue)} == {"40,000"}
    assert {str(v) for v in graph.objects(None, NASE.value)} == {"40000"}


def test_improves_on_edge_needs_a_problem(terms):
    edge = {
        "from": "pc-darts",
        "relation": "improves_on",
        "to": "darts",
        "source": "arXiv:1907.05737",
        "locator": "Sec. 1",
    }
    _, problems = build_evidence("edges", [edge], terms, {"pc-darts", "darts"})
    assert any("names the problem" in p for p in problems)


# ---------------------------------------------------------------------- lineage and code
def test_lineage_csv_columns_and_150_sourced_edges(runner, edges):
    out = runner.invoke(main, ["lineage", "--format", "csv"]).stdout
    assert out.splitlines()[0] == "from,relation,to,source,locator"
    assert len(edges) >= 150
    assert all(e["source"] and e["locator"] for e in edges)


def test_lineage_of_darts_lists_its_successors(runner):
    rows = _csv(runner, "lineage", "DARTS")
    assert all(r["to"] == "DARTS" for r in rows)
    successors = {r["from"] for r in rows if r["relation"] in ("extends", "improves_on")}
    assert len(successors) >= 5
    assert {"P-DARTS", "PC-DARTS"} <= successors


def test_lineage_depth_follows_edges_further_out(runner):
    direct = _csv(runner, "lineage", "DARTS")
    deeper = _csv(runner, "lineage", "DARTS", "--depth", "1")
    assert len(deeper) > len(direct)
    assert any(r["to"] != "DARTS" for r in deeper)


def test_lineage_dot_draws_the_family_tree(runner):
    result = runner.invoke(main, ["lineage", "PC-DARTS", "--format", "dot"])
    assert result.exit_code == 0
    assert result.stdout.startswith("digraph lineage {")
    assert '"PC-DARTS"' in result.stdout


def test_methods_addressing_a_problem(kg):
    rows = kg.query("methods-addressing-problem", problem="super-network memory").records()
    assert "PC-DARTS" in {r["label"] for r in rows}


def test_unknown_method_in_lineage_is_bad_input(runner):
    result = runner.invoke(main, ["lineage", "NoSuchNAS"])
    assert result.exit_code == 2


def test_sixty_methods_have_an_official_repository(kg):
    repos = {(s, o) for s, o in _triples(kg, SCHEMA.codeRepository)}
    assert len({s for s, _ in repos}) >= 60
    assert all(re.match(r"^https://(github\.com|gitlab\.com|bitbucket\.org)/[\w.-]+/[\w.-]+", str(o)) for _, o in repos)


def _triples(kg, prop: URIRef):
    """The subjects and objects of a property, as the store holds them (no copy of the whole graph)."""
    return kg.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {"p": prop}).rows


def test_corpus_has_150_methods(kg):
    assert len(kg.method_index) >= 150
