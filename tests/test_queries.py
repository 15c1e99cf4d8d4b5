"""The canned queries: each parses and runs, and answers exactly on the seed paper's 15 works."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib.plugins.sparql import prepareQuery

import nas_kg
from nas_kg import resources
from nas_kg.analysis import facet_profiles, gaps, similar
from nas_kg.cli import main
from nas_kg.queries import catalogue
from tests.conftest import GOLDEN

EXPECTED = yaml.safe_load((GOLDEN / "seed-queries.yaml").read_text())
SAMPLE_PARAMS = {
    "facet": "search_algorithm",
    "value": "Differentiable",
    "category": "Automatic NAS method",
    "facet1": "search_space",
    "facet2": "search_algorithm",
    "facet3": "baseline_architecture",
    "method": "NASNet",
    "other": "AmoebaNet",
    "table": "automatic",
    "k": "3",
    "budget": "1",
    "dataset": "CIFAR-10",
    "problem": "super-network memory",
}
QUERIES = sorted(catalogue())


def test_at_least_fifteen_canned_queries():
    assert len(QUERIES) >= 15


@pytest.mark.parametrize("name", QUERIES)
def test_query_file_has_purpose_and_parses(name):
    query = catalogue()[name]
    assert query.purpose and query.text.startswith("# ")
    prepareQuery(query.text)


@pytest.mark.parametrize("name", QUERIES)
def test_query_runs_on_the_bundled_graph(kg, name):
    params = {p.name: SAMPLE_PARAMS[p.name] for p in catalogue()[name].params}
    result = kg.query(name, **params)
    assert result.columns


@pytest.fixture(scope="module")
def seed_inferred():
    kg = nas_kg.load(seed_only=True)
    nas_kg.materialize(kg, "owlrl")
    return kg


def _refs(records):
    return sorted(r["ref"] for r in records)


def _cells(label1: str, label2: str) -> Callable[[list[dict], dict], tuple[Any, Any]]:
    def check(records: list[dict], spec: dict) -> tuple[Any, Any]:
        cells = {(r[label1], r[label2]): r["methods"] for r in records}
        return [cells.get((a, b)) for a, b, _ in spec["cells"]], [n for _, _, n in spec["cells"]]

    return check


def _pairs(records: list[dict], spec: dict) -> tuple[Any, Any]:
    pairs = {(r["label1"], r["label2"]) for r in records}
    got = ([tuple(p) in pairs for p in spec["includes"]], [tuple(p) in pairs for p in spec["excludes"]])
    return got, ([True] * len(spec["includes"]), [False] * len(spec["excludes"]))


def _overlap(records: list[dict], spec: dict) -> tuple[Any, Any]:
    both = sorted(r["value_label"] for r in records if r["in_method"] and r["in_other"])
    only_m = sorted(r["value_label"] for r in records if r["in_method"] and not r["in_other"])
    only_o = sorted(r["value_label"] for r in records if r["in_other"] and not r["in_method"])
    return (both, only_m, only_o), (sorted(spec["both"]), sorted(spec["only_method"]), sorted(spec["only_other"]))


def _coverage(records: list[dict], spec: dict) -> tuple[Any, Any]:
    got = {r["label"]: r["methods"] for r in records}
    return {k: got.get(k) for k in spec["rows"]}, spec["rows"]


#: How each kind of golden expectation is checked: generic keys, then one checker per query.
GENERIC_CHECKS: dict[str, Callable[[list[dict], dict], tuple[Any, Any]]] = {
    "refs": lambda records, spec: (_refs(records), spec["refs"]),
    "count": lambda records, spec: (len(records), spec["count"]),
}
QUERY_CHECKS: dict[str, Callable[[list[dict], dict], tuple[Any, Any]]] = {
    "works-per-dataset": lambda records, spec: ({r["label"]: r["methods"] for r in records}, spec["rows"]),
    "methods-per-year": lambda records, spec: ({r["year"]: r["methods"] for r in records}, spec["rows"]),
    "shared-datasets": lambda records, spec: (
        {r["label"]: [r["manual"], r["automatic"]] for r in records},
        spec["rows"],
    ),
    "cost-strategy-matrix": _cells("cost_label", "strategy_label"),
    "gap-matrix": _cells("label1", "label2"),
    "unexplored-pairs": _pairs,
    "facet-coverage": _coverage,
    "similar-methods": lambda records, spec: ([r["label"] for r in records], [spec["top"]]),
    "facet-overlap": _overlap,
}
RUN_KEYS = {"params", "infer"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_exact_answer_on_the_seed_works(seed_kg, seed_inferred, name):
    spec = EXPECTED[name]
    kg = seed_inferred if spec.get("infer") else seed_kg
    records = kg.query(name, **spec.get("params", {})).records()
    checks = [GENERIC_CHECKS[key] for key in GENERIC_CHECKS if key in spec]
    specific = set(spec) - RUN_KEYS - set(GENERIC_CHECKS)
    assert not specific or name in QUERY_CHECKS, f"golden expectation of {name} has no checker for {sorted(specific)}"
    if name in QUERY_CHECKS:
        checks.append(QUERY_CHECKS[name])
    assert checks, f"golden expectation of {name} asserts nothing"
    for check in checks:
        got, expected = check(records, spec)
        assert got == expected


def test_an_unknown_golden_kind_fails():
    spec = {"params": {}, "colour": "blue"}
    specific = set(spec) - RUN_KEYS - set(GENERIC_CHECKS)
    assert specific and "no-such-query" not in QUERY_CHECKS


def test_no_evolutionary_method_uses_a_super_network(seed_kg):
    cells = {(c.labels[0], c.labels[1]): c.methods for c in gaps(seed_kg, "baseline_architecture", "search_algorithm")}
    assert cells[("Super-network", "Evolutionary")] == 0


def test_unexplored_triples_match_a_straightforward_count(seed_kg):
    facets = ("search_space", "baseline_architecture", "search_algorithm")
    profiles = facet_profiles(seed_kg).values()

    def used(*fs):
        out = set()
        for p in profiles:
            combos = [()]
            for f in fs:
                combos = [c + (v,) for c in combos for v in p.get(f, ())]
            out |= set(combos)
        return out

    pairs = {(0, 1): used(facets[0], facets[1]), (0, 2): used(facets[0], facets[2]), (1, 2): used(facets[1], facets[2])}
    expected = {
        (a, b, c)
        for (a, b) in pairs[(0, 1)]
        for (a2, c) in pairs[(0, 2)]
        if a2 == a
        if (b, c) in pairs[(1, 2)] and (a, b, c) not in used(*facets)
    }
    got = {c.values for c in gaps(seed_kg, *facets)}
    assert got == expected
    assert got


def test_disagreements_between_sources_on_mnasnet(kg):
    rows = kg.query("source-disagreements").records()
    assert {r["label"] for r in rows} == {"MnasNet"}
    assert ("Group-wise", "https://w3id.org/nas-kg/source/curated") in {(r["value_label"], r["source"]) for r in rows}


@pytest.mark.parametrize(("method", "top"), [("NASNet", "AmoebaNet"), ("HD-CNN", "HydraNets"), ("AmoebaNet", "NASNet")])
def test_top_neighbour(seed_kg, method, top):
    assert similar(seed_kg, method, k=1)[0].method.label == top


def test_similar_shows_shared_and_different_facets(seed_kg):
    first = similar(seed_kg, "NASNet", k=1)[0]
    assert {"baseline_architecture", "search_space", "modification_level", "modification_location", "dataset"} <= set(
        first.shared
    )
    assert {"search_algorithm", "sampling_method"} <= set(first.different)


def test_similarity_weights_change_the_ranking(seed_kg):
    plain = [n.method.label for n in similar(seed_kg, "NASNet", k=3)]
    weighted = [n.method.label for n in similar(seed_kg, "NASNet", k=3, weights={"search_algorithm": 10})]
    assert plain[0] == "AmoebaNet"
    assert weighted[0] == "MnasNet"


def test_python_similarity_equals_the_sparql_query(seed_kg):
    sparql = [
        (r["label"], round(float(r["score"]), 4))
        for r in seed_kg.query("similar-methods", method="NASNet", k=14).records()
    ]
    python = [(n.method.label, round(n.score, 4)) for n in similar(seed_kg, "NASNet", k=14)]
    assert sorted(sparql, key=lambda x: (-x[1], x[0])) == sorted(python, key=lambda x: (-x[1], x[0]))


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (
            ["query", "methods-with-value", "--param", "facet=dataset", "--param", "value=CIFAR-10", "--format", "csv"],
            0,
            "DenseNet",
        ),
        (
            ["query", "methods-with-value", "--param", "facet=dataset", "--param", "colour=red"],
            2,
            "has no parameter 'colour'",
        ),
        (
            ["query", "methods-with-value", "--param", "facet=dataset", "--param", "value=CIFAR-1O"],
            2,
            "did you mean: CIFAR-10",
        ),
        (
            ["query", "methods-with-value", "--param", "facet=flavour", "--param", "value=x"],
            2,
            "unknown facet 'flavour'",
        ),
        (["query", "methods-with-value", "--param", "facet=dataset"], 2, "needs parameter 'value'"),
        (["query", "no-such-query"], 2, "unknown query 'no-such-query'"),
        (
            ["similar", "--ref", "18", "-k", "1", "--format", "csv"],
            0,
            "rank,work,ref,score,shared,different\n1,AmoebaNet,19,",
        ),
        (["similar", "Net", "-k", "1"], 2, "ambiguous method 'Net'"),
        (["similar", "Zorro"], 2, "unknown method 'Zorro'"),
        (
            ["gaps", "baseline_architecture", "search_algorithm", "--format", "csv", "--seed-only"],
            0,
            "baseline_architecture,search_algorithm,methods\n",
        ),
        (["gaps", "baseline_architecture"], 2, "give two facets"),
        (["gaps", "baseline", "search_algorithm"], 2, "unknown facet 'baseline'"),
        (
            ["coverage", "--facet", "search_algorithm", "--format", "csv", "--seed-only"],
            0,
            "search_algorithm,Differentiable,5",
        ),
        (["queries"], 0, "gap-matrix: The gap matrix of two facets"),
    ],
    ids=[
        "run",
        "undeclared-param",
        "unknown-term",
        "unknown-facet",
        "missing-param",
        "unknown-query",
        "similar-csv",
        "ambiguous-method",
        "unknown-method",
        "gaps-csv",
        "gaps-one-facet",
        "gaps-bad-facet",
        "coverage-csv",
        "list",
    ],
)
def test_cli(runner, args, code, needle):
    result = runner.invoke(main, args)
    assert result.exit_code == code, result.output
    assert needle in result.output
    assert "Traceback" not in result.output


def test_gap_csv_has_zeros(runner):
    result = runner.invoke(
        main, ["gaps", "baseline_architecture", "search_algorithm", "--format", "csv", "--seed-only"]
    )
    assert "Super-network,Evolutionary,0" in result.stdout


def test_user_query_file_syntax_error_reports_line(runner, tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("# A broken query\nSELECT ?x WHERE {\n  ?x ?y\n}\n")
    result = runner.invoke(main, ["query", str(path)])
    assert result.exit_code == 2
    assert re.search(r"bad\.rq: SPARQL syntax error: error at [0-9]+:[0-9]+", result.stderr)


def test_user_query_file_runs(runner, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text(
        "# Count methods\nPREFIX nas: <https://w3id.org/nas-kg/>\n"
        "SELECT (COUNT(?m) AS ?n) WHERE { ?m a nas:NASMethod }\n"
    )
    result = runner.invoke(main, ["query", str(path), "--format", "csv", "--seed-only"])
    assert result.stdout == "n\n15\n"


def test_injection_in_parameter_is_a_literal_not_sparql(seed_kg):
    rows = seed_kg.query("methods-with-value", facet="dataset", value=str(seed_kg.vocabulary.resolve("CIFAR-10")))
    assert len(rows) == 7
    from nas_kg.errors import UnknownTermError

    with pytest.raises(UnknownTermError):
        seed_kg.query("methods-with-value", facet="dataset", value='x" } UNION { ?s ?p ?o } #')


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_gap_heatmap_is_a_valid_picture(runner, tmp_path, suffix):
    out = tmp_path / f"gaps{suffix}"
    result = runner.invoke(main, ["gaps", "search_space", "search_algorithm", "--seed-only", "--plot", str(out)])
    assert result.exit_code == 0
    data = out.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        import xml.etree.ElementTree as ET

        text = data.decode()
        ET.fromstring(text)
        for label in ("Differentiable", "Repeating blocks", "search_space"):
            assert label in text


def test_coverage_plot(runner, tmp_path):
    out = tmp_path / "coverage.svg"
    assert runner.invoke(main, ["coverage", "--seed-only", "--plot", str(out)]).exit_code == 0
    assert "Differentiable" in out.read_text()


def test_plot_with_bad_suffix_writes_nothing(runner, tmp_path):
    out = tmp_path / "gaps.pdf"
    result = runner.invoke(main, ["gaps", "search_space", "search_algorithm", "--plot", str(out)])
    assert result.exit_code == 2
    assert not out.exists()


def test_taxonomy_diagram_dot(runner, tmp_path):
    out = tmp_path / "taxonomy.dot"
    assert runner.invoke(main, ["diagram", "-o", str(out)]).exit_code == 0
    text = out.read_text()
    assert text.startswith("digraph nas_kg {")
    assert '"https://w3id.org/nas-kg/Differentiable" -> "https://w3id.org/nas-kg/AutomaticSearchStrategy"' in text


def test_readme_query_catalogue_is_in_sync():
    readme = (Path(resources.data_root()) / "README.md").read_text()
    from nas_kg.publish.docs_catalogue import query_catalogue_markdown

    assert query_catalogue_markdown() in readme, "regenerate with: python -m nas_kg.publish.docs_catalogue"


@pytest.mark.skipif(__import__("shutil").which("dot") is None, reason="Graphviz's dot is not installed")
def test_taxonomy_diagram_rendered_to_svg(runner, tmp_path):
    out = tmp_path / "taxonomy.svg"
    assert runner.invoke(main, ["diagram", "-o", str(out)]).exit_code == 0
    text = out.read_text()
    assert "<svg" in text and "Differentiable" in text


def test_taxonomy_diagram_without_dot_is_exit_3(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = runner.invoke(main, ["diagram", "-o", str(tmp_path / "t.svg")])
    assert result.exit_code == 3
    assert "Graphviz" in result.stderr
    assert not (tmp_path / "t.svg").exists()
